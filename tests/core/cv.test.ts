import { describe, expect, it } from 'vitest';
import { foldsByEvent, meanSd, seededRandom } from '../../src/core/cv.js';

const items = Array.from({ length: 60 }, (_, i) => ({ id: `i${i}`, event: i < 30 ? `ev${i % 10}` : '' }));

describe('foldsByEvent', () => {
  it('keeps every item of one event in the same fold', () => {
    const fold = foldsByEvent(items, 5, 7);
    for (let e = 0; e < 10; e += 1) {
      const folds = new Set(items.flatMap((it, i) => (it.event === `ev${e}` ? [fold[i]] : [])));
      expect(folds.size).toBe(1);
    }
  });

  it('treats items without an event as their own groups and balances fold sizes', () => {
    const fold = foldsByEvent(items, 5, 7);
    const sizes = [0, 1, 2, 3, 4].map((f) => fold.filter((x) => x === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(3);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(60);
  });

  it('is deterministic for a seed and changes with the seed', () => {
    expect(foldsByEvent(items, 5, 7)).toEqual(foldsByEvent(items, 5, 7));
    expect(foldsByEvent(items, 5, 7)).not.toEqual(foldsByEvent(items, 5, 8));
  });

  it('rejects fewer than two folds', () => {
    expect(() => foldsByEvent(items, 1, 1)).toThrow(/folds must be an integer ≥ 2/);
  });
});

describe('seededRandom and meanSd', () => {
  it('gives the same sequence for the same seed, in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(xs).toEqual(Array.from({ length: 5 }, () => b()));
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('computes the mean and the sample standard deviation', () => {
    expect(meanSd([1, 2, 3, 4])).toEqual({ mean: 2.5, sd: 1.291 });
    expect(meanSd([0.5])).toEqual({ mean: 0.5, sd: 0 });
  });
});
