/**
 * Recognising a feed's seen items before parsing them: their markup is cut from the document, so
 * that the XML parser, rss-parser's mapping and HTML to text run only on the items not seen
 * before. The identity of every item (guid, else link) is read by a forward scan and settled over
 * the whole feed exactly as the parser's reading settles it; the caller checks the two readings
 * agree on the items kept, and parses the whole document when they do not.
 */
import { seenMarkKey } from '../core/dedup.js';
import { draftEntry, identifyItems } from '../core/item.js';
import type { FeedConfig } from '../core/feed-types.js';
import type { NewsItem } from '../core/types.js';
import { scanItemSpans } from './item-spans.js';

/** A document without its seen items, and what stands in for them. */
export interface PrunePlan {
  /** The document without the seen items' markup. */
  xml: string;
  /** Per item in document order: a draft holding only its identity when seen, undefined when left in the document. */
  stubs: (NewsItem | undefined)[];
  /** The identity the scan read for each item left in, in order, for the caller to check the parser's against. */
  kept: { guid?: string; link?: string }[];
}

/**
 * The plan for `xml` (sanitised feed text) given the seen marks `known` recognises; undefined when
 * the scan cannot read the document exactly or no item is seen (the document is then parsed whole).
 */
export function planPrune(xml: string, feed: FeedConfig, known: (seenMark: string) => boolean): PrunePlan | undefined {
  const spans = scanItemSpans(xml);
  if (spans === undefined || spans.length === 0) return undefined;
  const drafts = spans.map((span) => draftEntry({ guid: span.guid, link: span.link }, feed, false).item);
  // Identity is settled on copies: the stubs join the parsed items to be settled again, together.
  const settled = identifyItems(drafts.map((draft) => ({ ...draft })));
  const seen = settled.map((item) => known(seenMarkKey(item)));
  if (!seen.includes(true)) return undefined;
  const parts: string[] = [];
  let last = 0;
  spans.forEach((span, i) => {
    if (!seen[i]) return;
    parts.push(xml.slice(last, span.start));
    last = span.end;
  });
  parts.push(xml.slice(last));
  const kept = drafts.flatMap((draft, i) => (seen[i] ? [] : [identity(draft)]));
  return { xml: parts.join(''), stubs: drafts.map((draft, i) => (seen[i] ? draft : undefined)), kept };
}

/** Whether the parser's drafts of the items kept (before identity is settled) read the identity the scan read. */
export function agrees(plan: PrunePlan, drafts: readonly NewsItem[]): boolean {
  return drafts.length === plan.kept.length && drafts.every((draft, i) => draft.guid === plan.kept[i]!.guid && draft.link === plan.kept[i]!.link);
}

/** The seen stubs and the parsed drafts, back in document order. */
export function merge(plan: PrunePlan, drafts: readonly NewsItem[]): NewsItem[] {
  let next = 0;
  return plan.stubs.map((stub) => stub ?? drafts[next++]!);
}

function identity(item: NewsItem): { guid?: string; link?: string } {
  return { ...(item.guid !== undefined ? { guid: item.guid } : {}), ...(item.link !== undefined ? { link: item.link } : {}) };
}
