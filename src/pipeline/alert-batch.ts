/**
 * The new alerts of one intake batch, kept until they are written together: announced ones through
 * the fan-out (saved, enqueued, marked done: one write per step for the whole batch), backfilled
 * ones saved without a fan-out.
 */
import type { Alert } from '../core/types.js';
import type { Logger, Store } from '../ports.js';
import type { FanOut } from './fanout.js';

/** Alerts made but not yet written; `flush` writes them. */
export class AlertBatch {
  private announced: Alert[] = [];
  private backfilled: Alert[] = [];
  private readonly ids = new Set<string>();

  constructor(private readonly deps: { store: Store; fanout: FanOut; logger: Logger }) {}

  /** Keeps an alert for the next flush; `announce` false records it without posting. */
  add(alert: Alert, announce: boolean): void {
    (announce ? this.announced : this.backfilled).push(alert);
    this.ids.add(alert.id);
  }

  /** True when the alert is waiting to be written (a story cannot be joined before its head is). */
  has(alertId: string): boolean {
    return this.ids.has(alertId);
  }

  /** Writes every waiting alert, then forgets them. */
  async flush(): Promise<void> {
    const { announced, backfilled } = this;
    this.announced = [];
    this.backfilled = [];
    this.ids.clear();
    await this.deps.store.alerts.saveMany(backfilled.map((alert) => ({ ...alert, fanout: 'none' as const })));
    const deliveries = await this.deps.fanout.deliverMany(announced);
    announced.forEach((alert, i) => {
      const { item, classification } = alert;
      this.deps.logger.info({ alert: alert.id, category: classification.category, title: item.title, source: item.source, deliveries: deliveries[i] }, 'alert');
    });
  }
}
