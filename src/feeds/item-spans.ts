/**
 * A forward scan of an RSS document's items and their raw identity (`<guid>`, `<link>`), without
 * building anything: what a poll needs to recognise items it has seen before parsing them. It
 * answers only for plain, well-formed documents and gives up (undefined) on anything else, which
 * is then parsed whole: Atom, a DOCTYPE, unbalanced or damaged markup, items outside `<channel>`
 * and inside it at once, an item without guid and link, a guid or link holding markup or an
 * entity the XML parser would not read the same way.
 */

/** One item of the document: where its markup is and the text of its guid and link. */
export interface ItemSpan {
  /** Index of the item's `<` and just past its end tag. */
  start: number;
  end: number;
  /** Text of its `<guid>` and `<link>` children, as the XML parser gives them (entities decoded, CDATA joined). */
  guid?: string;
  link?: string;
}

/** Deeper than this, the document is left to the parser. */
const MAX_DEPTH = 64;
const ROOTS = new Set(['rss', 'rdf:RDF']);
const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The state of one scan: open elements and the item being read. */
interface Scan {
  open: string[];
  spans: ItemSpan[];
  /** The item being read: its start, its depth (elements open above it) and its guid and link text parts. */
  item?: { start: number; depth: number; guid?: string[]; link?: string[]; guids: number; links: number };
  /** The guid or link child being read (its text parts), while its element is open. */
  field?: string[];
  channels: number;
  root: 'before' | 'open' | 'closed';
  /** Where items were found: under <channel> (1), under the root (2). */
  places: number;
}

/**
 * The items of an RSS 0.9x/1.0/2.0 document in document order, or undefined when the document is
 * not one this scan reads exactly as the XML parser does (the caller then parses it whole). Linear
 * in the text: one `indexOf` per markup boundary, characters visited only inside tags.
 */
export function scanItemSpans(xml: string): ItemSpan[] | undefined {
  const scan: Scan = { open: [], spans: [], channels: 0, places: 0, root: 'before' };
  let i = 0;
  for (;;) {
    const lt = xml.indexOf('<', i);
    const end = lt < 0 ? xml.length : lt;
    if (!textIsPlain(xml, i, end, scan)) return undefined;
    if (lt < 0) break;
    if (scan.root === 'closed' && !xml.startsWith('<!--', lt) && !xml.startsWith('<?', lt)) return undefined;
    const next = step(xml, lt, scan);
    if (next < 0) return undefined;
    i = next;
    if (scan.root === 'open' && scan.open.length === 0) scan.root = 'closed';
  }
  if (scan.root !== 'closed' || scan.places === 3) return undefined;
  for (const span of scan.spans) if (span.guid === undefined && span.link === undefined) return undefined;
  return scan.spans;
}

/**
 * Whether the text between two pieces of markup reads as the parser reads it: blank outside the
 * root, and every `&` a known entity inside it. The text of a guid or link is kept.
 */
function textIsPlain(xml: string, from: number, to: number, scan: Scan): boolean {
  if (from >= to) return true;
  if (scan.open.length === 0) return isBlankRun(xml, from, to);
  const amp = xml.indexOf('&', from);
  if (scan.field === undefined) return amp < 0 || amp >= to || decodeEntities(xml.slice(from, to)) !== null;
  scan.field.push(xml.slice(from, to));
  return true;
}

/** Reads the markup at `lt`; returns the index after it, or -1 when the scan must give up. */
function step(xml: string, lt: number, scan: Scan): number {
  if (xml.startsWith('<!--', lt)) return after(xml, '-->', lt + 4);
  if (xml.startsWith('<![CDATA[', lt)) {
    const end = xml.indexOf(']]>', lt + 9);
    if (end < 0 || scan.open.length === 0) return -1;
    scan.field?.push(xml.slice(lt + 9, end));
    return end + 3;
  }
  if (xml.startsWith('<?', lt)) return scan.field === undefined ? after(xml, '?>', lt + 2) : -1;
  if (xml.charCodeAt(lt + 1) === 0x2f) return closeTag(xml, lt, scan);
  if (xml.charCodeAt(lt + 1) === 0x21) return -1;
  return openTag(xml, lt, scan);
}

function openTag(xml: string, lt: number, scan: Scan): number {
  const nameEnd = nameEndAt(xml, lt + 1);
  if (nameEnd === lt + 1 || scan.field !== undefined) return -1;
  const name = xml.slice(lt + 1, nameEnd);
  const gt = tagEnd(xml, nameEnd);
  if (gt < 0) return -1;
  const selfClosing = xml.charCodeAt(gt - 1) === 0x2f;
  const { open } = scan;
  if (open.length === 0) {
    if (!ROOTS.has(name) || scan.root !== 'before' || selfClosing) return -1;
    scan.root = 'open';
  }
  if (open.length >= MAX_DEPTH) return -1;
  if (name === 'channel' && open.length === 1) scan.channels += 1;
  if (name === 'item' && scan.item === undefined) {
    const place = itemPlace(open, scan.channels);
    if (place === 0 || selfClosing) return -1;
    scan.places |= place;
    scan.item = { start: lt, depth: open.length, guids: 0, links: 0 };
  } else if (scan.item !== undefined && open.length === scan.item.depth + 1 && (name === 'guid' || name === 'link')) {
    const item = scan.item;
    const count = name === 'guid' ? (item.guids += 1) : (item.links += 1);
    // The parser takes the first of several; a second one is unusual enough to leave the feed to it.
    if (count > 1) return -1;
    const parts: string[] = [];
    if (name === 'guid') item.guid = parts;
    else item.link = parts;
    if (!selfClosing) scan.field = parts;
  }
  if (!selfClosing) open.push(name);
  return gt + 1;
}

