/**
 * One poll cycle: every due feed is read (the feed source bounds concurrency and skips a body it
 * saw last time), the items not seen before are analysed and go through intake, and the feed's
 * state (validators, body hash, backoff) is saved. One bad feed or item never stops a cycle; a
 * store failure does (posting without dedup would spam) and the next cycle retries.
 */
import { analyseItem, type Analysis } from '../core/analysis.js';
import { seenMarkKey } from '../core/dedup.js';
import { recentItemOf } from '../core/recent-items.js';
import { FeedError } from '../core/errors.js';
import { isDue, nextFeedState, type FeedOutcome } from '../core/feed-state.js';
import type { IncidentCategory, NewsItem } from '../core/types.js';
import type { FeedSource } from '../ports.js';
import type { FeedConfig, FeedState } from '../core/feed-types.js';
import type { Classifier, Summariser } from '../core/services.js';
import { BoundedSet } from './bounded-set.js';
import { Intake, type IntakeDeps, type IntakeEntry, type IntakeOutcome } from './intake.js';
import pLimit from 'p-limit';

/** Feed states are written together, this many at a time (and the rest at the end of a cycle). */
const STATES_PER_WRITE = 250;

/** Counts of one cycle, logged as one line. */
export interface CycleReport {
  feeds: number;
  polled: number;
  notModified: number;
  /** Feeds that answered 200 with the body of their last read: not parsed. */
  unchanged: number;
  backingOff: number;
  feedErrors: number;
  items: number;
  /** Items of changed bodies recognised as seen before (by this process or the store): not analysed. */
  seen: number;
  incidents: number;
  alerts: number;
  joined: number;
  duplicates: number;
  backfilled: number;
  /** Alerts announced, by category: new stories and follow-up replies (see IntakeDeps.announced). */
  announced: Record<IncidentCategory, number>;
  durationMs: number;
}

/** What a cycle needs beyond intake. */
export interface PollDeps extends IntakeDeps {
  feeds: readonly FeedConfig[];
  classifier: Classifier;
  summariser: Summariser;
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
  /** Analyses a feed's new items (on worker threads); they are analysed on this thread without it. */
  analyse?: (items: NewsItem[]) => Promise<Analysis[]>;
  /** Items remembered in memory as seen (default 200,000); the store answers for the others. */
  seenCacheSize?: number;
}

/**
 * Runs poll cycles. An item is analysed once: the keys of items taken in are kept in a bounded
 * in-memory cache in front of the store's seen log (the truth, shared by processes and restarts).
 */
export class Poller {
  private readonly seen: BoundedSet;
  /** Groups the intake of feeds read together (see Intake). */
  private readonly intake: Intake;
  /** Feed states of this cycle not written yet. */
  private states: [string, FeedState][] = [];
  /** The report of the running cycle (cycles never overlap), or of the last one. */
  private report: CycleReport = emptyReport(0);

  /** Whether this process holds an item's seen mark (read by the feed source while it normalises). */
  private readonly known = (seenMark: string): boolean => this.seen.has(seenMark);

  constructor(private readonly deps: PollDeps) {
    this.seen = new BoundedSet(deps.seenCacheSize ?? 200_000);
    this.intake = new Intake({
      ...deps,
      announced: (alert) => {
        this.report.announced[alert.classification.category as IncidentCategory]++;
        deps.announced?.(alert);
      },
    });
  }

  /**
   * Polls every due feed once (every feed, backoff ignored, with `force`). Rejects only when the
   * store fails (the cycle is then skipped).
   */
  async cycle(signal: AbortSignal, options: { force?: boolean } = {}): Promise<CycleReport> {
    const { deps } = this;
    const started = deps.clock.now();
    const report = emptyReport(deps.feeds.length);
    this.report = report;
    await deps.store.ping();
    deps.fanout.invalidate();
    await deps.fanout.recover(started - 2 * 86_400_000);
    const states = await deps.store.feedStates.all();
    const limit = pLimit(Math.max(1, deps.feedsInFlight ?? 16));
    const force = options.force === true;
    const results = await Promise.allSettled(deps.feeds.map(async (feed) => limit(async () => this.pollFeed(feed, states[feed.id], report, signal, force))));
    // The next cycle reloads the stories (other processes' too), and nothing is held in between:
    // after a first cycle of 2,000 feeds they held 109 MB of live heap against 37 MB without them.
    await deps.stories?.refresh();
    let storeFailure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    try {
      await this.saveStates();
    } catch (error) {
      storeFailure ??= { status: 'rejected', reason: error };
    }
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
    let outcome: FeedOutcome;
    try {
      // A feed never read has no item this process could recognise: its body is parsed whole.
      const result = await deps.source.read(feed, state, signal, state?.initialised === true ? this.known : undefined);
      report.polled++;
      outcome = result;
      if (result.kind === 'not_modified') report.notModified++;
      else if (result.kind === 'unchanged') report.unchanged++;
      else if (!(await this.intakeAll(result.items, state?.initialised === true, report, signal, result.known))) {
        // Some items were not taken in: no validators nor body hash, so the next read parses them again.
        outcome = { kind: 'ok', status: result.status, items: result.items };
      }
    } catch (error) {
      if (!(error instanceof FeedError)) throw error;
      report.feedErrors++;
      deps.logger.warn({ feed: feed.id, kind: error.kind, status: error.status, err: error.message }, 'feed failed');
      outcome = { kind: 'error', error };
    }
    this.states.push([feed.id, nextFeedState(state, outcome, deps.clock.now(), interval)]);
    if (this.states.length >= STATES_PER_WRITE) await this.saveStates();
  }

