/**
 * Story linking (one incident, one alert): an incident item that reports the same incident as a
 * recent alert joins that alert's story. A plain new outlet edits the original messages (at most
 * once a minute); an item that changes the story is posted as a reply to the original alert.
 * This class decides; intake writes what it decided.
 */
import { alertIdFor, sourceOf } from '../core/alerts.js';
import { ATTACK_FOLLOW_UP_WINDOW_MS, findStory, fixedShape, StoryIndex, type StoryFingerprint, type StoryMatch } from '../core/cluster.js';
import { decideFollowUp, nextEditAt, shouldEditNow, type FollowUpChange } from '../core/followup.js';
import type { Alert } from '../core/types.js';
import type { AlertLog, Clock, Logger } from '../ports.js';
import type { IncidentItem, StoryJoin, StoryLinker } from './story-linker.js';

/**
 * Keeps the recent stories' fingerprints indexed in memory (reloaded each cycle) and links items to
 * them. Their first alerts are kept too, as read at the reload or last written by this process, so a
 * join does not wait on a store read: only the leader polls, so within its cycle no other process
 * writes them (a `run --once` beside it on a shared store could, as it could between a read and the
 * group's write before: the later write keeps its own sources).
 */
export class Stories implements StoryLinker {
  private candidates = new StoryIndex();
  /** Stories' first alerts by id, in their stored version; emptied by `refresh`. */
  private heads = new Map<string, Alert>();
  private stale = true;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: { alerts: AlertLog; clock: Clock; logger: Logger }) {}

  /**
   * Marks the candidates stale and lets them go: the next linking step reloads the alerts of the
   * follow-up windows (other processes' too). Stories older than 72 h only take follow-ups naming
   * their victim: for 14 days, or 90 for cyberattacks.
   */
  async refresh(): Promise<void> {
    this.stale = true;
    this.candidates = new StoryIndex();
    this.heads = new Map();
  }

  private async reload(): Promise<void> {
    const now = this.deps.clock.now();
    const heads = (await this.deps.alerts.recent(2000, now - ATTACK_FOLLOW_UP_WINDOW_MS)).filter((a) => !a.storyId);
    // Each source's fingerprint is stored beside its alert (alerts stored before that hold it).
    const sources = heads.flatMap((alert) => alert.sources.map((source) => ({ alert, source })));
    const missing = sources.filter(({ source }) => source.fingerprint === undefined);
    const read = await this.deps.alerts.prints(missing.map(({ alert, source }) => ({ alertId: alert.id, itemId: source.itemId })));
    const printOf = new Map(missing.map(({ source }, i) => [source, read[i]]));
    const index = new StoryIndex();
    this.heads = new Map(heads.map((alert) => [alert.id, alert]));
    for (const { alert, source } of sources) {
      const stored = source.fingerprint ?? printOf.get(source);
      // In the shape of the fingerprints made in this process (see fixedShape), not the one JSON.parse gave.
      if (stored !== undefined) index.add({ alertId: alert.id, fingerprint: fixedShape(stored), createdAt: source.addedAt ?? alert.createdAt });
    }
    this.candidates = index;
    this.stale = false;
  }

  /**
   * Runs `fn` after every earlier call has finished: linking and creating a story is one step.
   * A cycle without a new incident never gets here, so never reads the recent alerts.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const step = async (): Promise<T> => {
      if (this.stale) await this.reload();
      return fn();
    };
    const run = this.queue.then(step, step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  remember(alert: Alert, fingerprint: StoryFingerprint): void {
    this.candidates.add({ alertId: alert.id, fingerprint, createdAt: alert.createdAt });
  }

  written(alerts: readonly Alert[]): void {
    for (const alert of alerts) if (!alert.storyId) this.heads.set(alert.id, alert);
  }

  forget(ids: readonly string[]): void {
    for (const id of ids) this.heads.delete(id);
  }

  find(fp: StoryFingerprint): StoryMatch | undefined {
    return findStory(fp, this.candidates, this.deps.clock.now());
  }

  /** A story's first alert read from the store, then kept. */
  private async read(id: string): Promise<Alert | undefined> {
    const head = await this.deps.alerts.get(id);
    if (head) this.heads.set(id, head);
    return head;
  }

  async join(incident: IncidentItem, match: StoryMatch, unwritten?: Alert): Promise<StoryJoin> {
    const { clock, logger } = this.deps;
    const { item, classification, summary, fingerprint } = incident;
    const now = clock.now();
    const head = unwritten ?? this.heads.get(match.alertId) ?? await this.read(match.alertId);
    if (!head) return { kind: 'gone' };
    // Seen again after a restart (its claim resumed): the story has it already, nothing to change.
    if (head.sources.some((s) => s.itemId === item.id)) return { kind: 'known' };
    const decision = decideFollowUp(
      { classification: head.classification, sources: head.sources, text: `${head.item.title}\n${head.item.summary}`, announced: (head.announced ?? []) as FollowUpChange[] },
      { itemId: item.id, source: item.source, classification, text: `${item.title}\n${item.summary}` },
    );
    this.candidates.add({ alertId: head.id, fingerprint, createdAt: now });
    logger.info({ alert: head.id, item: item.id, source: item.source, reason: match.reason, action: decision.action, note: decision.note }, 'story: item joined');
    if (decision.action === 'none') return { kind: 'joined' };
    const source = sourceOf(item, now);
    const print = { alertId: head.id, itemId: item.id, fingerprint };
    const updated: Alert = { ...head, sources: [...head.sources, source] };
    let followUp: Alert | undefined;
    if (decision.action === 'reply' && decision.change) {
      updated.announced = [...(head.announced ?? []), decision.change];
      if (decision.change === 'cause_confirmed' || decision.change === 'cause_denied') {
        updated.classification = { ...head.classification, cause: classification.cause, ...(classification.category !== 'none' ? { category: classification.category } : {}) };
      }
      followUp = { id: alertIdFor(item), item, classification, summary, createdAt: now, sources: [source], storyId: head.id, fanout: 'done' };
    }
    // A story recorded at backfill was never posted: there is no message to edit.
    if (head.fanout === 'none') return { kind: 'joined', head: updated, print, ...(followUp ? { followUp } : {}) };
    // An edit already scheduled for later renders every source known by then: reuse it.
    const pending = head.lastEditAt !== undefined && head.lastEditAt > now;
    const editAt = pending ? head.lastEditAt as number : shouldEditNow(head.lastEditAt, now) ? now : nextEditAt(head.lastEditAt, now);
    updated.lastEditAt = editAt;
    return { kind: 'joined', head: updated, print, editAt, ...(followUp ? { followUp } : {}) };
  }
}
