/**
 * Fan-out: decides which destinations receive an alert and persists one outbox entry per
 * destination before anything is sent. Re-running it for the same alert is harmless.
 */
import { buildRecipientIndex, type RecipientIndex } from '../core/filters.js';
import type { Alert, Destination } from '../core/types.js';
import type { Clock, Logger, OutboxEntry, Store } from '../ports.js';

/** Matches alerts against every active destination's settings and fills the outbox. */
export class FanOut {
  private index: RecipientIndex | undefined;

  constructor(private readonly deps: { store: Store; clock: Clock; logger: Logger }) {}

  /** Drops the compiled recipient index; the next fan-out rebuilds it from the store. */
  invalidate(): void {
    this.index = undefined;
  }

  /** Destinations that should receive the alert now (active, not paused, filters matching). */
  async recipients(alert: Alert): Promise<Destination[]> {
    if (!this.index) this.index = buildRecipientIndex(await this.deps.store.destinations.list({ active: true }));
    return this.index.match(alert);
  }

  /**
   * Persists the alert, then one pending delivery per recipient (kind `send`, or `reply` to the
   * story's first alert for follow-ups), then marks the fan-out done. Returns the entries' count.
   */
  async deliver(alert: Alert): Promise<number> {
    const [count] = await this.deliverMany([alert]);
    return count as number;
  }

  /**
   * `deliver` for several alerts with one write per step: all saved as pending, all their entries
   * enqueued, all marked done. Returns each alert's count of entries.
   */
  async deliverMany(alerts: readonly Alert[]): Promise<number[]> {
    if (alerts.length === 0) return [];
    const { store, clock } = this.deps;
    await store.alerts.saveMany(alerts.map((alert) => ({ ...alert, fanout: 'pending' as const })));
    const now = clock.now();
    const perAlert: OutboxEntry[][] = [];
    for (const alert of alerts) perAlert.push(this.entriesFor(alert, await this.recipients(alert), now));
    await store.outbox.enqueue(perAlert.flat());
    await store.alerts.saveMany(alerts.map((alert) => ({ ...alert, fanout: 'done' as const })));
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

  /** Enqueues one edit per destination that received the alert (at most one per alert and minute). */
  async edit(alert: Alert, notBefore: number): Promise<number> {
    const { store, clock } = this.deps;
    const recipients = await this.recipients(alert);
    const bucket = Math.floor(notBefore / 60_000);
    const entries: OutboxEntry[] = recipients.filter((d) => !d.digest).map((destination) => ({
      id: `edit:${destination.key}:${alert.id}:${bucket}`,
      kind: 'edit',
      destinationKey: destination.key,
      alertId: alert.id,
      status: 'pending',
      attempts: 0,
      notBefore,
      createdAt: clock.now(),
    }));
    await store.outbox.enqueue(entries);
    return entries.length;
  }

  /** Finishes fan-outs interrupted by a crash (alerts still marked 'pending'). Returns their count. */
  async recover(sinceMs: number): Promise<number> {
    const pending = (await this.deps.store.alerts.recent(1000, sinceMs)).filter((a) => a.fanout === 'pending');
    for (const alert of pending) {
      this.deps.logger.warn({ alert: alert.id }, 'fan-out: finishing an interrupted fan-out');
      await this.deliver(alert);
    }
    return pending.length;
  }
}
