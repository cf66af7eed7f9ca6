import { describe, expect, it } from 'vitest';
import { BudgetExceeded, ParseBudget, tooSlowError, writeInSlices } from '../../src/feeds/budget.js';

/** A clock that moves only when told. */
function manualClock(): { now: () => number; cpu: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, cpu: () => t, advance: (ms) => void (t += ms) };
}

describe('ParseBudget', () => {
  it('counts only the time of the slices it runs, not the time between them', () => {
    const clock = manualClock();
    const budget = new ParseBudget(100, clock);
    budget.run(() => clock.advance(30));
    clock.advance(500); // another task's work
    budget.run(() => clock.advance(20));
    expect(budget.spentMs()).toBe(50);
    expect(() => budget.check()).not.toThrow();
  });

  it('counts the lesser of wall and CPU time: a slice stretched by other processes counts its CPU time', () => {
    let wall = 0;
    let cpu = 0;
    const budget = new ParseBudget(100, { now: () => wall, cpu: () => cpu });
    budget.run(() => {
      wall += 80;
      cpu += 30;
    });
    expect(budget.spentMs()).toBe(30);
  });

  it('throws BudgetExceeded once the slices have spent more than the limit', () => {
    const clock = manualClock();
    const budget = new ParseBudget(100, clock);
    budget.run(() => clock.advance(101));
    expect(() => budget.check()).toThrow(BudgetExceeded);
  });

  it('counts a slice that throws', () => {
    const clock = manualClock();
    const budget = new ParseBudget(100, clock);
    expect(() => budget.run(() => {
      clock.advance(40);
      throw new Error('boom');
    })).toThrow('boom');
    expect(budget.spentMs()).toBe(40);
  });

  it('pause() rejects when spent and yields to the event loop after long slices', async () => {
    const clock = manualClock();
    const budget = new ParseBudget(100, clock);
    let other = false;
    setImmediate(() => {
      other = true;
    });
    budget.run(() => clock.advance(15));
    await budget.pause();
    expect(other).toBe(true);
    budget.run(() => clock.advance(90));
    await expect(budget.pause()).rejects.toBeInstanceOf(BudgetExceeded);
  });

  it('tooSlowError is a too_slow FeedError naming the feed and the limit', () => {
    const error = tooSlowError('zataz', new BudgetExceeded(2100, 2000), 200);
    expect(error).toMatchObject({ kind: 'too_slow', feedId: 'zataz', status: 200, message: 'feed zataz: parsing took more than 2000 ms; the feed is skipped and retried later' });
  });
});

describe('writeInSlices()', () => {
  it('hands the text over in slices of 65,536 characters, in order, until done() says enough', async () => {
    const text = 'a'.repeat(65_536 * 2) + 'b'.repeat(10);
    const whole: string[] = [];
    await writeInSlices(text, new ParseBudget(Number.POSITIVE_INFINITY), (slice) => whole.push(slice), () => false);
    expect(whole.map((s) => s.length)).toEqual([65_536, 65_536, 10]);
    expect(whole.join('')).toBe(text);
    const some: string[] = [];
    await writeInSlices(text, new ParseBudget(Number.POSITIVE_INFINITY), (slice) => some.push(slice), () => some.length === 1);
    expect(some).toHaveLength(1);
  });

  it('rejects with BudgetExceeded once the slices have spent the budget', async () => {
    let now = 0;
    const budget = new ParseBudget(10, { now: () => (now += 50), cpu: () => now });
    await expect(writeInSlices('x'.repeat(200_000), budget, () => undefined, () => false)).rejects.toBeInstanceOf(BudgetExceeded);
  });
});
