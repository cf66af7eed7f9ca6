/**
 * Linear-time scanners for the markup around a feed's content: the prolog (XML declaration,
 * processing instructions, comments, DOCTYPE), the root element, and where a feed starts after
 * junk. Each one moves forward with `indexOf` and never backtracks, whatever the input.
 */

/** The root element: its name and the index of its `<`. */
export interface RootElement {
  name: string;
  index: number;
}

/** Root names that make a document a feed (RSS 0.9x/2.0, Atom, RSS 1.0). */
export const FEED_ROOTS = new Set(['rss', 'feed', 'rdf:RDF']);

/** How far into a body a feed may start after leading junk (characters). */
export const MAX_JUNK_CHARS = 65_536;

/**
 * Index just past the DOCTYPE declaration starting at `start` (`<!DOCTYPE`), or -1 when unclosed.
 * An internal subset holds only declarations: a start tag met inside it ends the DOCTYPE there, so a
 * broken subset (`[a][a]…[ <rss>`) cannot swallow the document.
 */
export function doctypeEnd(text: string, start: number): number {
  const from = start + 9;
  const gt = text.indexOf('>', from);
  const bracket = text.indexOf('[', from);
  if (bracket < 0 || (gt >= 0 && gt < bracket)) return gt < 0 ? -1 : gt + 1;
  let at = bracket + 1;
  let tag = startTagFrom(text, at);
  for (;;) {
    const close = text.indexOf(']', at);
    if (tag >= 0 && (close < 0 || tag < close)) return tag;
    if (close < 0) return -1;
    let j = close + 1;
    while (isBlank(text.charCodeAt(j))) j += 1;
    if (text.charCodeAt(j) === 0x3e) return j + 1;
    at = close + 1;
    if (tag >= 0 && tag < at) tag = startTagFrom(text, at);
  }
}

/** Index of the first `<` followed by a letter at or after `from`, or -1. */
function startTagFrom(text: string, from: number): number {
  let lt = text.indexOf('<', from);
  while (lt >= 0 && !isLetter(text.charCodeAt(lt + 1))) lt = text.indexOf('<', lt + 1);
  return lt;
}

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

/** True when `text` has `word` at `index`, compared without case. */
export function startsWithAt(text: string, word: string, index: number, ignoreCase = false): boolean {
  if (!ignoreCase) return text.startsWith(word, index);
  return text.slice(index, index + word.length).toUpperCase() === word.toUpperCase();
}

/**
 * The first element of `text` after `from`, skipping blanks, the XML declaration, processing
 * instructions, comments and a DOCTYPE. Undefined when something else comes first (text, junk)
 * or the prolog is unclosed.
 */
export function rootElement(text: string, from = 0): RootElement | undefined {
  let i = from;
  for (;;) {
    while (isBlank(text.charCodeAt(i)) || text.charCodeAt(i) === 0xfeff) i += 1;
    if (text.charCodeAt(i) !== 0x3c) return undefined;
    let end: number;
    if (text.startsWith('<?', i)) end = after(text, '?>', i + 2);
    else if (text.startsWith('<!--', i)) end = after(text, '-->', i + 4);
    else if (startsWithAt(text, '<!DOCTYPE', i, true)) end = doctypeEnd(text, i);
    else {
      const name = nameAt(text, i + 1);
      const next = text.charCodeAt(i + 1 + name.length);
      // A start tag: its name ends with a blank, ">" or "/" (not `"<rss";` in a script).
      const ends = isBlank(next) || next === 0x3e || next === 0x2f || Number.isNaN(next);
      return name === '' || !ends ? undefined : { name, index: i };
    }
    if (end < 0) return undefined;
    i = end;
  }
}

/**
 * Where the feed starts: 0 when the root element is a feed root; otherwise the first `<?xml`,
 * `<rss`, `<feed` or `<rdf:RDF` within the first {@link MAX_JUNK_CHARS} characters that opens a
 * document whose root is a feed root (a PHP notice or a stray line before the feed); undefined when none.
 */
export function feedStart(text: string): number | undefined {
  const root = rootElement(text);
  if (root !== undefined && FEED_ROOTS.has(root.name)) return 0;
  const window = text.slice(0, MAX_JUNK_CHARS);
  for (const marker of ['<?xml', '<rss', '<feed', '<rdf:RDF']) {
    let at = window.indexOf(marker, 1);
    // A few tries per marker: each candidate costs one rootElement scan.
    for (let tries = 0; at >= 0 && tries < 8; tries += 1) {
      const candidate = rootElement(text, at);
      if (candidate !== undefined && FEED_ROOTS.has(candidate.name)) return at;
      at = window.indexOf(marker, at + 1);
    }
  }
  return undefined;
}

function after(text: string, close: string, from: number): number {
  const at = text.indexOf(close, from);
  return at < 0 ? -1 : at + close.length;
}

/** The XML name starting at `index` ("" when none), at most 200 characters. */
function nameAt(text: string, index: number): string {
  let end = index;
  while (end < text.length && end - index < 200 && isNameChar(text.charCodeAt(end))) end += 1;
  return text.slice(index, end);
}

function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)
    || c === 0x3a || c === 0x5f || c === 0x2d || c === 0x2e || c > 0x7f;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
