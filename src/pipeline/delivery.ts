/**
 * The delivery worker: takes due entries from the persisted outbox and hands them to the platform
 * notifiers. An entry is marked done only after the platform accepted it, so a crash re-sends at
 * most the messages that were in flight: the one being sent, and in a destination whose platform
 * answers faster than the store writes, the few accepted ones whose mark was still being written
 * (`marksBehind`, see DoneMarks). With several instances on one store, each destination's entries
 * are served by the one instance holding that destination's lease.
 */
import pLimit from 'p-limit';
import { DeliveryError } from '../core/errors.js';
import type { Alert, Destination, Platform } from '../core/types.js';
import type { AlertLog, Clock, CommandHandler, DestinationRepo, Leases, Logger, Notifier, Outbox, RefusalLog } from '../ports.js';
import type { OutboxEntry } from '../core/delivery-types.js';
import { GroupReads, unwanted } from './delivery-reads.js';
import { DoneMarks } from './done-marks.js';
import { sleep } from './sleep.js';

/** What the worker needs; notifiers are keyed by platform id (their capabilities say how to follow up). */
export interface DeliveryDeps {
  outbox: Outbox;
  destinations: DestinationRepo;
  alerts: AlertLog;
  notifiers: Readonly<Record<Platform, Notifier | undefined>>;
  /** Where temporary refusals (missing rights, closed topic) are recorded for `/status`, and cleared after a success. */
  refusals?: RefusalLog;
  /** Told when a destination is gone (bot kicked, channel deleted, missing access). */
  membership?: Pick<CommandHandler, 'left'>;
  /** Present when other instances drain the same outbox: a destination is served under its lease. */
  leases?: Leases;
  clock: Clock;
  logger: Logger;
  /** Destinations served in parallel; entries of one destination always go in order. */
  concurrency?: number;
  /** Failed attempts before an entry is given up (pacing waits and 429s are not attempts). */
  maxAttempts?: number;
  /** Entries read from the outbox per batch. */
  batchSize?: number;
  /** Idle wait between two outbox scans when nothing is due (ms). */
  idleMs?: number;
  /** Lifetime of a destination lease (ms); renewed every third of it while serving. */
  leaseMs?: number;
  /** Waits between tries to record a sent message as done (ms); the message is never sent again meanwhile. */
  markRetryMs?: readonly number[];
  /**
   * Sent messages of one destination whose "done" may still be being written while the next ones go
   * out (see DoneMarks): what a crash can re-send beyond the message in flight, in a destination
   * whose platform accepts messages faster than the store records them.
   */
  marksBehind?: number;
}

/** Counts of one drain. */
export interface DeliveryStats {
  sent: number;
  edited: number;
  retried: number;
  failed: number;
  /** Entries the destination no longer wanted at send time (paused, filters changed). */
  skipped: number;
}

/** What `attempt` did: the platform accepted (record `patch` as done), or the entry waits for its original. */
type Outcome = { done: Partial<OutboxEntry> } | 'wait' | 'finished';

const DEFAULT_MARK_RETRY_MS = [100, 500, 2000, 5000];
const DEFAULT_MARKS_BEHIND = 16;
/** Entries sent but not yet recorded as done, remembered at most (oldest forgotten first). */
const UNSETTLED_MAX = 10_000;

/** Serves the outbox until aborted; `drain` serves what is due now and returns. */
export class DeliveryWorker {
  private readonly limit: ReturnType<typeof pLimit>;
  private wakeUp: (() => void) | undefined;
  /** Sent entries whose "done" could not be stored yet: their next turn only stores it. */
  private readonly unsettled = new Map<string, Partial<OutboxEntry>>();

  constructor(private readonly deps: DeliveryDeps) {
    this.limit = pLimit(deps.concurrency ?? 32);
  }

