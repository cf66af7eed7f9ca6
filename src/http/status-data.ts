/**
 * What the status page shows, read from the store: feed health, the last alerts with their
 * delivery counts, the outbox depth. Holds no chat name or id and no error text (only error
 * kinds): feed errors can quote URLs, and URLs can carry keys.
 */
import type { Alert, AttackSubtype, Category, OutageSubtype } from '../core/types.js';
import type { Store } from '../ports.js';
import type { OutboxEntry } from '../core/delivery-types.js';
import type { FeedConfig, FeedState } from '../core/feed-types.js';

/** One feed's line on the page. */
export interface FeedHealth {
  name: string;
  state: 'ok' | 'failing' | 'never';
  failures: number;
  lastSuccessAt?: number;
  lastErrorKind?: string;
  items?: number;
  /** Set while the feed waits after failures. */
  backoffUntil?: number;
}

/** One alert's line on the page. */
export interface AlertLine {
  createdAt: number;
  category: Category;
  subtype?: AttackSubtype | OutageSubtype;
  victim?: string;
  title: string;
  sources: string[];
  deliveries: { done: number; pending: number; failed: number };
}

/** Everything the page renders. */
export interface StatusView {
  generatedAt: number;
  lastCycleAt?: number;
  feeds: FeedHealth[];
  alerts: AlertLine[];
  outboxDepth: number;
}

/** The store reads the page needs (the outbox's `list` and `depth` come with the keyv store). */
export interface StatusSource {
  store: Pick<Store, 'feedStates' | 'alerts'> & { outbox: { list(): Promise<OutboxEntry[]>; depth(): Promise<number> } };
  feeds: readonly FeedConfig[];
  now: () => number;
  lastCycleAt: () => number | undefined;
  /** How many alerts to list (default 20). */
  alerts?: number;
}

/** One feed's health from its stored state. */
export function feedHealth(feed: FeedConfig, state: FeedState | undefined, now: number): FeedHealth {
  if (!state) return { name: feed.name, state: 'never', failures: 0 };
  const failing = state.failures > 0;
  return {
    name: feed.name,
    state: failing ? 'failing' : state.lastSuccessAt !== undefined ? 'ok' : 'never',
    failures: state.failures,
    ...(state.lastSuccessAt !== undefined ? { lastSuccessAt: state.lastSuccessAt } : {}),
    ...(failing ? { lastErrorKind: state.lastErrorKind ?? 'unknown' } : {}),
    ...(state.lastItemCount !== undefined ? { items: state.lastItemCount } : {}),
    ...(failing && state.nextAttemptAt !== undefined && state.nextAttemptAt > now ? { backoffUntil: state.nextAttemptAt } : {}),
  };
}

function alertLine(alert: Alert, entries: readonly OutboxEntry[]): AlertLine {
  const c = alert.classification;
  const deliveries = { done: 0, pending: 0, failed: 0 };
  for (const entry of entries) deliveries[entry.status]++;
  return {
    createdAt: alert.createdAt,
    category: c.category,
    ...(c.subtype ? { subtype: c.subtype } : {}),
    ...(c.entities.victim ? { victim: c.entities.victim } : {}),
    title: alert.item.title,
    sources: [...new Set(alert.sources.map((s) => s.source))],
    deliveries,
  };
}

/** Reads the page's data (a few store reads: feed states, recent alerts, the outbox). */
export async function readStatus(source: StatusSource): Promise<StatusView> {
  const now = source.now();
  const [states, alerts, entries, outboxDepth] = await Promise.all([
    source.store.feedStates.all(),
    source.store.alerts.recent(source.alerts ?? 20),
    source.store.outbox.list(),
    source.store.outbox.depth(),
  ]);
  const byAlert = new Map<string, OutboxEntry[]>();
  for (const entry of entries) {
    if (entry.kind === 'digest') continue;
    const list = byAlert.get(entry.alertId) ?? [];
    list.push(entry);
    byAlert.set(entry.alertId, list);
  }
  const lastCycleAt = source.lastCycleAt();
  return {
    generatedAt: now,
    ...(lastCycleAt !== undefined ? { lastCycleAt } : {}),
    feeds: source.feeds.map((feed) => feedHealth(feed, states[feed.id], now)),
    alerts: alerts.filter((a) => a.fanout !== 'none').map((a) => alertLine(a, byAlert.get(a.id) ?? [])),
    outboxDepth,
  };
}
