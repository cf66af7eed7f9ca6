/**
 * The delivery worker: takes due entries from the persisted outbox and hands them to the platform
 * notifiers. An entry is marked done only after the platform accepted it, so a crash re-sends at
 * most the messages that were in flight.
 */
import pLimit from 'p-limit';
import { DeliveryError } from '../core/errors.js';
import type { Alert, Destination, Platform } from '../core/types.js';
import type {
  AlertLog, Clock, CommandHandler, DestinationRepo, Logger, Notifier, Outbox, OutboxEntry,
} from '../ports.js';
import { sleep } from './sleep.js';

/** What the worker needs; notifiers are keyed by platform id (their capabilities say how to follow up). */
export interface DeliveryDeps {
  outbox: Outbox;
  destinations: DestinationRepo;
  alerts: AlertLog;
  notifiers: Readonly<Record<Platform, Notifier | undefined>>;
  /** Told when a destination is gone (bot kicked, channel deleted, missing access). */
  membership?: Pick<CommandHandler, 'left'>;
  clock: Clock;
  logger: Logger;
  /** Destinations served in parallel; entries of one destination always go in order. */
  concurrency?: number;
  /** Retryable failures before an entry is given up. */
  maxAttempts?: number;
  /** Entries read from the outbox per batch. */
  batchSize?: number;
  /** Idle wait between two outbox scans when nothing is due (ms). */
  idleMs?: number;
}

/** Counts of one drain. */
export interface DeliveryStats {
  sent: number;
  edited: number;
  retried: number;
  failed: number;
}

/** Serves the outbox until aborted; `drain` serves what is due now and returns. */
export class DeliveryWorker {
  private readonly limit: ReturnType<typeof pLimit>;
  private wakeUp: (() => void) | undefined;

  constructor(private readonly deps: DeliveryDeps) {
    this.limit = pLimit(deps.concurrency ?? 32);
  }

  /** Serves every entry due now (including ones that become due while draining), then resolves. */
  async drain(signal?: AbortSignal): Promise<DeliveryStats> {
    const stats: DeliveryStats = { sent: 0, edited: 0, retried: 0, failed: 0 };
    for (;;) {
      if (signal?.aborted) return stats;
      const due = await this.deps.outbox.due(this.deps.clock.now(), this.deps.batchSize ?? 500);
      if (due.length === 0) return stats;
      const groups = groupByDestination(due);
      await Promise.all([...groups.values()].map((entries) => this.limit(async () => {
        const reads = new GroupReads(this.deps, entries);
        for (const [index, entry] of entries.entries()) {
          if (signal?.aborted) return;
          await this.serve(entry, stats, reads, index);
        }
      })));
    }
  }

  /** Drains, then waits for `wake()` or the idle period, until the signal aborts. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.drain(signal);
      } catch (error) {
        this.deps.logger.error({ err: error }, 'delivery: outbox unavailable, retrying');
      }
      await new Promise<void>((resolve) => {
        this.wakeUp = resolve;
        void sleep(this.deps.idleMs ?? 1000, signal).then(resolve, resolve);
      });
      this.wakeUp = undefined;
    }
  }

  /** Ends the current idle wait early (new entries were enqueued). */
  wake(): void {
    this.wakeUp?.();
  }

  private async serve(entry: OutboxEntry, stats: DeliveryStats, reads: GroupReads, index: number): Promise<void> {
    const { deps } = this;
    const [destination, alert] = await reads.at(index);
    const notifier = destination ? deps.notifiers[destination.platform] : undefined;
    const skip = !destination ? 'destination unknown' : !destination.active ? 'destination inactive'
      : !alert ? 'alert expired' : !notifier ? `no ${destination.platform} notifier configured` : undefined;
    if (skip || !destination || !alert || !notifier) {
      await this.finish(entry, 'failed', { lastError: skip ?? 'unknown' });
      stats.failed++;
      return;
    }
    try {
      const outcome = await this.attempt(entry, destination, alert, notifier);
      if (outcome === 'wait') return;
      if (entry.kind === 'edit') stats.edited++;
      else stats.sent++;
    } catch (error) {
      // A destination found gone is deactivated: the next entry must read it again.
      if (error instanceof DeliveryError && error.gone) reads.refresh();
      await this.failure(entry, destination, error, stats);
    }
  }

  /** Performs the entry on the platform; 'wait' when it depends on a message not yet sent. */
  private async attempt(entry: OutboxEntry, destination: Destination, alert: Alert, notifier: Notifier): Promise<'done' | 'wait'> {
    const { outbox, clock } = this.deps;
    if (entry.kind === 'digest') {
      const listed = await Promise.all((entry.alertIds ?? [entry.alertId]).map((id) => this.deps.alerts.get(id)));
      const { messageId } = await notifier.sendDigest(destination, listed.filter((a): a is Alert => a !== undefined));
      await this.finish(entry, 'done', { messageId });
      return 'done';
    }
    if (entry.kind === 'send') {
      const { messageId } = await notifier.send(destination, alert);
      await this.finish(entry, 'done', { messageId, shownSources: alert.sources.length });
      return 'done';
    }
    const targetAlertId = entry.kind === 'edit' ? entry.alertId : entry.replyToAlertId;
    const target = entry.targetMessageId
      ?? (targetAlertId ? await outbox.messageIdFor(destination.key, targetAlertId) : undefined);
    if (!target) {
      const original = targetAlertId ? await outbox.get(`send:${destination.key}:${targetAlertId}`) : undefined;
      if (original?.status === 'pending') {
        await outbox.update({ ...entry, notBefore: Math.max(original.notBefore, clock.now()) + 1000 });
        return 'wait';
      }
      if (entry.kind === 'edit') {
        await this.finish(entry, 'failed', { lastError: 'original message was never sent' });
        return 'done';
      }
    }
    if (entry.kind === 'edit') {
      await this.editIfChanged(entry, destination, alert, target as string, notifier);
    } else {
      // Without replies (webhooks), the story's change goes out as a follow-up message.
      const how = !notifier.capabilities.replies ? { followUp: 'story' as const } : target ? { replyTo: target } : undefined;
      const { messageId } = await notifier.send(destination, alert, how);
      await this.finish(entry, 'done', { messageId });
    }
    return 'done';
  }

