/**
 * One poll cycle: every due feed is read (the feed source bounds concurrency), its items go through
 * intake, and its state (validators, backoff) is saved. One bad feed or item never stops a cycle;
 * a store failure does (posting without dedup would spam) and the next cycle retries.
 */
import { isDue, nextFeedState } from '../core/feed-state.js';
import { FeedError } from '../core/errors.js';
import type { Analysis } from '../core/analysis.js';
import type { NewsItem } from '../core/types.js';
import type { FeedConfig, FeedSource, FeedState } from '../ports.js';
import { intakeBatch, type IntakeDeps, type IntakeOutcome } from './intake.js';
import { BoundedSet } from './bounded-set.js';
import pLimit from 'p-limit';

/** Counts of one cycle, logged as one line. */
export interface CycleReport {
  feeds: number;
  polled: number;
  notModified: number;
  backingOff: number;
  feedErrors: number;
  items: number;
  incidents: number;
  alerts: number;
  joined: number;
  duplicates: number;
  backfilled: number;
  durationMs: number;
}

/** What a cycle needs beyond intake. */
export interface PollDeps extends IntakeDeps {
  feeds: readonly FeedConfig[];
  source: FeedSource;
  /** Default poll interval (ms); a feed's own `interval` (s) takes precedence. */
  intervalMs: number;
  /** Items older than this (ms) are recorded without being announced. */
  backfillMs: number;
  /**
   * Feeds between the start of their read and the end of their intake (default 16): bounds the
   * items held in memory when reading outpaces intake.
   */
  feedsInFlight?: number;
  /** Analyses a feed's new items (on worker threads); intake analyses them inline without it. */
  analyse?: (items: NewsItem[]) => Promise<Analysis[]>;
}

/** Runs poll cycles; keeps a per-process memory of items already handled to skip re-work. */
export class Poller {
  private readonly handled = new BoundedSet(100_000);

  constructor(private readonly deps: PollDeps) {}

  /**
   * Polls every due feed once (every feed, backoff ignored, with `force`). Rejects only when the
   * store fails (the cycle is then skipped).
   */
  async cycle(signal: AbortSignal, options: { force?: boolean } = {}): Promise<CycleReport> {
    const { deps } = this;
    const started = deps.clock.now();
    const report: CycleReport = {
      feeds: deps.feeds.length, polled: 0, notModified: 0, backingOff: 0, feedErrors: 0, items: 0,
      incidents: 0, alerts: 0, joined: 0, duplicates: 0, backfilled: 0, durationMs: 0,
    };
    await deps.store.ping();
    deps.fanout.invalidate();
    await deps.fanout.recover(started - 2 * 86_400_000);
    await deps.stories?.refresh();
    const states = await deps.store.feedStates.all();
    const limit = pLimit(Math.max(1, deps.feedsInFlight ?? 16));
    const force = options.force === true;
    const results = await Promise.allSettled(deps.feeds.map(async (feed) => limit(async () => this.pollFeed(feed, states[feed.id], report, signal, force))));
    const storeFailure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    report.durationMs = deps.clock.now() - started;
    if (storeFailure) throw storeFailure.reason;
    return report;
  }

  private intervalOf(feed: FeedConfig): number {
    return Math.max(feed.interval !== undefined ? feed.interval * 1000 : 0, this.deps.intervalMs);
  }

  private async pollFeed(feed: FeedConfig, state: FeedState | undefined, report: CycleReport, signal: AbortSignal, force: boolean): Promise<void> {
    const { deps } = this;
    const interval = this.intervalOf(feed);
    // A little slack so a feed polled late in the previous cycle is not skipped a whole cycle.
    if (!force && state && !isDue(state, deps.clock.now() + Math.min(30_000, interval / 10))) {
      report.backingOff++;
      return;
    }
    if (signal.aborted) return;
    let next: FeedState;
    try {
      const result = await deps.source.read(feed, state, signal);
      report.polled++;
      if (result.kind === 'not_modified') {
        report.notModified++;
        next = nextFeedState(state, { kind: 'not_modified', status: 304 }, deps.clock.now(), interval);
      } else {
        // The next state is made first, so that the read result is not kept alive across intake.
        next = nextFeedState(state, { kind: 'ok', status: result.status, items: result.items, etag: result.etag, lastModified: result.lastModified }, deps.clock.now(), interval);
        await this.intakeAll(result.items, state?.initialised === true, report, signal);
      }
    } catch (error) {
      if (!(error instanceof FeedError)) throw error;
      report.feedErrors++;
      deps.logger.warn({ feed: feed.id, kind: error.kind, status: error.status, err: error.message }, 'feed failed');
      next = nextFeedState(state, { kind: 'error', error }, deps.clock.now(), interval);
    }
    await deps.store.feedStates.set(feed.id, next);
  }

  private async intakeAll(all: NewsItem[], initialised: boolean, report: CycleReport, signal: AbortSignal): Promise<void> {
    const { deps } = this;
    report.items += all.length;
    const items = all.filter((item) => !this.handled.has(item.id));
    const analyses = await analyseOrNot(deps, items);
    if (signal.aborted || items.length === 0) return;
    const now = deps.clock.now();
    const entries = items.map((item, index) => {
      const age = item.publishedAt === undefined ? undefined : now - item.publishedAt;
      // Undated items of a feed's first poll may be old: record them without announcing.
      const announce = age === undefined ? initialised : age <= deps.backfillMs;
      return { item, announce, analysis: analyses[index] };
    });
    const ids = items.map((item) => item.id);
    const outcomes = await intakeBatch(entries, deps);
    outcomes.forEach((outcome, index) => {
      if (outcome === undefined) return;
      this.handled.add(ids[index]!);
      count(report, outcome);
    });
  }
}

/** Intake analyses inline any item without an analysis. */
async function analyseOrNot(deps: PollDeps, items: NewsItem[]): Promise<Analysis[]> {
  if (!deps.analyse || items.length === 0) return [];
  try {
    return await deps.analyse(items);
  } catch (error) {
    // A crashed worker must not cost the feed its items: they are analysed on this thread instead.
    deps.logger.error({ err: error, items: items.length }, 'analysis off the main thread failed; analysing inline');
    return [];
  }
}

function count(report: CycleReport, outcome: IntakeOutcome): void {
  if (outcome !== 'ignored') report.incidents++;
  if (outcome === 'alerted') report.alerts++;
  else if (outcome === 'joined') report.joined++;
  else if (outcome === 'duplicate') report.duplicates++;
  else if (outcome === 'backfilled') report.backfilled++;
}
