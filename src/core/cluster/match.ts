/** The same-story decision: from the evidence between two fingerprints to a reason, or none. */
import type { StoryEvidence } from './evidence.js';

/** Why two fingerprints were judged the same story, strongest first. */
export type MatchReason = 'victim' | 'near_duplicate' | 'title_name' | 'names' | 'name_and_text' | 'text' | 'service' | 'worldwide';

/** Thresholds of the same-story decision (precision first: a wrong merge hides an incident). */
export interface MatchThresholds {
  /** Same victim and one other shared stem: minimum overlap. */
  victimOverlap: number;
  /** MinHash similarity above which two texts are copies of one dispatch. */
  nearDuplicate: number;
  /** Two or more shared names: minimum overlap. */
  namesOverlap: number;
  /** One shared name: minimum overlap, unless another stem is shared too. */
  nameOverlap: number;
  /** No shared name: minimum shared stems and Jaccard similarity. */
  textShared: number;
  textJaccard: number;
}

/** Default thresholds, measured on labelled French items. */
export const DEFAULT_THRESHOLDS: MatchThresholds = {
  victimOverlap: 0.1,
  nearDuplicate: 0.5,
  namesOverlap: 0.1,
  nameOverlap: 0.3,
  textShared: 4,
  textJaccard: 0.2,
};

/** Same victim, and the texts agree beyond it: named in a headline and the other text, or other shared words. */
function sameVictimStory(e: StoryEvidence, t: MatchThresholds): boolean {
  const beyond = e.sharedBeyondVictim.length;
  return e.victim === 'same' && (e.victimMentioned || beyond >= 2 || (beyond >= 1 && e.overlap >= t.victimOverlap));
}

/** Decides from the evidence whether two items report the same incident; undefined when not. */
export function matchReason(e: StoryEvidence, t: MatchThresholds = DEFAULT_THRESHOLDS): MatchReason | undefined {
  // Two headlines naming different victims are two incidents, however alike the wording (templates),
  // unless the headlines share several names: one outage of several services (Facebook, Instagram).
  if (e.victim === 'conflict' && e.titleNames.length < 2) return undefined;
  // One headline places the incident in a country the other article never mentions, naming another: two incidents.
  if (e.countryConflict && e.nearDuplicate < t.nearDuplicate) return undefined;
  if (sameVictimStory(e, t)) return 'victim';
  if (e.nearDuplicate >= t.nearDuplicate) return 'near_duplicate';
  if (e.sharedNames.length >= 2 && e.overlap >= t.namesOverlap) return 'names';
  // Without a named victim: one kind of incident hitting one affected service in one window is one
  // incident, whatever else each outlet names (shops, towns, the operator's customers).
  if (e.sharedServices.length > 0 && e.victim !== 'conflict') return 'service';
  // Two headlines each about something the other never mentions: only names or copies may join them.
  if (e.titleUnmatched === 2) return undefined;
  // A shared headline name counts alone only when neither headline names anything else the other lacks.
  if (e.titleNames.length >= 1 && e.titleUnmatched === 0) return 'title_name';
  if (e.sharedNames.length >= 1 && (e.overlap >= t.nameOverlap || e.shared.length >= 2)) return 'name_and_text';
  if (e.shared.length >= t.textShared && e.jaccard >= t.textJaccard) return 'text';
  // Two worldwide outages in one window are one outage, unless each article names what the other never does.
  if (e.worldwideOutage && e.namesUnmatched < 2) return 'worldwide';

  return undefined;
}

/**
 * Whether a match may join items of different categories (an outage later revealed as an attack):
 * only on evidence about the headline itself, i.e. the victim named in a headline, a copy of the
 * same dispatch, or a name both headlines are about.
 */
export function allowsCategoryChange(reason: MatchReason, e: StoryEvidence): boolean {
  return (reason === 'victim' && e.victimMentioned) || reason === 'near_duplicate' || reason === 'title_name';
}
