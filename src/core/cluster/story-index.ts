/**
 * Index of the recent story candidates: for a new fingerprint it returns every candidate that the
 * same-story rules could possibly join it to (a superset, never fewer), so that `findStory` runs
 * the full comparison on a handful of stories instead of all of the last 72 hours.
 */
import type { StoryCandidate } from '../cluster.js';
import { sameUnit, WEAK_STEMS } from './evidence.js';
import type { StoryFingerprint } from './fingerprint.js';
import { addByEnds, endKeys, FUZZY_MIN, oneEditNeighbours } from './fuzzy.js';
import type { MatchThresholds } from './match.js';
import { fewestEqual, MINHASH_SIZE, similarityReaches } from './minhash.js';
import { unitParts } from './terms.js';

const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
};

const firstPart = (unit: string): string => unitParts(unit)[0] as string;

/** What a query gathers per entry: shared-stem counts, and the entries kept for a full comparison. */
class Tally {
  readonly count: Int32Array;
  /** Last query term that counted each entry: one term counts once even when met twice. */
  private readonly lastTerm: Int32Array;
  readonly touched: number[] = [];
  readonly keep = new Set<number>();

  constructor(size: number) {
    this.count = new Int32Array(size);
    this.lastTerm = new Int32Array(size).fill(-1);
  }

  /** Counts entry `i` once for term number `term`; false when it was already counted for it. */
  hit(i: number, term: number): boolean {
    if (this.lastTerm[i] === term) return false;
    if (this.lastTerm[i] === -1) this.touched.push(i);
    this.lastTerm[i] = term;
    this.count[i] = (this.count[i] as number) + 1;
    return true;
  }
}

/** Recent story candidates with inverted indexes over their stems, victims and scale. */
export class StoryIndex {
  private readonly entries: StoryCandidate[] = [];
  /** Stem → entries whose terms hold it. */
  private readonly terms = new Map<string, number[]>();
  /** Stem → entries that write it as a name. */
  private readonly names = new Map<string, Set<number>>();
  /** End key → long stems of any entry's terms (for one-edit lookups). */
  private readonly longTerms = new Map<string, string[]>();
  /** Victim unit → entries; end key of a unit's first part → units. */
  private readonly victims = new Map<string, number[]>();
  private readonly victimKeys = new Map<string, string[]>();
  /** First part of a victim unit → entries; end key → long first parts. */
  private readonly victimHeads = new Map<string, number[]>();
  private readonly longVictimHeads = new Map<string, string[]>();
  private readonly worldwide: number[] = [];
  /** Affected-service key → entries naming it. */
  private readonly services = new Map<string, number[]>();
  /** Full-size MinHash signatures side by side (entry i at i × MINHASH_SIZE), for a tight scan. */
  private signatures = new Uint32Array(MINHASH_SIZE * 64);
  private readonly byAlert = new Map<string, StoryCandidate[]>();

  /** Number of fingerprints indexed. */
  get size(): number {
    return this.entries.length;
  }

  /** Indexes one more candidate (a story's first item or a later one). */
  add(candidate: StoryCandidate): void {
    const i = this.entries.length;
    const fp = candidate.fingerprint;
    this.entries.push(candidate);
    push(this.byAlert, candidate.alertId, candidate);
    for (const t of fp.terms) {
      if (t.length >= FUZZY_MIN && !this.terms.has(t)) addByEnds(this.longTerms, t);
      push(this.terms, t, i);
    }
    for (const t of fp.names) {
      const set = this.names.get(t);
      if (set === undefined) this.names.set(t, new Set([i]));
      else set.add(i);
    }
    for (const v of fp.victim) {
      const head = firstPart(v);
      if (!this.victims.has(v)) for (const key of endKeys(head)) push(this.victimKeys, key, v);
      push(this.victims, v, i);
      if (head.length >= FUZZY_MIN && !this.victimHeads.has(head)) addByEnds(this.longVictimHeads, head);
      push(this.victimHeads, head, i);
    }
    if (fp.worldwide === true) this.worldwide.push(i);
    for (const s of fp.service ?? []) push(this.services, s, i);
    if (this.signatures.length < (i + 1) * MINHASH_SIZE) {
      const grown = new Uint32Array(this.signatures.length * 2);
      grown.set(this.signatures);
      this.signatures = grown;
    }
    if (fp.minhash.length === MINHASH_SIZE) this.signatures.set(fp.minhash, i * MINHASH_SIZE);
  }

