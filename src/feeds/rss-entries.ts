/**
 * xml2js's object tree of a feed to raw entries, with rss-parser's own field mapping, one entry at
 * a time under the parse budget. An entry rss-parser cannot map is skipped, not the whole feed.
 */
import { createRequire } from 'node:module';
import Parser from 'rss-parser';
import { decodeHTML } from 'entities';
import type { RawEntry } from '../core/item.js';
import type { ParseBudget } from './budget.js';
import type { Xml2jsParser } from './xml-reader.js';

type Tree = Record<string, unknown>;
type Field = string | [string, string, { keepArray: boolean }?];

/** The parts of rss-parser used here: its xml2js parser and its per-format builders. */
interface RssInternals {
  xmlParser: Xml2jsParser;
  buildAtomFeed(root: Tree): { title?: unknown };
  buildRSS(channel: Tree, items: unknown[]): { title?: unknown };
  parseItemAtom(entry: Tree): RawEntry;
  parseItemRss(item: Tree, fields: Field[]): RawEntry;
}

/** Entries of a feed tree, the feed's title, and how many entries could not be mapped. */
export interface TreeEntries {
  title?: string;
  entries: RawEntry[];
  skipped: number;
}

const require = createRequire(import.meta.url);
const rssFields = require('rss-parser/lib/fields.js') as { item: Field[] };
const rssUtils = require('rss-parser/lib/utils.js') as { getSnippet: (html: string) => string };
// rss-parser strips tags for `contentSnippet` with `/<(?:.|\n)*?>/`, quadratic on text full of "<"
// without ">": its helper is replaced, once for the process, by a linear one.
rssUtils.getSnippet = (html) => decodeHTML(stripTags(html)).trim();

const CUSTOM_ITEM_FIELDS: Field[] = [
  ['category', 'rawCategories', { keepArray: true }],
  ['dc:subject', 'subjects', { keepArray: true }],
  ['source', 'sourceName'],
  ['description', 'description'],
];
const ITEM_FIELDS = [...rssFields.item, ...CUSTOM_ITEM_FIELDS];

/** A configured rss-parser with the per-entry date fallback (see below). */
export function createRssParser(): Parser & RssInternals {
  const parser = new Parser({ defaultRSS: 2, customFields: { item: CUSTOM_ITEM_FIELDS as never } }) as Parser & RssInternals;
  // rss-parser throws on an Atom entry with an unparsable <published>/<updated>
  // (`new Date(x).toISOString()`); retry that entry without them and keep the raw text.
  const original = parser.parseItemAtom.bind(parser);
  parser.parseItemAtom = (entry) => {
    try {
      return original(entry);
    } catch {
      const { published, updated, ...rest } = entry;
      const item = original(rest);
      const raw = firstText(published) ?? firstText(updated);
      if (raw !== undefined) item.pubDate = raw;
      return item;
    }
  };
  return parser;
}

/**
 * The entries of an RSS 0.9x/2.0 (`<channel>` or not), RSS 1.0 or Atom tree; undefined when the
 * root is none of these.
 */
export async function treeEntries(parser: RssInternals, root: Tree, budget: ParseBudget): Promise<TreeEntries | undefined> {
  if ('feed' in root) {
    const atom = objectOf(root.feed) ?? {};
    const { entry, ...head } = atom;
    const title = budget.run(() => titleOf(() => parser.buildAtomFeed({ feed: head })));
    return mapEach(listOf(entry), (e) => parser.parseItemAtom(e), title, budget);
  }
  const rssRoot = 'rss' in root ? root.rss : root['rdf:RDF'];
  if (rssRoot === undefined) return undefined;
  // An empty <rss></rss> is a string for xml2js: a feed with no items.
  const rss = objectOf(rssRoot) ?? {};
  const channel = objectOf(listOf(rss.channel)[0]) ?? {};
  // Items may sit in <channel> (RSS 2.0), beside it (RSS 1.0, some 0.91) or in an <rss> without channel.
  const items = [...listOf(channel.item), ...listOf(rss.item)];
  const { item: _items, ...channelHead } = channel;
  const title = budget.run(() => titleOf(() => parser.buildRSS(channelHead, [])));
  return mapEach(items, (i) => parser.parseItemRss(i, ITEM_FIELDS), title, budget);
}

/** The feed's title from rss-parser's channel mapping; a channel it cannot map only loses its title. */
function titleOf(build: () => { title?: unknown }): unknown {
  try {
    return build().title;
  } catch {
    return undefined;
  }
}

async function mapEach(
  list: unknown[],
  map: (entry: Tree) => RawEntry,
  title: unknown,
  budget: ParseBudget,
): Promise<TreeEntries> {
  const result: TreeEntries = { entries: [], skipped: 0 };
  const name = firstText(title);
  if (name !== undefined) result.title = name;
  for (const value of list) {
    const entry = objectOf(value);
    const mapped = entry === undefined ? undefined : budget.run(() => mapOrPlain(entry, map));
    if (mapped === undefined) result.skipped += 1;
    else result.entries.push(mapped);
    await budget.pause();
  }
  return result;
}

// Fields holding markup that rss-parser rebuilds into an HTML string (recursively: deep nesting overflows).
const MARKUP_FIELDS = ['description', 'content', 'content:encoded', 'summary'];

/** The mapped entry; when rss-parser fails on its markup, the entry without its markup fields; else undefined. */
function mapOrPlain(entry: Tree, map: (entry: Tree) => RawEntry): RawEntry | undefined {
  try {
    return map(entry);
  } catch {
    const plain = Object.fromEntries(Object.entries(entry).filter(([key]) => !MARKUP_FIELDS.includes(key)));
    try {
      return map(plain);
    } catch {
      return undefined;
    }
  }
}

function objectOf(value: unknown): Tree | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Tree) : undefined;
}

function listOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function firstText(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first;
  if (typeof first === 'object' && first !== null && '_' in first && typeof first._ === 'string') return first._;
  return undefined;
}

/** The text of an HTML fragment without its tags, in one forward scan. */
export function stripTags(html: string): string {
  const out: string[] = [];
  let i = 0;
  while (i < html.length) {
    const open = html.indexOf('<', i);
    if (open < 0) break;
    const close = html.indexOf('>', open + 1);
    if (close < 0) break;
    out.push(html.slice(i, open));
    i = close + 1;
  }
  out.push(html.slice(i));
  return out.join('');
}
