/**
 * Digest mode: a destination with `digest` set gets one message a day listing the alerts that
 * matched it since the previous digest, instead of each alert as it comes.
 */
import { previousDigestAt } from '../core/digest.js';
import { buildRecipientIndex } from '../core/filters.js';
import type { Destination } from '../core/types.js';
import type { Clock, Logger, Store } from '../ports.js';

const DAY = 86_400_000;

/** Enqueues the digests that are due; call it every minute or so. */
export class Digests {
  constructor(private readonly deps: { store: Store; clock: Clock; logger: Logger }) {}

  /** Checks every digest destination once; returns the number of digests enqueued. */
  async tick(): Promise<number> {
    const destinations = (await this.deps.store.destinations.list({ active: true })).filter((d) => d.digest && !d.paused);
    let enqueued = 0;
    for (const destination of destinations) {
      if (await this.handle(destination)) enqueued++;
    }
    return enqueued;
  }

  private async handle(destination: Destination): Promise<boolean> {
    const { store, clock, logger } = this.deps;
    const digest = destination.digest as NonNullable<Destination['digest']>;
    let due: number;
    try {
      due = previousDigestAt(digest.time, digest.timeZone, clock.now());
    } catch (error) {
      logger.warn({ destination: destination.key, digest, err: error }, 'digest: invalid time or zone, skipped');
      return false;
    }
    // Nothing due since the last one; a digest chosen after today's time starts tomorrow.
    if (due <= (destination.lastDigestAt ?? destination.updatedAt)) return false;
    const since = Math.max(destination.lastDigestAt ?? due - DAY, due - DAY);
    const index = buildRecipientIndex([{ ...destination, digest: undefined } as Destination]);
    const alerts = (await store.alerts.recent(500, since))
      .filter((a) => a.createdAt <= due && a.fanout !== 'none' && index.match(a).length > 0)
      .reverse();
    if (alerts.length > 0) {
      const now = clock.now();
      await store.outbox.enqueue([{
        id: `digest:${destination.key}:${due}`, kind: 'digest', destinationKey: destination.key, alertId: alerts[0]!.id,
        alertIds: alerts.map((a) => a.id), status: 'pending', attempts: 0, notBefore: now, createdAt: now,
      }]);
    }
    const current = await store.destinations.get(destination.key);
    if (current) await store.destinations.put({ ...current, lastDigestAt: due });
    logger.info({ destination: destination.key, alerts: alerts.length }, 'digest: due');
    return alerts.length > 0;
  }
}
