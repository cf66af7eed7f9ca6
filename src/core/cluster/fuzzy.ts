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

/**
 * The bucket keys of a long word: its first and its last two letters. One edit of a word of six or
 * more letters (a swap touches two neighbours) always leaves one of them untouched, so two words one
 * edit apart always share a key.
 */
export function endKeys(t: string): [string, string] {
  return [`^${t.slice(0, 2)}`, `${t.slice(-2)}$`];
}

/** Adds `t` to the bucket of each of its end keys. */
export function addByEnds(buckets: Map<string, string[]>, t: string): void {
  for (const key of endKeys(t)) {
    const list = buckets.get(key);
    if (list === undefined) buckets.set(key, [t]);
    else if (!list.includes(t)) list.push(t);
  }
}

/** A set of stems with its long stems bucketed by end keys. */
export interface StemSet {
  exact: ReadonlySet<string>;
  /** End key → long stems that have it. */
  byEnd: ReadonlyMap<string, readonly string[]>;
  /** Bit n set when a long stem has n letters (n < 31; longer ones set bit 31): a cheap first filter. */
  lengths: number;
}

const lengthBit = (n: number): number => 1 << Math.min(n, 31);

/** Builds the lookup set of some stems. */
export function stemSet(stems: readonly string[]): StemSet {
  const byEnd = new Map<string, string[]>();
  let lengths = 0;
  for (const t of stems) {
    if (t.length < FUZZY_MIN) continue;
    addByEnds(byEnd, t);
    lengths |= lengthBit(t.length);
  }
  return { exact: new Set(stems), byEnd, lengths };
}

/** Whether the set holds `t`, or (long words) a stem one edit away. */
export function holds(set: StemSet, t: string): boolean {
  if (set.exact.has(t)) return true;
  if (t.length < FUZZY_MIN) return false;
  const near = lengthBit(t.length - 1) | lengthBit(t.length) | lengthBit(t.length + 1);
  if ((set.lengths & near) === 0) return false;
  for (const key of endKeys(t)) {
    const list = set.byEnd.get(key);
    if (list !== undefined && list.some((s) => oneEditApart(t, s))) return true;
  }
  return false;
}
