/**
 * Common stems: words too many recent stories use to tell one from another ("hôpital" in a season of
 * hospital attacks). They never count as shared, so linking an item looks only at the stories sharing
 * its rarer words, and costs the same with 1,000 or 10,000 recent stories. Pure.
 */
import type { StoryFingerprint } from './fingerprint.js';
import { holds } from './fuzzy.js';
import { prepare } from './lookup.js';

/** A stem of an item is common when more than this many fingerprints of the recent stories hold it. */
export const COMMON_TERM_HOLDERS = 64;

/**
 * The stems of `fp` that more than `COMMON_TERM_HOLDERS` of `pool` hold: exactly, or one edit away for
 * `fp`'s names (as shared stems are counted). Empty when the pool is no larger than that.
 */
export function commonTerms(fp: StoryFingerprint, pool: readonly StoryFingerprint[]): Set<string> {
  const common = new Set<string>();
  if (pool.length <= COMMON_TERM_HOLDERS) return common;
  const names = prepare(fp).names.exact;
  for (const t of fp.terms) {
    const fuzzy = names.has(t);
    let holders = 0;
    for (const other of pool) {
      const terms = prepare(other).terms;
      if ((terms.exact.has(t) || (fuzzy && holds(terms, t))) && ++holders > COMMON_TERM_HOLDERS) {
        common.add(t);
        break;
      }
    }
  }
  return common;
}
