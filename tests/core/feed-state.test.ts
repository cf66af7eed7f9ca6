import { describe, expect, it } from 'vitest';
import { FeedError } from '../../src/core/errors.js';
import { backoffDelay, DUE_GRACE_MS, isDue, MAX_BACKOFF_MS, nextFeedState } from '../../src/core/feed-state.js';
import type { FeedState } from '../../src/core/feed-types.js';
import { makeItem } from '../helpers/builders.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2024, 1, 12, 8, 0);
const fail = (status?: number): { kind: 'error'; error: FeedError } => ({
  kind: 'error',
  error: new FeedError('f', status ? 'http_status' : 'timeout', status ? `HTTP ${status}` : 'no complete response within 15000 ms', status ? { status } : undefined),
});

describe('nextFeedState: success', () => {
  it('records a first success: validators, status, counts, newest date, initialised', () => {
    const items = [makeItem({ publishedAt: T0 - HOUR }), makeItem({ id: 'b', publishedAt: T0 - 2 * HOUR }), makeItem({ id: 'c', publishedAt: undefined })];
    const state = nextFeedState(undefined, { kind: 'ok', status: 200, items, etag: '"v1"', lastModified: 'Mon, 12 Feb 2024 07:00:00 GMT' }, T0, 5 * MIN);
    expect(state).toEqual({
      failures: 0, initialised: true, etag: '"v1"', lastModified: 'Mon, 12 Feb 2024 07:00:00 GMT', lastStatus: 200,
      lastAttemptAt: T0, lastSuccessAt: T0, nextAttemptAt: T0 + 5 * MIN, lastItemCount: 3, newestItemAt: T0 - HOUR,
    });
  });

  it('resets failures and clears the last error after a success', () => {
    const prev: FeedState = { failures: 4, initialised: true, lastError: 'feed f: HTTP 500', nextAttemptAt: T0, etag: '"v1"' };
    const state = nextFeedState(prev, { kind: 'ok', status: 200, items: [] }, T0, 5 * MIN);
    expect(state.failures).toBe(0);
    expect(state.lastError).toBeUndefined();
    expect(state.nextAttemptAt).toBe(T0 + 5 * MIN);
  });

  it('drops validators the new 200 response no longer sends', () => {
    const prev: FeedState = { failures: 0, initialised: true, etag: '"v1"', lastModified: 'x' };
    const state = nextFeedState(prev, { kind: 'ok', status: 200, items: [], etag: '"v2"' }, T0, MIN);
    expect(state.etag).toBe('"v2"');
    expect(state.lastModified).toBeUndefined();
  });

  it('keeps validators, item count and newest date on 304, updating validators the 304 sends', () => {
    const prev: FeedState = { failures: 1, initialised: true, etag: '"v1"', lastModified: 'old', lastItemCount: 20, newestItemAt: T0 - HOUR };
    const state = nextFeedState(prev, { kind: 'not_modified', status: 304, lastModified: 'new' }, T0, MIN);
    expect(state).toMatchObject({ failures: 0, etag: '"v1"', lastModified: 'new', lastItemCount: 20, newestItemAt: T0 - HOUR, lastStatus: 304 });
  });

  it('records the body hash of a 200, and drops it when the result carries none', () => {
    const hashed = nextFeedState(undefined, { kind: 'ok', status: 200, items: [], bodyHash: 'h1' }, T0, MIN);
    expect(hashed.bodyHash).toBe('h1');
    expect(nextFeedState(hashed, { kind: 'ok', status: 200, items: [] }, T0, MIN).bodyHash).toBeUndefined();
  });

  it('keeps the hash, item count and newest date on an unchanged body, taking the validators it came with', () => {
    const prev: FeedState = { failures: 2, initialised: true, bodyHash: 'h1', etag: '"v1"', lastItemCount: 20, newestItemAt: T0 - HOUR };
    const state = nextFeedState(prev, { kind: 'unchanged', status: 200, bodyHash: 'h1', lastModified: 'lm' }, T0, MIN);
    expect(state).toMatchObject({ failures: 0, bodyHash: 'h1', lastModified: 'lm', lastItemCount: 20, newestItemAt: T0 - HOUR, lastStatus: 200, nextAttemptAt: T0 + MIN });
    expect(state.etag).toBeUndefined();
  });

  it('never moves newestItemAt backwards', () => {
    const prev: FeedState = { failures: 0, initialised: true, newestItemAt: T0 };
    const state = nextFeedState(prev, { kind: 'ok', status: 200, items: [makeItem({ publishedAt: T0 - HOUR })] }, T0, MIN);
    expect(state.newestItemAt).toBe(T0);
  });
});

