import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../src/core/delivery-types.js';
import { DoneMarks, type DoneMark, type DoneMarkWriter } from '../../src/pipeline/done-marks.js';

function mark(n: number): DoneMark {
  const entry: OutboxEntry = { id: `send:d:${n}`, kind: 'send', destinationKey: 'd', alertId: `a${n}`, status: 'pending', attempts: 0, notBefore: 0, createdAt: 0 };
  return { entry, patch: { messageId: String(n) } };
}

/** A writer whose batch writes wait until the test releases them, one by one. */
class HeldWriter implements DoneMarkWriter {
  readonly batches: string[][] = [];
  readonly single: string[] = [];
  failNext = 0;
  private releases: (() => void)[] = [];

  async write(marks: readonly DoneMark[]): Promise<void> {
    this.batches.push(marks.map((m) => m.entry.id));
    await new Promise<void>((resolve) => this.releases.push(resolve));
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('store unreachable');
    }
  }

  async writeOne(m: DoneMark): Promise<void> {
    this.single.push(m.entry.id);
  }

  /** Lets the oldest held write finish, then lets the queue move on. */
  async release(): Promise<void> {
    this.releases.shift()?.();
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Whether `promise` has settled after the pending callbacks ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => { done = true; });
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('DoneMarks', () => {
  it('add() resolves at once while fewer than max marks are unrecorded, and waits once max are', async () => {
    const writer = new HeldWriter();
    const marks = new DoneMarks(writer, 3);
    expect(await settled(marks.add(mark(1)))).toBe(true);
    expect(await settled(marks.add(mark(2)))).toBe(true);
    const third = marks.add(mark(3));
    expect(await settled(third)).toBe(false);
    await writer.release(); // mark 1 written; 2 and 3 go in the next write
    expect(await settled(third)).toBe(true);
    await writer.release();
    await marks.flush();
  });

  it('writes the marks queued during a write together in the next write, in order', async () => {
    const writer = new HeldWriter();
    const marks = new DoneMarks(writer, 10);
    for (const n of [1, 2, 3, 4]) await marks.add(mark(n));
    await writer.release();
    await writer.release();
    await marks.flush();
    expect(writer.batches).toEqual([['send:d:1'], ['send:d:2', 'send:d:3', 'send:d:4']]);
  });

  it('flush() waits until every queued mark is written', async () => {
    const writer = new HeldWriter();
    const marks = new DoneMarks(writer, 10);
    await marks.add(mark(1));
    await marks.add(mark(2));
    const flushed = marks.flush();
    expect(await settled(flushed)).toBe(false);
    await writer.release();
    expect(await settled(flushed)).toBe(false);
    await writer.release();
    expect(await settled(flushed)).toBe(true);
  });

  it('hands each mark of a failed batch write to writeOne, and the queue moves on', async () => {
    const writer = new HeldWriter();
    writer.failNext = 1;
    const marks = new DoneMarks(writer, 2);
    await marks.add(mark(1));
    const second = marks.add(mark(2));
    await writer.release(); // the batch [1] fails: mark 1 is written on its own
    expect(writer.single).toEqual(['send:d:1']);
    expect(await settled(second)).toBe(true);
    await writer.release();
    await marks.flush();
    expect(writer.batches).toEqual([['send:d:1'], ['send:d:2']]);
  });

  it('refuses a bound below one', () => {
    expect(() => new DoneMarks(new HeldWriter(), 0)).toThrow(/max must be a positive integer, got 0/);
  });
});
