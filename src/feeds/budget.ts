/**
 * The time a feed's parse may take. Parsing runs in short synchronous slices (a chunk of XML, one
 * item); the budget adds up the time of the slices, fails the parse once it is spent, and lets
 * other work run between slices, so a slow body neither freezes the thread nor runs unbounded.
 */
import { performance } from 'node:perf_hooks';
import { FeedError } from '../core/errors.js';

/** Default parse budget of one feed (ms). */
export const DEFAULT_PARSE_BUDGET_MS = 5000;
/** Longest run of work between two yields to the event loop (ms). */
const SLICE_MS = 10;

/** Thrown when a parse has spent its budget; the caller turns it into a `too_slow` FeedError. */
export class BudgetExceeded extends Error {
  constructor(readonly spentMs: number, readonly limitMs: number) {
    super(`parsing took more than ${limitMs} ms`);
  }
}

/** Clocks of a budget, in ms: wall time, and CPU time of the process. */
export interface BudgetClock {
  now(): number;
  cpu(): number;
}

const realClock: BudgetClock = {
  now: () => performance.now(),
  cpu: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
};

/**
 * A running parse budget. Only the work run through `run` is counted, so time spent by other
 * tasks between two slices (another feed's parse, a chat command) never counts against this one.
 * A slice counts the lesser of its wall time and the process's CPU time over it: other processes
 * on a busy machine stretch the first, other threads of this process the second.
 */
export class ParseBudget {
  private spent = 0;
  private spentAtYield = 0;

  constructor(readonly limitMs: number, private readonly clock: BudgetClock = realClock) {}

  /** Time counted so far (ms). */
  spentMs(): number {
    return this.spent;
  }

  /** Runs one synchronous slice of the parse and counts its time. */
  run<T>(slice: () => T): T {
    const wall = this.clock.now();
    const cpu = this.clock.cpu();
    try {
      return slice();
    } finally {
      this.spent += Math.min(this.clock.now() - wall, this.clock.cpu() - cpu);
    }
  }

  /** Throws BudgetExceeded once the budget is spent. */
  check(): void {
    if (this.spent > this.limitMs) throw new BudgetExceeded(this.spent, this.limitMs);
  }

  /** Checks the budget, and yields to the event loop once the slices since the last yield ran long enough. */
  async pause(): Promise<void> {
    this.check();
    if (this.spent - this.spentAtYield < SLICE_MS) return;
    this.spentAtYield = this.spent;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The `too_slow` FeedError of a feed whose parse spent its budget. */
export function tooSlowError(feedId: string, error: BudgetExceeded, status?: number): FeedError {
  const message = `parsing took more than ${error.limitMs} ms; the feed is skipped and retried later`;
  return new FeedError(feedId, 'too_slow', message, { cause: error, ...(status === undefined ? {} : { status }) });
}
