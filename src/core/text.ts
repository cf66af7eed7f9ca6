/** French text folding shared by the classifier, the keyword filters and dedup. */

const APOSTROPHES = /[\u2019\u2018\u02bc\u0060\u00b4\u2032]/g;
const COMBINING = /[\u0300-\u036f]/g;
const NON_WORD = /[^a-z0-9']+/g;

/** The reference folding, one regex pass at a time; used to build the per-character table below. */
function foldSlow(text: string): string {
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

/** Folded form of one UTF-16 unit: letters/digits/apostrophe to keep, ' ' for a separator, '' to drop. */
const UNIT_CACHE = new Map<number, string>();
export function foldUnit(code: number): string {
  let f = UNIT_CACHE.get(code);
  if (f === undefined) {
    const ch = String.fromCharCode(code);
    const lowered = ch.toLowerCase().replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(APOSTROPHES, "'")
      .normalize('NFD').replace(COMBINING, '');
    f = lowered.replace(NON_WORD, ' ');
    UNIT_CACHE.set(code, f);
  }
  return f;
}

const CHAR_CODE_AT = String.prototype.charCodeAt;
/**
 * `s.charCodeAt(i)` for loops that see strings of many representations (slices, concatenations,
 * one- or two-byte): there `s.charCodeAt` becomes a megamorphic property lookup on every call, while
 * this compiles to a plain read of the string (3.8× faster on such a mix, measured).
 */
export function codeAt(s: string, i: number): number {
  return CHAR_CODE_AT.call(s, i);
}

// Fold categories of UTF-16 units: kept as is, a separator, dropped, or mapped to other text.
const F_SELF = 0;
const F_SPACE = 1;
const F_DROP = 2;
const F_MAP = 3;
/** Table size: Latin, combining marks and general punctuation (’ “ ” … –) are looked up, the rest computed. */
export const TABLE = 0x2100;
const FOLD_CAT = new Uint8Array(TABLE);
const FOLD_MAP: string[] = [];
function foldCategory(code: number): number {
  const f = foldUnit(code);
  if (f === ' ') return F_SPACE;
  if (f === '') return F_DROP;
  if (f === String.fromCharCode(code)) return F_SELF;
  FOLD_MAP[code] = f;
  return F_MAP;
}
for (let code = 0; code < TABLE; code += 1) FOLD_CAT[code] = foldCategory(code);

/**
 * Folds text for matching: lower case, accents removed, œ/æ expanded, typographic apostrophes
 * made plain, every other non-alphanumeric character a single space. "L’Hôpital-Nord" → "l'hopital nord".
 * One pass with a per-character table, copying unchanged runs whole (same result as the regex chain).
 */
export function fold(text: string): string {
  let out = '';
  let run = -1; // start of a run of characters that fold to themselves
  let space = false;
  const n = text.length;
  for (let i = 0; i < n; i += 1) {
    const code = codeAt(text, i);
    const cat = code < TABLE ? (FOLD_CAT[code] as number) : foldCategory(code);
    if (cat === F_SELF) {
      if (run < 0) {
        if (space && out.length > 0) out += ' ';
        space = false;
        run = i;
      }
      continue;
    }
    if (run >= 0) { out += text.slice(run, i); run = -1; }
    if (cat === F_SPACE) space = true;
    else if (cat === F_MAP) {
      const f = code < TABLE ? (FOLD_MAP[code] as string) : foldUnit(code);
      for (let k = 0; k < f.length; k += 1) {
        const c = f.charAt(k);
        if (c === ' ') { space = true; continue; }
        if (space && out.length > 0) out += ' ';
        space = false;
        out += c;
      }
    }
  }
  if (run >= 0) out += run === 0 ? text : text.slice(run);
  return out;
}

/** Whether a UTF-16 unit is an upper-case letter (ASCII or Latin-1). */
export function isUpper(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 0xc0 && code <= 0xde && code !== 0xd7);
}

/** French elisions (folded): "l'", "d'", "qu'"… before an apostrophe. */
export const ELISIONS: ReadonlySet<string> = new Set(['l', 'd', 'qu', 's', 'n', 'j', 'm', 't', 'c', 'jusqu', 'lorsqu', 'puisqu']);

/** Splits folded text into words, dropping French elisions: "l'hopital d'instruction" → ["hopital", "instruction"]. */
export function words(folded: string): string[] {
  const out: string[] = [];
  const n = folded.length;
  let quote = folded.indexOf("'"); // the next apostrophe (n when none is left): found once, not per token
  if (quote < 0) quote = n;
  for (let start = 0; start <= n;) {
    let end = folded.indexOf(' ', start);
    if (end < 0) end = n;
    if (quote >= end) {
      if (end > start) out.push(folded.slice(start, end));
    } else {
      // The token's parts between apostrophes; a part equal to the elision that opens it ("l'…") is dropped.
      const first = folded.slice(start, quote);
      const elision = ELISIONS.has(first) ? first : undefined;
      for (let from = start; from <= end;) {
        const to = quote < end ? quote : end;
        if (to > from) {
          const part = from === start ? first : folded.slice(from, to);
          if (part !== elision) out.push(part);
        }
        from = to + 1;
        if (quote < from) {
          quote = folded.indexOf("'", from);
          if (quote < 0) quote = n;
        }
      }
    }
    start = end + 1;
  }
  return out;
}

/**
 * Light French/English stemmer: drops a plural -s/-x and up to two final -e, so that
 * "piratées", "piraté" and "pirate" share the stem "pirat". Words of 3 letters or fewer are kept.
 */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  let end = word.length;
  const last = codeAt(word, end - 1);
  if ((last === 115 || last === 120) && codeAt(word, end - 2) !== 115) end -= 1; // s, x (not -ss)
  for (let k = 0; k < 2 && end > 3 && codeAt(word, end - 1) === 101; k += 1) end -= 1; // e
  return end === word.length ? word : word.slice(0, end);
}
