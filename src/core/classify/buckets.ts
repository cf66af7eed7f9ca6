/**
 * Hashing of the trained layer's features into buckets: 32-bit FNV-1a over a namespace code and
 * up to two keys, stable across platforms and runs, plus the per-word hashes an interned word keeps.
 */
import { FNV_OFFSET, FNV_PRIME, fnv1aOn } from '../hash.js';

// Namespaces: words of the text, words of the title (counted again), their pairs, rule features.
/** Namespace of the words of the text (and of the title, counted once more under NS_TITLE). */
export const NS_WORD = 1;
/** Namespace of the word pairs of the text. */
export const NS_PAIR = 2;
/** Namespace of the words of the title. */
export const NS_TITLE = 3;
/** Namespace of the word pairs of the title. */
export const NS_TITLE_PAIR = 4;
/** Namespace of the rule engine's features. */
export const NS_RULE = 5;

/** Bucket of a feature `ns:a[ b]`, without building the joined string; stable across platforms and runs. */
export function bucketOf(ns: number, a: string, b: string | undefined, dim: number): number {
  let h = Math.imul(FNV_OFFSET ^ ns, FNV_PRIME);
  h = fnv1aOn(h, a);
  if (b !== undefined) h = fnv1aOn(Math.imul(h ^ 32, FNV_PRIME), b);
  return (h >>> 0) & (dim - 1);
}

/** What a pair's bucket starts from: the hash state after its namespace and first key (see bucketOf). */
export const pairHeadOf = (ns: number, a: string): number => fnv1aOn(Math.imul(FNV_OFFSET ^ ns, FNV_PRIME), a);

/** `bucketOf(ns, a, b, dim)` from `pairHeadOf(ns, a)`. */
export const pairBucket = (head: number, b: string, dim: number): number => (fnv1aOn(Math.imul(head ^ 32, FNV_PRIME), b) >>> 0) & (dim - 1);

/** Trained-layer hashes an interned word keeps for its stem (see words.ts), computed on first use. */
export interface HashedWord {
  readonly stem: string;
  /** Buckets the hashes are for (0: none yet). */
  featureDim: number;
  wordBucket: number;
  titleBucket: number;
  pairHead: number;
  titlePairHead: number;
}

/** Fills in the hashes of `w` for a model of `dim` buckets. */
export function hashWord(w: HashedWord, dim: number): void {
  w.wordBucket = bucketOf(NS_WORD, w.stem, undefined, dim);
  w.titleBucket = bucketOf(NS_TITLE, w.stem, undefined, dim);
  w.pairHead = pairHeadOf(NS_PAIR, w.stem);
  w.titlePairHead = pairHeadOf(NS_TITLE_PAIR, w.stem);
  w.featureDim = dim;
}
