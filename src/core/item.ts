/** Normalises raw feed entries (rss-parser's item shape) into NewsItems. Pure: no I/O, no clock. */
import type { FeedConfig } from './feed-types.js';
import { fnv1a64 } from './hash.js';
import { htmlToLine, htmlToText } from './html.js';
import type { NewsItem } from './types.js';
import { canonicalUrl, isGoogleNewsUrl, stripPublisherSuffix } from './url.js';

/**
 * One entry as rss-parser returns it (RSS 0.9/1/2 and Atom), narrowed to the fields Vigie reads.
 * Values are left `unknown`: xml2js yields objects for elements with attributes and no text.
 */
export interface RawEntry {
  title?: unknown;
  link?: unknown;
  /** RSS `<guid>`. */
  guid?: unknown;
  /** Atom `<id>`. */
  id?: unknown;
  isoDate?: unknown;
  pubDate?: unknown;
  /** `dc:date` (RDF feeds). */
  date?: unknown;
  'content:encoded'?: unknown;
  /** RSS description or Atom content (HTML). */
  content?: unknown;
  contentSnippet?: unknown;
  summary?: unknown;
  description?: unknown;
  categories?: unknown;
  /** Raw `<category>` elements, kept as an array (Atom `term` attributes). */
  rawCategories?: unknown;
  /** `dc:subject` elements. */
  subjects?: unknown;
  /** Google News `<source url="…">Publisher</source>`. */
  sourceName?: unknown;
}

/** Longest summary kept (characters), cut at a word boundary. */
export const MAX_SUMMARY_CHARS = 5000;
const MAX_TITLE_CHARS = 300;
const SUMMARY_FIELDS = ['content:encoded', 'content', 'description', 'summary', 'contentSnippet'] as const;

/**
 * Turns one raw entry into a NewsItem: plain-text title and summary (richest of the content
 * fields), canonical link, parsed date, categories, source name (the publisher for Google News)
 * and a stable id (canonical link, else guid, else `urn:vigie:<hash of feed, title, date>`).
 */
export function normaliseEntry(entry: RawEntry, feed: FeedConfig): NewsItem {
  return draftEntry(entry, feed, true).item;
}

/**
 * `normaliseEntry`, leaving the summary out when `withSummary` is false and the title does not
 * come from it (`pending` then says so; `entrySummary` gives it later): the costliest part of
 * normalising, needless for an item already seen.
 */
