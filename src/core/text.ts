/** French text folding shared by the classifier, the keyword filters and dedup. */

const APOSTROPHES = /[\u2019\u2018\u02bc\u0060\u00b4\u2032]/g;
const COMBINING = /[\u0300-\u036f]/g;
const NON_WORD = /[^a-z0-9']+/g;

/**
 * Folds text for matching: lower case, accents removed, œ/æ expanded, typographic apostrophes
 * made plain, every other non-alphanumeric character a single space. "L’Hôpital-Nord" → "l'hopital nord".
 */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(APOSTROPHES, "'")
    .normalize('NFD')
    .replace(COMBINING, '')
    .replace(NON_WORD, ' ')
    .trim();
}

const ELISIONS = new Set(['l', 'd', 'qu', 's', 'n', 'j', 'm', 't', 'c', 'jusqu', 'lorsqu', 'puisqu']);

/** Splits folded text into words, dropping French elisions: "l'hopital d'instruction" → ["hopital", "instruction"]. */
export function words(folded: string): string[] {
  const out: string[] = [];
  for (const token of folded.split(' ')) {
    for (const part of token.split("'")) {
      if (part.length > 0 && !(ELISIONS.has(part) && token.startsWith(`${part}'`))) out.push(part);
    }
  }
  return out;
}
