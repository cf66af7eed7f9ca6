/** Words with offsets in the original text (classifier, summariser), folded as `fold` does; and a bounded table of surface words folded and stemmed once. */
import { ELISIONS, foldUnit, stem, TABLE } from './text.js';

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

/** Whether a UTF-16 unit is an upper-case letter (ASCII or Latin-1). */
export function isUpper(code: number): boolean {
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
/** Ints per slot of a WordTable. */
const SLOT = 4;
/** Slots of a new WordTable. */
const SLOTS_MIN = 256;

/** The folded and stemmed facts of a surface word (what `tokenize` computes for it). */
function surfaceWord(surface: string): SurfaceWord {
  const norm = (tokenize(surface)[0] as Token).norm; // one word: no separator nor apostrophe in it
  return { surface, norm, stem: stem(norm), cap: isUpper(surface.charCodeAt(0)), elision: ELISIONS.has(norm) };
}

/**
 * A bounded table of distinct surface words, each folded and stemmed once; `make` adds what its
 * owner derives from a word. Emptied when it holds `max` words (words handed out stay valid), so
 * memory stays bounded whatever the input. Owned by one caller (a classifier), never shared.
 */
export class WordTable<W extends SurfaceWord> {
  /**
   * Open addressing, SLOT ints per slot: surface hash, surface length (0: free), where the surface's
   * units sit in `codes`, index of the word in `list`. One cache line per probe, no string compare.
   */
  private slots: Int32Array;
  private mask: number;
  private list: W[] = [];
  private codes = new Uint16Array(4096);
  private used = 0;
  /** How many times the table was emptied (for tests and figures). */
  clears = 0;

  constructor(private readonly make: (word: SurfaceWord) => W, readonly max = 32_768) {
    if (!(max >= 1)) throw new RangeError(`word table of ${max} words`);
    // Grown as words come (at most half full, so probes stay short): a small table stays in cache.
    this.slots = new Int32Array(SLOTS_MIN * SLOT);
    this.mask = SLOTS_MIN - 1;
  }

  /** Words held now. */
  get size(): number {
    return this.list.length;
  }

  /**
   * The word written `text[start, end)`, whose surface hash (see tokenizeInterned) is `hash`;
   * `units`, when the word fits in it, holds its UTF-16 units already (comparing them is cheaper).
   */
  get(text: string, start: number, end: number, hash: number, units?: Uint16Array): W {
    const length = end - start;
    const { slots, mask } = this;
    let i = hash & mask;
    for (let at = i * SLOT; slots[at + 1] !== 0; at = i * SLOT) {
      if (slots[at] === hash && slots[at + 1] === length
        && (units !== undefined && length <= units.length ? this.sameUnits(slots[at + 2] as number, units, length)
          : this.sameAt(slots[at + 2] as number, text, start, length))) return this.list[slots[at + 3] as number] as W;
      i = (i + 1) & mask;
    }
    return this.add(text, start, end, hash, i);
  }

  /** Whether the units at `codes[at…]` are `text[start, start + length)`. */
  private sameAt(at: number, text: string, start: number, length: number): boolean {
    const codes = this.codes;
    for (let k = 0; k < length; k += 1) if (codes[at + k] !== text.charCodeAt(start + k)) return false;
    return true;
  }

  /** Whether the units at `codes[at…]` are `units[0, length)`. */
  private sameUnits(at: number, units: Uint16Array, length: number): boolean {
    const codes = this.codes;
    for (let k = 0; k < length; k += 1) if (codes[at + k] !== units[k]) return false;
    return true;
  }

  /** Doubles the slots, placing every word again (its hash, surface and index are kept). */
  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = 2 * (this.mask + 1) - 1;
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at + 1] === 0) continue;
      this.slots.set(old.subarray(at, at + SLOT), this.freeSlot(old[at] as number) * SLOT);
    }
  }

  /** The first free slot for `hash`. */
  private freeSlot(hash: number): number {
    let i = hash & this.mask;
    while (this.slots[i * SLOT + 1] !== 0) i = (i + 1) & this.mask;
    return i;
  }

  /** Makes the word of `text[start, end)` and stores it in free slot `slot` (or afresh when full). */
  private add(text: string, start: number, end: number, hash: number, slot: number): W {
    let i = slot;
    const length = end - start;
    if (this.list.length >= this.max) {
      this.slots.fill(0);
      this.list = [];
      this.used = 0;
      this.clears += 1;
      i = hash & this.mask;
    } else if (2 * (this.list.length + 1) > this.mask + 1) {
      this.grow();
      i = this.freeSlot(hash);
    }
    if (this.used + length > this.codes.length) {
      const grown = new Uint16Array(Math.max(2 * this.codes.length, this.used + length));
      grown.set(this.codes.subarray(0, this.used));
      this.codes = grown;
    }
    for (let k = 0; k < length; k += 1) this.codes[this.used + k] = text.charCodeAt(start + k);
    const word = this.make(surfaceWord(text.slice(start, end)));
    const at = i * SLOT;
    this.slots[at] = hash;
    this.slots[at + 1] = length;
    this.slots[at + 2] = this.used;
    this.slots[at + 3] = this.list.length;
    this.list.push(word);
    this.used += length;
    return word;
  }
}

/** Scratch of tokenizeInterned: the units of the current word (calls never overlap). */
const units = new Uint16Array(64);

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
      units[0] = code;
      kind = K_SEP; // what ends the word (the end of the range counts as a space)
      for (i += 1; i < to; i += 1) {
        code = text.charCodeAt(i);
        const k = code < TABLE ? (KIND[code] as number) : kindOf(code);
        if (k === K_SEP || k === K_APOS) { kind = k; break; }
        hash = Math.imul(hash ^ code, SURFACE_PRIME);
        units[i - start] = code; // dropped past the end: longer words are compared with the text
      }
      const w = table.get(text, start, i, hash, units);
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
