/**
 * Intake of one news item: classify, claim its dedup keys, build the alert and hand it to the
 * fan-out (or to an existing story). Core functions do the thinking; this file does the order.
 */
import { createHash } from 'node:crypto';
import { analyseItem, type Analysis } from '../core/analysis.js';
import { dedupKeys } from '../core/dedup.js';
import type { Alert, Classification, NewsItem } from '../core/types.js';
import type { Classifier, Clock, Logger, Store, Summariser } from '../ports.js';
import type { FanOut } from './fanout.js';
import { sourceOf } from './stories.js';

/** What happened to one item. */
export type IntakeOutcome = 'ignored' | 'duplicate' | 'backfilled' | 'alerted' | 'joined';

/** Joins an incident item to a recent alert's story (cross-outlet clustering); optional. */
export interface StoryLinker {
  /** Reloads recent stories from the store (at the start of each cycle). */
  refresh(): Promise<void>;
  /** Runs `fn` alone: linking an item and creating an alert must not interleave. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** The item's story fingerprint (plain JSON, stored with the alert's source). */
  fingerprint(item: NewsItem, classification: Classification): unknown;
  /**
   * 'joined' when the item was attached to an existing story (edits or a reply enqueued), 'known'
   * when that story already lists it (an item handled before a restart).
   */
  link(item: NewsItem, classification: Classification, summary: string, fingerprint: unknown): Promise<'joined' | 'known' | undefined>;
  /** Remembers a new alert as the head of a story. */
  remember(alert: Alert): Promise<void>;
}

/** Everything intake needs. */
export interface IntakeDeps {
  store: Store;
  classifier: Classifier;
  summariser: Summariser;
  fanout: FanOut;
  clock: Clock;
  logger: Logger;
  stories?: StoryLinker;
}

/** Deterministic alert id for an item, so that a re-run after a crash rebuilds the same alert. */
export function alertIdFor(item: NewsItem): string {
  return `a${createHash('sha256').update(item.id).digest('hex').slice(0, 20)}`;
}

/**
 * Processes one item, with its `analysis` when already made (on a worker thread). `announce` is
 * false for items recorded without being posted (the first poll of a new feed, older than the
 * backfill window): their incidents still become recent alerts.
 */
export async function intakeItem(item: NewsItem, announce: boolean, deps: IntakeDeps, analysis?: Analysis): Promise<IntakeOutcome> {
  const { classification, summary: made, fingerprint } = analysis ?? analyseItem(item, deps);
  if (classification.category === 'none') return 'ignored';
  const summary = made ?? deps.summariser.summarise({ title: item.title, text: item.summary });
  // The claim is made inside the exclusive step so that the alert is saved right after it: a crash
  // between the two would leave a claimed story without an alert.
  const claimThenCreate = async (): Promise<IntakeOutcome> => {
    // Owned by the item's alert id: after a crash between claim and save, the same item claims again.
    const alertId = alertIdFor(item);
    const claim = await deps.store.seen.claimFor(dedupKeys(item), alertId);
    if (claim === false) return 'duplicate';
    // Only a resumed claim may find its alert already made (the claimant crashed after saving it).
    if (claim === 'resumed' && (await deps.store.alerts.get(alertId))) return 'duplicate';
    return createOrJoin(item, classification, summary, announce, deps, fingerprint);
  };
  return deps.stories ? deps.stories.exclusive(claimThenCreate) : claimThenCreate();
}

async function createOrJoin(
  item: NewsItem, classification: Classification, summary: string, announce: boolean, deps: IntakeDeps, made?: unknown,
): Promise<IntakeOutcome> {
  const { stories } = deps;
  const fp = stories ? made ?? stories.fingerprint(item, classification) : undefined;
  const linked = announce && stories ? await stories.link(item, classification, summary, fp) : undefined;
  if (linked === 'joined') return 'joined';
  if (linked === 'known') return 'duplicate';
  const now = deps.clock.now();
  const alert: Alert = { id: alertIdFor(item), item, classification, summary, createdAt: now, sources: [sourceOf(item, now, fp)] };
  if (!announce) {
    await deps.store.alerts.save({ ...alert, fanout: 'none' });
    await stories?.remember(alert);
    return 'backfilled';
  }
  const deliveries = await deps.fanout.deliver(alert);
  await stories?.remember(alert);
  deps.logger.info({ alert: alert.id, category: classification.category, title: item.title, source: item.source, deliveries }, 'alert');
  return 'alerted';
}
