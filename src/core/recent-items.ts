/**
 * The recently polled items' text, kept a few days under their normalised URL so that an admin's
 * `/manque <url>` finds what Vigie read and what it concluded. Pure: keys and records only.
 */
import type { Analysis } from './analysis.js';
import { fnv1a64 } from './hash.js';
import type { Category, NewsItem } from './types.js';
import { canonicalUrl } from './url.js';

/** How long a polled item's text stays findable (3 days). */
export const RECENT_ITEM_TTL_MS = 3 * 86_400_000;
/** Characters of an item's text kept (a feed's description is rarely longer). */
export const RECENT_TEXT_CHARS = 4000;
/** Longest URL `/manque` accepts, in characters (under the command layer's 1,000 for all arguments). */
export const MAX_REPORTED_URL = 900;

/** What happened to a polled item in intake (see `IntakeOutcome`). */
export type RecentOutcome = 'alerted' | 'joined' | 'duplicate' | 'backfilled' | 'ignored';

/** One polled item as kept for `/manque`. */
export interface RecentItem {
  url: string;
  title: string;
  /** The item's text, cut to `RECENT_TEXT_CHARS`. */
  text: string;
  source: string;
  feedId: string;
  publishedAt?: number;
  /** When it was polled, epoch ms. */
  polledAt: number;
  verdict: { category: Category; cause: string | null; subtype: string | null; score: number };
  outcome: RecentOutcome;
}

/**
 * The store key of an article URL: canonical form (tracking parameters, AMP variants and redirects
 * removed), without scheme and `www.`, hashed. Undefined when it is not an absolute http(s) URL.
 */
export function recentItemKey(url: string): string | undefined {
  if (url.length > MAX_REPORTED_URL) return undefined;
  const canonical = canonicalUrl(url);
  if (canonical === undefined) return undefined;
  return `recent:${fnv1a64(canonical.replace(/^https?:\/\//i, '').replace(/^www\./i, ''))}`;
}

/** The record of a polled item, or undefined when it has no link of its own to be found by. */
export function recentItemOf(item: NewsItem, analysis: Analysis, outcome: RecentOutcome, polledAt: number): RecentItem | undefined {
  if (item.link === undefined || item.sharedLink === true) return undefined;
  const c = analysis.classification;
  return {
    url: item.link, title: item.title, text: item.summary.slice(0, RECENT_TEXT_CHARS), source: item.source, feedId: item.feedId,
    ...(item.publishedAt === undefined ? {} : { publishedAt: item.publishedAt }),
    polledAt, verdict: { category: c.category, cause: c.cause, subtype: c.subtype, score: c.score }, outcome,
  };
}