describe('nextFeedState: failures and backoff', () => {
  it('doubles the wait at each consecutive failure', () => {
    const interval = 5 * MIN;
    let state: FeedState | undefined;
    const waits: number[] = [];
    let now = T0;
    for (let i = 0; i < 5; i += 1) {
      state = nextFeedState(state, fail(500), now, interval);
      waits.push((state.nextAttemptAt ?? 0) - now);
      now = state.nextAttemptAt ?? now;
    }
    expect(waits).toEqual([10 * MIN, 20 * MIN, 40 * MIN, 80 * MIN, 160 * MIN]);
    expect(state?.failures).toBe(5);
  });

  it('caps the wait at six hours', () => {
    let state: FeedState | undefined;
    for (let i = 0; i < 40; i += 1) state = nextFeedState(state, fail(), T0, 5 * MIN);
    expect(state?.nextAttemptAt).toBe(T0 + MAX_BACKOFF_MS);
    expect(MAX_BACKOFF_MS).toBe(6 * HOUR);
  });

  it('never waits less than the normal interval when the interval exceeds the cap', () => {
    expect(backoffDelay(3, 12 * HOUR)).toBe(12 * HOUR);
  });

  it('records the error message and HTTP status, and keeps validators and initialised', () => {
    const prev: FeedState = { failures: 0, initialised: true, etag: '"v1"', lastModified: 'lm', lastSuccessAt: T0 - HOUR, lastItemCount: 7 };
    const state = nextFeedState(prev, fail(503), T0, MIN);
    expect(state).toMatchObject({
      failures: 1, lastError: 'feed f: HTTP 503', lastStatus: 503, etag: '"v1"', lastModified: 'lm', initialised: true,
      lastSuccessAt: T0 - HOUR, lastItemCount: 7, lastAttemptAt: T0,
    });
  });

  it('leaves a never-read feed uninitialised after a failure', () => {
    expect(nextFeedState(undefined, fail(), T0, MIN).initialised).toBe(false);
  });

  it('accepts errors that are not FeedErrors', () => {
    const state = nextFeedState(undefined, { kind: 'error', error: new Error('boom') }, T0, MIN);
    expect(state).toMatchObject({ failures: 1, lastError: 'boom' });
    expect(state.lastStatus).toBeUndefined();
  });

  it('survives a restart: a stored state round-trips through JSON and keeps backing off', () => {
    const first = nextFeedState(nextFeedState(undefined, fail(), T0, MIN), fail(), T0 + 2 * MIN, MIN);
    const restored = JSON.parse(JSON.stringify(first)) as FeedState;
    expect(isDue(restored, T0 + 3 * MIN)).toBe(false);
    const third = nextFeedState(restored, fail(), T0 + 6 * MIN, MIN);
    expect(third.failures).toBe(3);
    expect((third.nextAttemptAt ?? 0) - (T0 + 6 * MIN)).toBe(8 * MIN);
  });
});

describe('isDue', () => {
  it('is true for a feed never polled', () => {
    expect(isDue(undefined, T0)).toBe(true);
    expect(isDue({ failures: 0, initialised: false }, T0)).toBe(true);
  });

  it('is false before nextAttemptAt and true from it on', () => {
    const state: FeedState = { failures: 2, initialised: true, nextAttemptAt: T0 + 10 * MIN };
    expect(isDue(state, T0)).toBe(false);
    expect(isDue(state, T0 + 10 * MIN)).toBe(true);
    expect(isDue(state, T0 + 11 * MIN)).toBe(true);
  });

  it('tolerates a few seconds of scheduling jitter, no more', () => {
    const state: FeedState = { failures: 0, initialised: true, nextAttemptAt: T0 };
    expect(isDue(state, T0 - DUE_GRACE_MS)).toBe(true);
    expect(isDue(state, T0 - DUE_GRACE_MS - 1)).toBe(false);
  });
});
