/**
 * Vigie's Prometheus metrics (prom-client, every name prefixed `vigie_`): an `Observer` that counts
 * what feed reads, deliveries and cycles report, plus gauges read from the store at scrape time.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CycleEvent, DeliveryEvent, FeedReadEvent, Logger, Observer, Store } from '../ports.js';
import type { Platform } from '../core/types.js';

/** What the scrape-time gauges read. */
export interface MetricsDeps {
  store: Pick<Store, 'feedStates' | 'destinations' | 'ping'> & { outbox: { depth(): Promise<number> } };
  /** Configured feed ids: feeds no longer configured are not reported as failing. */
  feedIds: readonly string[];
  /** Every platform id of the registry: each gets a destinations sample, 0 included. */
  platforms: readonly Platform[];
  logger: Logger;
}

/** A registry of its own (never prom-client's global one) and the observer that feeds it. */
export class Metrics implements Observer {
  readonly registry = new Registry();
  private readonly polls: Counter<'outcome' | 'kind'>;
  private readonly fetchSeconds: Histogram<'outcome'>;
  private readonly items: Counter;
  private readonly alerts: Counter<'category'>;
  private readonly deliveries: Counter<'platform' | 'operation' | 'outcome'>;
  private readonly latency: Histogram<'platform'>;
  private readonly rateLimited: Counter<'platform'>;
  private readonly cycleSeconds: Histogram;
  private readonly lastCycle: Gauge;

  constructor(private readonly deps: MetricsDeps) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'vigie_' });
    this.polls = new Counter({ name: 'vigie_feed_polls_total', help: 'Feed reads by outcome (ok, not_modified, error) and error kind', labelNames: ['outcome', 'kind'], registers });
    this.fetchSeconds = new Histogram({
      name: 'vigie_feed_fetch_duration_seconds', help: 'Time to fetch and parse one feed', labelNames: ['outcome'], registers,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
    });
    this.items = new Counter({ name: 'vigie_feed_items_total', help: 'Items read from feeds (200 responses)', registers });
    this.alerts = new Counter({ name: 'vigie_alerts_total', help: 'New alerts by category', labelNames: ['category'], registers });
    this.deliveries = new Counter({
      name: 'vigie_deliveries_total', help: 'Platform calls by platform, operation (send, edit, digest) and outcome (ok, retry, failed, gone)',
      labelNames: ['platform', 'operation', 'outcome'], registers,
    });
    this.latency = new Histogram({
      name: 'vigie_delivery_latency_seconds', help: 'From an alert\'s creation to the platform accepting its message', labelNames: ['platform'], registers,
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
    });
    this.rateLimited = new Counter({ name: 'vigie_rate_limited_total', help: 'HTTP 429 answers from a platform', labelNames: ['platform'], registers });
    this.cycleSeconds = new Histogram({ name: 'vigie_cycle_duration_seconds', help: 'Duration of one poll cycle', registers, buckets: [0.25, 0.5, 1, 2, 5, 10, 20, 60, 120] });
    this.lastCycle = new Gauge({ name: 'vigie_last_cycle_timestamp_seconds', help: 'When the last poll cycle ended (Unix time)', registers });
    this.storeGauges(registers);
  }

  feedRead(event: FeedReadEvent): void {
    this.polls.inc({ outcome: event.outcome, kind: event.errorKind ?? '' });
    this.fetchSeconds.observe({ outcome: event.outcome }, event.durationMs / 1000);
    if (event.items > 0) this.items.inc(event.items);
  }

  delivery(event: DeliveryEvent): void {
    this.deliveries.inc({ platform: event.platform, operation: event.operation, outcome: event.outcome });
    if (event.latencyMs !== undefined) this.latency.observe({ platform: event.platform }, event.latencyMs / 1000);
    if (event.rateLimited) this.rateLimited.inc({ platform: event.platform });
  }

  cycle(event: CycleEvent): void {
    this.cycleSeconds.observe(event.durationMs / 1000);
    this.lastCycle.set((event.startedAt + event.durationMs) / 1000);
    for (const [category, n] of Object.entries(event.announced)) if (n > 0) this.alerts.inc({ category }, n);
  }

  /** The Prometheus text exposition and its content type. */
  async render(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }

  /** Gauges read from the store on each scrape; on a store failure they keep their last values. */
  private storeGauges(registers: Registry[]): void {
    const { store, feedIds, platforms, logger } = this.deps;
    const guarded = async (what: string, read: () => Promise<void>): Promise<void> => {
      try {
        await read();
      } catch (error) {
        logger.warn({ err: error, gauge: what }, 'metrics: store read failed');
      }
    };
    new Gauge({
      name: 'vigie_store_up', help: '1 when the store answers a ping', registers,
      async collect() {
        this.set(await store.ping().then(() => 1, () => 0));
      },
    });
    new Gauge({ name: 'vigie_feeds_configured', help: 'Feeds in the configuration', registers }).set(feedIds.length);
    new Gauge({
      name: 'vigie_feeds_failing', help: 'Configured feeds whose last read failed, by error kind', labelNames: ['kind'], registers,
      async collect() {
        await guarded('feeds_failing', async () => {
          const states = await store.feedStates.all();
          this.reset();
          for (const id of feedIds) {
            const state = states[id];
            if (state && state.failures > 0) this.inc({ kind: state.lastErrorKind ?? 'unknown' });
          }
        });
      },
    });
    new Gauge({
      name: 'vigie_outbox_depth', help: 'Pending deliveries in the outbox', registers,
      async collect() {
        await guarded('outbox_depth', async () => this.set(await store.outbox.depth()));
      },
    });
    new Gauge({
      name: 'vigie_destinations', help: 'Active destinations by platform', labelNames: ['platform'], registers,
      async collect() {
        await guarded('destinations', async () => {
          const list = await store.destinations.list({ active: true });
          this.reset();
          const counts = new Map<Platform, number>(platforms.map((p) => [p, 0]));
          for (const d of list) counts.set(d.platform, (counts.get(d.platform) ?? 0) + 1);
          for (const [platform, count] of counts) this.set({ platform }, count);
        });
      },
    });
  }
}