function closeTag(xml: string, lt: number, scan: Scan): number {
  const nameEnd = nameEndAt(xml, lt + 2);
  const name = xml.slice(lt + 2, nameEnd);
  let gt = nameEnd;
  while (isBlank(xml.charCodeAt(gt))) gt += 1;
  if (xml.charCodeAt(gt) !== 0x3e || scan.open.pop() !== name) return -1;
  scan.field = undefined;
  const item = scan.item;
  if (item !== undefined && scan.open.length === item.depth && name === 'item') {
    const span: ItemSpan = { start: item.start, end: gt + 1 };
    const guid = item.guid === undefined ? undefined : fieldText(item.guid);
    const link = item.link === undefined ? undefined : fieldText(item.link);
    if (guid === null || link === null) return -1;
    if (guid !== undefined) span.guid = guid;
    if (link !== undefined) span.link = link;
    scan.spans.push(span);
    scan.item = undefined;
  }
  return gt + 1;
}

/** 1 for an item in the document's first `<channel>`, 2 for one under the root, 0 elsewhere. */
function itemPlace(open: string[], channels: number): number {
  if (open.length === 1) return 2;
  if (open.length === 2 && open[1] === 'channel' && channels === 1) return 1;
  return 0;
}

/** The trimmed text as the parser gives it; undefined when blank, null when an entity is not one it reads so. */
function fieldText(parts: string[]): string | undefined | null {
  let text = '';
  for (const part of parts) {
    const decoded = part.includes('&') ? decodeEntities(part) : part;
    if (decoded === null) return null;
    text += decoded;
  }
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Decodes the five XML entities and character references; null for anything else. */
function decodeEntities(text: string): string | null {
  let out = '';
  let i = 0;
  for (;;) {
    const amp = text.indexOf('&', i);
    if (amp < 0) return out + text.slice(i);
    const semi = text.indexOf(';', amp + 1);
    if (semi < 0 || semi - amp > 10) return null;
    const name = text.slice(amp + 1, semi);
    let value: string | undefined = XML_ENTITIES[name];
    if (value === undefined && /^#(\d{1,7}|x[0-9a-fA-F]{1,6})$/.test(name)) {
      const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      // Control characters, surrogates and non-characters are left to the parser's own judgement.
      if (code >= 0x20 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) && code !== 0xfffe && code !== 0xffff) value = String.fromCodePoint(code);
    }
    if (value === undefined) return null;
    out += text.slice(i, amp) + value;
    i = semi + 1;
  }
}

/**
 * Index of the `>` ending a start tag whose name ends at `from`, or -1 when its attributes are not
 * well-formed (each one blank-separated `name="value"` or `name='value'`, no `<` and only known
 * entities in the value).
 */
function tagEnd(xml: string, from: number): number {
  let i = from;
  for (;;) {
    const blanks = i;
    while (isBlank(xml.charCodeAt(i))) i += 1;
    const c = xml.charCodeAt(i);
    if (c === 0x3e) return i;
    if (c === 0x2f) return xml.charCodeAt(i + 1) === 0x3e ? i + 1 : -1;
    const nameEnd = nameEndAt(xml, i);
    if (i === blanks || nameEnd === i) return -1;
    i = nameEnd;
    while (isBlank(xml.charCodeAt(i))) i += 1;
    if (xml.charCodeAt(i) !== 0x3d) return -1;
    i += 1;
    while (isBlank(xml.charCodeAt(i))) i += 1;
    const quote = xml.charCodeAt(i);
    if (quote !== 0x22 && quote !== 0x27) return -1;
    const close = xml.indexOf(quote === 0x22 ? '"' : "'", i + 1);
    if (close < 0) return -1;
    const value = xml.slice(i + 1, close);
    if (value.includes('<') || (value.includes('&') && decodeEntities(value) === null)) return -1;
    i = close + 1;
  }
}

/** End of the XML name starting at `from` (`from` itself when none starts there), at most 200 characters. */
function nameEndAt(xml: string, from: number): number {
  const first = xml.charCodeAt(from);
  if (!isNameChar(first) || (first >= 0x30 && first <= 0x39) || first === 0x2d || first === 0x2e) return from;
  let i = from;
  while (i - from < 200 && isNameChar(xml.charCodeAt(i))) i += 1;
  return i;
}

function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)
    || c === 0x3a || c === 0x5f || c === 0x2d || c === 0x2e || c > 0x7f;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isBlankRun(xml: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) if (!isBlank(xml.charCodeAt(i)) && xml.charCodeAt(i) !== 0xfeff) return false;
  return true;
}

function after(xml: string, close: string, from: number): number {
  const at = xml.indexOf(close, from);
  return at < 0 ? -1 : at + close.length;
}
