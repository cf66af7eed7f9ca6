/** A bounded table of distinct surface words, each folded and stemmed once, found again by surface hash. */
import { FNV_OFFSET, FNV_PRIME } from './hash.js';
import { ELISIONS, isUpper, stem } from './text.js';
import { tokenize, type Token } from './tokens.js';

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

/** 32-bit FNV-1a over the UTF-16 units of a word's surface (the tokeniser computes it as it reads the word). */
export const SURFACE_SEED = FNV_OFFSET | 0;
export const SURFACE_PRIME = FNV_PRIME;
/**
 * Longest surface whose units, when none is above 0xFF, are packed 8 bits each into two ints, four
 * per int (see WordTable.get): the ints and the length then tell the word exactly, with no compare.
 */
const PACKED_MAX = 8;
/** Ints per slot of a WordTable. */
const SLOT = 6;
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
   * units sit in `codes`, index of the word in `list`, and the two packed ints (see PACKED_MAX).
   * A probe reads one slot (24 bytes); a packed word needs no compare of its units.
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
    let capacity = 2;
    while (capacity < 2 * max && capacity < SLOTS_MIN) capacity *= 2; // a small table is emptied often: keep it small
    this.slots = new Int32Array(capacity * SLOT);
    this.mask = capacity - 1;
  }

  /** Words held now. */
  get size(): number {
    return this.list.length;
  }

  /**
   * The word written `text[start, end)`, whose surface hash (see tokenizeInterned) is `hash`.
   * `high` and `low` are its first four units and the next four packed 8 bits each (`(k << 8) | unit`
   * from 0), `wide` the OR of all its units: see packedKeys, which the tokeniser computes as it reads.
   */
  get(text: string, start: number, end: number, hash: number, high: number, low: number, wide: number): W {
    const length = end - start;
    const packed = length <= PACKED_MAX && wide <= 0xff;
    const { slots, mask } = this;
    let i = hash & mask;
    for (let at = i * SLOT; slots[at + 1] !== 0; at = i * SLOT) {
      if (slots[at] === hash && slots[at + 1] === length
        && (packed ? slots[at + 4] === high && slots[at + 5] === low : this.sameAt(slots[at + 2] as number, text, start, length))) {
        return this.list[slots[at + 3] as number] as W;
      }
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
    const keys = packedKeys(text, start, end);
    this.slots[at] = hash;
    this.slots[at + 1] = length;
    this.slots[at + 2] = this.used;
    this.slots[at + 3] = this.list.length;
    this.slots[at + 4] = keys.high;
    this.slots[at + 5] = keys.low;
    this.list.push(word);
    this.used += length;
    return word;
  }
}

/**
 * The packed ints of `text[start, end)` as WordTable.get takes them: units 0–3 and 4–7 each shifted
 * in 8 bits at a time, and the OR of every unit (above 0xFF: the ints are lossy, and not used).
 */
function packedKeys(text: string, start: number, end: number): { high: number; low: number; wide: number } {
  let high = 0;
  let low = 0;
  let wide = 0;
  for (let k = start; k < end; k += 1) {
    const code = text.charCodeAt(k);
    if (k - start < 4) high = (high << 8) | code;
    else if (k - start < 8) low = (low << 8) | code;
    wide |= code;
  }
  return { high, low, wide };
}