  /**
   * Serves every entry due now (including ones that become due while draining), then resolves.
   * Destinations another instance is serving are waited for: their entries are served by it.
   */
  async drain(signal?: AbortSignal): Promise<DeliveryStats> {
    const stats: DeliveryStats = { sent: 0, edited: 0, retried: 0, failed: 0, skipped: 0 };
    for (;;) {
      if (signal?.aborted) return stats;
      const due = await this.deps.outbox.due(this.deps.clock.now(), this.deps.batchSize ?? 500);
      if (due.length === 0) return stats;
      const groups = [...groupByDestination(due).values()];
      const served = await Promise.all(groups.map((entries) => this.limit(async () => this.serveGroup(entries, stats, signal))));
      // Every due destination is another instance's for now: give it time instead of spinning.
      if (!served.some(Boolean)) await sleep(250, signal);
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

  /** Serves one destination's entries in order; false when another instance holds the destination. */
  private async serveGroup(entries: OutboxEntry[], stats: DeliveryStats, signal?: AbortSignal): Promise<boolean> {
    const { leases } = this.deps;
    if (!leases) {
      await this.serveAll(entries, stats, () => signal?.aborted ?? false);
      return true;
    }
    const name = `deliver:${entries[0]!.destinationKey}`;
    const ttl = this.deps.leaseMs ?? 30_000;
    if (!(await leases.acquire(name, ttl))) return false;
    let lost = false;
    const renew = setInterval(() => {
      leases.acquire(name, ttl).then((ours) => { lost ||= !ours; }, () => { lost = true; });
    }, ttl / 3);
    try {
      // Read again under the lease: another instance may have served them since `due()`.
      const now = this.deps.clock.now();
      const fresh = await Promise.all(entries.map(async (e) => this.deps.outbox.get(e.id)));
      const pending = fresh.filter((e): e is OutboxEntry => e?.status === 'pending' && e.notBefore <= now);
      await this.serveAll(pending, stats, () => lost || (signal?.aborted ?? false));
    } finally {
      clearInterval(renew);
      await leases.release(name).catch(() => undefined);
    }
    return true;
  }

  private async serveAll(entries: OutboxEntry[], stats: DeliveryStats, stop: () => boolean): Promise<void> {
    const reads = new GroupReads(this.deps, entries);
    const marks = new DoneMarks({
      write: async (done) => {
        await this.deps.outbox.finishMany(done.map(({ entry, patch }) => finished(entry, 'done', patch)));
        for (const { entry } of done) this.unsettled.delete(entry.id);
      },
      writeOne: async ({ entry, patch }) => this.markDone(entry, patch),
    }, this.deps.marksBehind ?? DEFAULT_MARKS_BEHIND);
    try {
      for (const [index, entry] of entries.entries()) {
        if (stop()) return;
        // Edits, replies and digests read what earlier sends recorded (their message ids).
        if (entry.kind !== 'send') await marks.flush();
        await this.serve(entry, stats, reads, index, marks);
      }
    } finally {
      await marks.flush();
    }
  }

  private async serve(entry: OutboxEntry, stats: DeliveryStats, reads: GroupReads, index: number, marks: DoneMarks): Promise<void> {
    const { deps } = this;
    const settled = this.unsettled.get(entry.id);
    if (settled) {
      // Sent already: only its "done" is missing.
      await this.markDone(entry, settled);
      return;
    }
    const [read, alert] = await reads.at(index);
    // A chat that moved (group → supergroup): its queued entries go to where it is now.
    const destination = read?.movedTo ? await deps.destinations.get(read.movedTo) : read;
    const notifier = destination ? deps.notifiers[destination.platform] : undefined;
    const skip = !destination ? 'destination unknown' : !destination.active ? 'destination inactive'
      : !alert ? 'alert expired' : !notifier ? `no ${destination.platform} notifier configured` : undefined;
    if (skip || !destination || !alert || !notifier) {
      await this.finish(entry, 'failed', { lastError: skip ?? 'unknown' });
      stats.failed++;
      return;
    }
    const unwantedNow = unwanted(entry, destination, alert);
    if (unwantedNow) {
      await this.finish(entry, 'done', { attempts: entry.attempts, lastError: unwantedNow });
      stats.skipped++;
      return;
    }
    let outcome: Outcome;
    try {
      outcome = await this.attempt(entry, destination, alert, notifier);
    } catch (error) {
      // A destination found gone is deactivated: the next entry must read it again.
      if (error instanceof DeliveryError && error.gone) reads.refresh();
      await this.failure(entry, destination, error, stats, reads);
      return;
    }
    if (outcome === 'wait') return;
    if (outcome !== 'finished' && entry.kind === 'send') await marks.add({ entry, patch: outcome.done });
    else if (outcome !== 'finished') await this.markDone(entry, outcome.done);
    if (entry.kind === 'edit') stats.edited++;
    else stats.sent++;
    await this.accepted(destination, reads);
  }

  /** A message got through: the destination's temporary refusal, if any, is over. */
  private async accepted(destination: Destination, reads: GroupReads): Promise<void> {
    if (!this.deps.refusals || (await reads.refusal(destination.key).catch(() => undefined)) === undefined) return;
    reads.setRefusal(destination.key, undefined);
    await this.deps.refusals.clear(destination.key).catch((error: unknown) => {
      this.deps.logger.warn({ destination: destination.key, err: error }, 'delivery: could not clear the destination\'s refusal');
    });
    this.deps.logger.info({ destination: destination.key }, 'delivery: the destination accepts messages again');
  }

  /** Records a temporary refusal (kept from its first occurrence) for `/status`; never fails the delivery. */
  private async refused(destination: Destination, err: DeliveryError, retryAt: number, reads: GroupReads): Promise<void> {
    const { refusals, clock, logger } = this.deps;
    if (!refusals || err.refusal === undefined) return;
    try {
      const now = clock.now();
      const previous = await reads.refusal(destination.key);
      const refusal = { destinationKey: destination.key, kind: err.refusal, since: previous?.since ?? now, lastAt: now, retryAt };
      await refusals.put(refusal);
      reads.setRefusal(destination.key, refusal);
    } catch (error) {
      logger.warn({ destination: destination.key, err: error }, 'delivery: could not record the destination\'s refusal');
    }
  }

  /** Performs the entry on the platform; store writes that follow a platform call are the caller's. */
  private async attempt(entry: OutboxEntry, destination: Destination, alert: Alert, notifier: Notifier): Promise<Outcome> {
    const { outbox, clock } = this.deps;
    if (entry.kind === 'digest') {
      const listed = await Promise.all((entry.alertIds ?? [entry.alertId]).map((id) => this.deps.alerts.get(id)));
      const { messageId } = await notifier.sendDigest(destination, listed.filter((a): a is Alert => a !== undefined));
      return { done: { messageId } };
    }
    if (entry.kind === 'send') {
      const { messageId } = await notifier.send(destination, alert);
      return { done: { messageId, shownSources: alert.sources.length } };
    }
    const targetAlertId = entry.kind === 'edit' ? entry.alertId : entry.replyToAlertId;
    const target = entry.targetMessageId ?? (targetAlertId ? await this.messageIdOf(entry, destination, targetAlertId) : undefined);
    if (!target) {
      const original = targetAlertId ? await this.originalOf(entry, destination, targetAlertId) : undefined;
      if (original?.status === 'pending') {
        await outbox.update({ ...entry, notBefore: Math.max(original.notBefore, clock.now()) + 1000 });
        return 'wait';
      }
      if (entry.kind === 'edit') {
        await this.finish(entry, 'failed', { lastError: 'original message was never sent' });
        return 'finished';
      }
    }
    if (entry.kind === 'edit') return this.editIfChanged(entry, destination, alert, target as string, notifier);
    // Without replies (webhooks), the story's change goes out as a follow-up message.
    const how = !notifier.capabilities.replies ? { followUp: 'story' as const } : target ? { replyTo: target } : undefined;
    const { messageId } = await notifier.send(destination, alert, how);
    return { done: { messageId } };
  }

  /** Edits the message unless it already shows every source (an earlier edit rendered them all). */
  private async editIfChanged(entry: OutboxEntry, destination: Destination, alert: Alert, messageId: string, notifier: Notifier): Promise<Outcome> {
    const original = await this.originalOf(entry, destination, alert.id);
    if (original?.shownSources === alert.sources.length) {
      await this.finish(entry, 'done', { messageId, lastError: 'skipped: the message already shows every source' });
      return 'finished';
    }
    // Without edits (webhooks), the new sources go out as a short follow-up message.
    if (notifier.capabilities.edits) await notifier.edit(destination, messageId, alert);
    else await notifier.send(destination, alert, { followUp: 'sources' });
    if (original) {
      // Only saves a later edit with nothing new; losing it costs one harmless edit.
      await this.deps.outbox.update({ ...original, shownSources: alert.sources.length }).catch(() => undefined);
    }
    return { done: { messageId } };
  }

  /** Every key the chat had: where it is now, the entry's, and the one it moved from. */
  private keysOf(entry: OutboxEntry, destination: Destination): string[] {
    return [...new Set([destination.key, entry.destinationKey, ...(destination.movedFrom ? [destination.movedFrom] : [])])];
  }

  /** The message id the alert got in this chat, under any of its keys. */
  private async messageIdOf(entry: OutboxEntry, destination: Destination, alertId: string): Promise<string | undefined> {
    for (const key of this.keysOf(entry, destination)) {
      const id = await this.deps.outbox.messageIdFor(key, alertId);
      if (id !== undefined) return id;
    }
    return undefined;
  }

  /** The `send` entry of the alert in this chat, under any of its keys. */
  private async originalOf(entry: OutboxEntry, destination: Destination, alertId: string): Promise<OutboxEntry | undefined> {
    for (const key of this.keysOf(entry, destination)) {
      const original = await this.deps.outbox.get(`send:${key}:${alertId}`);
      if (original !== undefined) return original;
    }
    return undefined;
  }

  /**
   * Records a platform-accepted entry as done, retrying the store write on its own: the message is
   * never sent again for a failed write. When every try fails the entry is remembered, and its next
   * turn (at the next drain) only records it.
   */
  private async markDone(entry: OutboxEntry, patch: Partial<OutboxEntry>): Promise<void> {
    const waits = this.deps.markRetryMs ?? DEFAULT_MARK_RETRY_MS;
    for (let i = 0; ; i++) {
      try {
        await this.finish(entry, 'done', patch);
        this.unsettled.delete(entry.id);
        return;
      } catch (error) {
        if (i >= waits.length) {
          this.deps.logger.error({ entry: entry.id, err: error }, 'delivery: sent, but could not record it; it will be recorded, not re-sent');
          this.unsettled.set(entry.id, patch);
          if (this.unsettled.size > UNSETTLED_MAX) this.unsettled.delete(this.unsettled.keys().next().value as string);
          return;
        }
        await sleep(waits[i]!);
      }
    }
  }

  private async failure(entry: OutboxEntry, destination: Destination, error: unknown, stats: DeliveryStats, reads: GroupReads): Promise<void> {
    const { deps } = this;
    const err = error instanceof DeliveryError ? error : undefined;
    // Pacing waits and 429s never reached the platform's decision: they are not attempts.
    const attempts = entry.attempts + (err?.throttled ? 0 : 1);
    const log = { destination: destination.key, alert: entry.alertId, kind: entry.kind, attempts, err: error };
    if (err?.gone) {
      deps.logger.warn(log, 'delivery: destination gone, deactivating it');
      await deps.membership?.left(destination.platform, destination.chatId, err.message, { forget: err.forget });
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
    const wait = retryWait(err, attempts);
    if (!err?.throttled) deps.logger.warn({ ...log, retryInMs: wait }, 'delivery: will retry');
    const retryAt = deps.clock.now() + wait;
    await deps.outbox.update({ ...entry, attempts, notBefore: retryAt, lastError: errorText(error) });
    if (err?.refusal) await this.refused(destination, err, retryAt, reads);
    stats.retried++;
  }

  private async finish(entry: OutboxEntry, status: 'done' | 'failed', patch: Partial<OutboxEntry>): Promise<void> {
    await this.deps.outbox.update(finished(entry, status, patch));
  }
}

/** The entry as recorded finished: a done one counts its successful attempt. */
function finished(entry: OutboxEntry, status: 'done' | 'failed', patch: Partial<OutboxEntry>): OutboxEntry {
  return { ...entry, attempts: entry.attempts + (status === 'done' ? 1 : 0), ...patch, status };
}

/**
 * The wait before the next try: exactly what a throttle asked; a platform's own wait doubled per
 * failed attempt (missing rights: 1, 2, 4… minutes, at most 6 h); otherwise 2, 4, 8… s up to 15 min.
 */
function retryWait(err: DeliveryError | undefined, attempts: number): number {
  if (err?.retryAfterMs === undefined) return Math.min(1000 * 2 ** attempts, 15 * 60_000);
  if (err.throttled) return err.retryAfterMs;
  return Math.min(err.retryAfterMs * 2 ** Math.max(0, attempts - 1), 6 * 3_600_000);
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
