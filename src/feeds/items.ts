/** Feed text to news items: parse, normalise, drop repeated ids. CPU-bound, so it may run on a worker thread. */
import { FeedError } from '../core/errors.js';
import { normaliseEntry } from '../core/item.js';
import type { NewsItem } from '../core/types.js';
import type { FeedConfig } from '../ports.js';
import { parseFeedText } from './parse.js';
import type { SanitizeReport } from './sanitize.js';

/** A fetched, decoded feed body waiting to be parsed (plain data: it crosses thread boundaries). */
export interface ParseJob {
  feed: FeedConfig;
  text: string;
  contentType?: string;
  /** HTTP status of the response, carried by parse errors. */
  status: number;
}

/** The items of a feed body and what had to be repaired in its text. */
export interface ParsedItems {
  items: NewsItem[];
  report: SanitizeReport;
}

/** Parses a feed body into unique news items; rejects with a FeedError naming the feed. */
export async function parseItems(job: ParseJob): Promise<ParsedItems> {
  try {
    const parsed = await parseFeedText(job.feed.id, job.text, job.contentType, job.status);
    return { items: uniqueById(parsed.entries.map((entry) => normaliseEntry(entry, job.feed))), report: parsed.report };
  } catch (error) {
    if (error instanceof FeedError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new FeedError(job.feed.id, 'invalid_xml', `could not process the feed: ${message}`, { cause: error, status: job.status });
  }
}

/** Items of one feed with duplicate ids removed (the first occurrence wins). */
function uniqueById(items: NewsItem[]): NewsItem[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.id) && seen.add(item.id) !== undefined);
}
