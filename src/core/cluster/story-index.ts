/**
 * Index of the recent story candidates: for a new fingerprint it returns every candidate that the
 * same-story rules could possibly join it to (a superset, never fewer), so that `findStory` runs
 * the full comparison on a handful of stories instead of all of the recent ones. Stems held by more
 * than `COMMON_TERM_HOLDERS` fingerprints are never followed (they never count as shared).
 */
import type { StoryCandidate } from '../cluster.js';
import { sameUnit, titledVictim, WEAK_STEMS } from './evidence.js';
import type { StoryFingerprint } from './fingerprint.js';
import { COMMON_TERM_HOLDERS } from './common.js';
import type { MatchThresholds } from './match.js';
import { fewestEqual, MINHASH_SIZE, similarityReaches } from './minhash.js';
import { StorySummaries, type StorySummary } from './story-summary.js';
import { Tally } from './tally.js';
import { unitParts } from './terms.js';
import { StemVocabulary } from './vocabulary.js';

const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
};

const firstPart = (unit: string): string => unitParts(unit)[0] as string;

/** What `StoryIndex.lookup` found for a fingerprint. */
export interface StoryLookup {
  /** The candidates worth comparing, in insertion order. */
  pool: StoryCandidate[];
  /** The fingerprint's stems too common to count as shared. */
  common: Set<string>;
  /**
   * The candidates of `pool` reached through a shared affected service alone, with the number of
   * stems they share: no shared name, related victim, worldwide scale, or enough shared stems for
   * the text rule, so they can only be the same story for the service or as a copy.
   */
  serviceAlone: ReadonlyMap<StoryCandidate, number>;
}

/** Recent story candidates with inverted indexes over their stems, victims and scale. */
export class StoryIndex {
  private readonly entries: StoryCandidate[] = [];
  /** Stem → entries whose terms hold it. */
  private readonly terms = new Map<string, number[]>();
  /** Stem → entries that write it as a name. */
  private readonly names = new Map<string, Set<number>>();
  /** Every entry's stems, for one-edit lookups. */
  private readonly termWords = new StemVocabulary();
  /** Victim unit → entries; first part of a unit → units. */
  private readonly victims = new Map<string, number[]>();
  private readonly unitsByHead = new Map<string, string[]>();
  /** First part of a victim unit → entries; the first parts, for one-edit and prefix lookups. */
  private readonly victimHeads = new Map<string, number[]>();
  private readonly headWords = new StemVocabulary({ prefixes: true });
  private readonly worldwide: number[] = [];
  /** Affected-service key → entries naming it. */
  private readonly services = new Map<string, number[]>();
  /** Whether each entry's headline names its victim (a victim conflict needs both headlines to). */
  private readonly titled: boolean[] = [];
  /** Full-size MinHash signatures side by side (entry i at i × MINHASH_SIZE), for a tight scan. */
  private signatures = new Uint32Array(MINHASH_SIZE * 64);
  private readonly byAlert = new Map<string, StoryCandidate[]>();
  private readonly summaries = new StorySummaries();
  private readonly tally = new Tally();

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
    this.summaries.add(candidate.alertId, fp);
    for (const t of fp.terms) {
      this.termWords.add(t);
      push(this.terms, t, i);
    }
    for (const t of fp.names) {
      const set = this.names.get(t);
      if (set === undefined) this.names.set(t, new Set([i]));
      else set.add(i);
    }
    for (const v of fp.victim) {
      const head = firstPart(v);
      if (!this.victims.has(v)) push(this.unitsByHead, head, v);
      push(this.victims, v, i);
      this.headWords.add(head);
      push(this.victimHeads, head, i);
    }
    if (fp.worldwide === true) this.worldwide.push(i);
    if (fp.service !== undefined) for (const s of fp.service) push(this.services, s, i);
    this.titled.push(titledVictim(fp).length > 0);
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

  /** What linking reads of one alert's story as a whole (see `StorySummary`). */
  summaryOf(alertId: string): StorySummary {
    return this.summaries.of(alertId);
  }

  /**
   * The candidates, in insertion order, that could be the same story as `fp` under `thresholds`:
   * a shared name, enough shared stems, related victims, a copied text, a common worldwide scale or
   * a shared affected service.
   */
  candidatesFor(fp: StoryFingerprint, thresholds: MatchThresholds): StoryCandidate[] {
    return this.lookup(fp, thresholds).pool;
  }

