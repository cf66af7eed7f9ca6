/** The `Store` port over one `Backend`: its repositories, ping, close, and an hourly sweep. */
import type { RecentItem } from '../core/recent-items.js';
import type { Logger, RateWindow, SlotSchedule, Store } from '../ports.js';
import { KeyvFeedbackLog } from './feedback-repo.js';
import { setInPages, type Backend } from './backend.js';
import { dumpBackend, isBackendEmpty, restoreRecords, type DumpRecord, type RestoreCounts } from './dump.js';
import { createGuard, type Guard } from './guard.js';
import { KeyvLeases, newOwnerId } from './leases.js';
import { KeyvNoticeStateRepo } from './notice-repo.js';
import { KeyvOutbox } from './outbox.js';
import { KeyvRecentItemLog } from './recent-items-repo.js';
import { KeyvRefusalLog } from './refusal-repo.js';
import { IndexMemo, KeyvAlertLog, KeyvDestinationRepo, KeyvFeedStateRepo, KeyvSeenLog } from './repositories.js';

/** Retentions (ms), limits and collaborators of one store. */
export interface KeyvStoreOptions {
  /** Backend and host for messages, e.g. `redis 127.0.0.1:6379`. */
  target: string;
  /** A password never to print. */
  secret?: string;
  retentionMs: number;
  alertRetentionMs: number;
  /** How long done and failed outbox entries (and sent message ids) are kept. */
  finishedRetentionMs: number;
  /** Longest wait for one operation. */
  timeoutMs: number;
  /** Interval of the sweep of expired rows (SQL and memory; Redis expires keys itself). */
  sweepEveryMs: number;
  logger: Logger;
  now: () => number;
  /** Several processes may share this store (Redis). */
  shared: boolean;
  /** Owner id of this process's leases (default: host/pid/random). */
  owner?: string;
}

/** A `Store` on keyv plus native primitives; construct it with `openStore`. */
export class KeyvStore implements Store {
  readonly seen: KeyvSeenLog;
  readonly alerts: KeyvAlertLog;
  readonly destinations: KeyvDestinationRepo;
  readonly feedStates: KeyvFeedStateRepo;
  readonly outbox: KeyvOutbox;
  readonly refusals: KeyvRefusalLog;
  readonly leases: KeyvLeases;
  readonly shared: boolean;
  readonly schedule?: SlotSchedule;
  readonly rates?: RateWindow;
  readonly feedback: KeyvFeedbackLog;
  readonly notices: KeyvNoticeStateRepo;
  readonly recentItems: KeyvRecentItemLog;
  private readonly guard: Guard;
  private readonly indexed = new IndexMemo();
  private readonly timer: NodeJS.Timeout;
  private sweeping: Promise<unknown> | undefined;
  private closed = false;

  constructor(private readonly backend: Backend, private readonly options: KeyvStoreOptions) {
    this.guard = createGuard({
      target: options.target,
      timeoutMs: options.timeoutMs,
      ...(options.secret ? { secret: options.secret } : {}),
      isClosed: () => this.closed,
    });
    const ctx = { backend, guard: this.guard, now: options.now, indexed: this.indexed };
    this.seen = new KeyvSeenLog(ctx, options.retentionMs);
    this.alerts = new KeyvAlertLog(ctx, options.alertRetentionMs);
    this.destinations = new KeyvDestinationRepo(ctx);
    this.feedStates = new KeyvFeedStateRepo(ctx);
    this.outbox = new KeyvOutbox(ctx, options.finishedRetentionMs);
    this.refusals = new KeyvRefusalLog(ctx);
    this.leases = new KeyvLeases(ctx, options.owner ?? newOwnerId());
    this.shared = options.shared;
    const schedule = backend.schedule?.();
    if (schedule) this.schedule = guardedSchedule(schedule, this.guard);
    const rates = backend.rates?.();
    if (rates) this.rates = { take: async (key, limit, windowMs) => this.guard('rates.take', async () => rates.take(key, limit, windowMs)) };
    this.feedback = new KeyvFeedbackLog(ctx);
    this.notices = new KeyvNoticeStateRepo(ctx);
    this.recentItems = new KeyvRecentItemLog(ctx);
    this.timer = setInterval(() => void this.backgroundSweep(), options.sweepEveryMs).unref();
  }

  /** Backend and host, as shown in messages. */
  get target(): string {
    return this.options.target;
  }

  async markTaken(marks: readonly string[], recent: readonly RecentItem[]): Promise<void> {
    const entries = [...this.seen.markEntries(marks), ...this.recentItems.entries(recent)];
    if (entries.length === 0) return;
    await this.guard('seen.markTaken', async () => setInPages(this.backend, entries));
  }

  async ping(): Promise<void> {
    await this.guard('ping', async () => this.backend.ping());
  }

  /** Deletes expired values now (they are deleted hourly anyway); resolves how many. */
  async sweep(): Promise<number> {
    return this.guard('sweep', async () => this.backend.sweep(Date.now()));
  }

  /** Every live record of this store (values, then index members), a page at a time, for backups. */
  async *dump(): AsyncIterable<DumpRecord[]> {
    const pages = dumpBackend(this.backend)[Symbol.asyncIterator]();
    for (;;) {
      const next = await this.guard('dump', async () => pages.next());
      if (next.done) return;
      yield next.value;
    }
  }

  /** True when the store holds nothing at all (a restore target). */
  async isEmpty(): Promise<boolean> {
    return this.guard('isEmpty', async () => isBackendEmpty(this.backend));
  }

  /** Writes dumped records back (one page per call); records expired since the dump are counted, not written. */
  async restore(records: readonly DumpRecord[], counts: RestoreCounts): Promise<void> {
    this.indexed.clear();
    await this.guard('restore', async () => restoreRecords(this.backend, records, Date.now(), counts));
  }

  /** Deletes everything stored under this store's namespace (tests, resets). */
  async clear(): Promise<void> {
    this.indexed.clear();
    await this.guard('clear', async () => this.backend.clear());
  }

  /** Waits for a running sweep, then closes the connection; a second call does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.timer);
    await this.sweeping;
    this.closed = true;
    try {
      await this.backend.close();
    } catch (error) {
      this.options.logger.warn({ err: error, store: this.options.target }, 'store close failed');
    }
  }

  private async backgroundSweep(): Promise<void> {
    if (this.sweeping || this.closed) return;
    this.sweeping = this.sweep().then(
      (removed) => this.options.logger.debug({ store: this.options.target, removed }, 'store sweep'),
      (error: unknown) => this.options.logger.warn({ err: error, store: this.options.target }, 'store sweep failed'),
    ).finally(() => { this.sweeping = undefined; });
    await this.sweeping;
  }
}

/** The schedule's calls through the store's guard (time limit, `StoreError`). */
function guardedSchedule(schedule: SlotSchedule, guard: Guard): SlotSchedule {
  return {
    reserve: async (gaps, maxWaitMs) => guard('schedule.reserve', async () => schedule.reserve(gaps, maxWaitMs)),
    hold: async (key, ms) => guard('schedule.hold', async () => schedule.hold(key, ms)),
    peek: async (keys) => guard('schedule.peek', async () => schedule.peek(keys)),
  };
}
