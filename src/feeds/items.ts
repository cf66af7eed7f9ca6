/** Feed text to news items: parse, normalise, drop repeated ids. CPU-bound, so it may run on a worker thread. */
import { FeedError } from '../core/errors.js';
import { identifyItems, normaliseEntry } from '../core/item.js';
import type { NewsItem } from '../core/types.js';
import type { FeedConfig } from '../core/feed-types.js';
import { BudgetExceeded, DEFAULT_PARSE_BUDGET_MS, ParseBudget, tooSlowError } from './budget.js';
import { repairMojibake } from './decode.js';
import { parseFeedText } from './parse.js';
import type { SanitizeReport } from './sanitize.js';

/** A fetched, decoded feed body waiting to be parsed (plain data: it crosses thread boundaries). */
export interface ParseJob {
  feed: FeedConfig;
  text: string;
  contentType?: string;
  /** HTTP status of the response, carried by parse errors. */
  status: number;
  /** Time the parse may take (ms, default {@link DEFAULT_PARSE_BUDGET_MS}); over it, a `too_slow` FeedError. */
  budgetMs?: number;
}

/** The items of a feed body and what had to be repaired in its text. */
export interface ParsedItems {
  items: NewsItem[];
  report: SanitizeReport;
  /** Set when only the items before damage in the document were read: where and why. */
  partial?: string;
}

/** Parses a feed body into unique news items under its parse budget; rejects with a FeedError naming the feed. */
export async function parseItems(job: ParseJob): Promise<ParsedItems> {
  const budget = new ParseBudget(job.budgetMs ?? DEFAULT_PARSE_BUDGET_MS);
  try {
    const parsed = await parseFeedText(job.feed.id, job.text, job.contentType, job.status, budget);
    const items: NewsItem[] = [];
    for (const entry of parsed.entries) {
      items.push(budget.run(() => repairItemText(normaliseEntry(entry, job.feed))));
      await budget.pause();
    }
    const result: ParsedItems = { items: uniqueById(identifyItems(items)), report: parsed.report };
    if (parsed.partial !== undefined) result.partial = parsed.partial;
    return result;
  } catch (error) {
    if (error instanceof FeedError) throw error;
    if (error instanceof BudgetExceeded) throw tooSlowError(job.feed.id, error, job.status);
    const message = error instanceof Error ? error.message : String(error);
    throw new FeedError(job.feed.id, 'invalid_xml', `could not process the feed: ${message}`, { cause: error, status: job.status });
  }
}

/**
 * Repairs double-encoded UTF-8 that only appears once entities are decoded ("donn&Atilde;&copy;es",
 * "&#195;&#169;" → "données"); the same mojibake as raw bytes was repaired with the body.
 */
function repairItemText(item: NewsItem): NewsItem {
  item.title = repairText(item.title);
  item.summary = repairText(item.summary);
  item.categories = item.categories.map(repairText);
  return item;
}

// "à" is C3 A0 in UTF-8: its mojibake "Ã" + no-break space became "Ã " when spaces were collapsed.
const LONE_A_GRAVE = /(^|[\s'’])Ã(?= )/g;

function repairText(text: string): string {
  const repaired = repairMojibake(text).text;
  return repaired.includes('Ã') ? repaired.replace(LONE_A_GRAVE, '$1à') : repaired;
}

/** Items of one feed with duplicate ids removed (the first occurrence wins). */
function uniqueById(items: NewsItem[]): NewsItem[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.id) && seen.add(item.id) !== undefined);
}
