/**
 * Features of the trained layer: folded, lightly stemmed words of the title and the text (and,
 * optionally, word pairs), hashed into a fixed number of buckets, plus the rule engine's verdict
 * and evidence. Pure; the same function serves training and inference, so both see identical vectors.
 */
import type { Token } from '../tokens.js';
import type { Hit, SentenceInfo } from './analyse.js';
import type { Classification } from '../types.js';
import type { RuleTrace } from './index.js';
import { hashWord, NS_PAIR, NS_TITLE, NS_TITLE_PAIR, NS_WORD, pairBucket, pairHeadOf, type HashedWord } from './buckets.js';
import { addRuleFeatures } from './rule-features.js';
import { FeatureScratch, type Marks, type WordSentence } from './scratch.js';

export { bucketOf, type HashedWord } from './buckets.js';
export { FeatureScratch } from './scratch.js';

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

/**
 * Tokens of incident terms the rule engine read as denied or doubted, by sentence: their words
 * become distinct features ("pas une cyberattaque" must not weigh like "une cyberattaque").
 */
function scopedTokens(hits: readonly Hit[]): Map<SentenceInfo, Marks> | undefined {
  let out: Map<SentenceInfo, (string | undefined)[]> | undefined;
  for (const h of hits) {
    if (h.modality !== 'denied' && h.modality !== 'suspected') continue;
    if (h.term.kind !== 'attack' && h.term.kind !== 'outage') continue;
    const s = h.sentence;
    let m = (out ??= new Map()).get(s);
    if (m === undefined) out.set(s, (m = new Array<string | undefined>(s.words.length)));
    const mark = h.modality === 'denied' ? '!' : '?';
    for (let p = h.match.start; p < h.match.end; p += 1) m[s.stream.tokenIndex[p] as number] = mark;
  }
  return out;
}

/**
 * Adds the folded words of the title or of the text, as their stems (evidence shows the words);
 * words of an incident term the rules read as denied or doubted are marked (see scopedTokens).
 * Word pairs run on across the sentences of the zone.
 */
function addWords(s: FeatureScratch, zone: 'title' | 'body', title: boolean, bigrams: boolean): void {
  const dim = s.dim;
  const ns = title ? NS_TITLE : NS_WORD;
  const nsPair = title ? NS_TITLE_PAIR : NS_PAIR;
  const { sentences, marks: scoped } = s;
  let prevHead = 0; // pairHeadOf(nsPair, previous stem)
  let hasPrev = false;
  let base = 0; // words of the sentences before (see FeatureScratch.source)
  for (const sentence of sentences) {
    const { words } = sentence;
    const at = base;
    base += words.length;
    if (sentence.zone !== zone) continue;
    const marks = scoped?.get(sentence);
    for (let i = 0; i < words.length; i += 1) {
      if (sentence.isElided(i)) continue;
      const w = words[i] as HashedWord; // its stem is the token's
      const mark = marks?.[i];
      const source = (at + i) * 2;
      let head: number;
      if (mark === undefined) { // the interned word's hashes
        if (w.featureDim !== dim) hashWord(w, dim);
        s.addWord(title ? w.titleBucket : w.wordBucket, source);
        if (!bigrams) continue;
        head = title ? w.titlePairHead : w.pairHead;
      } else {
        const st = mark + w.stem;
        s.addWord(s.bucket(ns, st), source);
        if (!bigrams) continue;
        head = pairHeadOf(nsPair, st);
      }
      if (hasPrev) s.addWord(pairBucket(prevHead, mark === undefined ? w.stem : mark + w.stem, dim), source + 1);
      prevHead = head;
      hasPrev = true;
    }
  }
}

/** The readable word of token `i` of sentence `si` of the current item. */
function wordAt(s: FeatureScratch, si: number, i: number): string {
  const sentence = s.sentences[si] as WordSentence;
  const t = sentence.tokens[i] as Token;
  const mark = s.marks?.get(sentence)?.[i];
  return mark === undefined ? t.norm : mark === '!' ? `non-${t.norm}` : `${t.norm}?`;
}

/** Readable name of entry `n` of the current item: its word, its word pair, or undefined (rule features). */
export function nameAt(s: FeatureScratch, n: number): string | undefined {
  const source = s.source[n] as number;
  if (source < 0) return undefined;
  const pos = source >> 1;
  const starts = s.sentenceStarts();
  let lo = 0; // the last sentence starting at or before pos
  for (let hi = starts.length - 1; lo < hi;) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= pos) lo = mid;
    else hi = mid - 1;
  }
  const si = lo;
  const i = pos - (starts[si] as number);
  if ((source & 1) === 0) return wordAt(s, si, i);
  // A pair: the word before is the zone's previous word that is not elided.
  const zone = (s.sentences[si] as WordSentence).zone;
  for (let sj = si, j = i - 1; sj >= 0; sj -= 1) {
    const sentence = s.sentences[sj] as WordSentence;
    if (sentence.zone === zone) {
      for (j = sj === si ? j : sentence.words.length - 1; j >= 0; j -= 1) {
        if (!sentence.isElided(j)) return `${wordAt(s, sj, j)} ${wordAt(s, si, i)}`;
      }
    }
  }
  throw new Error('nameAt: a word pair without a first word');
}

/**
 * Builds the feature vector of an item in `scratch` (see FeatureScratch.index, value, count):
 * binary word presence, scaled to unit length, plus the rule engine's verdict, its weighted sums
 * and its term hits, scaled by `ruleWeight`.
 */
export function buildFeatures(rule: Classification, trace: RuleTrace, o: FeatureOptions, scratch: FeatureScratch): void {
  if (scratch.dim !== o.dim) throw new RangeError(`feature scratch of ${scratch.dim} buckets for a model of ${o.dim}`);
  scratch.begin();
  scratch.sentences = trace.sentences;
  scratch.marks = scopedTokens(trace.hits);
  addWords(scratch, 'title', true, o.bigrams);
  addWords(scratch, 'title', false, o.bigrams);
  addWords(scratch, 'body', false, o.bigrams);
  const words = scratch.count;
  const norm = words > 0 ? 1 / Math.sqrt(words) : 0;
  const value = scratch.value;
  for (let i = 0; i < words; i += 1) value[i] = norm; // each word counts 1, scaled to unit length
  addRuleFeatures(scratch, rule, trace, o.ruleWeight);
}

/** The vector held in `scratch` (see buildFeatures) as plain arrays, names included. */
function scratchFeatures(scratch: FeatureScratch): Features {
  const f: Features = { index: [], value: [], names: [] };
  for (let i = 0; i < scratch.count; i += 1) {
    f.index.push(scratch.index[i] as number);
    f.value.push(scratch.value[i] as number);
    f.names.push(nameAt(scratch, i));
  }
  return f;
}

/**
 * The feature vector of an item: binary word presence, scaled to unit length, plus the rule
 * engine's verdict, its weighted sums and its term hits, scaled by `ruleWeight`.
 */
export function featuresOf(rule: Classification, trace: RuleTrace, o: FeatureOptions,
  scratch: FeatureScratch = new FeatureScratch(o.dim)): Features {
  buildFeatures(rule, trace, o, scratch);
  return scratchFeatures(scratch);
}
