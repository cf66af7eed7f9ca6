/**
 * Decoded feed text to raw entries, every failure a typed FeedError in Vigie's own words: the root
 * element decides whether the body is a feed (junk before it is skipped), the text is sanitised,
 * the XML read in chunks under a parse budget, and a document that breaks off yields the entries
 * complete before the damage (reported as `partial`).
 */
import { FeedError, type FeedErrorKind } from '../core/errors.js';
import type { RawEntry } from '../core/item.js';
import { BudgetExceeded, ParseBudget, tooSlowError } from './budget.js';
import { createRssParser, treeEntries } from './rss-entries.js';
import { sanitizeXml, type SanitizeReport, UnsafeXmlError } from './sanitize.js';
import { feedStart, rootElement } from './scan.js';
import { MalformedXml, readXml } from './xml-reader.js';

/** Raw entries of a parsed feed and what was repaired on the way. */
export interface ParsedFeed {
  title?: string;
  entries: RawEntry[];
  report: SanitizeReport;
  /** Set when the document broke off and only the entries before the damage were read: where and why. */
  partial?: string;
  /** Characters of junk skipped before the feed (a PHP notice, a stray line). */
  junkSkipped?: number;
}

/**
 * Parses feed text (RSS 0.9x/1.0/2.0 or Atom). Rejects with a FeedError of kind `empty` (blank
 * body), `not_a_feed` (an HTML page, JSON, or XML that is no feed), `entity_attack` (entity
 * declarations), `invalid_xml` (malformed with no complete entry before the damage) or `too_slow`
 * (over `budget`), carrying `status` (the HTTP status of the response) when given. A feed with no
 * entries is valid. `prune` may give a shorter document to parse instead (one without the items a
 * poll has seen).
 */
export async function parseFeedText(
  feedId: string,
  text: string,
  contentType: string | undefined,
  status?: number,
  budget: ParseBudget = new ParseBudget(Number.POSITIVE_INFINITY),
  prune?: (xml: string) => string | undefined,
): Promise<ParsedFeed> {
  const fail = (kind: FeedErrorKind, message: string, cause?: unknown): FeedError =>
    new FeedError(feedId, kind, message, { ...(cause === undefined ? {} : { cause }), ...(status === undefined ? {} : { status }) });
  const start = budget.run(() => findFeed(text, contentType, fail));
  let sanitized: { xml: string; report: SanitizeReport };
  try {
    sanitized = budget.run(() => sanitizeXml(start > 0 ? text.slice(start) : text));
    budget.check();
  } catch (error) {
    if (error instanceof UnsafeXmlError) throw fail('entity_attack', `refused: ${error.message}`, error);
    throw translate(error, feedId, status, fail);
  }
  const parser = createRssParser();
  try {
    const xml = budget.run(() => {
      const flat = flattenXhtml(sanitized.xml);
      return prune?.(flat) ?? flat;
    });
    const tree = await readXml(parser.xmlParser, xml, budget);
    const found = await treeEntries(parser, tree.root, budget);
    if (found === undefined) throw fail('not_a_feed', `XML but neither RSS nor Atom (${rootName(sanitized.xml)})`);
    if (tree.damage !== undefined && found.entries.length === 0) throw new MalformedXml(tree.damage);
    if (found.entries.length === 0 && found.skipped > 0) throw fail('invalid_xml', `none of its ${found.skipped} entries could be read`);
    const result: ParsedFeed = { entries: found.entries, report: sanitized.report };
    if (found.title !== undefined) result.title = found.title;
    if (start > 0) result.junkSkipped = start;
    if (tree.damage !== undefined) {
      const { line, column, reason } = tree.damage;
      result.partial = `cut at line ${line}, column ${column} (${reason}): ${found.entries.length} entries read before it`;
    } else if (found.skipped > 0) {
      result.partial = `${found.skipped} unreadable entries skipped, ${found.entries.length} read`;
    }
    return result;
  } catch (error) {
    throw translate(error, feedId, status, fail);
  }
}

type Fail = (kind: FeedErrorKind, message: string, cause?: unknown) => FeedError;

/** Index where the feed starts in `text` (after junk); throws the reason when the body is no feed. */
function findFeed(text: string, contentType: string | undefined, fail: Fail): number {
  const head = text.slice(0, 2048).replace(/^\uFEFF/, '').trimStart();
  if (head.length === 0) throw fail('empty', 'the body is empty');
  if (head.startsWith('{') || head.startsWith('[')) throw fail('not_a_feed', 'the body is JSON, not an RSS or Atom feed');
  const start = feedStart(text);
  if (start !== undefined) return start;
  const root = rootElement(text);
  const name = root?.name.toLowerCase();
  if (name === 'html' || name === 'head' || name === 'body') {
    throw fail('not_a_feed', `an HTML page, not a feed (content-type ${contentType ?? 'none'})`);
  }
  if (root !== undefined) throw fail('not_a_feed', `XML but neither RSS nor Atom (root <${root.name}>)`);
  if (head.startsWith('<')) throw fail('not_a_feed', 'XML with no RSS or Atom root element');
  throw fail('not_a_feed', `the body is not XML (it starts with ${JSON.stringify(head.slice(0, 40))})`);
}

function translate(error: unknown, feedId: string, status: number | undefined, fail: Fail): FeedError {
  if (error instanceof FeedError) return error;
  if (error instanceof BudgetExceeded) return tooSlowError(feedId, error, status);
  if (error instanceof MalformedXml) return fail('invalid_xml', `${error.message}, and no complete entry before it`, error);
  const message = error instanceof Error ? error.message : String(error);
  return fail('invalid_xml', `the feed could not be read (${message.split('\n')[0]?.slice(0, 160) ?? 'unknown error'})`, error);
}

// Atom `type="xhtml"` content is markup inside the XML; xml2js would scramble its mixed content,
// so it is handed to rss-parser as one CDATA string instead.
const XHTML_TAGS = ['content', 'summary', 'title'];
const XHTML_TYPE = /\btype\s*=\s*["']xhtml["']/;

/** Wraps the inside of every `type="xhtml"` content, summary or title in CDATA, in one forward scan. */
export function flattenXhtml(xml: string): string {
  if (!xml.includes('xhtml')) return xml;
  const out: string[] = [];
  let last = 0;
  let i = 0;
  while (i < xml.length) {
    const open = xml.indexOf('<', i);
    if (open < 0) break;
    const tag = XHTML_TAGS.find((name) => xml.startsWith(name, open + 1) && /[\s>/]/.test(xml.charAt(open + 1 + name.length)));
    if (tag === undefined) {
      i = open + 1;
      continue;
    }
    const gt = xml.indexOf('>', open);
    if (gt < 0) break;
    const attrs = xml.slice(open + 1 + tag.length, gt);
    const closing = `</${tag}>`;
    const end = attrs.endsWith('/') || !XHTML_TYPE.test(attrs) ? -2 : xml.indexOf(closing, gt + 1);
    if (end === -1) break;
    if (end >= 0) {
      const inner = xml.slice(gt + 1, end);
      if (!inner.includes(']]>') && !inner.includes('<![CDATA[')) {
        out.push(xml.slice(last, gt + 1), '<![CDATA[', inner, ']]>');
        last = end;
      }
      i = end + closing.length;
    } else {
      i = gt + 1;
    }
  }
  if (last === 0) return xml;
  out.push(xml.slice(last));
  return out.join('');
}

function rootName(xml: string): string {
  const root = rootElement(xml);
  return root !== undefined ? `root <${root.name}>` : 'no root element';
}
