/** Data types of feeds: their configuration, fetch limits, remembered state and one read's outcome. */
import type { NewsItem } from './types.js';

/** One configured feed (from config/feeds.yaml). */
export interface FeedConfig {
  id: string;
  name: string;
  url: string;
  /** Poll interval in seconds; the global default when absent. */
  interval?: number;
  tags: string[];
}

/** Limits and identity used when fetching feeds. */
export interface FetchOptions {
  /** Total time for one request, body included (ms). */
  timeoutMs: number;
  /** Largest body accepted, counted while reading (bytes). */
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Requests in flight at once across all feeds. */
  concurrency: number;
  /** Requests in flight at once to one host. */
  perHost: number;
  /** Time parsing one feed body may take (ms); over it the read fails with a `too_slow` FeedError. */
  parseBudgetMs?: number;
}

/** What Vigie remembers about a feed between polls (and restarts). */
export interface FeedState {
  etag?: string;
  lastModified?: string;
  /** Consecutive failures; drives the exponential backoff. */
  failures: number;
  /** Do not poll before this time (epoch ms); set by backoff. */
  nextAttemptAt?: number;
  lastAttemptAt?: number;
  lastSuccessAt?: number;
  lastStatus?: number;
  lastError?: string;
  /** What kind of failure `lastError` was (shown by /status instead of the message, which may hold URLs). */
  lastErrorKind?: string;
  lastItemCount?: number;
  newestItemAt?: number;
  /** True once the feed's first successful poll was recorded (backfill done). */
  initialised: boolean;
  /** Hash of the last body whose items were all taken in: the same body again is not parsed. */
  bodyHash?: string;
}

/** Outcome of reading one feed once. */
export type FeedReadResult =
  | { kind: 'not_modified'; status: 304; etag?: string; lastModified?: string }
  | { kind: 'unchanged'; status: number; bodyHash: string; etag?: string; lastModified?: string }
  | {
    kind: 'ok'; status: number; items: NewsItem[]; bodyHash?: string; etag?: string; lastModified?: string; partial?: string;
    /** Per item, whether the reader's `known` predicate recognised its seen mark (its summary may then be left out). */
    known?: boolean[];
  };
