/** Feed text to news items: parse, normalise, drop repeated ids. CPU-bound, so it may run on a worker thread. */
import { FeedError } from '../core/errors.js';
import { seenMarkKey } from '../core/dedup.js';
import { draftEntry, entrySummary, identifyItems } from '../core/item.js';
import type { NewsItem } from '../core/types.js';
import type { FeedConfig } from '../core/feed-types.js';
import { BudgetExceeded, DEFAULT_PARSE_BUDGET_MS, ParseBudget, tooSlowError } from './budget.js';
import { repairMojibake } from './decode.js';
import { parseFeedText, type ParsedFeed } from './parse.js';
import { agrees, merge, planPrune, type PrunePlan } from './prune.js';
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
  /** With a `known` predicate: per item, whether its seen mark was known (its summary then left out, unless its title was made from it). */
  known?: boolean[];
}

/**
 * Parses a feed body into unique news items under its parse budget; rejects with a FeedError naming
 * the feed. With `known` (seen marks this process holds), an item whose mark it knows is flagged in
 * `known` and not analysed: when the document can be scanned exactly, its markup is cut before
 * parsing and it stands as its identity alone (no title, summary nor date); otherwise it is left
 * without its summary (the costliest part of normalising).
 */
export async function parseItems(job: ParseJob, known?: (seenMark: string) => boolean): Promise<ParsedItems> {
  const budget = new ParseBudget(job.budgetMs ?? DEFAULT_PARSE_BUDGET_MS);
  try {
    let plan: PrunePlan | undefined;
    // With seen marks, the items they recognise are cut from the document before it is parsed.
    const prune = known === undefined ? undefined : (xml: string): string | undefined => (plan = planPrune(xml, job.feed, known))?.xml;
    let parsed = await parseFeedText(job.feed.id, job.text, job.contentType, job.status, budget, prune);
    let drafts = await draftAll(parsed, job.feed, known === undefined, budget);
    if (plan !== undefined && (parsed.partial !== undefined || !agrees(plan, drafts.items))) {
      // The scan and the parser read the document differently: it is parsed whole.
      plan = undefined;
      parsed = await parseFeedText(job.feed.id, job.text, job.contentType, job.status, budget);
      drafts = await draftAll(parsed, job.feed, false, budget);
    }
    const cut = plan;
    const items = cut === undefined ? drafts.items : merge(cut, drafts.items);
    // Identity is settled over the whole feed before any item is recognised by its seen mark.
    identifyItems(items);
    const flags: boolean[] = [];
    let next = 0;
    for (const [i, item] of items.entries()) {
      const stub = cut !== undefined && cut.stubs[i] !== undefined;
      const index = stub ? -1 : next++;
      const seen = stub || (known !== undefined && known(seenMarkKey(item)));
      flags.push(seen);
      if (seen) continue;
      budget.run(() => {
        if (drafts.pending[index]) item.summary = entrySummary(parsed.entries[index]!, job.feed, item);
        repairItemText(item);
      });
      await budget.pause();
    }
    const unique = uniqueIndexes(items);
    const result: ParsedItems = { items: unique.map((i) => items[i]!), report: parsed.report };
    if (known !== undefined) result.known = unique.map((i) => flags[i]!);
    if (parsed.partial !== undefined) result.partial = parsed.partial;
    return result;
  } catch (error) {
    if (error instanceof FeedError) throw error;
    if (error instanceof BudgetExceeded) throw tooSlowError(job.feed.id, error, job.status);
    const message = error instanceof Error ? error.message : String(error);
    throw new FeedError(job.feed.id, 'invalid_xml', `could not process the feed: ${message}`, { cause: error, status: job.status });
  }
}

/** Drafts of the parsed entries (their summaries left pending unless `withSummary`), under the budget. */
async function draftAll(parsed: ParsedFeed, feed: FeedConfig, withSummary: boolean, budget: ParseBudget): Promise<{ items: NewsItem[]; pending: boolean[] }> {
  const items: NewsItem[] = [];
  const pending: boolean[] = [];
  for (const entry of parsed.entries) {
    const draft = budget.run(() => draftEntry(entry, feed, withSummary));
    items.push(draft.item);
    pending.push(draft.pending);
    await budget.pause();
  }
  return { items, pending };
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

/** Positions of a feed's items without duplicate ids (the first occurrence wins). */
function uniqueIndexes(items: NewsItem[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  items.forEach((item, i) => {
    if (seen.has(item.id)) return;
    seen.add(item.id);
    out.push(i);
  });
  return out;
}
