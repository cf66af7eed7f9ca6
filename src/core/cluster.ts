/**
 * Cross-outlet story clustering (pure): an incident item joins a recent alert's story when it
 * reports the same incident. Precision first: a wrong merge hides an incident, a missed one only
 * costs a second alert.
 */
import type { Category, Cause } from './types.js';
import type { StoryFingerprint } from './cluster/fingerprint.js';
import { compareFingerprints, overlapOf, type StoryEvidence } from './cluster/evidence.js';
import { minhashSimilarity, similarityReaches } from './cluster/minhash.js';
import { allowsCategoryChange, DEFAULT_THRESHOLDS, matchReason } from './cluster/match.js';
import type { MatchReason, MatchThresholds } from './cluster/match.js';
import { StoryIndex } from './cluster/story-index.js';
import { commonTerms } from './cluster/common.js';
import { contradicted, placedElsewhere, StorySummaries, type StorySummary } from './cluster/story-summary.js';

export { fingerprint, fixedShape, leadOf } from './cluster/fingerprint.js';
export type { FingerprintOptions, StoryFingerprint } from './cluster/fingerprint.js';
export { compareFingerprints } from './cluster/evidence.js';
export type { StoryEvidence } from './cluster/evidence.js';
export { allowsCategoryChange, DEFAULT_THRESHOLDS, matchReason } from './cluster/match.js';
export type { MatchReason, MatchThresholds } from './cluster/match.js';
export { StoryIndex } from './cluster/story-index.js';
export { COMMON_TERM_HOLDERS, commonTerms } from './cluster/common.js';

/** How long an alert's story stays open to new items (72 h). */
export const STORY_WINDOW_MS = 72 * 3_600_000;
/** How long it stays open to follow-ups: reports naming its victim in a headline (recovery, claim, inquiry). */
export const FOLLOW_UP_WINDOW_MS = 14 * 86_400_000;
/**
 * How long a cyberattack's story stays open to follow-ups (90 days): recovery, leaked data, costs
 * and inquiries run for months, whereas an operator's next outage is a new incident.
 */
export const ATTACK_FOLLOW_UP_WINDOW_MS = 90 * 86_400_000;

/**
 * One fingerprint of a recent story. The pipeline may pass several per alert (the first item's
 * and each joined item's): a story then grows with what its later sources say.
 */
export interface StoryCandidate {
  alertId: string;
  fingerprint: StoryFingerprint;
  /** When that item joined (or created) the story, epoch ms. */
  createdAt: number;
}

/** Options of `findStory`. */
export interface FindStoryOptions {
  /** Candidates further than this from `now` only take follow-ups (default `STORY_WINDOW_MS`). */
  windowMs?: number;
  /** Candidates further than this from `now` are ignored (default `FOLLOW_UP_WINDOW_MS`, at least `windowMs`). */
  followUpWindowMs?: number;
  /** The same for a cyberattack following a cyberattack (default `ATTACK_FOLLOW_UP_WINDOW_MS`, at least `followUpWindowMs`). */
  attackFollowUpWindowMs?: number;
  /** Every candidate only takes follow-ups (the caller placed them beyond `windowMs`). */
  followUpOnly?: boolean;
  thresholds?: Partial<MatchThresholds>;
  /**
   * The item's time relative to the candidates is unknown (an undated labelled item): only a copy
   * of the same dispatch links them, since one victim has several incidents over the years.
   */
  timeUnknown?: boolean;
}

/** The story an item joins. `similarity` in [0, 1]: the larger of text overlap and near-duplicate score. */
export interface StoryMatch {
  alertId: string;
  similarity: number;
  reason: MatchReason;
}

// Stronger evidence wins over higher similarity when an item matches several stories.
const STRENGTH: Record<MatchReason, number> = {
  victim: 7, near_duplicate: 6, title_name: 5, names: 4, name_and_text: 3, text: 2, service: 1, worldwide: 0,
};

