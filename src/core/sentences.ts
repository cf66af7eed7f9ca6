/** Sentence splitting of the original text (offsets kept), aware of French abbreviations and initials. */
import { codeAt, isUpper } from './text.js';

/** A sentence of the original text (offsets end exclusive, text trimmed). */
export interface Sentence {
  start: number;
  end: number;
  text: string;
}

/** Words after which a full stop does not end a sentence (folded, without the dot). */
const ABBREVIATIONS = new Set([
  'm', 'mm', 'mme', 'mmes', 'mlle', 'dr', 'pr', 'me', 'st', 'ste', 'mgr', 'cf', 'av', 'bd', 'fig',
  'env', 'art', 'p', 'pp', 'approx', 'vs', 'mr', 'mrs', 'ms', 'jr', 'sr', 'dept', 'hab',
]);

function isLetter(code: number): boolean {
  if (code < 0x80) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  if (code < 0x250) return code >= 0xc0 && code !== 0xd7 && code !== 0xf7;
  return /\p{L}/u.test(String.fromCharCode(code));
}

const isBlank = (code: number): boolean => code === 32 || code === 9 || code === 0xa0 || code === 0x202f || code === 0x2009;
/** Blanks and line breaks (what sentences are trimmed of). */
export const isSpace = (code: number): boolean => isBlank(code) || code === 10 || code === 13;

/** May open a sentence: a capital, a digit, an opening quote or bracket, a dash. */
function opensSentence(code: number): boolean {
  if ((code >= 65 && code <= 90) || (code >= 48 && code <= 57)) return true;
  if (code === 0xab || code === 0x22 || code === 0x201c || code === 0x28 || code === 0x5b || code === 0xbf || code === 0xa1 || code === 0x2d) return true;
  if (code < 0xc0) return false;
  if (code <= 0xde) return code !== 0xd7;
  return code > 0x24f && /\p{Lu}/u.test(String.fromCharCode(code));
}

const isTerminator = (c: number): boolean => c === 0x2e || c === 0x21 || c === 0x3f || c === 0x2026; // . ! ? …
const isCloser = (c: number): boolean => isTerminator(c) || c === 0xbb || c === 0x22 || c === 0x201d || c === 0x29; // » " ” )

const SENTENCE_END = /[.!?\u2026\n\r]/g;

/** Longest abbreviation: a longer word before a full stop is not one. */
const ABBREVIATION_MAX = Math.max(...[...ABBREVIATIONS].map((a) => a.length));

/** A word of ASCII letters as a number (base 27, a = 1), case ignored; -1 for any other word. */
function asciiKey(text: string, from: number, to: number): number {
  let key = 0;
  for (let k = from; k < to; k += 1) {
    const c = codeAt(text, k) | 0x20; // lower case for ASCII letters
    if (c < 97 || c > 122) return -1;
    key = key * 27 + (c - 96);
  }
  return key;
}

/** ABBREVIATIONS as ASCII keys (all of them are ASCII). */
const ABBREVIATION_KEYS = new Set([...ABBREVIATIONS].map((a) => asciiKey(a, 0, a.length)));

/** Whether the word (letters only) that ends right before the full stop at `index` is an abbreviation or an initial. */
function abbreviationBefore(text: string, index: number): boolean {
  let i = index;
  // Lower-casing never shortens a word of letters, so a longer one cannot be in the list.
  while (i > 0 && isLetter(codeAt(text, i - 1))) {
    i -= 1;
    if (index - i > ABBREVIATION_MAX) return false;
  }
  if (index - i === 1 && isUpper(codeAt(text, i))) return true; // an initial
  const key = asciiKey(text, i, index);
  // A word with another letter than a-z lower-cases to something else than an ASCII abbreviation ("K", Kelvin, aside).
  return key >= 0 ? ABBREVIATION_KEYS.has(key) : ABBREVIATIONS.has(text.slice(i, index).toLowerCase());
}

/**
 * Where the sentence holding the terminator or line break at `i` ends (end exclusive, before
 * trimming), or -1 when it does not end there (see splitSentences). The next sentence starts there.
 */
export function sentenceEnd(text: string, i: number): number {
  const code = codeAt(text, i);
  if (code === 10 || code === 13) return i;
  const n = text.length;
  let j = i + 1;
  while (j < n && isCloser(codeAt(text, j))) j += 1;
  if (j < n && !isBlank(codeAt(text, j))) return -1;
  let k = j;
  while (k < n && isBlank(codeAt(text, k))) k += 1;
  if (k < n && !opensSentence(codeAt(text, k))) return -1;
  if (code === 0x2e && j === i + 1 && abbreviationBefore(text, i)) return -1;
  return j;
}

/** Whether the unit may end a sentence (see sentenceEnd): . ! ? … or a line break. */
export const mayEndSentence = (c: number): boolean => c === 0x2e || c === 0x21 || c === 0x3f || c === 0x2026 || c === 10 || c === 13;

/**
 * Splits text into sentences on line breaks and on . ! ? … followed by a space and a capital,
 * a digit or an opening quote — but not after abbreviations ("M.", "Dr."), initials ("J.") or
 * inside numbers ("1.5").
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const push = (end: number): void => {
    let s = start;
    let e = end;
    while (s < e && isSpace(codeAt(text, s))) s += 1;
    while (e > s && isSpace(codeAt(text, e - 1))) e -= 1;
    if (e > s) out.push({ start: s, end: e, text: text.slice(s, e) });
    start = end;
  };
  for (let i = 0; i < text.length; i += 1) {
    SENTENCE_END.lastIndex = i;
    const found = SENTENCE_END.exec(text); // jump to the next possible sentence end natively
    if (!found) break;
    const end = sentenceEnd(text, found.index);
    i = end < 0 ? found.index : end === found.index ? end : end - 1;
    if (end >= 0) push(end);
  }
  push(text.length);
  return out;
}
