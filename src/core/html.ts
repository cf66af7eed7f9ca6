/** HTML fragments (feed titles and descriptions) to plain text. Pure: no I/O. */
import { decodeHTMLStrict } from 'entities';
import { Parser } from 'htmlparser2';
import { simpleMarkupText } from './simple-markup.js';

/** Elements whose boundaries are line breaks in the text. */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'table', 'tr', 'ul',
]);
/** Elements whose boundaries are spaces (table cells: "a</td><td>b" must not read "ab"). */
const SPACED = new Set(['td', 'th', 'caption', 'img']);
/** Elements whose content is never text for a reader (figcaption: photo credits, "© AFP"). */
const DROPPED = new Set([
  'script', 'style', 'noscript', 'template', 'head', 'svg', 'iframe', 'object', 'select', 'figcaption',
]);

/** Entities left after one decoding pass: feeds often escape twice ("&amp;eacute;"). */
const LEFTOVER_ENTITY = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi;
// Every Unicode space (NBSP, narrow NBSP, thin space …) reads as one plain space.
const SPACES = /[\t\f\v \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g;
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

/**
 * Converts an HTML fragment to plain text: tags stripped, script/style dropped, block elements
 * turned into line breaks, entities decoded (twice-escaped ones too), whitespace collapsed.
 * Lines are separated by a single "\n"; text without markup is only collapsed.
 */
export function htmlToText(html: string): string {
  if (!html) return '';
  if (!/[<&]/.test(html)) return collapse(html);
  // Plain markup (most feed descriptions) is read by a scan that gives what the parser would.
  const simple = simpleMarkupText(html, elementBoundary);
  return collapse(simple ?? parsedText(html));
}

/** What an element's start or end adds to the text: a line break (blocks), a space (cells, images) or nothing. */
export function elementBoundary(name: string): string {
  return BLOCK.has(name) ? '\n' : SPACED.has(name) ? ' ' : '';
}

/**
 * The text of an HTML fragment as htmlparser2 reads it, before whitespace is collapsed: element
 * boundaries as `boundary` says, dropped elements left out, entities decoded (twice-escaped too).
 */
export function parsedText(html: string): string {
  let out = '';
  let dropDepth = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (DROPPED.has(name)) dropDepth += 1;
        else if (BLOCK.has(name)) out += '\n';
        else if (SPACED.has(name)) out += ' ';
      },
      ontext(text) {
        if (dropDepth === 0) out += text;
      },
      onclosetag(name) {
        if (DROPPED.has(name)) dropDepth = Math.max(0, dropDepth - 1);
        else if (BLOCK.has(name)) out += '\n';
        else if (SPACED.has(name)) out += ' ';
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return decodeLeftovers(out);
}

/** Collapses whitespace: spaces within a line, empty lines removed, lines trimmed. */
export function collapse(text: string): string {
  // Rare characters take the general path; everything else is one regex pass.
  if (RARE.test(text)) return collapseGeneral(text);
  return trimEnds(text.replace(WHITESPACE_TO_FIX, (run) => (run.includes('\n') ? '\n' : ' ')));
}

// Line separators (which trim() removes at line ends), carriage returns and invisible characters.
const RARE = /[\r\u2028\u2029\u200b-\u200d\u2060\ufeff\u00ad]/;
const SPACE = '\\t\\f\\v \\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000';
/**
 * The runs `collapse` changes: a whole run of two or more spaces and line breaks (one "\n" when it
 * holds a line break, else one " "), a lone space other than U+0020 (one " ") or a lone line break
 * (itself). A lone " " never matches. Two plain classes: irregexp tries them at each space faster
 * than an alternation that backtracks through a run looking for its line break.
 */
const WHITESPACE_TO_FIX = new RegExp(`[${SPACE}\\n]{2,}|[${SPACE.replace(' ', '')}\\n]`, 'g');

/** Drops leading and trailing spaces and line breaks (already collapsed to single characters). */
function trimEnds(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 10)) start += 1;
  while (end > start && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 10)) end -= 1;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function collapseGeneral(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .replace(/\r\n?/g, '\n')
    .replace(SPACES, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

/** Same as `htmlToText` but on one line (for titles). */
export function htmlToLine(html: string): string {
  return htmlToText(html).replace(/\n/g, ' ');
}

function decodeLeftovers(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(LEFTOVER_ENTITY, (entity) => decodeHTMLStrict(entity));
}
