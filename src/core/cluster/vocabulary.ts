/**
 * A growing vocabulary of stems that finds, without scanning it, the stems one edit away from a word
 * (by their one-letter deletions: two words one edit apart always share one) and, when asked, the
 * stems a word is a prefix of or starts with. Lookups cost the same with 1,000 or 100,000 stems.
 */
import { FUZZY_MIN, oneEditApart } from './fuzzy.js';

/** Shortest prefix that relates two entity stems ("ovh" and "ovhcloud"), as `sameStem` reads them. */
const PREFIX_MIN = 3;

const push = <K>(map: Map<K, string[]>, key: K, word: string): void => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [word]);
  // A word's keys are pushed one after another: a key met twice for one word (two deletions with one
  // hash) finds the word last in its list.
  else if (list[list.length - 1] !== word) list.push(word);
};

/** Multiplier of the polynomial hash of stems and of their one-letter deletions (odd: no power is 0). */
const P = 0x01000193;

/** The polynomial hash of `w`: the sum of `w[k] · P^(n-1-k)` in 32-bit arithmetic. */
function hashOf(w: string): number {
  let h = 0;
  for (let i = 0; i < w.length; i++) h = (Math.imul(h, P) + w.charCodeAt(i)) | 0;
  return h;
}

/** `P^k` for k from 0 to `length - 1`, in 32-bit arithmetic. */
function powersOf(length: number): Int32Array {
  const power = new Int32Array(length);
  power[0] = 1;
  for (let k = 1; k < length; k++) power[k] = Math.imul(power[k - 1] as number, P);
  return power;
}

/**
 * Hashes (as `hashOf` gives them) of the distinct words `w` gives with one letter taken out, made from
 * its prefix and suffix hashes without making the words: each is `w[0, i)` shifted past the suffix,
 * plus `w(i, n)`. A letter equal to the one before it gives the same word and is skipped.
 */
class DeletionHashes {
  private suffix = new Int32Array(33);
  /** `P^k` for every k below its length (grown with the longest word). */
  private power = powersOf(33);
  /** The hashes of the last `of` call. */
  out = new Int32Array(32);

  /** Computes the deletion hashes of `w` into `out`; returns how many there are. */
  of(w: string): number {
    const n = w.length;
    if (this.suffix.length <= n) {
      this.suffix = new Int32Array(2 * n + 1);
      this.power = powersOf(2 * n + 1);
      this.out = new Int32Array(2 * n);
    }
    const { suffix, power, out } = this;
    suffix[n] = 0;
    for (let j = n - 1; j >= 0; j--) suffix[j] = (Math.imul(w.charCodeAt(j), power[n - 1 - j] as number) + (suffix[j + 1] as number)) | 0;
    let count = 0;
    let prefix = 0; // hashOf(w.slice(0, i))
    for (let i = 0; i < n; i++) {
      if (i === 0 || w.charCodeAt(i) !== w.charCodeAt(i - 1)) {
        out[count++] = (Math.imul(prefix, power[n - 1 - i] as number) + (suffix[i + 1] as number)) | 0;
      }
      prefix = (Math.imul(prefix, P) + w.charCodeAt(i)) | 0;
    }
    return count;
  }
}

/**
 * Stems seen so far, with their one-letter deletions (long stems) and, optionally, their prefixes.
 * Deletions are kept as hashes, not as words: a lookup makes no string, and every stem a hash
 * brings is checked with `oneEditApart`, so a collision costs a check, never a wrong answer.
 */
export class StemVocabulary {
  private readonly words = new Set<string>();
  /** Hash of a long stem → the stems with that hash. */
  private readonly byHash = new Map<number, string[]>();
  /** Hash of a one-letter deletion → the long stems that give it. */
  private readonly byDeletion = new Map<number, string[]>();
  private readonly byPrefix: Map<string, string[]> | undefined;
  private readonly deletions = new DeletionHashes();

  constructor(options: { prefixes?: boolean } = {}) {
    this.byPrefix = options.prefixes === true ? new Map() : undefined;
  }

  /** Adds a stem (again: nothing changes). */
  add(word: string): void {
    if (this.words.has(word)) return;
    this.words.add(word);
    if (word.length >= FUZZY_MIN) {
      push(this.byHash, hashOf(word), word);
      const { deletions } = this;
      const count = deletions.of(word);
      for (let k = 0; k < count; k++) push(this.byDeletion, deletions.out[k] as number, word);
    }
    if (this.byPrefix) for (let k = PREFIX_MIN; k < word.length; k++) push(this.byPrefix, word.slice(0, k), word);
  }

  /** The stems one edit away from `t` (`oneEditApart`: long words only), never `t` itself. */
  near(t: string): string[] {
    if (t.length < FUZZY_MIN) return [];
    let out: string[] | undefined;
    const consider = (list: readonly string[] | undefined): void => {
      if (list === undefined) return;
      for (const s of list) if (oneEditApart(t, s) && !(out ??= []).includes(s)) out.push(s);
    };
    // A longer word one letter in: `t` is one of its deletions.
    consider(this.byDeletion.get(hashOf(t)));
    const { deletions } = this;
    const count = deletions.of(t);
    for (let k = 0; k < count; k++) {
      const d = deletions.out[k] as number;
      // A shorter word: `t` with one letter out. A substitution or a swap: both lose the same letters.
      consider(this.byHash.get(d));
      consider(this.byDeletion.get(d));
    }
    return out ?? [];
  }

  /**
   * The stems `sameStem` may relate to `t`: itself, one edit away, or a prefix of three letters or more
   * either way (stems longer than `t` only when built with `prefixes`).
   */
  related(t: string): string[] {
    const out = new Set(this.near(t));
    if (this.words.has(t)) out.add(t);
    if (t.length >= PREFIX_MIN) for (const s of this.byPrefix?.get(t) ?? []) out.add(s);
    for (let k = PREFIX_MIN; k < t.length; k++) if (this.words.has(t.slice(0, k))) out.add(t.slice(0, k));
    return [...out];
  }
}
