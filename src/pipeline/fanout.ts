/**
 * Fan-out: decides which destinations receive an alert and persists one outbox entry per
 * destination before anything is sent. Re-running it for the same alert is harmless.
 */
import { buildRecipientIndex, type RecipientIndex } from '../core/filters.js';
import type { Alert, Destination } from '../core/types.js';
import type { Clock, Logger, Store } from '../ports.js';
import type { OutboxEntry } from '../core/delivery-types.js';

/** An edit of an alert's posted messages, due at `notBefore` (epoch ms). */
export interface AlertEdit {
  alert: Alert;
  notBefore: number;
}

/** Matches alerts against every active destination's settings and fills the outbox. */
export class FanOut {
  private index: RecipientIndex | undefined;
  private recovered = false;
  /** The destinations version the index was built at; checked once per fan-out (other instances' changes). */
  private version: string | undefined;

  constructor(private readonly deps: { store: Store; clock: Clock; logger: Logger }) {}

  /** Drops the compiled recipient index; the next fan-out rebuilds it from the store. */
  invalidate(): void {
    this.index = undefined;
  }

  /** Destinations that should receive the alert now (active, not paused, filters matching). */
  async recipients(alert: Alert): Promise<Destination[]> {
    if (!this.index) await this.refresh();
    return (this.index as RecipientIndex).match(alert);
  }

  /** Rebuilds the index when any process changed a destination since it was built. */
  private async refresh(): Promise<void> {
    const version = await this.deps.store.destinations.version();
    if (this.index && version === this.version) return;
    // Only destinations that can receive something are kept (paused ones are dropped by the index).
    this.index = buildRecipientIndex(await this.deps.store.destinations.list({ active: true }));
    this.version = version;
  }

  /**
   * Enqueues, in one outbox write, one pending delivery per recipient of each alert (kind `send`,
   * or `reply` to the story's first alert for follow-ups) and of each edit (at most one per alert
   * and minute). The alerts themselves are written by the caller, before. Entries already in the
   * outbox are left as they are, so enqueueing again after a crash is harmless. Returns each
   * alert's count of entries.
   */
  async enqueue(alerts: readonly Alert[], edits: readonly AlertEdit[] = []): Promise<number[]> {
    if (alerts.length === 0 && edits.length === 0) return [];
    await this.refresh();
    const now = this.deps.clock.now();
    const perAlert: OutboxEntry[][] = [];
    for (const alert of alerts) perAlert.push(this.entriesFor(alert, await this.recipients(alert), now));
    const editEntries: OutboxEntry[] = [];
    for (const edit of edits) editEntries.push(...this.editsFor(edit, await this.recipients(edit.alert), now));
    await this.deps.store.outbox.enqueue([...perAlert.flat(), ...editEntries]);
    return perAlert.map((entries) => entries.length);
  }

  private entriesFor(alert: Alert, recipients: Destination[], now: number): OutboxEntry[] {
    return recipients.filter((d) => !d.digest).map((destination) => {
      const base = {
        destinationKey: destination.key,
        alertId: alert.id,
        status: 'pending' as const,
        attempts: 0,
        notBefore: now,
        createdAt: now,
      };
      return alert.storyId
        ? { ...base, id: `reply:${destination.key}:${alert.id}`, kind: 'reply' as const, replyToAlertId: alert.storyId }
        : { ...base, id: `send:${destination.key}:${alert.id}`, kind: 'send' as const };
    });
  }

  private editsFor({ alert, notBefore }: AlertEdit, recipients: Destination[], now: number): OutboxEntry[] {
    const bucket = Math.floor(notBefore / 60_000);
    return recipients.filter((d) => !d.digest).map((destination) => ({
      id: `edit:${destination.key}:${alert.id}:${bucket}`,
      kind: 'edit' as const,
      destinationKey: destination.key,
      alertId: alert.id,
      status: 'pending' as const,
      attempts: 0,
      notBefore,
      createdAt: now,
    }));
  }

  /**
   * Finishes the fan-outs a dead process left pending (alert written, deliveries maybe not all
   * enqueued): their deliveries are enqueued again (those present are left as they are) and they
   * are settled. Cheap when none is pending (one index read); the first call of a process
   * also looks for pending alerts since `sinceMs` that older versions saved without the index.
   * Returns their count.
   */
  async recover(sinceMs: number): Promise<number> {
    const { store, logger } = this.deps;
    const pending = new Map((await store.alerts.pendingFanouts()).map((a) => [a.id, a]));
    if (!this.recovered) {
      for (const alert of await store.alerts.recent(1000, sinceMs)) if (alert.fanout === 'pending') pending.set(alert.id, alert);
      this.recovered = true;
    }
    if (pending.size === 0) return 0;
    const alerts = [...pending.values()];
    for (const alert of alerts) logger.warn({ alert: alert.id }, 'fan-out: finishing an interrupted fan-out');
    await this.enqueue(alerts);
    await this.settle(alerts);
    return alerts.length;
  }

  /**
   * Settles the fan-out of alerts whose deliveries are all enqueued: their pending marks are
   * cleared, and rows an earlier version wrote `pending` are written again `done`.
   */
  async settle(alerts: readonly Alert[]): Promise<void> {
    const { store } = this.deps;
    await store.alerts.saveMany(alerts.filter((a) => a.fanout === 'pending').map((alert) => ({ ...alert, fanout: 'done' as const })));
    await store.alerts.settle(alerts.map((a) => a.id));
  }
}
