/** Decoded feed text to raw entries with rss-parser, every failure a typed FeedError. */
import Parser from 'rss-parser';
import { FeedError, type FeedErrorKind } from '../core/errors.js';
import type { RawEntry } from '../core/item.js';
import { sanitizeXml, type SanitizeReport, UnsafeXmlError } from './sanitize.js';

/** Raw entries of a parsed feed and what was repaired on the way. */
export interface ParsedFeed {
  title?: string;
  entries: RawEntry[];
  report: SanitizeReport;
}

type AtomParser = { parseItemAtom(entry: Record<string, unknown>): Record<string, unknown> };

const CUSTOM_ITEM_FIELDS: [string, string, { keepArray: boolean }?][] = [
  ['category', 'rawCategories', { keepArray: true }],
  ['dc:subject', 'subjects', { keepArray: true }],
  ['source', 'sourceName'],
  ['description', 'description'],
];

/**
 * Parses feed text (RSS 0.9x/1.0/2.0 or Atom). Rejects with a FeedError of kind `empty` (blank
 * body), `not_a_feed` (an HTML page, JSON, or XML that is no feed), `entity_attack` (entity
 * declarations) or `invalid_xml`, carrying `status` (the HTTP status of the response) when given.
 * A feed with no entries is valid.
 */
export async function parseFeedText(
  feedId: string,
  text: string,
  contentType: string | undefined,
  status?: number,
): Promise<ParsedFeed> {
  const fail = (kind: FeedErrorKind, message: string, cause?: unknown): FeedError =>
    new FeedError(feedId, kind, message, { ...(cause === undefined ? {} : { cause }), ...(status === undefined ? {} : { status }) });
  const head = text.slice(0, 2048).replace(/^\uFEFF/, '').trimStart();
  if (head.length === 0) throw fail('empty', 'empty body');
  if (looksLikeHtml(head)) throw fail('not_a_feed', `an HTML page, not a feed (content-type ${contentType ?? 'none'})`);
  if (head.startsWith('{') || head.startsWith('[')) throw fail('not_a_feed', 'JSON, not an RSS or Atom feed');
  if (!head.startsWith('<')) throw fail('not_a_feed', 'the body is not XML');
  let sanitized: { xml: string; report: SanitizeReport };
  try {
    sanitized = sanitizeXml(text);
  } catch (error) {
    if (error instanceof UnsafeXmlError) throw fail('entity_attack', `refused: ${error.message}`, error);
    throw error;
  }
  const parser = createParser();
  try {
    const feed = await parser.parseString(flattenXhtml(sanitized.xml));
    const result: ParsedFeed = { entries: feed.items as RawEntry[], report: sanitized.report };
    if (typeof feed.title === 'string') result.title = feed.title;
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/not recognized as RSS/i.test(message)) {
      throw fail('not_a_feed', `XML but neither RSS nor Atom (${rootName(sanitized.xml)})`, error);
    }
    throw fail('invalid_xml', `invalid XML: ${firstLine(message)}`, error);
  }
}

function createParser(): Parser {
  const parser = new Parser({ defaultRSS: 2, customFields: { item: CUSTOM_ITEM_FIELDS as never } });
  // rss-parser throws on the whole feed when one Atom entry has an unparsable <published>/<updated>
  // (`new Date(x).toISOString()`); retry that entry without them and keep the raw text.
  const atom = parser as unknown as AtomParser;
  const original = atom.parseItemAtom.bind(parser);
  atom.parseItemAtom = (entry) => {
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

// Atom `type="xhtml"` content is markup inside the XML; xml2js would scramble its mixed content,
// so it is handed to rss-parser as one CDATA string instead.
const XHTML_CONTENT = /<(content|summary|title)(\s[^>]*\btype\s*=\s*["']xhtml["'][^>]*)>([\s\S]*?)<\/\1>/g;

function flattenXhtml(xml: string): string {
  if (!xml.includes('xhtml')) return xml;
  return xml.replace(XHTML_CONTENT, (whole, tag: string, attrs: string, inner: string) =>
    inner.includes(']]>') || inner.includes('<![CDATA[') ? whole : `<${tag}${attrs}><![CDATA[${inner}]]></${tag}>`);
}

function firstText(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return first;
  if (typeof first === 'object' && first !== null && '_' in first && typeof first._ === 'string') return first._;
  return undefined;
}

function looksLikeHtml(head: string): boolean {
  const afterProlog = head.replace(/^<\?xml[^>]*\?>\s*/i, '').replace(/^(?:<!--[\s\S]*?-->\s*)+/, '');
  return /^<!DOCTYPE\s+html/i.test(afterProlog) || /^<html[\s>]/i.test(afterProlog) || /^<(head|body)[\s>]/i.test(afterProlog);
}

function rootName(xml: string): string {
  const match = /<([A-Za-z_][\w:.-]*)[\s>/]/.exec(xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''));
  return match?.[1] !== undefined ? `root <${match[1]}>` : 'no root element';
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).slice(0, 200);
}
