/** The poll loop: sequential cycles separated by the poll interval, stopped by an AbortSignal. */
import type { Clock, Logger, Store } from '../ports.js';
import type { FeedState } from '../core/feed-types.js';
import type { StatusInfo } from '../core/platform.js';
import type { CycleReport, Poller } from './poll.js';
import { sleep } from './sleep.js';

/** Runs cycles until the signal aborts (or once). Tracks the last cycle for `/status`. */
export class Scheduler {
  lastCycleAt: number | undefined;
  lastReport: CycleReport | undefined;

  constructor(private readonly deps: { poller: Poller; clock: Clock; logger: Logger; intervalMs: number; afterCycle?: (report: CycleReport, startedAt: number) => Promise<void> }) {}

  /** One cycle; a store failure is logged and the cycle skipped (the next one retries). */
  async runOnce(signal: AbortSignal, options: { force?: boolean } = {}): Promise<CycleReport | undefined> {
    const { poller, logger, clock } = this.deps;
    const startedAt = clock.now();
    try {
      const report = await poller.cycle(signal, options);
      this.lastCycleAt = clock.now();
      this.lastReport = report;
      logger.info({ ...report }, 'cycle');
      await this.deps.afterCycle?.(report, startedAt);
      return report;
    } catch (error) {
      logger.error({ err: error }, 'cycle skipped: the store failed; nothing was announced, the next cycle retries');
      return undefined;
    }
  }

  /** Cycles every `intervalMs` (measured start to start) until aborted. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const started = this.deps.clock.now();
      await this.runOnce(signal);
      await sleep(this.deps.intervalMs - (this.deps.clock.now() - started), signal);
    }
  }

  /** Figures for `/status`, from the store's feed states and recent alerts. */
  async status(store: Store, feedCount: number): Promise<StatusInfo> {
    const states = await store.feedStates.all();
    const failingFeeds = Object.entries(states)
      .filter(([, s]) => s.failures > 0)
      .map(([id, s]) => ({ id, error: errorKind(s) }));
    const [last] = await store.alerts.recent(1);
    return {
      feeds: feedCount,
      failingFeeds,
      ...(this.lastCycleAt !== undefined ? { lastCycleAt: this.lastCycleAt } : {}),
      ...(last ? { lastAlertAt: last.createdAt } : {}),
    };
  }
}

/** A failing feed's error as /status shows it: its kind (and HTTP status), never the message, which may carry URLs. */
export function errorKind(state: FeedState): string {
  if (state.lastErrorKind === 'http_status' && state.lastStatus !== undefined) return `HTTP ${state.lastStatus}`;
  return (state.lastErrorKind ?? 'error').replace(/_/g, ' ');
}
