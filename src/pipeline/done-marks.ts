/**
 * "Done" marks of one destination's sends, written behind them: when a platform accepts a message,
 * its mark is queued and the next entry goes out while the marks are written, as many per store
 * write as were queued meanwhile. Where sends are quicker than a store write (the console, a local
 * webhook) one write records many; where they are slower each mark is written during the next send.
 */
import type { OutboxEntry } from '../core/delivery-types.js';

/** A sent entry and what to record with it. */
export interface DoneMark {
  entry: OutboxEntry;
  patch: Partial<OutboxEntry>;
}

/** How the marks are stored. */
export interface DoneMarkWriter {
  /** Stores the marks in one write. */
  write(marks: readonly DoneMark[]): Promise<void>;
  /** Stores one mark after `write` failed for its batch (retrying on its own, never throwing). */
  writeOne(mark: DoneMark): Promise<void>;
}

/**
 * Done marks queued behind the sends of one destination. At most `max` accepted entries are
 * unrecorded at any time (queued or being written): a crash re-sends no more than those, and
 * `add` waits while that many are.
 */
export class DoneMarks {
  private queued: DoneMark[] = [];
  /** Queued plus being written. */
  private unwritten = 0;
  private writing: Promise<void> | undefined;
  /** Resolved after each batch is written. */
  private waiters: (() => void)[] = [];

  constructor(private readonly writer: DoneMarkWriter, private readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`DoneMarks: max must be a positive integer, got ${max}`);
  }

  /** Queues a sent entry's mark; resolves once fewer than `max` marks are unrecorded. */
  async add(mark: DoneMark): Promise<void> {
    this.queued.push(mark);
    this.unwritten++;
    this.writing ??= this.writeQueued();
    while (this.unwritten >= this.max) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Resolves once every queued mark is stored (or handed to `writeOne`, which retries it). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Writes the queue batch after batch until it is empty. */
  private async writeQueued(): Promise<void> {
    try {
      while (this.queued.length > 0) {
        const batch = this.queued;
        this.queued = [];
        try {
          await this.writer.write(batch);
        } catch {
          // writeOne retries and reports on its own; a throw must not strand the waiters.
          for (const mark of batch) await this.writer.writeOne(mark).catch(() => undefined);
        }
        this.unwritten -= batch.length;
        const waiters = this.waiters;
        this.waiters = [];
        for (const wake of waiters) wake();
      }
    } finally {
      this.writing = undefined;
    }
  }
}