  /**
   * `candidatesFor`, with the stems of `fp` too common among the indexed fingerprints to count as
   * shared (`commonTerms` over every indexed fingerprint). Common stems are never followed: the work
   * is bounded by the holders of `fp`'s rarer stems, its victims, services and scale.
   */
  lookup(fp: StoryFingerprint, thresholds: MatchThresholds): StoryLookup {
    const tally = this.tally;
    tally.reset(this.entries.length);
    const common = this.byTerms(fp, tally);
    for (const i of tally.touched) {
      const c = tally.count[i] as number;
      // `c` counts the shared stems (common ones never count), and the Jaccard similarity grows with them.
      const union = fp.terms.length + (this.entries[i] as StoryCandidate).fingerprint.terms.length - c;
      if (c >= thresholds.textShared && union > 0 && c / union >= thresholds.textJaccard) tally.keep.add(i);
    }
    if (fp.victim.length > 0) this.byVictims(fp, tally.keep);
    if (fp.worldwide === true) for (const i of this.worldwide) tally.keep.add(i);
    // A copy is only compared when it shares a stem: among the entries counted above.
    this.byCopy(fp, thresholds.nearDuplicate, tally.touched, tally.keep);
    const serviceAlone = this.byServices(fp, tally);
    // Pushed, not mapped: an optimised `map` makes holey arrays, and findStory's loop was compiled for packed ones.
    const pool: StoryCandidate[] = [];
    for (const i of [...tally.keep].sort((x, y) => x - y)) pool.push(this.entries[i] as StoryCandidate);
    return { pool, common, serviceAlone };
  }

  /**
   * Keeps the entries naming one of `fp`'s affected services, but those whose headline names a
   * victim only when `fp`'s does not: two headline victims that neither meet nor name each other
   * conflict, and a conflict rules the service reason out. The victims that may be `fp`'s were kept
   * by `byVictims`, and every other reason reaches an entry through its stems, names or copy.
   * Runs last: returns the entries it alone kept, with the stems each shares with `fp`.
   */
  private byServices(fp: StoryFingerprint, tally: Tally): Map<StoryCandidate, number> {
    const titled = titledVictim(fp).length > 0;
    const alone = new Map<StoryCandidate, number>();
    if (fp.service === undefined) return alone;
    for (const s of fp.service) {
      const holders = this.services.get(s);
      if (holders === undefined) continue;
      for (const i of holders) {
        if ((titled && this.titled[i] === true) || tally.keep.has(i)) continue;
        tally.keep.add(i);
        alone.set(this.entries[i] as StoryCandidate, tally.counted(i));
      }
    }
    return alone;
  }

  /** Keeps the entries of `among` whose MinHash similarity with `fp` reaches `threshold` (copies of one dispatch). */
  private byCopy(fp: StoryFingerprint, threshold: number, among: readonly number[], keep: Set<number>): void {
    const sig = fp.minhash;
    const allowed = MINHASH_SIZE - fewestEqual(MINHASH_SIZE, threshold);
    for (const i of among) {
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
  private holding(index: Map<string, number[]>, vocabulary: StemVocabulary, t: string, fuzzy: boolean): number[][] {
    const out = [index.get(t) ?? []];
    if (fuzzy) for (const s of vocabulary.near(t)) out.push(index.get(s) ?? []);
    return out;
  }

  /** Counts shared stems per entry and keeps the entries that share a name; returns the common stems, left out. */
  private byTerms(fp: StoryFingerprint, tally: Tally): Set<string> {
    const own = new Set(fp.names);
    const common = new Set<string>();
    fp.terms.forEach((t, term) => {
      const isName = own.has(t);
      const holders = this.holding(this.terms, this.termWords, t, isName);
      if (tally.moreThan(holders, COMMON_TERM_HOLDERS)) {
        common.add(t);
        return;
      }
      const strong = !WEAK_STEMS.has(t);
      const named = this.names.get(t);
      for (const list of holders) {
        for (const i of list) {
          if (tally.hit(i, term) && strong && (isName || named?.has(i) === true)) tally.keep.add(i);
        }
      }
    });
    return common;
  }

  /** Keeps the entries whose victim may be `fp`'s: units that meet, or named in the other's text. */
  private byVictims(fp: StoryFingerprint, keep: Set<number>): void {
    const hasVictim = (i: number): boolean => (this.entries[i] as StoryCandidate).fingerprint.victim.length > 0;
    for (const v of fp.victim) {
      const head = firstPart(v);
      // Units that meet share a first part related as stems (equal, one edit, a prefix).
      const units = this.headWords.related(head).flatMap((h) => this.unitsByHead.get(h) ?? []);
      for (const w of units) if (sameUnit(v, w)) for (const i of this.victims.get(w) ?? []) keep.add(i);
      for (const list of this.holding(this.terms, this.termWords, head, true)) for (const i of list) if (hasVictim(i)) keep.add(i);
    }
    for (const t of fp.terms) {
      for (const list of this.holding(this.victimHeads, this.headWords, t, true)) for (const i of list) keep.add(i);
    }
  }
}
