/**
 * Features of the trained layer: folded, lightly stemmed word unigrams and bigrams of the title
 * and the text, hashed into a fixed number of buckets, plus the rule engine's verdict and evidence.
 * Pure; the same function serves training and inference, so both see identical vectors.
 */
import { fold } from '../text.js';
import { type Token } from '../tokens.js';
import type { Hit, SentenceInfo } from './analyse.js';
import type { Classification } from '../types.js';
import type { RuleTrace } from './index.js';

/** A sparse feature vector; `names` says, for the word features, which words made each entry. */
export interface Features {
  index: number[];
  value: number[];
  /** Readable name of each entry (word or word pair) for evidence; undefined for rule features. */
  names: (string | undefined)[];
}

/** How vectors are built; stored in the model file so inference matches training. */
export interface FeatureOptions {
  /** Number of hash buckets (a power of two). */
  dim: number;
  /** Add word pairs next to single words. */
  bigrams: boolean;
  /** Weight of the rule engine's features relative to the (length-normalised) words. */
  ruleWeight: number;
}

// 32-bit FNV-1a over a namespace code and up to two strings, without building the joined string.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function mix(h: number, s: string): number {
  let x = h;
  for (let i = 0; i < s.length; i += 1) x = Math.imul(x ^ s.charCodeAt(i), FNV_PRIME);
  return x;
}

/** Bucket of a feature `ns:a[ b]`; stable across platforms and runs. */
export function bucketOf(ns: number, a: string, b: string | undefined, dim: number): number {
  let h = Math.imul(FNV_OFFSET ^ ns, FNV_PRIME);
  h = mix(h, a);
  if (b !== undefined) h = mix(Math.imul(h ^ 32, FNV_PRIME), b);
  return (h >>> 0) & (dim - 1);
}

/** What a pair's bucket starts from: the hash state after its namespace and first key (see bucketOf). */
const pairHeadOf = (ns: number, a: string): number => mix(Math.imul(FNV_OFFSET ^ ns, FNV_PRIME), a);
/** `bucketOf(ns, a, b, dim)` from `pairHeadOf(ns, a)`. */
const pairBucket = (head: number, b: string, dim: number): number => (mix(Math.imul(head ^ 32, FNV_PRIME), b) >>> 0) & (dim - 1);

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

function hashWord(w: HashedWord, dim: number): void {
  w.wordBucket = bucketOf(NS_WORD, w.stem, undefined, dim);
  w.titleBucket = bucketOf(NS_TITLE, w.stem, undefined, dim);
  w.pairHead = pairHeadOf(NS_PAIR, w.stem);
  w.titlePairHead = pairHeadOf(NS_TITLE_PAIR, w.stem);
  w.featureDim = dim;
}

// Namespaces: words of the text, words of the title (counted again), rule features.
const NS_WORD = 1;
const NS_PAIR = 2;
const NS_TITLE = 3;
const NS_TITLE_PAIR = 4;
const NS_RULE = 5;

/**
 * Tokens of incident terms the rule engine read as denied or doubted, by sentence: their words
 * become distinct features ("pas une cyberattaque" must not weigh like "une cyberattaque").
 */
function scopedTokens(hits: readonly Hit[]): Map<SentenceInfo, Map<number, string>> {
  const out = new Map<SentenceInfo, Map<number, string>>();
  for (const h of hits) {
    if (h.modality !== 'denied' && h.modality !== 'suspected') continue;
    if (h.term.kind !== 'attack' && h.term.kind !== 'outage') continue;
    let m = out.get(h.sentence);
    if (!m) out.set(h.sentence, (m = new Map()));
    for (let p = h.match.start; p < h.match.end; p += 1) m.set(h.sentence.stream.tokenIndex[p] as number, h.modality === 'denied' ? '!' : '?');
  }
  return out;
}

