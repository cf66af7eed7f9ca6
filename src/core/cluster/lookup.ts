/** A fingerprint's stems as lookup sets (memoised per fingerprint), and how entity stems and units meet. */
import type { StoryFingerprint } from './fingerprint.js';
import { WEAK_NAMES } from './generic.js';
import { holds, oneEditApart, stemSet } from './fuzzy.js';
import type { StemSet } from './fuzzy.js';
import { PLACE_PARTS, stem, termSequence, UNIT_JOIN, unitParts } from './terms.js';

/** Stems that never identify a story: weak names, and generic place parts (Saint-Malo and Saint-Étienne share nothing). */
export const WEAK_STEMS: ReadonlySet<string> = new Set([...[...WEAK_NAMES].map(stem), ...PLACE_PARTS]);

/** A fingerprint's stems as lookup sets, with what comparisons need again and again. */
export interface Prepared {
  terms: StemSet;
  names: StemSet;
  title: StemSet;
  /** Stems of the threat actors' names. */
  actorStems: string[];
}

// Memo of prepared views, keyed by identity: fingerprints are immutable values compared many times.
const prepared = new WeakMap<StoryFingerprint, Prepared>();

/** The lookup sets of a fingerprint, built once per fingerprint object. */
export function prepare(fp: StoryFingerprint): Prepared {
  let p = prepared.get(fp);
  if (p === undefined) {
    p = {
      terms: stemSet(fp.terms),
      names: stemSet(fp.names),
      title: stemSet(fp.titleTerms),
      actorStems: fp.actors.flatMap((n) => termSequence(n)),
    };
    prepared.set(fp, p);
  }
  return p;
}

/** Whether two entity stems name the same thing: equal, one edit apart, or a prefix ("ovh", "ovhcloud"). */
export function sameStem(v: string, w: string): boolean {
  if (v === w || oneEditApart(v, w)) return true;
  const [short, long] = v.length <= w.length ? [v, w] : [w, v];
  return short.length >= 3 && long.startsWith(short);
}

/**
 * Whether two entity units name the same thing. Words compare as stems; a compound only meets the
 * same compound part by part ("saint-etienn" never meets "saint-malo"), or a word that is its
 * distinctive head ("montlucon" meets "montlucon-neri-bain", "villeneuv" meets no "villeneuv-…").
 */
export function sameUnit(v: string, w: string): boolean {
  if (!v.includes(UNIT_JOIN) && !w.includes(UNIT_JOIN)) return sameStem(v, w);
  const pv = unitParts(v);
  const pw = unitParts(w);
  if (pv.length === 1 && pw.length === 1) return sameStem(v, w);
  if (pv.length === pw.length) return pv.every((p, i) => p === pw[i] || oneEditApart(p, pw[i] as string));
  const [short, long] = pv.length < pw.length ? [pv, pw] : [pw, pv];
  return short.every((p, i) => p === long[i]) && !PLACE_PARTS.has(short[0] as string);
}

/** Whether a set holds a term, or every part of a compound unit. */
function holdsUnit(set: StemSet, t: string): boolean {
  return t.includes(UNIT_JOIN) ? unitParts(t).every((p) => holds(set, p)) : holds(set, t);
}

/** Whether `fp`'s headline holds a stem or unit (one typo forgiven in long words). */
export const inTitle = (t: string, fp: StoryFingerprint): boolean => holdsUnit(prepare(fp).title, t);
/** Whether `fp`'s title and lead hold a stem or unit. */
export const inText = (t: string, fp: StoryFingerprint): boolean => holdsUnit(prepare(fp).terms, t);
/** Whether `fp` writes a stem as a name. */
export const isName = (t: string, fp: StoryFingerprint): boolean => holds(prepare(fp).names, t);
