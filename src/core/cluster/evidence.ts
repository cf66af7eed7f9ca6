/** What two story fingerprints have in common: shared words and names, headlines, victims, copies. */
import type { StoryFingerprint } from './fingerprint.js';
import { holds } from './fuzzy.js';
import { inText, inTitle, isName, prepare, sameStem, sameUnit, WEAK_STEMS, type Prepared } from './lookup.js';
import { minhashSimilarity } from './minhash.js';
import { unitParts } from './terms.js';

export { sameUnit, WEAK_STEMS } from './lookup.js';

/** Evidence measured between two fingerprints. */
export interface StoryEvidence {
  /** Distinctive stems both texts use (names may differ by one typo). */
  shared: string[];
  /** Shared stems written as proper names (weak names and threat actors excluded). */
  sharedNames: string[];
  /** Shared names a headline carries (places excluded): what the headlines are about. */
  titleNames: string[];
  /** How many of the two headlines name something (not a weak name) the other article never mentions. */
  titleUnmatched: 0 | 1 | 2;
  /** |shared| / |smaller term set| (at least `MIN_OVERLAP_BASE`). */
  overlap: number;
  /** |shared| / |union of term sets|. */
  jaccard: number;
  /** MinHash estimate of the word-bigram Jaccard similarity: 1 for copies of one dispatch. */
  nearDuplicate: number;
  /** Victim entities: the same organisation, two different ones, or not enough to tell. */
  victim: 'same' | 'conflict' | 'unknown';
  /** The shared victim is named in one headline and in the other article's text. */
  victimMentioned: boolean;
  /** Shared stems other than the victims' ("similar text" besides the victim). */
  sharedBeyondVictim: string[];
  /** Both are outages whose headlines give a worldwide scale ("panne informatique mondiale"). */
  worldwideOutage: boolean;
  /** How many of the two articles name something (headline or lead) the other never mentions. */
  namesUnmatched: 0 | 1 | 2;
  /** Affected-service keys both name, when both are of one category and compatible subtypes. */
  sharedServices: string[];
  /** One headline names a country the other article never mentions while naming another: two places, two incidents. */
  countryConflict: boolean;
}

// Overlap is measured against at least this many terms: a three-word headline sharing one word is not 33 % alike.
const MIN_OVERLAP_BASE = 5;

const NONE: ReadonlySet<string> = new Set();

/**
 * Stems of `a` that `b` uses too: exactly, or one edit apart for `a`'s names ("Cloudfare" meets
 * "cloudflare"); `common` stems (used by too many recent stories to tell one from another) never count.
 */
export function sharedTerms(a: StoryFingerprint, b: StoryFingerprint, common: ReadonlySet<string> = NONE): string[] {
  const pa = prepare(a);
  const pb = prepare(b);
  return a.terms.filter((t) => !common.has(t) && (pb.terms.exact.has(t) || (pa.names.exact.has(t) && holds(pb.terms, t))));
}

/** `StoryEvidence.overlap` of two fingerprints sharing `shared` stems. */
export function overlapOf(shared: number, a: StoryFingerprint, b: StoryFingerprint): number {
  const smaller = Math.min(a.terms.length, b.terms.length);
  return smaller === 0 ? 0 : shared / Math.max(smaller, MIN_OVERLAP_BASE);
}

/** Whether `a`'s headline names something `b` never mentions ("Cloudflare" vs an article on Facebook alone). */
function unmatchedTitleName(a: StoryFingerprint, b: StoryFingerprint): boolean {
  const pa = prepare(a);
  return a.titleTerms.some((t) => pa.names.exact.has(t) && !WEAK_STEMS.has(t) && !inText(t, b));
}

/** Whether `a` names anything (headline or lead, weak names aside) that `b` never mentions. */
function unmatchedName(a: StoryFingerprint, b: StoryFingerprint): boolean {
  return a.names.some((t) => !WEAK_STEMS.has(t) && !inText(t, b));
}

