/** Deterministic MinHash over word shingles: estimates the Jaccard similarity of two texts' shingle sets. */
import { fmix32, fnv1a } from '../hash.js';

/** Number of hash functions in a signature. */
export const MINHASH_SIZE = 64;

// Fixed seeds derived from the index, so that signatures stored yesterday compare with today's.
const SEEDS = Uint32Array.from({ length: MINHASH_SIZE }, (_, i) => fmix32(0x9e3779b9 + i * 0x632be5ab));

/** Word n-grams of a word sequence (the whole sequence when it is shorter than n). */
export function shingles(seq: readonly string[], n: number): string[] {
  if (seq.length === 0) return [];
  if (seq.length <= n) return [seq.join(' ')];
  const out: string[] = [];
  for (let i = 0; i + n <= seq.length; i++) out.push(n === 2 ? `${seq[i] as string} ${seq[i + 1] as string}` : seq.slice(i, i + n).join(' '));
  return out;
}

/** MinHash signature of a set of shingles; empty when there is none. */
export function minhash(shingleList: readonly string[]): number[] {
  if (shingleList.length === 0) return [];
  const sig = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
  for (const s of new Set(shingleList)) {
    const base = fnv1a(s);
    for (let i = 0; i < MINHASH_SIZE; i++) {
      const h = fmix32(base ^ (SEEDS[i] as number));
      if (h < (sig[i] as number)) sig[i] = h;
    }
  }
  return Array.from(sig);
}

/** Estimated Jaccard similarity of two signatures (0 when either is empty or sizes differ). */
export function minhashSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || a.length !== b.length) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** Fewest equal positions out of `size` for a similarity of at least `threshold` (size + 1: never). */
export function fewestEqual(size: number, threshold: number): number {
  for (let need = 0; need <= size; need++) if (need / size >= threshold) return need;
  return size + 1;
}

/** Whether `minhashSimilarity(a, b) >= threshold`, stopping once too many positions differ. */
export function similarityReaches(a: readonly number[], b: readonly number[], threshold: number): boolean {
  if (a.length === 0 || a.length !== b.length) return 0 >= threshold;
  let allowed = a.length - fewestEqual(a.length, threshold);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i] && --allowed < 0) return false;
  }
  return allowed >= 0;
}