  /** Every indexed fingerprint of one alert's story. */
  ofAlert(alertId: string): readonly StoryCandidate[] {
    return this.byAlert.get(alertId) ?? [];
  }

  /**
   * The candidates, in insertion order, that could be the same story as `fp` under `thresholds`:
   * a shared name, enough shared stems, related victims, a copied text, a common worldwide scale or
   * a shared affected service.
   */
  candidatesFor(fp: StoryFingerprint, thresholds: MatchThresholds): StoryCandidate[] {
    const tally = new Tally(this.entries.length);
    this.byTerms(fp, tally);
    for (const i of tally.touched) {
      const c = tally.count[i] as number;
      // `c` bounds the shared stems from above, and the Jaccard similarity grows with them.
      const union = fp.terms.length + (this.entries[i] as StoryCandidate).fingerprint.terms.length - c;
      if (c >= thresholds.textShared && union > 0 && c / union >= thresholds.textJaccard) tally.keep.add(i);
    }
    if (fp.victim.length > 0) this.byVictims(fp, tally.keep);
    if (fp.worldwide === true) for (const i of this.worldwide) tally.keep.add(i);
    for (const s of fp.service ?? []) for (const i of this.services.get(s) ?? []) tally.keep.add(i);
    this.byCopy(fp, thresholds.nearDuplicate, tally.keep);
    return [...tally.keep].sort((x, y) => x - y).map((i) => this.entries[i] as StoryCandidate);
  }

  /** Keeps the entries whose MinHash similarity with `fp` reaches `threshold` (copies of one dispatch). */
  private byCopy(fp: StoryFingerprint, threshold: number, keep: Set<number>): void {
    const sig = fp.minhash;
    const allowed = MINHASH_SIZE - fewestEqual(MINHASH_SIZE, threshold);
    for (let i = 0; i < this.entries.length; i++) {
      if (keep.has(i)) continue;
      const other = (this.entries[i] as StoryCandidate).fingerprint.minhash;
      if (sig.length !== MINHASH_SIZE || other.length !== MINHASH_SIZE) {
        if (similarityReaches(sig, other, threshold)) keep.add(i);
        continue;
      }
      let left = allowed;
      const base = i * MINHASH_SIZE;
      for (let k = 0; k < MINHASH_SIZE && left >= 0; k++) if (this.signatures[base + k] !== sig[k]) left--;
      if (left >= 0) keep.add(i);
    }
  }

  /** Entries holding one of `t`'s stems exactly, or (for `fuzzy`) one edit away. */
  private holding(index: Map<string, number[]>, vocabulary: Map<string, string[]>, t: string, fuzzy: boolean): number[][] {
    const out = [index.get(t) ?? []];
    if (fuzzy) for (const s of oneEditNeighbours(vocabulary, t)) out.push(index.get(s) ?? []);
    return out;
  }

  /** Counts shared stems per entry and keeps the entries that share a name. */
  private byTerms(fp: StoryFingerprint, tally: Tally): void {
    const own = new Set(fp.names);
    fp.terms.forEach((t, term) => {
      const isName = own.has(t);
      const strong = !WEAK_STEMS.has(t);
      const named = this.names.get(t);
      for (const list of this.holding(this.terms, this.longTerms, t, isName)) {
        for (const i of list) {
          if (tally.hit(i, term) && strong && (isName || named?.has(i) === true)) tally.keep.add(i);
        }
      }
    });
  }

  /** Keeps the entries whose victim may be `fp`'s: units that meet, or named in the other's text. */
  private byVictims(fp: StoryFingerprint, keep: Set<number>): void {
    const hasVictim = (i: number): boolean => (this.entries[i] as StoryCandidate).fingerprint.victim.length > 0;
    for (const v of fp.victim) {
      const head = firstPart(v);
      const units = new Set(endKeys(head).flatMap((key) => this.victimKeys.get(key) ?? []));
      for (const w of units) if (sameUnit(v, w)) for (const i of this.victims.get(w) ?? []) keep.add(i);
      for (const list of this.holding(this.terms, this.longTerms, head, true)) for (const i of list) if (hasVictim(i)) keep.add(i);
    }
    for (const t of fp.terms) {
      for (const list of this.holding(this.victimHeads, this.longVictimHeads, t, true)) for (const i of list) keep.add(i);
    }
  }
}
