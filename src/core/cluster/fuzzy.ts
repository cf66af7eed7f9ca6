/** Typo-tolerant stem sets: exact lookups, plus one-edit matches for long words ("cloudfare", "cloudflare"). */

/** Shortest word in which one typo is forgiven: "cloudfare" meets "cloudflare", "free" never meets "fret". */
export const FUZZY_MIN = 6;

/** True when two long words differ by one insertion, deletion, substitution or swap. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b || a.length < FUZZY_MIN || b.length < FUZZY_MIN || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  // After the first difference, the rest must match once one character is skipped (or swapped).
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  if (long.length !== short.length) return long.startsWith(short.slice(i), i + 1);
  return a.startsWith(b.slice(i + 1), i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.startsWith(b.slice(i + 2), i + 2));
}

/** A set of stems with its long stems apart, for one-edit lookups. */
export interface StemSet {
  exact: ReadonlySet<string>;
  /**
   * The stems of FUZZY_MIN letters or more. A plain list: a fingerprint holds a few dozen stems,
   * and every recent story's fingerprint keeps its sets, so buckets by end key cost more memory
   * (about 4 KB per fingerprint) than scanning the list costs time.
   */
  long: readonly string[];
  /** Bit n set when a long stem has n letters (n < 31; longer ones set bit 31): a cheap first filter. */
  lengths: number;
}

const lengthBit = (n: number): number => 1 << Math.min(n, 31);

/** Builds the lookup set of some stems. */
export function stemSet(stems: readonly string[]): StemSet {
  const exact = new Set(stems);
  const long: string[] = [];
  let lengths = 0;
  for (const t of exact) {
    if (t.length < FUZZY_MIN) continue;
    long.push(t);
    lengths |= lengthBit(t.length);
  }
  return { exact, long, lengths };
}

/**
 * Whether two long words share their first two letters or their last two. One edit of a word of six
 * or more letters (a swap touches two neighbours) always leaves one pair untouched, so two words
 * one edit apart always share one.
 */
function shareEndKey(a: string, b: string): boolean {
  return (a.charCodeAt(0) === b.charCodeAt(0) && a.charCodeAt(1) === b.charCodeAt(1))
    || (a.charCodeAt(a.length - 1) === b.charCodeAt(b.length - 1) && a.charCodeAt(a.length - 2) === b.charCodeAt(b.length - 2));
}

/** Whether the set holds `t`, or (long words) a stem one edit away. */
export function holds(set: StemSet, t: string): boolean {
  if (set.exact.has(t)) return true;
  if (t.length < FUZZY_MIN) return false;
  const near = lengthBit(t.length - 1) | lengthBit(t.length) | lengthBit(t.length + 1);
  if ((set.lengths & near) === 0) return false;
  for (const s of set.long) {
    if (Math.abs(s.length - t.length) <= 1 && shareEndKey(s, t) && oneEditApart(t, s)) return true;
  }
  return false;
}