export function draftEntry(entry: RawEntry, feed: FeedConfig, withSummary: boolean): { item: NewsItem; pending: boolean } {
  const guid = text(entry.guid) ?? text(entry.id);
  const rawLink = text(entry.link) ?? (guid !== undefined && /^https?:\/\//i.test(guid) ? guid : undefined);
  const link = rawLink === undefined ? undefined : canonicalUrl(rawLink, feed.url);
  let title = truncate(htmlToLine(text(entry.title) ?? ''), MAX_TITLE_CHARS);
  let source = feed.name;
  // Google News descriptions hold only the cluster's headlines (aggregator HTML), never a lead.
  const googleNews = isGoogleNewsUrl(feed.url) || (rawLink !== undefined && isGoogleNewsUrl(rawLink));
  if (googleNews) {
    const split = stripPublisherSuffix(title, text(entry.sourceName));
    title = split.title;
    if (split.publisher) source = split.publisher;
  }
  const pending = !withSummary && title !== '';
  let summary = pending ? '' : summaryOf(entry, googleNews, title);
  if (title === '') title = truncate(summary.split('\n')[0] ?? '', 120);
  const rawDate = text(entry.isoDate) ?? text(entry.pubDate) ?? text(entry.date);
  const publishedAt = parseDate(text(entry.isoDate)) ?? parseDate(text(entry.pubDate)) ?? parseDate(text(entry.date));
  const id = link ?? guid ?? `urn:vigie:${fnv1a64(`${feed.id}\n${title}\n${rawDate ?? ''}`)}`;
  const ownLink = link === undefined ? undefined : own(link);
  const item: NewsItem = {
    id: id === link ? (ownLink as string) : own(id), feedId: feed.id, source: own(source), title: own(title), summary: own(summary),
    categories: categoriesOf(entry).map(own),
  };
  if (ownLink !== undefined) item.link = ownLink;
  if (guid !== undefined) item.guid = own(guid);
  if (publishedAt !== undefined) item.publishedAt = publishedAt;
  return { item, pending };
}

/**
 * Settles the identity of a feed's items: an item is identified by its guid when it has one, by
 * its link otherwise. A guid given to items with different links identifies nothing and is
 * dropped; items sharing one link under different guids (a podcast's home page, a live page) each
 * get an id of their own (`urn:vigie:` hash of feed and guid). Other items keep their link as id,
 * so the dedup keys of feeds read before stay the same. Mutates and returns `items`.
 */
export function identifyItems(items: NewsItem[]): NewsItem[] {
  const linksOfGuid = groupBy(items, (item) => item.guid, (item) => item.link);
  for (const item of items) {
    if (item.guid !== undefined && (linksOfGuid.get(item.guid)?.size ?? 0) > 1) delete item.guid;
  }
  const guidsOfLink = groupBy(items, (item) => item.link, (item) => item.guid);
  for (const item of items) {
    if (item.link === undefined || item.guid === undefined || (guidsOfLink.get(item.link)?.size ?? 0) < 2) continue;
    item.id = `urn:vigie:${fnv1a64(`${item.feedId}\nguid\n${item.guid}`)}`;
    item.sharedLink = true;
  }
  return items;
}

/** For each key, the distinct values of items having both. */
function groupBy(items: NewsItem[], keyOf: (item: NewsItem) => string | undefined, valueOf: (item: NewsItem) => string | undefined): Map<string, Set<string>> {
  const groups = new Map<string, Set<string>>();
  for (const item of items) {
    const key = keyOf(item);
    const value = valueOf(item);
    if (key === undefined || value === undefined) continue;
    const set = groups.get(key) ?? new Set<string>();
    set.add(value);
    groups.set(key, set);
  }
  return groups;
}

/**
 * The summary `normaliseEntry` gives `item` (a pending draft of `entry`): the richest content
 * field as plain text, empty for Google News and when it only repeats the title.
 */
export function entrySummary(entry: RawEntry, feed: FeedConfig, item: NewsItem): string {
  const guid = text(entry.guid) ?? text(entry.id);
  const rawLink = text(entry.link) ?? (guid !== undefined && /^https?:\/\//i.test(guid) ? guid : undefined);
  const googleNews = isGoogleNewsUrl(feed.url) || (rawLink !== undefined && isGoogleNewsUrl(rawLink));
  return own(summaryOf(entry, googleNews, item.title));
}

function summaryOf(entry: RawEntry, googleNews: boolean, title: string): string {
  const summary = googleNews ? '' : richestSummary(entry);
  return sameText(summary, title) ? '' : summary;
}

function richestSummary(entry: RawEntry): string {
  let best = '';
  const converted: string[] = [];
  for (const field of SUMMARY_FIELDS) {
    const value = text(entry[field]);
    // rss-parser often gives one HTML string under two names (content and description): once is enough.
    if (value === undefined || value.length <= best.length || converted.includes(value)) continue;
    converted.push(value);
    const plain = htmlToText(value);
    if (plain.length > best.length) best = plain;
  }
  return truncate(best, MAX_SUMMARY_CHARS);
}

/**
 * A copy of `value` that shares no memory with the feed text it was cut from: V8 keeps the whole
 * parent string (a feed's entire XML) alive for as long as any slice of it lives.
 */
function own(value: string): string {
  return value.length === 0 ? value : (` ${value}`).slice(1);
}

/** Cuts text to at most `max` characters at a word boundary, marking the cut with "…". */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Epoch ms of an RSS/Atom date, or undefined when unparsable; French day and month names are accepted. */
export function parseDate(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const direct = Date.parse(value);
  if (!Number.isNaN(direct)) return direct;
  const translated = translateFrenchDate(value);
  if (translated === undefined) return undefined;
  const parsed = Date.parse(translated);
  return Number.isNaN(parsed) ? undefined : parsed;
}

const FRENCH_MONTHS: [RegExp, string][] = [
  [/^janv(ier)?\.?$/, 'Jan'], [/^f[ée]vr?(ier)?\.?$/, 'Feb'], [/^mars$/, 'Mar'], [/^avr(il)?\.?$/, 'Apr'],
  [/^mai$/, 'May'], [/^juin$/, 'Jun'], [/^juil(let)?\.?$/, 'Jul'], [/^ao[uû]t?\.?$/, 'Aug'],
  [/^sept?(embre)?\.?$/, 'Sep'], [/^oct(obre)?\.?$/, 'Oct'], [/^nov(embre)?\.?$/, 'Nov'], [/^d[ée]c(embre)?\.?$/, 'Dec'],
];
const FRENCH_DAYS = /^(lun|mar|mer|jeu|ven|sam|dim)[a-z]*\.?,?$/;

function translateFrenchDate(value: string): string | undefined {
  let changed = false;
  const tokens = value.trim().toLowerCase().split(/\s+/).flatMap((token) => {
    const month = FRENCH_MONTHS.find(([pattern]) => pattern.test(token));
    if (month) {
      changed = true;
      return [month[1]];
    }
    if (FRENCH_DAYS.test(token)) {
      changed = true;
      return [];
    }
    return [token.replace(/^(\d{1,2})h(\d{2})$/, '$1:$2')];
  });
  return changed ? tokens.filter((t) => t !== 'à').join(' ') : undefined;
}

function categoriesOf(entry: RawEntry): string[] {
  const out = new Set<string>();
  for (const list of [entry.categories, entry.rawCategories, entry.subjects]) {
    if (!Array.isArray(list)) continue;
    for (const value of list) {
      const name = text(value) ?? attribute(value, 'term');
      const clean = name === undefined ? '' : htmlToLine(name);
      if (clean !== '' && clean.length <= 100) out.add(clean);
    }
  }
  return [...out];
}

/** The text of an xml2js value: a string, or an element object's `_` text. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'object' && value !== null && '_' in value) return text((value as { _: unknown })._);
  return undefined;
}

function attribute(value: unknown, name: string): string | undefined {
  if (typeof value !== 'object' || value === null || !('$' in value)) return undefined;
  const attrs = (value as { $: unknown }).$;
  return typeof attrs === 'object' && attrs !== null ? text((attrs as Record<string, unknown>)[name]) : undefined;
}

function sameText(a: string, b: string): boolean {
  if (a === '') return false;
  // norm(b) keeps at most b.length characters and norm(a) keeps every ASCII letter and digit of a:
  // a summary with more of those than the title has characters cannot be the title (the usual case).
  if (countAsciiAlnum(a, b.length + 1) > b.length) return false;
  return norm(a) === norm(b);
}

/** ASCII letters and digits in `text`, counted up to `limit`. */
function countAsciiAlnum(text: string, limit: number): number {
  let count = 0;
  for (let i = 0; i < text.length && count < limit; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) count += 1;
  }
  return count;
}

function norm(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}
