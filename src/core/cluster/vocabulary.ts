/**
 * A growing vocabulary of stems that finds, without scanning it, the stems one edit away from a word
 * (by their one-letter deletions: two words one edit apart always share one) and, when asked, the
 * stems a word is a prefix of or starts with. Lookups cost the same with 1,000 or 100,000 stems.
 */
import { FUZZY_MIN, oneEditApart } from './fuzzy.js';

/** Shortest prefix that relates two entity stems ("ovh" and "ovhcloud"), as `sameStem` reads them. */
const PREFIX_MIN = 3;

// A word is added once and its keys are distinct: no list ever holds it twice.
const push = (map: Map<string, string[]>, key: string, word: string): void => {
  const list = map.get(key);
  if (list === undefined) map.set(key, [word]);
  else list.push(word);
};

/** The distinct words `w` gives with one letter taken out. */
function deletions(w: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < w.length; i++) out.add(w.slice(0, i) + w.slice(i + 1));
  return [...out];
}

/** Stems seen so far, with their one-letter deletions (long stems) and, optionally, their prefixes. */
export class StemVocabulary {
  private readonly words = new Set<string>();
  private readonly byDeletion = new Map<string, string[]>();
  private readonly byPrefix: Map<string, string[]> | undefined;

  constructor(options: { prefixes?: boolean } = {}) {
    this.byPrefix = options.prefixes === true ? new Map() : undefined;
  }

  /** Adds a stem (again: nothing changes). */
  add(word: string): void {
    if (this.words.has(word)) return;
    this.words.add(word);
    if (word.length >= FUZZY_MIN) for (const d of deletions(word)) push(this.byDeletion, d, word);
    if (this.byPrefix) for (let k = PREFIX_MIN; k < word.length; k++) push(this.byPrefix, word.slice(0, k), word);
  }

  /** The stems one edit away from `t` (`oneEditApart`: long words only), never `t` itself. */
  near(t: string): string[] {
    if (t.length < FUZZY_MIN) return [];
    const out = new Set<string>();
    const consider = (s: string): void => {
      if (oneEditApart(t, s)) out.add(s);
    };
    // A longer word one letter in: `t` is one of its deletions.
    for (const s of this.byDeletion.get(t) ?? []) consider(s);
    for (const d of deletions(t)) {
      // A shorter word: `t` with one letter out. A substitution or a swap: both lose the same letters.
      if (this.words.has(d)) consider(d);
      for (const s of this.byDeletion.get(d) ?? []) consider(s);
    }
    return [...out];
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
