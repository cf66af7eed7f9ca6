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
 * The slices between two yields to the event loop (a stretch, about 10 ms) count the lesser of
 * their wall time and the process's CPU time over the stretch: other processes on a busy machine
 * stretch the first, other threads of this process the second. The CPU clock (a system call) is
 * read twice a stretch, not around every slice: thousands of items make thousands of slices.
 */
export class ParseBudget {
  /** Time counted by the stretches already settled. */
  private spent = 0;
  private spentAtYield = 0;
  /** Wall time of the current stretch's slices, and the CPU clock at its first slice. */
  private stretchWall = 0;
  private stretchCpu: number | undefined;

  constructor(readonly limitMs: number, private readonly clock: BudgetClock = realClock) {}

  /** Time counted so far (ms). */
  spentMs(): number {
    this.settle();
    return this.spent;
  }

  /** Runs one synchronous slice of the parse and counts its time. */
  run<T>(slice: () => T): T {
    this.stretchCpu ??= this.clock.cpu();
    const wall = this.clock.now();
    try {
      return slice();
    } finally {
      this.stretchWall += this.clock.now() - wall;
    }
  }

  /** Throws BudgetExceeded once the budget is spent. */
  check(): void {
    // The stretch's wall time bounds what it will count: the CPU clock is read only when it matters.
    if (this.spent + this.stretchWall <= this.limitMs) return;
    this.settle();
    if (this.spent > this.limitMs) throw new BudgetExceeded(this.spent, this.limitMs);
  }

  /** Checks the budget, and yields to the event loop once the slices since the last yield ran long enough. */
  async pause(): Promise<void> {
    this.check();
    if (this.spent + this.stretchWall - this.spentAtYield < SLICE_MS) return;
    this.settle();
    this.spentAtYield = this.spent;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Ends the current stretch: counts the lesser of its slices' wall time and the CPU time over it. */
  private settle(): void {
    if (this.stretchCpu === undefined) return;
    this.spent += Math.min(this.stretchWall, this.clock.cpu() - this.stretchCpu);
    this.stretchWall = 0;
    this.stretchCpu = undefined;
  }
}

/** The `too_slow` FeedError of a feed whose parse spent its budget. */
export function tooSlowError(feedId: string, error: BudgetExceeded, status?: number): FeedError {
  const message = `parsing took more than ${error.limitMs} ms; the feed is skipped and retried later`;
  return new FeedError(feedId, 'too_slow', message, { cause: error, ...(status === undefined ? {} : { status }) });
}

/** Characters of a document handed to a parser per synchronous slice. */
const SLICE_CHARS = 65_536;

/**
 * Hands `text` to `write` one slice at a time, each slice counted by `budget` and followed by its
 * pause, until the text is read or `done()` says the parser needs no more (its BudgetExceeded and
 * `write`'s errors propagate).
 */
export async function writeInSlices(text: string, budget: ParseBudget, write: (slice: string) => void, done: () => boolean): Promise<void> {
  for (let at = 0; at < text.length && !done(); at += SLICE_CHARS) {
    budget.run(() => write(text.slice(at, at + SLICE_CHARS)));
    await budget.pause();
  }
}