/** Whether match `a` is better evidence than match `b`. */
function better(a: StoryMatch, b: StoryMatch | undefined): boolean {
  if (b === undefined) return true;
  const d = STRENGTH[a.reason] - STRENGTH[b.reason];
  return d !== 0 ? d > 0 : a.similarity > b.similarity;
}

/**
 * Every rule needs a shared stem (a copy of one dispatch shares its words too), a worldwide scale or a
 * shared service: the rules are skipped without.
 */
function worthComparing(a: StoryFingerprint, b: StoryFingerprint, e: StoryEvidence): boolean {
  return e.shared.length > 0 || (a.worldwide === true && b.worldwide === true) || e.sharedServices.length > 0;
}

/**
 * Why `b` is the same story as `fp` under the pairwise rules, with stems `common` in the pool not
 * shared; undefined when not. The window, category, follow-up and story-wide checks of `findStory` come on top.
 */
export function sameStoryReason(fp: StoryFingerprint, b: StoryFingerprint, common: ReadonlySet<string>,
  thresholds: Partial<MatchThresholds> = {}): MatchReason | undefined {
  const e = compareFingerprints(fp, b, common);
  return worthComparing(fp, b, e) ? matchReason(e, { ...DEFAULT_THRESHOLDS, ...thresholds }) : undefined;
}

/** Reasons that link on scale alone: a story's other items may still tell a different incident. */
const WEAK_REASONS: ReadonlySet<MatchReason> = new Set<MatchReason>(['worldwide', 'service']);

/**
 * How far apart `fp` may be from a candidate's fingerprint and still follow it up: a cyberattack
 * following a cyberattack gets the long window, unless its headline tells of a new attack.
 */
export function followUpWindow(fp: StoryFingerprint, candidate: StoryFingerprint, options: FindStoryOptions = {}): number {
  const followUpMs = Math.max(options.windowMs ?? STORY_WINDOW_MS, options.followUpWindowMs ?? FOLLOW_UP_WINDOW_MS);
  const attacks = fp.category === 'cyberattack' && candidate.category === 'cyberattack' && fp.renewed !== true;
  return attacks ? Math.max(followUpMs, options.attackFollowUpWindowMs ?? ATTACK_FOLLOW_UP_WINDOW_MS) : followUpMs;
}

const REVEALS_CAUSE: ReadonlySet<Cause | null> = new Set<Cause | null>(['confirmed', 'denied']);

/**
 * Categories must agree, unless the later item settles the cause: an outage later revealed as a
 * cyberattack (or an "attack" the operator denies) stays in its story.
 */
export function categoriesCompatible(later: { category: Category; cause: Cause | null }, earlier: { category: Category }): boolean {
  if (later.category === 'none' || earlier.category === 'none') return false;
  return later.category === earlier.category || REVEALS_CAUSE.has(later.cause);
}

/** The summaries of the stories of a list of candidates, built when first asked for. */
function summariesOf(candidates: readonly StoryCandidate[]): (alertId: string) => StorySummary {
  let summaries: StorySummaries | undefined;
  return (alertId) => {
    if (summaries === undefined) {
      summaries = new StorySummaries();
      for (const c of candidates) summaries.add(c.alertId, c.fingerprint);
    }
    return summaries.of(alertId);
  };
}

/**
 * Finds the recent story an incident item belongs to: same victim and similar text, a copy of the
 * same dispatch, or shared names plus similar text, within `windowMs` of `now` and in a compatible
 * category. Fingerprints of another format version are ignored. Returns the best match, or undefined.
 * With a `StoryIndex`, only the candidates it finds worth it are compared: the result is the same.
 */
