/**
 * The reusable working space of a featuriser: the vector of the current item in typed arrays,
 * which buckets it already holds, and the buckets of keys met before (words and rule keys recur
 * from item to item). Calls must not overlap.
 */
import type { SentenceInfo } from './analyse.js';
import { bucketOf, NS_RULE } from './buckets.js';

/** Sentences as the word features read them. */
export type WordSentence = Pick<SentenceInfo, 'zone' | 'tokens' | 'words' | 'isElided'>;

/** Marks of the tokens of a sentence, by token index: '!' denied, '?' doubted (see features.ts). */
export type Marks = readonly (string | undefined)[];

/** Keys a scratch remembers the bucket of (a few MB at most). */
const MEMO_MAX = 50_000;

/** Reusable scratch space of a featuriser, holding the current item's vector. Calls must not overlap. */
export class FeatureScratch {
  private readonly stamp: Uint8Array;
  private gen = 0;
  /** Buckets of the current item's entries, in order (the first `count`). */
  index = new Int32Array(256);
  /** Values of the current item's entries. */
  value = new Float64Array(256);
  /**
   * Where each entry's name comes from (see features.ts, nameAt): -1 for none (rule features), else
   * the position of its word among all the tokens of the item's sentences, times 2, plus 1 for a word pair.
   */
  source = new Int32Array(256);
  /** Entries of the current item. */
  count = 0;
  /** The current item's sentences and marked tokens, which the entries' names are read from. */
  sentences: readonly WordSentence[] = [];
  marks: ReadonlyMap<object, Marks> | undefined;
  /** Buckets of single-key features already hashed, by namespace. */
  private readonly memo = new Map<number, Map<string, number>>();
  private memoSize = 0;
  /** Rule buckets by the part their key is built from and a slot (see ruleBucket). */
  private readonly parts = new Map<unknown, number[]>();
  /** Rule buckets of fixed key lists (see ruleBuckets). */
  private readonly fixed = new Map<readonly string[], Int32Array>();

  constructor(readonly dim: number) {
    this.stamp = new Uint8Array(dim);
  }

  private starts: number[] | undefined;

  /** Starts a new, empty item. */
  begin(): void {
    if (this.gen === 0xff) { this.stamp.fill(0); this.gen = 0; }
    this.gen += 1;
    this.count = 0;
    this.starts = undefined;
  }

  /** Position of each sentence's first token among all the tokens of the item's sentences (see `source`). */
  sentenceStarts(): readonly number[] {
    if (this.starts === undefined) {
      this.starts = [];
      let at = 0;
      for (const s of this.sentences) { this.starts.push(at); at += s.words.length; }
    }
    return this.starts;
  }

  /** Adds a rule entry: bucket `k` with `value`, unless the item already has it (the first one wins on a collision). */
  add(k: number, value: number): void {
    const n = this.entry(k, -1);
    if (n >= 0) this.value[n] = value;
  }

  /** Adds a word entry (its value is set once all words are in), unless the item already has bucket `k`. */
  addWord(k: number, source: number): void {
    this.entry(k, source);
  }

  /** Appends bucket `k` with `source` and returns its entry, or -1 when the item already has `k`. */
  private entry(k: number, source: number): number {
    if (this.stamp[k] === this.gen) return -1;
    this.stamp[k] = this.gen;
    const n = this.count;
    if (n === this.index.length) this.grow();
    this.index[n] = k;
    this.source[n] = source;
    this.count = n + 1;
    return n;
  }

  private grow(): void {
    const size = this.index.length * 2;
    const grown = <T extends Int32Array | Float64Array>(a: T, b: T): T => { b.set(a); return b; };
    this.index = grown(this.index, new Int32Array(size));
    this.value = grown(this.value, new Float64Array(size));
    this.source = grown(this.source, new Int32Array(size));
  }

  /** `bucketOf(ns, key, undefined, dim)`, remembered; forgets everything past MEMO_MAX keys. */
  bucket(ns: number, key: string): number {
    let m = this.memo.get(ns);
    if (m === undefined) this.memo.set(ns, (m = new Map()));
    let k = m.get(key);
    if (k === undefined) {
      k = bucketOf(ns, key, undefined, this.dim);
      if (this.memoSize >= MEMO_MAX) { this.memo.clear(); this.memoSize = 0; this.memo.set(ns, m = new Map()); }
      m.set(key, k);
      this.memoSize += 1;
    }
    return k;
  }

  /**
   * Rule bucket of the key `make()` builds for `part` and `slot` (same part and slot: same key),
   * remembered: a key is built and hashed once.
   */
  ruleBucket(part: unknown, slot: number, make: () => string): number {
    let list = this.parts.get(part);
    if (list === undefined) {
      if (this.parts.size >= MEMO_MAX) this.parts.clear();
      this.parts.set(part, (list = []));
    }
    return (list[slot] ??= bucketOf(NS_RULE, make(), undefined, this.dim));
  }

  /** Rule buckets of a fixed list of keys, by position (computed once per list). */
  ruleBuckets(keys: readonly string[]): Int32Array {
    let b = this.fixed.get(keys);
    if (b === undefined) this.fixed.set(keys, (b = Int32Array.from(keys, (key) => bucketOf(NS_RULE, key, undefined, this.dim))));
    return b;
  }
}
