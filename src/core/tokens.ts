/** Words with offsets in the original text (classifier, summariser), folded as `fold` does. */
import { ELISIONS, foldUnit, isUpper, stem, TABLE } from './text.js';

/** One word of the original text: folded form, light stem and where it sits in the original string. */
export interface Token {
  /** Folded word (as `fold` would write it). */
  norm: string;
  /** `norm` after light stemming (see `stem`). */
  stem: string;
  /** Offsets in the original text, end exclusive. */
  start: number;
  end: number;
  /** First character is an upper-case letter in the original. */
  cap: boolean;
  /** An elided article or pronoun ("l'", "d'", "qu'"): kept for offsets, skipped by matching. */
  elided: boolean;
}

/** Kinds of UTF-16 units for tokenising: separator, apostrophe, kept as is, mapped, dropped (combining marks). */
export const K_SEP = 0;
export const K_APOS = 1;
export const K_SELF = 2;
export const K_MAP = 3;
export const K_DROP = 4;
/** Kind of each unit below TABLE (see unitKind). */
export const KIND = new Uint8Array(TABLE);
const MAPPED: string[] = [];
const SLOW_KIND = new Map<number, number>();

function classify(code: number): number {
  const f = foldUnit(code);
  if (f === "'") return K_APOS;
  if (f === '') return K_DROP;
  if (/[^a-z0-9]/.test(f)) return K_SEP;
  if (f === String.fromCharCode(code)) return K_SELF;
  MAPPED[code] = f;
  return K_MAP;
}
for (let code = 0; code < TABLE; code += 1) KIND[code] = classify(code);

/** Kind of a UTF-16 unit (K_SEP …); hot loops read KIND directly below TABLE. */
export function unitKind(code: number): number {
  if (code < TABLE) return KIND[code] as number;
  let k = SLOW_KIND.get(code);
  if (k === undefined) {
    k = classify(code);
    SLOW_KIND.set(code, k);
  }
  return k;
}

/**
 * Splits `text[from, to)` into tokens in one pass, with the same folding as `fold` and the same
 * elisions as `words` (elided parts are kept but flagged). Offsets refer to `text`.
 */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const out: Token[] = [];
  let start = -1; // first character of the current word
  let norm = ''; // folded text of the word before `run`
  let run = -1; // start of the current run of characters that fold to themselves
  // Apostrophe-joined group ("l'hopital", "aujourd'hui"): as in words(), a part is elided when it is
  // an elision and the group starts with it and an apostrophe.
  let inGroup = false;
  let head: string | undefined;
  for (let i = from; i <= to; i += 1) {
    const code = i < to ? text.charCodeAt(i) : 32;
    const kind = code < TABLE ? (KIND[code] as number) : unitKind(code);
    if (kind === K_SELF) {
      if (start < 0) { start = i; norm = ''; }
      if (run < 0) run = i;
      continue;
    }
    if (kind === K_MAP) {
      if (start < 0) { start = i; norm = ''; }
      if (run >= 0) { norm += text.slice(run, i); run = -1; }
      norm += MAPPED[code] as string;
      continue;
    }
    if (kind === K_DROP) {
      if (run >= 0) { norm += text.slice(run, i); run = -1; }
      continue;
    }
    const apostrophe = kind === K_APOS;
    if (start < 0) {
      if (apostrophe && !inGroup) { inGroup = true; head = undefined; } // a group opening with "'"
      if (!apostrophe) inGroup = false;
      continue;
    }
    const word = run < 0 ? norm : norm.length === 0 ? text.slice(run, i) : norm + text.slice(run, i);
    if (!inGroup) head = apostrophe ? word : undefined;
    inGroup = apostrophe;
    const elided = head === word && ELISIONS.has(word);
    out.push({ norm: word, stem: elided ? word : stem(word), start, end: i, cap: isUpper(text.charCodeAt(start)), elided });
    start = -1;
    run = -1;
  }
  return out;
}
