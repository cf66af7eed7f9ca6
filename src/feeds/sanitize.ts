/**
 * Makes decoded feed text safe and parseable before XML parsing: entity declarations rejected
 * (XXE, billion laughs), DOCTYPE removed, control characters dropped (C1 controls read as the
 * windows-1252 characters they stand for), bare `&` and `<` escaped, HTML named entities turned
 * into numeric references. CDATA sections and comments are left alone. One forward scan: the time
 * is linear in the text, whatever it holds (unclosed comments, nested brackets in a DOCTYPE…).
 */
import { decodeHTMLStrict } from 'entities';
import { doctypeEnd, startsWithAt } from './scan.js';

/** Why a document was refused; the caller turns it into a typed FeedError. */
export class UnsafeXmlError extends Error {}

/** Counts of what was repaired (for logs). */
export interface SanitizeReport {
  controlChars: number;
  /** C1 control characters (raw or as references) read as windows-1252 punctuation and letters. */
  c1Controls: number;
  bareAmpersands: number;
  htmlEntities: number;
  doctypeRemoved: boolean;
}

// XML 1.0 forbids these code points even as character references; U+0080–U+009F are C1 controls.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u0080-\u009F\uFFFE\uFFFF]/g;
// Every quantifier is bounded: at most ~45 characters are looked at from each "&".
const AMPERSAND = /&(#[0-9]{1,8};|#x[0-9a-fA-F]{1,7};|[A-Za-z][A-Za-z0-9._-]{0,40};)?/g;
const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
// "<" that cannot start markup: "prix < 5 €", "<<", "<=".
const BARE_LT = /<(?=[\s\d=<])/g;
// windows-1252 characters of the bytes 0x80–0x9F; the five undefined bytes map to nothing.
const C1_TO_1252 = '€\u0000‚ƒ„…†‡ˆ‰Š‹Œ\u0000Ž\u0000\u0000‘’“”•–—˜™š›œ\u0000žŸ';

/** The windows-1252 character a C1 control stands for ("" for the five undefined ones). */
export function c1ToWindows1252(code: number): string {
  const ch = C1_TO_1252[code - 0x80] ?? '\u0000';
  return ch === '\u0000' ? '' : ch;
}

/** Returns the repaired document; throws `UnsafeXmlError` when it declares entities. */
export function sanitizeXml(input: string): { xml: string; report: SanitizeReport } {
  const report: SanitizeReport = { controlChars: 0, c1Controls: 0, bareAmpersands: 0, htmlEntities: 0, doctypeRemoved: false };
  let text = input.replace(/^\uFEFF/, '').replace(CONTROL_CHARS, (ch) => {
    const code = ch.charCodeAt(0);
    if (code >= 0x80 && code <= 0x9f) {
      report.c1Controls += 1;
      return c1ToWindows1252(code);
    }
    report.controlChars += 1;
    return '';
  });
  let start = 0;
  while (isBlank(text.charCodeAt(start))) start += 1;
  if (start > 0 && text.startsWith('<?xml', start)) text = text.slice(start);
  const out: string[] = [];
  let changed = false;
  const repair = (from: number, to: number): void => {
    const segment = text.slice(from, to);
    const repaired = repairMarkup(segment, report);
    if (repaired !== segment) changed = true;
    out.push(repaired);
  };
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('<!', i);
    if (open < 0) break;
    const end = declarationEnd(text, open);
    if (end === undefined) {
      // "<!" of something else ("<!foo"): ordinary markup for the parser to judge.
      repair(i, open + 2);
      i = open + 2;
      continue;
    }
    repair(i, open);
    const close = end < 0 ? text.length : end;
    if (startsWithAt(text, '<!DOCTYPE', open, true)) {
      if (/<!ENTITY/i.test(text.slice(open, close))) throw new UnsafeXmlError('the document declares XML entities (<!ENTITY>)');
      report.doctypeRemoved = true;
      changed = true;
    } else {
      out.push(text.slice(open, close));
    }
    i = close;
  }
  if (i < text.length) repair(i, text.length);
  // A clean document is returned as it came: no second copy of a large text to collect.
  return { xml: changed ? out.join('') : text, report };
}

/**
 * End (exclusive) of the comment, CDATA section or DOCTYPE opening at `open`; -1 when it is never
 * closed (a truncated document: the rest is kept as it is); undefined for any other `<!`.
 */
function declarationEnd(text: string, open: number): number | undefined {
  if (text.startsWith('<!--', open)) return closeOf(text, '-->', open + 4);
  if (text.startsWith('<![CDATA[', open)) return closeOf(text, ']]>', open + 9);
  if (startsWithAt(text, '<!DOCTYPE', open, true)) return doctypeEnd(text, open);
  // Anything else, "<!ENTITY" outside a DOCTYPE included, declares nothing: the parser reports it as damage.
  return undefined;
}

function closeOf(text: string, close: string, from: number): number {
  const at = text.indexOf(close, from);
  return at < 0 ? -1 : at + close.length;
}

function repairMarkup(segment: string, report: SanitizeReport): string {
  const text = segment.replace(AMPERSAND, (whole, ref: string | undefined) => {
    if (ref === undefined) {
      report.bareAmpersands += 1;
      return '&amp;';
    }
    if (ref.startsWith('#')) return charRef(ref, report);
    const name = ref.slice(0, -1);
    if (XML_ENTITIES.has(name)) return whole;
    const decoded = decodeHTMLStrict(whole);
    if (decoded === whole) {
      report.bareAmpersands += 1;
      return `&amp;${ref}`;
    }
    report.htmlEntities += 1;
    return Array.from(decoded, (ch) => `&#${ch.codePointAt(0) ?? 0xfffd};`).join('');
  });
  return text.replace(BARE_LT, '&lt;');
}

/** A valid character reference as it is, a C1 one as its windows-1252 character, an illegal one as nothing. */
function charRef(ref: string, report: SanitizeReport): string {
  const code = ref.startsWith('#x') ? Number.parseInt(ref.slice(2, -1), 16) : Number.parseInt(ref.slice(1, -1), 10);
  if (code >= 0x80 && code <= 0x9f) {
    report.c1Controls += 1;
    const ch = c1ToWindows1252(code);
    return ch === '' ? '' : `&#${ch.codePointAt(0) ?? 0xfffd};`;
  }
  return validCharRef(code) ? `&${ref}` : '';
}

function validCharRef(code: number): boolean {
  if (!Number.isFinite(code) || code > 0x10ffff) return false;
  if (code === 0x9 || code === 0xa || code === 0xd) return true;
  if (code < 0x20 || code === 0xfffe || code === 0xffff) return false;
  return !(code >= 0xd800 && code <= 0xdfff);
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
