/**
 * Story linking (one incident, one alert): an incident item that reports the same incident as a
 * recent alert joins that alert's story. A plain new outlet edits the original messages (at most
 * once a minute); an item that changes the story is posted as a reply to the original alert.
 */
import { fingerprint, findStory, STORY_WINDOW_MS, StoryIndex, type StoryFingerprint, type StoryMatch } from '../core/cluster.js';
import { decideFollowUp, nextEditAt, shouldEditNow, type FollowUpChange } from '../core/followup.js';
import type { Alert, AlertSource, Classification, NewsItem } from '../core/types.js';
import type { Clock, Logger, Store } from '../ports.js';
import type { FanOut } from './fanout.js';
import type { StoryLinker } from './intake.js';

/** Keeps the recent stories' fingerprints indexed in memory (reloaded each cycle) and links items to them. */
export class Stories implements StoryLinker {
  private candidates = new StoryIndex();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: { store: Store; fanout: FanOut; clock: Clock; logger: Logger; alertIdFor(item: NewsItem): string }) {}

  /** Reloads the candidates from the store's alerts of the last 72 h (other processes' too). */
  async refresh(): Promise<void> {
    const now = this.deps.clock.now();
    const recent = await this.deps.store.alerts.recent(2000, now - STORY_WINDOW_MS);
    const index = new StoryIndex();
    for (const alert of recent) if (!alert.storyId) this.add(index, alert);
    this.candidates = index;
  }

  private add(index: StoryIndex, alert: Alert): void {
    for (const s of alert.sources) {
      if (s.fingerprint !== undefined) index.add({ alertId: alert.id, fingerprint: s.fingerprint as StoryFingerprint, createdAt: s.addedAt ?? alert.createdAt });
    }
  }

  /** Runs `fn` after every earlier call has finished: linking and creating a story is one step. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  fingerprint(item: NewsItem, classification: Classification): StoryFingerprint {
    return fingerprint(item, classification);
  }

  remember(alert: Alert): void {
    this.add(this.candidates, alert);
  }

  find(fp: unknown): StoryMatch | undefined {
    return findStory(fp as StoryFingerprint, this.candidates, this.deps.clock.now());
  }

  async join(item: NewsItem, classification: Classification, summary: string, fp: unknown, match: StoryMatch): Promise<'joined' | 'known' | undefined> {
    const { store, clock, logger } = this.deps;
    const now = clock.now();
    const head = await store.alerts.get(match.alertId);
    if (!head) return undefined;
    // Seen again after a restart (its claim resumed): the story has it already, nothing to change.
    if (head.sources.some((s) => s.itemId === item.id)) return 'known';
    const decision = decideFollowUp(
      { classification: head.classification, sources: head.sources, text: `${head.item.title}\n${head.item.summary}`, announced: (head.announced ?? []) as FollowUpChange[] },
      { itemId: item.id, source: item.source, classification, text: `${item.title}\n${item.summary}` },
    );
    this.candidates.add({ alertId: head.id, fingerprint: fp as StoryFingerprint, createdAt: now });
    logger.info({ alert: head.id, item: item.id, source: item.source, reason: match.reason, action: decision.action, note: decision.note }, 'story: item joined');
    if (decision.action === 'none') return 'joined';
    const source = sourceOf(item, now, fp);
    const updated: Alert = { ...head, sources: [...head.sources, source] };
    if (decision.action === 'reply' && decision.change) {
      updated.announced = [...(head.announced ?? []), decision.change];
      if (decision.change === 'cause_confirmed' || decision.change === 'cause_denied') {
        updated.classification = { ...head.classification, cause: classification.cause, ...(classification.category !== 'none' ? { category: classification.category } : {}) };
      }
      const followUp: Alert = {
        id: this.deps.alertIdFor(item), item, classification, summary, createdAt: now, sources: [source], storyId: head.id,
      };
      await this.deps.fanout.deliver(followUp);
    }
    if (head.fanout === 'none') {
      // A story recorded at backfill was never posted: there is no message to edit.
      await store.alerts.save(updated);
      return 'joined';
    }
    // An edit already scheduled for later renders every source known by then: reuse it.
    const pending = head.lastEditAt !== undefined && head.lastEditAt > now;
    const editAt = pending ? head.lastEditAt as number : shouldEditNow(head.lastEditAt, now) ? now : nextEditAt(head.lastEditAt, now);
    updated.lastEditAt = editAt;
    await store.alerts.save(updated);
    await this.deps.fanout.edit(updated, editAt);
    return 'joined';
  }
}

/** The alert source record of an item joining (or creating) a story. */
export function sourceOf(item: NewsItem, now: number, fp?: unknown): AlertSource {
  return {
    itemId: item.id, source: item.source, title: item.title, addedAt: now,
    ...(item.link ? { link: item.link } : {}),
    ...(item.publishedAt !== undefined ? { publishedAt: item.publishedAt } : {}),
    ...(fp !== undefined ? { fingerprint: fp } : {}),
  };
}