  /**
   * Writes the feed states waiting since the last write, in one store write. A crash before it
   * loses only validators and body hashes: those feeds are read and parsed again, their items
   * recognised as seen.
   */
  private async saveStates(): Promise<void> {
    const states = this.states;
    this.states = [];
    await this.deps.store.feedStates.setMany(states);
  }

  /**
   * Takes in the items not seen before; true when every item of the feed is now taken in. Items
   * the source flagged `known` were recognised by this process's seen marks while being read.
   */
  private async intakeAll(all: NewsItem[], initialised: boolean, report: CycleReport, signal: AbortSignal, known?: boolean[]): Promise<boolean> {
    const { deps } = this;
    report.items += all.length;
    const fresh = await this.unseen(known ? all.filter((_, i) => known[i] !== true) : all);
    report.seen += all.length - fresh.length;
    if (fresh.length === 0) return true;
    const analyses = await this.analyse(fresh);
    if (signal.aborted) return false;
    const now = deps.clock.now();
    const entries: IntakeEntry[] = [];
    const taken: NewsItem[] = [];
    fresh.forEach((item, index) => {
      const analysis = analyses[index];
      if (analysis === undefined) return;
      const age = item.publishedAt === undefined ? undefined : now - item.publishedAt;
      // Undated items of a feed's first poll may be old: record them without announcing.
      const announce = age === undefined ? initialised : age <= deps.backfillMs;
      entries.push({ item, announce, analysis });
      taken.push(item);
    });
    const outcomes = await this.intake.take(entries);
    const done: string[] = [];
    taken.forEach((item, index) => { if (outcomes[index] !== undefined) done.push(seenMarkKey(item)); });
    // Marked only once taken in: a crash before this line analyses them again, and their claims resume.
    // Their text is kept a few days beside the marks, in the same write, for `/manque <url>`.
    const recent = entries.flatMap((e, index) => {
      const outcome = outcomes[index];
      const record = outcome === undefined ? undefined : recentItemOf(e.item, e.analysis, outcome, now);
      return record === undefined ? [] : [record];
    });
    await deps.store.markTaken(done, recent);
    for (const key of done) this.seen.add(key);
    for (const outcome of outcomes) if (outcome !== undefined) count(report, outcome);
    return done.length === fresh.length;
  }

  /** The items neither this process nor the store's seen log knows, read from the store in one batch. */
  private async unseen(items: NewsItem[]): Promise<NewsItem[]> {
    const keys = items.map(seenMarkKey);
    const unknown = items.flatMap((item, i) => (this.seen.has(keys[i]!) ? [] : [{ item, key: keys[i]! }]));
    if (unknown.length === 0) return [];
    const known = await this.deps.store.seen.hasEach(unknown.map((u) => u.key));
    const fresh: NewsItem[] = [];
    unknown.forEach(({ item, key }, i) => {
      if (known[i]) this.seen.add(key);
      else fresh.push(item);
    });
    return fresh;
  }

  /** One analysis per item (on worker threads when given), undefined for an item whose analysis failed. */
  private async analyse(items: NewsItem[]): Promise<(Analysis | undefined)[]> {
    const { deps } = this;
    if (deps.analyse) {
      try {
        return await deps.analyse(items);
      } catch (error) {
        // A crashed worker must not cost the feed its items: they are analysed on this thread instead.
        deps.logger.error({ err: error, items: items.length }, 'analysis off the main thread failed; analysing inline');
      }
    }
    return items.map((item) => {
      try {
        return analyseItem(item, deps);
      } catch (error) {
        deps.logger.error({ item: item.id, feed: item.feedId, err: error }, 'item could not be analysed');
        return undefined;
      }
    });
  }
}

/** A report of `feeds` feeds with every count at zero. */
function emptyReport(feeds: number): CycleReport {
  return {
    feeds, polled: 0, notModified: 0, unchanged: 0, backingOff: 0, feedErrors: 0, items: 0, seen: 0,
    incidents: 0, alerts: 0, joined: 0, duplicates: 0, backfilled: 0, announced: { cyberattack: 0, outage: 0 }, durationMs: 0,
  };
}

function count(report: CycleReport, outcome: IntakeOutcome): void {
  if (outcome !== 'ignored') report.incidents++;
  if (outcome === 'alerted') report.alerts++;
  else if (outcome === 'joined') report.joined++;
  else if (outcome === 'duplicate') report.duplicates++;
  else if (outcome === 'backfilled') report.backfilled++;
}
