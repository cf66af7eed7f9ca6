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
function foldUnit(code: number): string {
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

// Fold categories of UTF-16 units: kept as is, a separator, dropped, or mapped to other text.
const F_SELF = 0;
const F_SPACE = 1;
const F_DROP = 2;
const F_MAP = 3;
/** Table size: Latin, combining marks and general punctuation (’ “ ” … –) are looked up, the rest computed. */
const TABLE = 0x2100;
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
    const code = text.charCodeAt(i);
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

// ─── Tokens with offsets (classifier, summariser) ────────────────────────────

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

// Kinds of UTF-16 units for tokenising: separator, apostrophe, kept as is, mapped, dropped (combining marks).
const K_SEP = 0;
const K_APOS = 1;
const K_SELF = 2;
const K_MAP = 3;
const K_DROP = 4;
const KIND = new Uint8Array(TABLE);
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

function kindOf(code: number): number {
  if (code < TABLE) return KIND[code] as number;
  let k = SLOW_KIND.get(code);
  if (k === undefined) {
    k = classify(code);
    SLOW_KIND.set(code, k);
  }
  return k;
}

function isUpper(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 0xc0 && code <= 0xde && code !== 0xd7);
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
    const kind = code < TABLE ? (KIND[code] as number) : kindOf(code);
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

/**
 * Light French/English stemmer: drops a plural -s/-x and up to two final -e, so that
 * "piratées", "piraté" and "pirate" share the stem "pirat". Words of 3 letters or fewer are kept.
 */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  let end = word.length;
  const last = word.charCodeAt(end - 1);
  if ((last === 115 || last === 120) && word.charCodeAt(end - 2) !== 115) end -= 1; // s, x (not -ss)
  for (let k = 0; k < 2 && end > 3 && word.charCodeAt(end - 1) === 101; k += 1) end -= 1; // e
  return end === word.length ? word : word.slice(0, end);
}

// ─── Sentences ───────────────────────────────────────────────────────────────

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
const isSpace = (code: number): boolean => isBlank(code) || code === 10 || code === 13;

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

/** Whether the word (letters only) that ends right before the full stop at `index` is an abbreviation or an initial. */
function abbreviationBefore(text: string, index: number): boolean {
  let i = index;
  while (i > 0 && isLetter(text.charCodeAt(i - 1))) i -= 1;
  // Lower-casing never shortens a word of letters, so a longer one cannot be in the list.
  if (index - i > ABBREVIATION_MAX) return false;
  const before = text.slice(i, index);
  return ABBREVIATIONS.has(before.toLowerCase()) || (before.length === 1 && isUpper(before.charCodeAt(0)));
}

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
    while (s < e && isSpace(text.charCodeAt(s))) s += 1;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e -= 1;
    if (e > s) out.push({ start: s, end: e, text: text.slice(s, e) });
    start = end;
  };
  const n = text.length;
  for (let i = 0; i < n; i += 1) {
    SENTENCE_END.lastIndex = i;
    const found = SENTENCE_END.exec(text); // jump to the next possible sentence end natively
    if (!found) break;
    i = found.index;
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) { push(i); continue; }
    let j = i + 1;
    while (j < n && isCloser(text.charCodeAt(j))) j += 1;
    if (j < n && !isBlank(text.charCodeAt(j))) continue;
    let k = j;
    while (k < n && isBlank(text.charCodeAt(k))) k += 1;
    if (k < n && !opensSentence(text.charCodeAt(k))) continue;
    if (code === 0x2e && j === i + 1) {
      if (abbreviationBefore(text, i)) continue;
    }
    push(j);
    i = j - 1;
  }
  push(text.length);
  return out;
}

// ─── Interned words (classifier) ─────────────────────────────────────────────

/** A distinct word as written, folded and stemmed once (see WordTable). */
export interface SurfaceWord {
  /** The original characters of the word (between a token's offsets). */
  readonly surface: string;
  /** As Token.norm, Token.stem (when not elided) and Token.cap. */
  readonly norm: string;
  readonly stem: string;
  readonly cap: boolean;
  /** `norm` is an elision ("l", "qu"): the token is elided when it opens an apostrophe group. */
  readonly elision: boolean;
}

// 32-bit FNV-1a over the UTF-16 units of a word's surface, computed while tokenising.
const SURFACE_SEED = 0x811c9dc5 | 0;
const SURFACE_PRIME = 0x01000193;

