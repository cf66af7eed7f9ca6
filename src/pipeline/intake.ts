/**
 * Intake of a feed's new, analysed items: claim the incidents' dedup keys, build the alerts and
 * hand them to the fan-out (or join an existing story). Core functions do the thinking; this file
 * does the order.
 */
import { createHash } from 'node:crypto';
import type { Analysis } from '../core/analysis.js';
import type { StoryMatch } from '../core/cluster.js';
import { dedupKeys } from '../core/dedup.js';
import { StoreError } from '../core/errors.js';
import type { Alert, Classification, NewsItem } from '../core/types.js';
import type { Clock, Logger, Store } from '../ports.js';
import { AlertBatch } from './alert-batch.js';
import type { FanOut } from './fanout.js';
import { sourceOf } from './stories.js';

/** What happened to one item; undefined in a batch's answer when the item could not be processed. */
export type IntakeOutcome = 'ignored' | 'duplicate' | 'backfilled' | 'alerted' | 'joined';

/** Joins an incident item to a recent alert's story (cross-outlet clustering); optional. */
export interface StoryLinker {
  /** Reloads recent stories from the store (at the start of each cycle). */
  refresh(): Promise<void>;
  /** Runs `fn` alone: linking items and creating alerts must not interleave. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** The item's story fingerprint (plain JSON, stored with the alert's source). */
  fingerprint(item: NewsItem, classification: Classification): unknown;
  /** The recent story an item with this fingerprint reports, if any (in memory, no store read). */
  find(fingerprint: unknown): StoryMatch | undefined;
  /**
   * Attaches the item to the matched story (edits or a reply enqueued): 'joined'; 'known' when the
   * story already lists it (an item handled before a restart); undefined when the story's alert is gone.
   */
  join(item: NewsItem, classification: Classification, summary: string, fingerprint: unknown, match: StoryMatch): Promise<'joined' | 'known' | undefined>;
  /** Remembers a new alert as the head of a story. */
  remember(alert: Alert): void;
}

/** Everything intake needs. */
export interface IntakeDeps {
  store: Store;
  fanout: FanOut;
  clock: Clock;
  logger: Logger;
  stories?: StoryLinker;
}

/**
 * One analysed item to take in. `announce` is false for items recorded without being posted (the
 * first poll of a new feed, older than the backfill window): their incidents still become recent alerts.
 */
export interface IntakeEntry {
  item: NewsItem;
  announce: boolean;
  analysis: Analysis;
}

/** An incident item on its way to an alert. */
interface Incident {
  index: number;
  item: NewsItem;
  announce: boolean;
  classification: Classification;
  summary: string;
  fingerprint: unknown;
}

/** Deterministic alert id for an item, so that a re-run after a crash rebuilds the same alert. */
export function alertIdFor(item: NewsItem): string {
  return `a${createHash('sha256').update(item.id).digest('hex').slice(0, 20)}`;
}

/**
 * Takes in a batch of items (a feed's new items): their claims are made in one store write and
 * their new alerts written together. An item that fails for any reason but the store is logged
 * and answered undefined; a store failure rejects.
 */
export async function intakeBatch(entries: readonly IntakeEntry[], deps: IntakeDeps): Promise<(IntakeOutcome | undefined)[]> {
  const outcomes: (IntakeOutcome | undefined)[] = entries.map(() => undefined);
  const incidents: Incident[] = [];
  entries.forEach(({ item, announce, analysis }, index) => {
    if (analysis.classification.category === 'none') {
      outcomes[index] = 'ignored';
      return;
    }
    if (analysis.summary === undefined || analysis.fingerprint === undefined) {
      failed(deps, item, new Error('the analysis of an incident lacks its summary or fingerprint'));
      return;
    }
    incidents.push({ index, item, announce, classification: analysis.classification, summary: analysis.summary, fingerprint: analysis.fingerprint });
  });
  if (incidents.length === 0) return outcomes;
  // The claims are made inside the exclusive step so that the alerts are saved right after them.
  const step = async (): Promise<void> => claimThenCreate(incidents, deps, outcomes);
  await (deps.stories ? deps.stories.exclusive(step) : step());
  return outcomes;
}

async function claimThenCreate(incidents: Incident[], deps: IntakeDeps, outcomes: (IntakeOutcome | undefined)[]): Promise<void> {
  // Owned by the item's alert id: after a crash between claim and save, the same item claims again.
  const ids = incidents.map((c) => alertIdFor(c.item));
  const claims = await deps.store.seen.claimEach(incidents.map((c, i) => ({ keys: dedupKeys(c.item), owner: ids[i]! })));
  // Only a resumed claim may find its alert already made (the claimant crashed after saving it).
  const resumed = ids.filter((_, i) => claims[i] === 'resumed');
  const made = new Set((await deps.store.alerts.getMany(resumed)).flatMap((a) => (a ? [a.id] : [])));
  const batch = new AlertBatch(deps);
  for (const [i, incident] of incidents.entries()) {
    if (claims[i] === false || made.has(ids[i]!)) {
      outcomes[incident.index] = 'duplicate';
      continue;
    }
    try {
      outcomes[incident.index] = await createOrJoin(incident, ids[i]!, deps, batch);
    } catch (error) {
      if (error instanceof StoreError) throw error;
      failed(deps, incident.item, error);
    }
  }
  await batch.flush();
}

async function createOrJoin(incident: Incident, id: string, deps: IntakeDeps, batch: AlertBatch): Promise<IntakeOutcome> {
  const { stories } = deps;
  const { item, classification, summary, announce } = incident;
  const fp = stories ? incident.fingerprint ?? stories.fingerprint(item, classification) : undefined;
  const match = announce && stories ? stories.find(fp) : undefined;
  if (stories && match) {
    // A story made earlier in this batch is written before anything joins it.
    if (batch.has(match.alertId)) await batch.flush();
    const linked = await stories.join(item, classification, summary, fp, match);
    if (linked === 'joined') return 'joined';
    if (linked === 'known') return 'duplicate';
  }
  const now = deps.clock.now();
  const alert: Alert = { id, item, classification, summary, createdAt: now, sources: [sourceOf(item, now, fp)] };
  batch.add(alert, announce);
  stories?.remember(alert);
  return announce ? 'alerted' : 'backfilled';
}

function failed(deps: IntakeDeps, item: NewsItem, error: unknown): void {
  deps.logger.error({ item: item.id, feed: item.feedId, err: error }, 'item could not be processed');
}
