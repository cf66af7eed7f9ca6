/**
 * The text of plain feed markup (paragraphs, line breaks, links, emphasis, lists, headings) read
 * in one forward scan, exactly as htmlparser2 reads it for `htmlToText`: the same text pieces and
 * the same element events (implied ends included), so the same string before whitespace is
 * collapsed. Anything else (an entity, a comment, CDATA, another element, a tag left open at the
 * end, a "<" that opens no tag) is left to htmlparser2. Pure: no I/O.
 */

/** The elements read here; every other element sends the fragment to htmlparser2. */
const ELEMENTS = new Set([
  'p', 'br', 'div', 'span', 'a', 'strong', 'b', 'em', 'i', 'u', 's', 'small', 'sup', 'sub', 'img', 'hr',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'figure', 'cite', 'q', 'abbr', 'mark',
  'code', 'time', 'article', 'section', 'header', 'footer', 'main', 'aside', 'nav',
]);
/** htmlparser2's void elements among them: never open, an end tag of theirs is ignored (but `</br>`). */
const VOID = new Set(['br', 'hr', 'img']);
const P_ONLY = new Set(['p']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p']);
/** htmlparser2's `openImpliesClose` for these elements: opening the key ends open elements of its set. */
const IMPLIES_END = new Map<string, Set<string>>([
  ['a', new Set(['a'])], ['li', new Set(['li'])], ['p', P_ONLY],
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((h) => [h, HEADINGS] as [string, Set<string>]),
  ...['article', 'aside', 'blockquote', 'div', 'figure', 'footer', 'header', 'hr', 'main', 'nav', 'ol', 'section', 'ul']
    .map((name) => [name, P_ONLY] as [string, Set<string>]),
]);

/** What an element's start and end add to the text: a line break, a space, or nothing. */
export type Boundary = (name: string) => string;

/**
 * The text of `html` with `boundary(name)` at each element start and end, as htmlparser2 (with
 * entity decoding and lower-cased names) reports them to `htmlToText`; undefined when the
 * fragment is not plain markup of the elements above (htmlparser2 must read it).
 */
export function simpleMarkupText(html: string, boundary: Boundary): string | undefined {
  if (html.includes('&')) return undefined;
  const open: string[] = [];
  let out = '';
  let at = 0;
  for (;;) {
    const lt = html.indexOf('<', at);
    if (lt < 0) break;
    if (lt > at) out += html.slice(at, lt);
    const closing = html.charCodeAt(lt + 1) === 47; // "/"
    const nameStart = closing ? lt + 2 : lt + 1;
    if (!isAsciiAlpha(html.charCodeAt(nameStart))) return undefined;
    let nameEnd = nameStart + 1;
    while (nameEnd < html.length && !endsTagName(html.charCodeAt(nameEnd))) nameEnd += 1;
    const name = html.slice(nameStart, nameEnd).toLowerCase();
    if (!ELEMENTS.has(name)) return undefined;
    if (closing) {
      const gt = html.indexOf('>', nameEnd);
      if (gt < 0) return undefined;
      out += endTag(name, open, boundary);
      at = gt + 1;
    } else {
      const gt = openTagEnd(html, nameEnd);
      if (gt < 0) return undefined;
      out += startTag(name, open, boundary);
      at = gt + 1;
    }
  }
  if (at < html.length) out += html.slice(at);
  // The elements still open end with the fragment, innermost first.
  for (let i = open.length - 1; i >= 0; i--) out += boundary(open[i]!);
  return out;
}

/** The events of a start tag: the ends it implies, its start, and at once its end when void. */
function startTag(name: string, open: string[], boundary: Boundary): string {
  let out = '';
  const ends = IMPLIES_END.get(name);
  if (ends !== undefined) {
    while (open.length > 0 && ends.has(open[open.length - 1]!)) out += boundary(open.pop()!);
  }
  out += boundary(name);
  if (VOID.has(name)) out += boundary(name);
  else open.push(name);
  return out;
}

/** The events of an end tag: the elements it closes (innermost first), or htmlparser2's repairs. */
function endTag(name: string, open: string[], boundary: Boundary): string {
  if (VOID.has(name)) return name === 'br' ? boundary('br') + boundary('br') : '';
  const index = open.lastIndexOf(name);
  if (index < 0) return name === 'p' ? boundary('p') + boundary('p') : '';
  let out = '';
  while (open.length > index) out += boundary(open.pop()!);
  return out;
}

/**
 * Index of the ">" ending a start tag whose name ends at `from`, read through its attributes as
 * htmlparser2's tokenizer does (quoted values may hold ">"); -1 when the fragment ends first.
 */
function openTagEnd(html: string, from: number): number {
  let i = from;
  while (i < html.length) {
    const c = html.charCodeAt(i);
    if (c === 62) return i; // ">"
    if (c === 47 || isSpace(c)) { // "/" (not a self-closing mark in HTML) or a space
      i += 1;
      continue;
    }
    // An attribute name: up to "=", a space, "/" or ">".
    while (i < html.length && html.charCodeAt(i) !== 61 && !endsTagName(html.charCodeAt(i))) i += 1;
    while (i < html.length && isSpace(html.charCodeAt(i))) i += 1;
    if (html.charCodeAt(i) !== 61) continue; // no value: the next attribute or the end
    i += 1;
    while (i < html.length && isSpace(html.charCodeAt(i))) i += 1;
    const quote = html.charCodeAt(i);
    if (quote === 34 || quote === 39) {
      const close = html.indexOf(quote === 34 ? '"' : "'", i + 1);
      if (close < 0) return -1;
      i = close + 1;
    } else {
      while (i < html.length && html.charCodeAt(i) !== 62 && !isSpace(html.charCodeAt(i))) i += 1;
    }
  }
  return -1;
}

function isAsciiAlpha(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** htmlparser2's whitespace: space, line feed, tab, form feed, carriage return. */
function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 12 || c === 13;
}

function endsTagName(c: number): boolean {
  return c === 47 || c === 62 || isSpace(c);
}