  /** Edits the message unless it already shows every source (an earlier edit rendered them all). */
  private async editIfChanged(entry: OutboxEntry, destination: Destination, alert: Alert, messageId: string, notifier: Notifier): Promise<void> {
    const original = await this.deps.outbox.get(`send:${destination.key}:${alert.id}`);
    if (original?.shownSources === alert.sources.length) {
      await this.finish(entry, 'done', { messageId, lastError: 'skipped: the message already shows every source' });
      return;
    }
    // Without edits (webhooks), the new sources go out as a short follow-up message.
    if (notifier.capabilities.edits) await notifier.edit(destination, messageId, alert);
    else await notifier.send(destination, alert, { followUp: 'sources' });
    await this.finish(entry, 'done', { messageId });
    if (original) await this.deps.outbox.update({ ...original, shownSources: alert.sources.length });
  }

  private async failure(entry: OutboxEntry, destination: Destination, error: unknown, stats: DeliveryStats): Promise<void> {
    const { deps } = this;
    const attempts = entry.attempts + 1;
    const err = error instanceof DeliveryError ? error : undefined;
    const log = { destination: destination.key, alert: entry.alertId, kind: entry.kind, attempts, err: error };
    if (err?.gone) {
      deps.logger.warn(log, 'delivery: destination gone, deactivating it');
      await deps.membership?.left(destination.platform, destination.chatId, err.message);
      await this.finish(entry, 'failed', { attempts, lastError: err.message });
      stats.failed++;
      return;
    }
    const retryable = err ? err.retryable : true;
    if (!retryable || attempts >= (deps.maxAttempts ?? 8)) {
      deps.logger.error(log, retryable ? 'delivery: giving up after retries' : 'delivery: rejected by the platform');
      await this.finish(entry, 'failed', { attempts, lastError: errorText(error) });
      stats.failed++;
      return;
    }
    const wait = err?.retryAfterMs ?? Math.min(1000 * 2 ** attempts, 15 * 60_000);
    deps.logger.warn({ ...log, retryInMs: wait }, 'delivery: will retry');
    await deps.outbox.update({ ...entry, attempts, notBefore: deps.clock.now() + wait, lastError: errorText(error) });
    stats.retried++;
  }

  private async finish(entry: OutboxEntry, status: 'done' | 'failed', patch: Partial<OutboxEntry>): Promise<void> {
    await this.deps.outbox.update({ ...entry, attempts: entry.attempts + (status === 'done' ? 1 : 0), ...patch, status });
  }
}

/** Entries of one destination whose destination and alerts are read together (one store read). */
const READ_WINDOW = 16;

/**
 * The reads of one destination's entries: the destination and the alerts of the next
 * `READ_WINDOW` entries are fetched at once, so settings changed meanwhile (a chat that stopped
 * its alerts) apply within that many entries. Edits always read their alert at serve time: they
 * must render every source known by then.
 */
class GroupReads {
  private destination: Promise<Destination | undefined> | undefined;
  private readonly alerts = new Map<string, Promise<Alert | undefined>>();

  constructor(private readonly deps: Pick<DeliveryDeps, 'destinations' | 'alerts'>, private readonly entries: OutboxEntry[]) {}

  /** The destination and alert of entry `index`; entries are asked for in order. */
  async at(index: number): Promise<[Destination | undefined, Alert | undefined]> {
    const entry = this.entries[index] as OutboxEntry;
    if (index % READ_WINDOW === 0) {
      this.destination = undefined;
      this.alerts.clear();
      const ids = [...new Set(this.entries.slice(index, index + READ_WINDOW).filter((e) => e.kind !== 'edit').map((e) => e.alertId))];
      const read = handled(this.deps.alerts.getMany(ids));
      ids.forEach((id, i) => this.alerts.set(id, handled(read.then((alerts) => alerts[i]))));
    }
    this.destination ??= handled(this.deps.destinations.get(entry.destinationKey));
    const alert = (entry.kind !== 'edit' && this.alerts.get(entry.alertId)) || this.deps.alerts.get(entry.alertId);
    return Promise.all([this.destination, alert]);
  }

  /** Reads the destination again for the next entry. */
  refresh(): void {
    this.destination = undefined;
  }
}

/** The same promise, marked as handled: a prefetch nobody awaits (abort, failure) is not an unhandled rejection. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function groupByDestination(entries: OutboxEntry[]): Map<string, OutboxEntry[]> {
  const groups = new Map<string, OutboxEntry[]>();
  for (const entry of entries) {
    const list = groups.get(entry.destinationKey);
    if (list) list.push(entry);
    else groups.set(entry.destinationKey, [entry]);
  }
  return groups;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
