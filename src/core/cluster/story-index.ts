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

/** Whether the ascending list holds `value` (binary search). */
function holds(list: readonly number[], value: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = list[mid] as number;
    if (at === value) return true;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * What a query gathers per entry: shared-stem counts, and the entries kept for a full comparison.
 * Its arrays are reused from query to query (only the entries a query touched are reset).
 */
class Tally {
  count = new Int32Array(64);
  /** Last query term that counted each entry: one term counts once even when met twice. */
  private lastTerm = new Int32Array(64).fill(-1);
  readonly touched: number[] = [];
  readonly keep = new Set<number>();

  /** Makes room for `size` entries and forgets the previous query. */
  reset(size: number): void {
    for (const i of this.touched) {
      this.count[i] = 0;
      this.lastTerm[i] = -1;
    }
    this.touched.length = 0;
    this.keep.clear();
    if (this.count.length < size) {
      const length = Math.max(size, this.count.length * 2);
      this.count = new Int32Array(length);
      this.lastTerm = new Int32Array(length).fill(-1);
    }
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
  /** Position k of the MinHash signature → value → entries with that value there (full-size signatures). */
  private readonly hashes: Map<number, number[]>[] = Array.from({ length: MINHASH_SIZE }, () => new Map<number, number[]>());
  /** Entries whose signature is not full-size (compared one by one). */
  private readonly oddSignatures: number[] = [];
  private readonly byAlert = new Map<string, StoryCandidate[]>();
  private readonly tally = new Tally();
  private readonly copies = new Tally();

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
    if (fp.minhash.length !== MINHASH_SIZE) this.oddSignatures.push(i);
    else fp.minhash.forEach((value, k) => push(this.hashes[k] as Map<number, number[]>, value, i));
  }

  /** Every indexed fingerprint of one alert's story. */
  ofAlert(alertId: string): readonly StoryCandidate[] {
    return this.byAlert.get(alertId) ?? [];
  }

  /**
   * The candidates, in insertion order, that could be the same story as `fp` under `thresholds`:
   * a shared name, enough shared stems, related victims, a copied text or a common worldwide scale.
   */
  candidatesFor(fp: StoryFingerprint, thresholds: MatchThresholds): StoryCandidate[] {
    const { tally } = this;
    tally.reset(this.entries.length);
    const unprobed = this.byTerms(fp, thresholds, tally);
    for (const i of tally.touched) {
      // The unprobed stems' lists are long but sorted: a binary search completes the count.
      let c = tally.count[i] as number;
      for (const list of unprobed) if (holds(list, i)) c++;
      // `c` bounds the shared stems from above, and the Jaccard similarity grows with them.
      const union = fp.terms.length + (this.entries[i] as StoryCandidate).fingerprint.terms.length - c;
      if (c >= thresholds.textShared && union > 0 && c / union >= thresholds.textJaccard) tally.keep.add(i);
    }
    if (fp.victim.length > 0) this.byVictims(fp, tally.keep);
    if (fp.worldwide === true) for (const i of this.worldwide) tally.keep.add(i);
    this.byCopy(fp, thresholds.nearDuplicate, tally.keep);
    return [...tally.keep].sort((x, y) => x - y).map((i) => this.entries[i] as StoryCandidate);
  }

  /**
   * Keeps the entries whose MinHash similarity with `fp` reaches `threshold` (copies of one
   * dispatch), counting equal positions through the per-position index: only entries sharing a
   * value are visited.
   */
  private byCopy(fp: StoryFingerprint, threshold: number, keep: Set<number>): void {
    const sig = fp.minhash;
    const odd = sig.length !== MINHASH_SIZE;
    for (let i = 0; i < this.entries.length && odd; i++) {
      if (similarityReaches(sig, (this.entries[i] as StoryCandidate).fingerprint.minhash, threshold)) keep.add(i);
    }
    if (odd) return;
    for (const i of this.oddSignatures) if (similarityReaches(sig, (this.entries[i] as StoryCandidate).fingerprint.minhash, threshold)) keep.add(i);
    const need = fewestEqual(MINHASH_SIZE, threshold);
    // A similarity of 0 (or less) asks for no equal position: every entry qualifies.
    if (need === 0) for (let i = 0; i < this.entries.length; i++) keep.add(i);
    const { copies } = this;
    copies.reset(this.entries.length);
    for (let k = 0; k < MINHASH_SIZE && need > 0; k++) {
      for (const i of (this.hashes[k] as Map<number, number[]>).get(sig[k] as number) ?? []) {
        if (copies.hit(i, k) && copies.count[i] === need) keep.add(i);
      }
    }
  }

  /** Entries holding one of `t`'s stems exactly, or (for `fuzzy`) one edit away. */
  private holding(index: Map<string, number[]>, vocabulary: Map<string, string[]>, t: string, fuzzy: boolean): number[][] {
    const out = [index.get(t) ?? []];
    if (fuzzy) for (const s of oneEditNeighbours(vocabulary, t)) out.push(index.get(s) ?? []);
    return out;
  }

  /**
   * Counts shared stems per entry and keeps the entries that share a name. The most common stems
   * that name nothing are not walked: a story with the `need` shared stems the text rule asks for
   * shares one of any `terms - need + 1` of them, so it is still touched, and its count completed. Returns the entry lists of the unprobed stems.
   */
  private byTerms(fp: StoryFingerprint, thresholds: MatchThresholds, tally: Tally): number[][] {
    const own = new Set(fp.names);
    const need = Math.max(thresholds.textShared, Math.ceil(thresholds.textJaccard * fp.terms.length));
    const skip = this.commonest(fp, own, need - 1);
    fp.terms.forEach((t, term) => {
      if (skip.has(t)) return;
      const isName = own.has(t);
      const strong = !WEAK_STEMS.has(t);
      const named = this.names.get(t);
      for (const list of this.holding(this.terms, this.longTerms, t, isName)) {
        for (const i of list) {
          if (tally.hit(i, term) && strong && (isName || named?.has(i) === true)) tally.keep.add(i);
        }
      }
    });
    return [...skip].map((t) => this.terms.get(t) ?? []);
  }

  /** Up to `most` of `fp`'s stems held by many entries that are no name here or there (worth skipping). */
  private commonest(fp: StoryFingerprint, own: ReadonlySet<string>, most: number): Set<string> {
    const skippable = fp.terms.filter((t) => !own.has(t) && (WEAK_STEMS.has(t) || !this.names.has(t)) && (this.terms.get(t)?.length ?? 0) >= 16);
    if (most <= 0 || skippable.length === 0) return new Set();
    skippable.sort((x, y) => (this.terms.get(y)?.length ?? 0) - (this.terms.get(x)?.length ?? 0));
    return new Set(skippable.slice(0, most));
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
