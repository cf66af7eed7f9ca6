/** Offline evaluation of story clustering: replay dated items in order, then score pairs against labels. */
import type { StoryFingerprint } from './fingerprint.js';
import { findStory, followUpWindow, STORY_WINDOW_MS } from '../cluster.js';
import type { FindStoryOptions, StoryCandidate } from '../cluster.js';

/** When an item was published, possibly only to the month or year: [from, to) in epoch ms. */
export interface DateRange {
  from: number;
  to: number;
}

/**
 * Parses "YYYY", "YYYY-MM", "YYYY-MM-DD" (UTC) or a full ISO 8601 date-time into the range it
 * covers (a date-time is an instant); undefined when absent or unreadable.
 */
export function dateRange(date: string): DateRange | undefined {
  if (/^\d{4}-\d{2}-\d{2}T/.test(date.trim())) {
    const t = Date.parse(date.trim());
    return Number.isNaN(t) ? undefined : { from: t, to: t };
  }
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(date.trim());
  if (m === null) return undefined;
  const year = Number(m[1]);
  if (m[2] === undefined) return { from: Date.UTC(year, 0, 1), to: Date.UTC(year + 1, 0, 1) };
  const month = Number(m[2]) - 1;
  if (m[3] === undefined) return { from: Date.UTC(year, month, 1), to: Date.UTC(year, month + 1, 1) };
  const from = Date.UTC(year, month, Number(m[3]));
  return { from, to: from + 86_400_000 };
}

/** Whether two (possibly vague) dates can be within `windowMs` of each other; unknown dates always can. */
export function mayBeWithin(a: DateRange | undefined, b: DateRange | undefined, windowMs: number): boolean {
  if (a === undefined || b === undefined) return true;
  return a.from - b.to <= windowMs && b.from - a.to <= windowMs;
}

/** One item to replay: its fingerprint and publication date range. */
export interface ReplayItem {
  id: string;
  fingerprint: StoryFingerprint;
  date: DateRange | undefined;
}

/**
 * Replays items oldest first (undated ones last) as the pipeline would: each joins the best
 * matching story whose members may be within the window, else a follow-up of a story within the
 * follow-up window, or opens its own. Between an undated item and another, only a copy of the same
 * dispatch counts (`timeUnknown`): nothing else places them in one window. Returns item id → story id.
 */
export function replayClusters(items: readonly ReplayItem[], options: FindStoryOptions = {}): Map<string, string> {
  const windowMs = options.windowMs ?? STORY_WINDOW_MS;
  const ordered = [...items].sort((a, b) => (a.date?.from ?? Number.MAX_SAFE_INTEGER) - (b.date?.from ?? Number.MAX_SAFE_INTEGER));
  const members: (StoryCandidate & { date: DateRange | undefined })[] = [];
  const storyOf = new Map<string, string>();
  for (const item of ordered) {
    const dated = members.filter((m) => m.date !== undefined && item.date !== undefined && mayBeWithin(m.date, item.date, windowMs));
    const later = members.filter((m) => m.date !== undefined && item.date !== undefined
      && !mayBeWithin(m.date, item.date, windowMs) && mayBeWithin(m.date, item.date, followUpWindow(item.fingerprint, m.fingerprint, options)));
    const undated = members.filter((m) => m.date === undefined || item.date === undefined);
    // Dates were checked above with their vagueness; findStory's own window must not re-check them.
    const unbounded = { ...options, windowMs: Infinity, followUpWindowMs: Infinity, attackFollowUpWindowMs: Infinity };
    const match = findStory(item.fingerprint, dated, 0, unbounded)
      ?? findStory(item.fingerprint, later, 0, { ...unbounded, followUpOnly: true })
      ?? findStory(item.fingerprint, undated, 0, { ...unbounded, timeUnknown: true });
    const storyId = match?.alertId ?? item.id;
    storyOf.set(item.id, storyId);
    members.push({ alertId: storyId, fingerprint: item.fingerprint, createdAt: 0, date: item.date });
  }
  return storyOf;
}

/** Pairwise agreement between predicted stories and labelled incidents. */
export interface PairScores {
  pair_precision: number;
  pair_recall: number;
  /** Pairs of items labelled as one incident. */
  true_pairs: number;
  /** Pairs of items put in one story. */
  predicted_pairs: number;
  /** Pairs both labelled and predicted together. */
  correct_pairs: number;
}

/**
 * Scores predicted stories against labelled events (items with an empty event are singletons).
 * Precision is 1 when nothing was merged; recall is 1 when nothing should have been.
 */
export function pairScores(items: readonly { id: string; event: string }[], storyOf: ReadonlyMap<string, string>): PairScores {
  let truePairs = 0;
  let predicted = 0;
  let correct = 0;
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i] as { id: string; event: string };
      const b = items[j] as { id: string; event: string };
      const gold = a.event !== '' && a.event === b.event;
      const sameStory = storyOf.get(a.id) !== undefined && storyOf.get(a.id) === storyOf.get(b.id);
      if (gold) truePairs++;
      if (sameStory) predicted++;
      if (gold && sameStory) correct++;
    }
  }
  return {
    pair_precision: predicted === 0 ? 1 : correct / predicted,
    pair_recall: truePairs === 0 ? 1 : correct / truePairs,
    true_pairs: truePairs,
    predicted_pairs: predicted,
    correct_pairs: correct,
  };
}
