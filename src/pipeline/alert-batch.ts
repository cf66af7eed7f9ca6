/**
 * What one intake batch writes, kept until it is written together: one alert write for every
 * alert made or changed (new, follow-up, backfilled, a story's updated first alert), then one
 * outbox write for their deliveries and edits. A resumed alert (its process died between the two)
 * only has its deliveries enqueued again.
 */
import type { Alert } from '../core/types.js';
import type { Logger, Store } from '../ports.js';
import type { AlertEdit, FanOut } from './fanout.js';

/** Alerts and deliveries decided but not yet written; `flush` writes them. */
export class AlertBatch {
  private saves: Alert[] = [];
  private announced: Alert[] = [];
  private edits: AlertEdit[] = [];
  private readonly ids = new Set<string>();

  constructor(private readonly deps: { store: Store; fanout: FanOut; logger: Logger }) {}

  /** A new alert (or follow-up); `announce` false records it without posting. */
  add(alert: Alert, announce: boolean): void {
    const saved: Alert = { ...alert, fanout: announce ? 'done' : 'none' };
    this.save(saved);
    if (announce) this.announced.push(saved);
  }

  /** An alert already written whose deliveries may not all be enqueued (a crash in between). */
  resume(alert: Alert): void {
    this.deps.logger.warn({ alert: alert.id }, 'fan-out: finishing an interrupted fan-out');
    this.announced.push(alert);
  }

  /** A changed alert to write (a story's first alert with a new source), and its edit when due. */
  update(alert: Alert, editAt?: number): void {
    this.save(alert);
    if (editAt !== undefined) this.edits.push({ alert, notBefore: editAt });
  }

  /** True when the alert is waiting to be written (a story cannot be joined before its head is). */
  has(alertId: string): boolean {
    return this.ids.has(alertId);
  }

  /** Writes every waiting alert, then enqueues their deliveries, then forgets them. */
  async flush(): Promise<void> {
    const { saves, announced, edits } = this;
    this.saves = [];
    this.announced = [];
    this.edits = [];
    this.ids.clear();
    await this.deps.store.alerts.saveMany(saves);
    const deliveries = await this.deps.fanout.enqueue(announced, edits);
    announced.forEach((alert, i) => {
      const { item, classification } = alert;
      this.deps.logger.info({ alert: alert.id, category: classification.category, title: item.title, source: item.source, deliveries: deliveries[i] }, 'alert');
    });
  }

  private save(alert: Alert): void {
    this.saves.push(alert);
    this.ids.add(alert.id);
  }
}