/** Reusable scratch space of a featuriser: which buckets the current item already set. Calls must not overlap. */
export class FeatureScratch {
  private readonly stamp: Uint32Array;
  private gen = 0;
  /** Buckets of single-key features already hashed, by namespace (words recur from item to item). */
  private readonly memo = new Map<number, Map<string, number>>();
  private memoSize = 0;
  constructor(readonly dim: number) {
    this.stamp = new Uint32Array(dim);
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
  /** Key strings built from parts, by those parts: a key built once hashes once (see ruleKeys, traceKeys). */
  private readonly keys = new Map<unknown, string[]>();
  /** The key `make()` builds for `part` and slot `slot` (same part and slot: same key), remembered. */
  key(part: unknown, slot: number, make: () => string): string {
    let list = this.keys.get(part);
    if (list === undefined) {
      if (this.keys.size >= MEMO_MAX) this.keys.clear();
      this.keys.set(part, (list = []));
    }
    return (list[slot] ??= make());
  }
  /** Starts a new item. */
  next(): number {
    if (this.gen === 0xffffffff) { this.stamp.fill(0); this.gen = 0; }
    this.gen += 1;
    return this.gen;
  }
  /** Marks a bucket for the current item; false when it was already marked. */
  mark(bucket: number, gen: number): boolean {
    if (this.stamp[bucket] === gen) return false;
    this.stamp[bucket] = gen;
    return true;
  }
}

/** Keys a scratch remembers the bucket of (a few MB at most). */
const MEMO_MAX = 50_000;

class Builder implements Features {
  readonly index: number[] = [];
  readonly value: number[] = [];
  readonly names: (string | undefined)[] = [];
  private readonly gen: number;
  constructor(readonly scratch: FeatureScratch) {
    this.gen = scratch.next();
  }
  add(ns: number, a: string, b: string | undefined, value: number, name?: string): void {
    this.addAt(b === undefined ? this.scratch.bucket(ns, a) : bucketOf(ns, a, b, this.scratch.dim), value, name);
  }
  /** Adds bucket `k` unless the item already has it. */
  addAt(k: number, value: number, name: string | undefined): void {
    if (!this.scratch.mark(k, this.gen)) return; // first one wins on a collision
    this.index.push(k);
    this.value.push(value);
    this.names.push(name);
  }
}

/**
 * Adds the folded words of the title or of the text, as their stems (evidence shows the words);
 * words of an incident term the rules read as denied or doubted are marked (see scopedTokens).
 * Word pairs run on across the sentences of the zone.
 */
function addWords(f: Builder, sentences: readonly Pick<SentenceInfo, 'zone' | 'tokens' | 'words'>[], zone: 'title' | 'body',
  scoped: ReadonlyMap<object, ReadonlyMap<number, string>>, ns: number, nsPair: number, bigrams: boolean): void {
  const dim = f.scratch.dim;
  const title = ns === NS_TITLE;
  let prevHead = 0; // pairHeadOf(nsPair, previous stem)
  let hasPrev = false;
  let prevWord = '';
  for (const s of sentences) {
    if (s.zone !== zone) continue;
    const marks = scoped.size > 0 ? scoped.get(s) : undefined;
    const tokens = s.tokens;
    for (let i = 0; i < tokens.length; i += 1) {
      const t = tokens[i] as Token;
      if (t.elided) continue;
      const mark = marks?.get(i);
      let word: string;
      let st: string;
      let head: number;
      if (mark === undefined) { // the interned word's hashes (its stem is the token's)
        const w = s.words[i] as HashedWord;
        if (w.featureDim !== dim) hashWord(w, dim);
        word = t.norm;
        st = t.stem;
        f.addAt(title ? w.titleBucket : w.wordBucket, 1, word);
        head = title ? w.titlePairHead : w.pairHead;
      } else {
        word = mark === '!' ? `non-${t.norm}` : `${t.norm}?`;
        st = mark + t.stem;
        f.add(ns, st, undefined, 1, word);
        head = pairHeadOf(nsPair, st);
      }
      if (bigrams && hasPrev) f.addAt(pairBucket(prevHead, st, dim), 1, `${prevWord} ${word}`);
      prevHead = head;
      hasPrev = true;
      prevWord = word;
    }
  }
}

/** What the rule engine said, as feature keys (category, cause, rule, subtype and evidence terms). */
function ruleKeys(rule: Classification, scratch: FeatureScratch): string[] {
  const keys = [`cat=${rule.category}`];
  if (rule.category === 'none') return keys;
  keys.push(`cause=${rule.category}/${rule.cause ?? 'null'}`, `subtype=${rule.subtype ?? 'null'}`);
  for (const e of rule.evidence) {
    if (e.startsWith('gravité')) continue;
    keys.push(scratch.key(e, 0, () => `ev=${fold(e)}`));
  }
  return keys;
}

/** The rule engine's weighted sums, squashed to [0, 1) so that no single one dominates. */
function traceNumbers(trace: RuleTrace): [string, number][] {
  const t = trace.tally;
  const squash = (x: number): number => x / (1 + x);
  const out: [string, number][] = [];
  for (const [name, sums] of [['attack', t.attack], ['outage', t.outage]] as const) {
    for (const m of ['confirmed', 'suspected', 'denied', 'background'] as const) out.push([`${name}.${m}`, squash(sums[m])]);
  }
  // Not `concrete`, nor `keep` without incident terms: they depend on the victim, which a lean
  // verdict does not look for when no attack or outage term is present.
  out.push(['it', squash(t.itContext)], ['tech', squash(t.tech)],
    ['titleAttack', squash(t.titleAttack)], ['titleDoubt', squash(t.titleDoubt)]);
  if (trace.hits.some((h) => h.term.kind === 'attack' || h.term.kind === 'outage')) out.push(['keep', t.keep]);
  return out;
}

/** Keys of the trace: hard-negative families fired, and each term hit with its modality and zone. */
const MODALITY_CODE = { confirmed: 0, suspected: 1, denied: 2, background: 3 } as const;

function traceKeys(trace: RuleTrace, scratch: FeatureScratch): string[] {
  const keys = trace.tally.families.map((f) => `family=${f}`);
  // A term repeated through the text adds nothing to a binary feature: build each key once.
  const seen = new Set<number>();
  for (const h of trace.hits) {
    const code = (h.term.id * 4 + MODALITY_CODE[h.modality]) * 2 + (h.sentence.zone === 'title' ? 1 : 0);
    if (seen.has(code)) continue;
    seen.add(code);
    const { term, modality, sentence: { zone } } = h;
    const slot = MODALITY_CODE[modality] * 2 + (zone === 'title' ? 1 : 0);
    keys.push(scratch.key(term, slot, () => `hit=${term.kind}/${modality}/${zone}`),
      scratch.key(term, 8 + slot, () => `term=${term.label}/${modality}`));
  }
  return keys;
}

/**
 * The feature vector of an item: binary word presence, scaled to unit length, plus the rule
 * engine's verdict, its weighted sums and its term hits, scaled by `ruleWeight`.
 */
export function featuresOf(rule: Classification, trace: RuleTrace, o: FeatureOptions,
  scratch: FeatureScratch = new FeatureScratch(o.dim)): Features {
  if (scratch.dim !== o.dim) throw new RangeError(`feature scratch of ${scratch.dim} buckets for a model of ${o.dim}`);
  const f = new Builder(scratch);
  const scoped = scopedTokens(trace.hits);
  addWords(f, trace.sentences, 'title', scoped, NS_TITLE, NS_TITLE_PAIR, o.bigrams);
  addWords(f, trace.sentences, 'title', scoped, NS_WORD, NS_PAIR, o.bigrams);
  addWords(f, trace.sentences, 'body', scoped, NS_WORD, NS_PAIR, o.bigrams);
  const words = f.index.length;
  const norm = words > 0 ? 1 / Math.sqrt(words) : 0;
  for (let i = 0; i < words; i += 1) f.value[i] = (f.value[i] as number) * norm;
  for (const key of ruleKeys(rule, scratch)) f.add(NS_RULE, key, undefined, o.ruleWeight);
  for (const key of traceKeys(trace, scratch)) f.add(NS_RULE, key, undefined, o.ruleWeight);
  for (const [key, v] of traceNumbers(trace)) if (v !== 0) f.add(NS_RULE, key, undefined, v * o.ruleWeight);
  // The rule score in [0, 1] is confidence in the rule's own verdict: signed, incidents positive.
  const signed = rule.category === 'none' ? -rule.score : rule.score;
  f.add(NS_RULE, 'score', undefined, signed * o.ruleWeight);
  f.add(NS_RULE, 'bias', undefined, o.ruleWeight);
  return { index: f.index, value: f.value, names: f.names };
}
