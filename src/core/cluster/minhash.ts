/** Deterministic MinHash over word pairs: estimates the Jaccard similarity of two texts' sets of word pairs. */
import { fmix32, fmix32i, fnv1a, fnv1aOn, FNV_OFFSET } from '../hash.js';

/** Number of hash functions in a signature. */
export const MINHASH_SIZE = 64;

// Fixed seeds derived from the index, so that signatures stored yesterday compare with today's.
const SEEDS = Uint32Array.from({ length: MINHASH_SIZE }, (_, i) => fmix32(0x9e3779b9 + i * 0x632be5ab));

/**
 * The seeds as signed 32-bit integers, and a signature kept with its sign bit flipped: signed order
 * is then the unsigned order of the hashes. Hashing stays in int32 arithmetic, which V8 keeps in
 * small integers, where uint32 values past 2^31 would each be a heap number in unoptimised code.
 */
const SEEDS_I32 = Int32Array.from(SEEDS);
const FLIP = -0x80000000;

/** The shingles' FNV-1a hashes of the last signature made, reused (grown when a text has more). */
let bases = new Int32Array(256);

/**
 * MinHash signature of a word sequence's pairs (the lone word of a one-word sequence); empty when
 * there is none. Each position keeps the least of `fmix32(fnv1a("first second") ^ seed)` over the
 * pairs, computed without making the pair strings: the pairs are hashed once, then each position
 * takes its least over them, in a register (where the signature's 64 values were read and written
 * for every pair).
 */
export function bigramMinhash(seq: readonly string[]): number[] {
  if (seq.length === 0) return [];
  const n = seq.length === 1 ? 1 : seq.length - 1;
  if (bases.length < n) bases = new Int32Array(2 * n);
  if (seq.length === 1) bases[0] = fnv1a(seq[0] as string) | 0;
  for (let i = 0; i + 1 < seq.length; i++) {
    bases[i] = fnv1aOn(fnv1aOn(fnv1aOn(FNV_OFFSET, seq[i] as string), ' '), seq[i + 1] as string);
  }
  const out: number[] = [];
  for (let k = 0; k < MINHASH_SIZE; k++) {
    const seed = SEEDS_I32[k] as number;
    let least = 0x7fffffff;
    for (let j = 0; j < n; j++) {
      const h = fmix32i((bases[j] as number) ^ seed) ^ FLIP;
      if (h < least) least = h;
    }
    out.push((least ^ FLIP) >>> 0);
  }
  return out;
}

/** Estimated Jaccard similarity of two signatures (0 when either is empty or sizes differ). */
export function minhashSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || a.length !== b.length) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * Fewest equal positions out of `size` for a similarity of at least `threshold` (size + 1: never):
 * the least `need` with `need / size >= threshold`, found from `threshold * size` in a step or two
 * (similarityReaches asks for it on every call).
 */
export function fewestEqual(size: number, threshold: number): number {
  if (!(size > 0) || Number.isNaN(threshold)) return size + 1;
  let need = Math.min(size + 1, Math.max(0, Math.ceil(threshold * size)));
  while (need > 0 && (need - 1) / size >= threshold) need--;
  while (need <= size && need / size < threshold) need++;
  return need;
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
