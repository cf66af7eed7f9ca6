/**
 * Cross-validation folds grouped by incident: items sharing an `event` always land in the same
 * fold, items without one are their own group. Seeded and deterministic.
 */

/** A small seeded PRNG (mulberry32): same seed, same sequence, on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fold number (0 … k−1) of each item. Groups are shuffled with the seed, then each goes, largest
 * first, to the fold holding the fewest items so far, so folds stay balanced.
 */
export function foldsByEvent(items: readonly { id: string; event?: string }[], k: number, seed: number): number[] {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`folds must be an integer ≥ 2, got ${k}`);
  const groups = new Map<string, number[]>();
  items.forEach((item, i) => {
    const key = item.event !== undefined && item.event !== '' ? `e:${item.event}` : `i:${item.id}#${i}`;
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  });
  const random = seededRandom(seed);
  const order = [...groups.values()].map((members) => ({ members, r: random() }));
  order.sort((a, b) => b.members.length - a.members.length || a.r - b.r);
  const sizes = new Array<number>(k).fill(0);
  const fold = new Array<number>(items.length).fill(0);
  for (const g of order) {
    let best = 0;
    for (let f = 1; f < k; f += 1) if ((sizes[f] as number) < (sizes[best] as number)) best = f;
    for (const i of g.members) fold[i] = best;
    sizes[best] = (sizes[best] as number) + g.members.length;
  }
  return fold;
}

/** Mean and (sample) standard deviation of a list of figures, rounded to 4 decimals. */
export function meanSd(values: readonly number[]): { mean: number; sd: number } {
  const n = values.length;
  if (n === 0) return { mean: 0, sd: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = n < 2 ? 0 : values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const r = (x: number): number => Math.round(x * 10000) / 10000;
  return { mean: r(mean), sd: r(Math.sqrt(variance)) };
}
