/**
 * What one intake batch writes, kept until it is written together: the story fingerprints of the
 * sources its alerts gain (first: an alert is never stored without them), one alert write for every
 * alert made or changed (new, follow-up, backfilled, a story's updated first alert), the announced
 * ones marked pending (see AlertLog.saveMany); then one outbox write for their deliveries and edits;
 * then one index write settling the announced alerts. Each alert is written once. A process dying in
 * between leaves them marked, and the next cycle (here or in another process) enqueues their
 * deliveries again, whether or not their item is still in its feed. A resumed alert only has its
 * deliveries enqueued again.
 */
import type { StoryPrint } from '../core/alerts.js';
import type { Alert } from '../core/types.js';
import type { Logger, Store } from '../ports.js';
import type { AlertEdit, FanOut } from './fanout.js';
import type { StoryLinker } from './story-linker.js';

/** Alerts and deliveries decided but not yet written; `flush` writes them. */
export class AlertBatch {
  /** The alerts to write, each id once in its latest version (a story joined in this batch updates its first alert). */
  private saves = new Map<string, Alert>();
  private announced: Alert[] = [];
  /** The announced alerts made in this batch (not resumed ones), told to `deps.announced` once written. */
  private made: Alert[] = [];
  /** Fingerprints of the sources these alerts list, written before them. */
  private prints: StoryPrint[] = [];
  private edits: AlertEdit[] = [];
  /** Ids of the resumed alerts: settling may rewrite them (see FanOut.settle). */
  private resumed: string[] = [];

  constructor(private readonly deps: {
    store: Store; fanout: FanOut; logger: Logger; announced?: (alert: Alert) => void;
    /** Told of the versions written, and of the resumed alerts, whose stored version it must read again. */
    stories?: Pick<StoryLinker, 'written' | 'forget'>;
  }) {}

  /** A new alert (or follow-up); `announce` false records it without posting. */
  add(alert: Alert, announce: boolean): void {
    const saved: Alert = { ...alert, fanout: announce ? 'done' : 'none' };
    this.save(saved);
    if (!announce) return;
    this.announced.push(saved);
    this.made.push(saved);
  }

  /** An alert already written whose deliveries may not all be enqueued (a crash in between). */
  resume(alert: Alert): void {
    this.deps.logger.warn({ alert: alert.id }, 'fan-out: finishing an interrupted fan-out');
    this.announced.push(alert);
    this.resumed.push(alert.id);
  }

  /** A changed alert to write (a story's first alert with a new source), and its edit when due. */
  update(alert: Alert, editAt?: number): void {
    this.save(alert);
    if (editAt !== undefined) this.edits.push({ alert, notBefore: editAt });
  }

  /** The fingerprint of a source an alert of this batch lists (written first: a story is never stored without it). */
  print(print: StoryPrint): void {
    this.prints.push(print);
  }

  /** The latest version of an alert waiting to be written, or undefined (a story joins it without reading the store). */
  pending(alertId: string): Alert | undefined {
    return this.saves.get(alertId);
  }

  /** Writes every waiting alert, enqueues their deliveries, settles the announced ones, then forgets them. */
  async flush(): Promise<void> {
    const { saves, announced: announcedAs, edits, made, prints, resumed } = this;
    this.saves = new Map();
    this.announced = [];
    this.edits = [];
    this.made = [];
    this.prints = [];
    this.resumed = [];
    const { alerts } = this.deps.store;
    const { stories } = this.deps;
    await alerts.savePrints(prints);
    const written = [...saves.values()];
    await alerts.saveMany(written, made.map((a) => a.id));
    stories?.written(written);
    stories?.forget(resumed); // settled below, maybe rewritten
    // An announced alert goes out in its latest version (a story joined in this batch has more sources).
    const announced = announcedAs.map((a) => saves.get(a.id) ?? a);
    const deliveries = await this.deps.fanout.enqueue(announced, edits);
    await this.deps.fanout.settle(announced);
    announced.forEach((alert, i) => {
      const { item, classification } = alert;
      this.deps.logger.info({ alert: alert.id, category: classification.category, title: item.title, source: item.source, deliveries: deliveries[i] }, 'alert');
    });
    for (const alert of made) this.deps.announced?.(alert);
  }

  private save(alert: Alert): void {
    this.saves.set(alert.id, alert);
  }
}
