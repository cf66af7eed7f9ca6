/**
 * Distinct word forms: surface words that the light stemmer folds onto a lexicon term's stem although
 * they are another word ("arrêté", a decree, is not "à l'arrêt"; "mai", the month, is not "mais").
 * Each gets a stem of its own, so it matches only terms written with that very form.
 */
import { fold } from '../text.js';
import { tokenize } from '../tokens.js';

/** Surface form (lower case, accents kept, NFC) → its own stem, and the regular stems they would take. */
export interface DistinctForms {
  bySurface: ReadonlyMap<string, string>;
  /** Regular stems with at least one distinct form: only tokens with these stems are looked up. */
  stems: ReadonlySet<string>;
}

const surfaceKey = (word: string): string => word.toLowerCase().normalize('NFC');

/**
 * Compiles the lexicon's list. The stem given is the folded form followed by an apostrophe, which
 * no tokenised word ends with, so it can equal no regular stem.
 */
export function compileDistinctForms(forms: readonly string[]): DistinctForms {
  const bySurface = new Map<string, string>();
  const stems = new Set<string>();
  for (const form of forms) {
    const [token] = tokenize(form.trim());
    if (!token) continue;
    bySurface.set(surfaceKey(form.trim()), `${fold(form.trim())}'`);
    stems.add(token.stem);
  }
  return { bySurface, stems };
}

/** The stem to match for a token of `source` (offsets `start`–`end`) whose regular stem is `stem`. */
export function distinctStem(forms: DistinctForms, stem: string, source: string, start: number, end: number): string {
  if (!forms.stems.has(stem)) return stem;
  return forms.bySurface.get(surfaceKey(source.slice(start, end))) ?? stem;
}
