/** Typo-tolerant stem sets: exact lookups, plus one-edit matches for long words ("cloudfare", "cloudflare"). */

/** Shortest word in which one typo is forgiven: "cloudfare" meets "cloudflare", "free" never meets "fret". */
export const FUZZY_MIN = 6;

/** The word itself and every string made by deleting one of its characters. */
export function deletions(word: string): string[] {
  const out = [word];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

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

/** A set of stems with an index of the long ones by one-deletion variant. */
export interface StemSet {
  exact: ReadonlySet<string>;
  /** Deletion variant (or the stem itself) → long stems that have it. */
  variants: ReadonlyMap<string, readonly string[]>;
  /** First and last three letters of the long stems: one edit leaves one of them untouched. */
  ends: ReadonlySet<string>;
}

const head = (t: string): string => `^${t.slice(0, 3)}`;
const tail = (t: string): string => `${t.slice(-3)}$`;

/** Builds the lookup set of some stems. */
export function stemSet(stems: readonly string[]): StemSet {
  const variants = new Map<string, string[]>();
  const ends = new Set<string>();
  for (const t of stems) {
    if (t.length < FUZZY_MIN) continue;
    ends.add(head(t)).add(tail(t));
    for (const v of deletions(t)) variants.set(v, [...(variants.get(v) ?? []), t]);
  }
  return { exact: new Set(stems), variants, ends };
}

/**
 * Whether the set holds `t`, or (long words) a stem one edit away: a shared deletion variant finds
 * candidates and `oneEditApart` confirms them (two variants can be two edits apart). `tVariants`
 * spares recomputing t's deletions.
 */
export function holds(set: StemSet, t: string, tVariants?: readonly string[]): boolean {
  if (set.exact.has(t)) return true;
  if (t.length < FUZZY_MIN || !(set.ends.has(head(t)) || set.ends.has(tail(t)))) return false;
  return (tVariants ?? deletions(t)).some((v) => set.variants.get(v)?.some((s) => oneEditApart(t, s)) === true);
}