export function findStory(
  fp: StoryFingerprint,
  candidates: readonly StoryCandidate[] | StoryIndex,
  now: number,
  options: FindStoryOptions = {},
): StoryMatch | undefined {
  const windowMs = options.windowMs ?? STORY_WINDOW_MS;
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const indexed = candidates instanceof StoryIndex;
  // Stems too common among the recent stories are never shared: the index then looks only at the
  // stories sharing rarer ones, and comparing every candidate gives the same answer.
  const { pool, common, serviceAlone } = indexed ? candidates.lookup(fp, thresholds)
    : { pool: candidates, common: commonTerms(fp, candidates.map((c) => c.fingerprint)), serviceAlone: undefined };
  const storyOf = indexed ? (alertId: string): StorySummary => candidates.summaryOf(alertId) : summariesOf(candidates);
  // A story's verdicts hold for every candidate of it: each is read once per item, kept by alert id
  // (one map per verdict: no key is built per candidate).
  const contradictedFor = { service: new Map<string, boolean>(), worldwide: new Map<string, boolean>() };
  const elsewhere = new Map<string, boolean>();
  const once = (known: Map<string, boolean>, alertId: string, verdict: () => boolean): boolean => {
    let v = known.get(alertId);
    if (v === undefined) known.set(alertId, v = verdict());
    return v;
  };
  let best: StoryMatch | undefined;
  /**
   * Whether a candidate the index reached through a shared service alone, sharing `shared` stems,
   * might still win. Unless a copy it can only join for the service, at a similarity its shared
   * stems and MinHash tell: most candidates of a story of many items are settled without comparing.
   * The similarity is computed only when it decides: against a best match for the service too.
   */
  const mayWinOnService = (c: StoryCandidate, shared: number, age: number): boolean => {
    if (similarityReaches(fp.minhash, c.fingerprint.minhash, thresholds.nearDuplicate)) return true;
    if (options.timeUnknown === true || options.followUpOnly === true || age > windowMs || fp.category !== c.fingerprint.category) return false;
    if (best !== undefined && STRENGTH[best.reason] > STRENGTH.service) return false;
    if (contradictedFor.service.get(c.alertId) === true || elsewhere.get(c.alertId) === true) return false;
    if (best?.reason !== 'service') return true; // none yet, or one on scale alone: the service wins
    const similarity = Math.max(overlapOf(shared, fp, c.fingerprint), minhashSimilarity(fp.minhash, c.fingerprint.minhash));
    return better({ alertId: c.alertId, similarity, reason: 'service' }, best);
  };
  for (const c of pool) {
    const age = Math.abs(now - c.createdAt);
    if (c.fingerprint.v !== fp.v || age > followUpWindow(fp, c.fingerprint, options) || !categoriesCompatible(fp, c.fingerprint)) continue;
    const shared = serviceAlone?.get(c);
    if (shared !== undefined && !mayWinOnService(c, shared, age)) continue;
    const evidence = compareFingerprints(fp, c.fingerprint, common);
    if (!worthComparing(fp, c.fingerprint, evidence)) continue;
    const reason = matchReason(evidence, thresholds);
    if (reason === undefined || (options.timeUnknown === true && evidence.nearDuplicate < thresholds.nearDuplicate)) continue;
    if ((options.followUpOnly === true || age > windowMs) && !(reason === 'victim' && evidence.victimMentioned)) continue;
    if (fp.category !== c.fingerprint.category && !allowsCategoryChange(reason, evidence)) continue;
    const service = reason === 'service';
    const weakVerdicts = contradictedFor[service ? 'service' : 'worldwide'];
    if (WEAK_REASONS.has(reason) && once(weakVerdicts, c.alertId, () => contradicted(fp, storyOf(c.alertId), service, common))) continue;
    if (reason !== 'near_duplicate' && once(elsewhere, c.alertId, () => placedElsewhere(fp, storyOf(c.alertId)))) continue;
    const match = { alertId: c.alertId, similarity: Math.max(evidence.overlap, evidence.nearDuplicate), reason };
    if (better(match, best)) best = match;
  }
  return best;
}