/** The victim stems an item's own headline confirms; a victim its title never names is too unsure to oppose. */
export const titledVictim = (fp: StoryFingerprint): string[] => (fp.victim.some((v) => inTitle(v, fp)) ? fp.victim : []);

/**
 * The same victim when the victims' stems meet. Otherwise, with both victims named in their own
 * headlines: the same when each article mentions the other's victim, or one does and both share a
 * place ("CHU de Brest" and "hôpital de la Cavale-Blanche" at Brest); else a conflict (an article on
 * Toulon that recalls Nice is not about Nice). Otherwise nothing is concluded.
 */
function victimRelation(a: StoryFingerprint, b: StoryFingerprint): StoryEvidence['victim'] {
  if (a.victim.some((v) => b.victim.some((w) => sameUnit(v, w)))) return 'same';
  const va = titledVictim(a);
  const vb = titledVictim(b);
  if (va.length === 0 || vb.length === 0) return 'unknown';
  const aInB = va.some((v) => inText(v, b));
  const bInA = vb.some((v) => inText(v, a));
  const samePlace = a.place.some((p) => b.place.some((q) => sameUnit(p, q)));
  return (aInB && bInA) || ((aInB || bInA) && samePlace) ? 'same' : 'conflict';
}

type Places = Pick<StoryFingerprint, 'countries' | 'titleCountries'>;

/** Whether `a`'s headline names a country `b` never mentions, while `b` names another ("Orange Belgique" and Orange in France). */
function elsewhere(a: Places, b: Places): boolean {
  return a.titleCountries !== undefined && b.countries !== undefined && !a.titleCountries.some((c) => b.countries?.includes(c) === true);
}

/** Whether either headline names a country the other article never mentions while naming another: two places, two incidents. */
export function placesApart(a: Places, b: Places): boolean {
  return elsewhere(a, b) || elsewhere(b, a);
}

/** Whether a victim stem both share is in one headline and in the other article's words. */
function victimMentioned(a: StoryFingerprint, b: StoryFingerprint): boolean {
  const meeting = [...a.victim, ...b.victim];
  return meeting.some((v) => (inTitle(v, a) && inText(v, b)) || (inTitle(v, b) && inText(v, a)));
}

/** Stems of the threat actors that do not identify a story (all of them, unless an attribution). */
function actorStems(a: StoryFingerprint, b: StoryFingerprint): Set<string> {
  // Naming the same group says little about the incident, unless neither item names a victim and
  // both headlines are about that group (an attribution or a campaign).
  const attribution = a.victim.length === 0 && b.victim.length === 0;
  const stems = [...prepare(a).actorStems, ...prepare(b).actorStems];
  return new Set(stems.filter((t) => !(attribution && inTitle(t, a) && inTitle(t, b))));
}

// Subtypes too vague to tell two incidents apart.
// Subtypes naming a cause (a bug, a fire) rather than what failed count as vague too.
const VAGUE_SUBTYPES: ReadonlySet<string | null | undefined> = new Set([null, undefined, 'other', 'service_down', 'software_bug', 'power_fire']);

/** Service keys both items name, when they are of one category and their subtypes agree (or one is vague). */
export function servicesInCommon(a: StoryFingerprint, b: StoryFingerprint): string[] {
  if (a.service === undefined || b.service === undefined || a.category !== b.category) return [];
  if (a.subtype !== b.subtype && !VAGUE_SUBTYPES.has(a.subtype) && !VAGUE_SUBTYPES.has(b.subtype)) return [];
  const other = new Set(b.service);
  return a.service.filter((s) => other.has(s));
}

/**
 * Evidence between two fingerprints, each field computed when first read: the same-story rules stop
 * at the first that decides (most pairs of a busy day end on a victim conflict).
 */
class LazyEvidence implements StoryEvidence {
  private readonly memo: Partial<StoryEvidence> = {};
  private readonly pa: Prepared;
  private readonly pb: Prepared;