/** The folded and stemmed facts of a surface word (what `tokenize` computes for it). */
function surfaceWord(surface: string): SurfaceWord {
  const norm = (tokenize(surface)[0] as Token).norm; // one word: no separator nor apostrophe in it
  return { surface, norm, stem: stem(norm), cap: isUpper(surface.charCodeAt(0)), elision: ELISIONS.has(norm) };
}

/** `text[start, start + length)` is `word` (a loop beats startsWith on words this short). */
function sameChars(word: string, text: string, start: number, length: number): boolean {
  if (word.length !== length) return false;
  for (let k = 0; k < length; k += 1) if (word.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}

/**
 * A bounded table of distinct surface words, each folded and stemmed once; `make` adds what its
 * owner derives from a word. Emptied when it holds `max` words (words handed out stay valid), so
 * memory stays bounded whatever the input. Owned by one caller (a classifier), never shared.
 */
export class WordTable<W extends SurfaceWord> {
  private readonly hashes: Int32Array;
  private readonly entries: (W | undefined)[];
  private readonly mask: number;
  private count = 0;
  /** How many times the table was emptied (for tests and figures). */
  clears = 0;

  constructor(private readonly make: (word: SurfaceWord) => W, readonly max = 32_768) {
    if (!(max >= 1)) throw new RangeError(`word table of ${max} words`);
    let capacity = 2;
    while (capacity < 2 * max) capacity *= 2; // at most half full: probes stay short
    this.hashes = new Int32Array(capacity);
    this.entries = new Array<W | undefined>(capacity).fill(undefined);
    this.mask = capacity - 1;
  }

  /** Words held now. */
  get size(): number {
    return this.count;
  }

  /** The word written `text[start, end)`, whose surface hash (see tokenizeInterned) is `hash`. */
  get(text: string, start: number, end: number, hash: number): W {
    const length = end - start;
    let i = hash & this.mask;
    for (let e = this.entries[i]; e !== undefined; e = this.entries[i]) {
      if (this.hashes[i] === hash && sameChars(e.surface, text, start, length)) return e;
      i = (i + 1) & this.mask;
    }
    if (this.count >= this.max) {
      this.entries.fill(undefined);
      this.count = 0;
      this.clears += 1;
      i = hash & this.mask;
    }
    const word = this.make(surfaceWord(text.slice(start, end)));
    this.entries[i] = word;
    this.hashes[i] = hash;
    this.count += 1;
    return word;
  }
}

/**
 * `tokenize`, with each word looked up in `table` instead of folded and stemmed again: the same
 * tokens (equal strings, offsets and flags), and the table's word of each token pushed on `words`.
 */
export function tokenizeInterned<W extends SurfaceWord>(table: WordTable<W>, text: string, from: number, to: number,
  words: W[]): Token[] {
  const out: Token[] = [];
  let inGroup = false; // as in tokenize()
  let head: string | undefined;
  let i = from;
  while (i < to) {
    let code = text.charCodeAt(i);
    let kind = code < TABLE ? (KIND[code] as number) : kindOf(code);
    if (kind === K_SELF || kind === K_MAP) { // a word: letters, digits and the combining marks among them
      const start = i;
      let hash = Math.imul(SURFACE_SEED ^ code, SURFACE_PRIME);
      kind = K_SEP; // what ends the word (the end of the range counts as a space)
      for (i += 1; i < to; i += 1) {
        code = text.charCodeAt(i);
        const k = code < TABLE ? (KIND[code] as number) : kindOf(code);
        if (k === K_SEP || k === K_APOS) { kind = k; break; }
        hash = Math.imul(hash ^ code, SURFACE_PRIME);
      }
      const w = table.get(text, start, i, hash);
      const word = w.norm;
      const apostrophe = kind === K_APOS;
      if (!inGroup) head = apostrophe ? word : undefined;
      inGroup = apostrophe;
      const elided = head === word && w.elision;
      out.push({ norm: word, stem: elided ? word : w.stem, start, end: i, cap: w.cap, elided });
      words.push(w);
      i += 1; // past the separator or apostrophe that ended it
      continue;
    }
    if (kind !== K_DROP) { // a separator or an apostrophe between words
      const apostrophe = kind === K_APOS;
      if (apostrophe && !inGroup) { inGroup = true; head = undefined; } // a group opening with "'"
      if (!apostrophe) inGroup = false;
    }
    i += 1;
  }
  return out;
}
