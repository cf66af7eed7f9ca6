/** Per-feed polling state transitions: validators, counters and exponential backoff. Pure: no clock. */
import type { FeedReadResult, FeedState } from './feed-types.js';
import { FeedError } from './errors.js';

/** Longest wait after repeated failures (ms): 6 hours. */
export const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;
/** A feed counts as due this long before its time, so scheduling jitter never skips a whole cycle (ms). */
export const DUE_GRACE_MS = 5_000;

/** What one attempt at reading a feed gave: the source's result, or the error it threw. */
export type FeedOutcome = FeedReadResult | { kind: 'error'; error: unknown };

/**
 * The state after one attempt made at `now` (epoch ms). Success (200, same body, or 304): failures
 * reset, ETag / Last-Modified / body hash kept (the new ones when the response sent some), next attempt one interval
 * later. Failure: failures + 1, next attempt after `min(intervalMs × 2^failures, max(6 h, intervalMs))`,
 * the error message recorded; validators and counters of the last success are kept.
 */
export function nextFeedState(
  prev: FeedState | undefined,
  outcome: FeedOutcome,
  now: number,
  intervalMs: number,
): FeedState {
  const base: FeedState = { ...(prev ?? { failures: 0, initialised: false }), lastAttemptAt: now };
  if (outcome.kind === 'error') return failed(base, outcome.error, now, intervalMs);
  const next: FeedState = { ...base, failures: 0, lastSuccessAt: now, lastStatus: outcome.status, initialised: true };
  next.nextAttemptAt = now + intervalMs;
  delete next.lastError;
  delete next.lastErrorKind;
  if (outcome.kind === 'ok') {
    setOrDelete(next, 'etag', outcome.etag);
    setOrDelete(next, 'lastModified', outcome.lastModified);
    setOrDelete(next, 'bodyHash', outcome.bodyHash);
    next.lastItemCount = outcome.items.length;
    const newest = newestDate(outcome.items.map((item) => item.publishedAt));
    if (newest !== undefined) next.newestItemAt = Math.max(newest, prev?.newestItemAt ?? newest);
  } else if (outcome.kind === 'unchanged') {
    // The same body as last time, sent with whatever validators the server sends now.
    setOrDelete(next, 'etag', outcome.etag);
    setOrDelete(next, 'lastModified', outcome.lastModified);
    next.bodyHash = outcome.bodyHash;
  } else {
    if (outcome.etag !== undefined) next.etag = outcome.etag;
    if (outcome.lastModified !== undefined) next.lastModified = outcome.lastModified;
  }
  return next;
}

/** Delay before the next attempt after `failures` consecutive failures (ms). */
export function backoffDelay(failures: number, intervalMs: number): number {
  const cap = Math.max(MAX_BACKOFF_MS, intervalMs);
  return Math.min(intervalMs * 2 ** Math.min(failures, 30), cap);
}

/** True when the feed may be polled at `now`: never polled, or its next attempt time (minus a few seconds of grace) has come. */
export function isDue(state: FeedState | undefined, now: number): boolean {
  return state?.nextAttemptAt === undefined || now + DUE_GRACE_MS >= state.nextAttemptAt;
}

function failed(base: FeedState, error: unknown, now: number, intervalMs: number): FeedState {
  const failures = base.failures + 1;
  const next: FeedState = { ...base, failures, nextAttemptAt: now + backoffDelay(failures, intervalMs) };
  next.lastError = error instanceof Error ? error.message : String(error);
  if (error instanceof FeedError && error.status !== undefined) next.lastStatus = error.status;
  else delete next.lastStatus;
  next.lastErrorKind = error instanceof FeedError ? error.kind : 'other';
  return next;
}

function newestDate(dates: (number | undefined)[]): number | undefined {
  let newest: number | undefined;
  for (const date of dates) if (date !== undefined && (newest === undefined || date > newest)) newest = date;
  return newest;
}

function setOrDelete(state: FeedState, key: 'etag' | 'lastModified' | 'bodyHash', value: string | undefined): void {
  if (value === undefined) delete state[key];
  else state[key] = value;
}
