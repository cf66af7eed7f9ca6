/**
 * Intake of one news item: classify, claim its dedup keys, build the alert and hand it to the
 * fan-out (or to an existing story). Core functions do the thinking; this file does the order.
 */
import { createHash } from 'node:crypto';
import { dedupKeys } from '../core/dedup.js';
import type { Alert, Classification, NewsItem } from '../core/types.js';
import type { Classifier, Clock, Logger, Store, Summariser } from '../ports.js';
import type { FanOut } from './fanout.js';

/** What happened to one item. */
export type IntakeOutcome = 'ignored' | 'duplicate' | 'backfilled' | 'alerted' | 'joined';

/** Joins an incident item to a recent alert's story (cross-outlet clustering); optional. */
export interface StoryLinker {
  /** Returns 'joined' when the item was attached to an existing story (edits/replies enqueued). */
  link(item: NewsItem, classification: Classification, summary: string): Promise<'joined' | undefined>;
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
 * Processes one item. `announce` is false for items recorded without being posted (the first poll
 * of a new feed, older than the backfill window): their incidents still become recent alerts.
 */
export async function intakeItem(item: NewsItem, announce: boolean, deps: IntakeDeps): Promise<IntakeOutcome> {
  const classification = deps.classifier.classify({ title: item.title, text: item.summary });
  if (classification.category === 'none') return 'ignored';
  if (!(await deps.store.seen.claim(dedupKeys(item)))) return 'duplicate';

  const summary = deps.summariser.summarise({ title: item.title, text: item.summary });
  if (announce && deps.stories && (await deps.stories.link(item, classification, summary)) === 'joined') {
    return 'joined';
  }
  const alert: Alert = {
    id: alertIdFor(item),
    item,
    classification,
    summary,
    createdAt: deps.clock.now(),
    sources: [{ itemId: item.id, source: item.source, title: item.title, ...(item.link ? { link: item.link } : {}), ...(item.publishedAt !== undefined ? { publishedAt: item.publishedAt } : {}) }],
  };
  if (!announce) {
    await deps.store.alerts.save({ ...alert, fanout: 'none' });
    await deps.stories?.remember(alert);
    return 'backfilled';
  }
  const deliveries = await deps.fanout.deliver(alert);
  await deps.stories?.remember(alert);
  deps.logger.info({ alert: alert.id, category: classification.category, title: item.title, source: item.source, deliveries }, 'alert');
  return 'alerted';
}