  constructor(private readonly a: StoryFingerprint, private readonly b: StoryFingerprint, private readonly common: ReadonlySet<string>) {
    this.pa = prepare(a);
    this.pb = prepare(b);
  }

  private once<K extends keyof StoryEvidence>(key: K, compute: () => StoryEvidence[K]): StoryEvidence[K] {
    const known = this.memo[key];
    if (known !== undefined) return known as StoryEvidence[K];
    const value = compute();
    this.memo[key] = value;
    return value;
  }

  get shared(): string[] {
    return this.once('shared', () => sharedTerms(this.a, this.b, this.common));
  }

  // Shared stems are spelt as in `a`; one met only through a typo is one of `a`'s names.
  get sharedNames(): string[] {
    return this.once('sharedNames', () => {
      const actors = actorStems(this.a, this.b);
      return this.shared.filter((t) => (this.pa.names.exact.has(t) || this.pb.names.exact.has(t)) && !WEAK_STEMS.has(t) && !actors.has(t));
    });
  }

  // Slug headlines carry no capitals: a shared name in both headlines, or a name on both sides in one.
  get titleNames(): string[] {
    return this.once('titleNames', () => {
      const { a, b } = this;
      const places = new Set([...a.place, ...b.place]);
      const bothNames = (t: string): boolean => isName(t, a) && isName(t, b);
      return this.sharedNames.filter(
        (t) => !places.has(t) && ((inTitle(t, a) && inTitle(t, b)) || (bothNames(t) && (inTitle(t, a) || inTitle(t, b)))),
      );
    });
  }

  get titleUnmatched(): 0 | 1 | 2 {
    return this.once('titleUnmatched', () => ((unmatchedTitleName(this.a, this.b) ? 1 : 0) + (unmatchedTitleName(this.b, this.a) ? 1 : 0)) as 0 | 1 | 2);
  }

  get overlap(): number {
    return overlapOf(this.shared.length, this.a, this.b);
  }

  get jaccard(): number {
    const union = this.a.terms.length + this.b.terms.length - this.shared.length;
    return union === 0 ? 0 : this.shared.length / union;
  }

  get nearDuplicate(): number {
    return this.once('nearDuplicate', () => minhashSimilarity(this.a.minhash, this.b.minhash));
  }

  get victim(): StoryEvidence['victim'] {
    return this.once('victim', () => victimRelation(this.a, this.b));
  }

  get victimMentioned(): boolean {
    return this.once('victimMentioned', () => victimMentioned(this.a, this.b));
  }

  get sharedBeyondVictim(): string[] {
    return this.once('sharedBeyondVictim', () => {
      const victims = [...new Set([...this.a.victim, ...this.b.victim].flatMap(unitParts))];
      return victims.length === 0 ? this.shared : this.shared.filter((t) => !victims.some((v) => sameStem(t, v)));
    });
  }

  get worldwideOutage(): boolean {
    const { a, b } = this;
    return a.category === 'outage' && b.category === 'outage' && a.worldwide === true && b.worldwide === true;
  }

  get sharedServices(): string[] {
    return this.once('sharedServices', () => servicesInCommon(this.a, this.b));
  }

  get countryConflict(): boolean {
    return this.once('countryConflict', () => placesApart(this.a, this.b));
  }

  get namesUnmatched(): 0 | 1 | 2 {
    return this.once('namesUnmatched', () => ((unmatchedName(this.a, this.b) ? 1 : 0) + (unmatchedName(this.b, this.a) ? 1 : 0)) as 0 | 1 | 2);
  }
}

/**
 * Measures what two fingerprints have in common; each field is computed when first read. Stems of
 * `a` in `common` are never shared (see `commonTerms`).
 */
export function compareFingerprints(a: StoryFingerprint, b: StoryFingerprint, common: ReadonlySet<string> = NONE): StoryEvidence {
  return new LazyEvidence(a, b, common);
}
