/**
 * Makes decoded feed text safe and parseable before XML parsing: entity declarations rejected
 * (XXE, billion laughs), DOCTYPE removed, control characters dropped, bare `&` and `<` escaped,
 * HTML named entities turned into numeric references. CDATA sections and comments are left alone.
 */
import { decodeHTMLStrict } from 'entities';

/** Why a document was refused; the caller turns it into a typed FeedError. */
export class UnsafeXmlError extends Error {}

/** Counts of what was repaired (for logs). */
export interface SanitizeReport {
  controlChars: number;
  bareAmpersands: number;
  htmlEntities: number;
  doctypeRemoved: boolean;
}

// XML 1.0 forbids these code points even as character references.
const ILLEGAL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const PROTECTED = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g;
const AMPERSAND = /&(#[0-9]{1,8};|#x[0-9a-fA-F]{1,7};|[A-Za-z][A-Za-z0-9._-]{0,40};)?/g;
const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
// "<" that cannot start markup: "prix < 5 €", "<<", "<=".
const BARE_LT = /<(?=[\s\d=<])/g;
const DOCTYPE = /<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>/gi;

/** Returns the repaired document; throws `UnsafeXmlError` when it declares entities. */
export function sanitizeXml(input: string): { xml: string; report: SanitizeReport } {
  const report: SanitizeReport = { controlChars: 0, bareAmpersands: 0, htmlEntities: 0, doctypeRemoved: false };
  let text = input.replace(/^\uFEFF/, '').replace(ILLEGAL_CHARS, () => {
    report.controlChars += 1;
    return '';
  });
  text = text.replace(/^\s+(?=<\?xml)/, '');
  const out: string[] = [];
  let last = 0;
  let changed = false;
  const repair = (segment: string): string => {
    const repaired = repairMarkup(segment, report);
    if (repaired !== segment) changed = true;
    return repaired;
  };
  for (const match of text.matchAll(PROTECTED)) {
    out.push(repair(text.slice(last, match.index)), match[0]);
    last = match.index + match[0].length;
  }
  out.push(repair(text.slice(last)));
  // A clean document is returned as it came: no second copy of a large text to collect.
  return { xml: changed ? out.join('') : text, report };
}

function repairMarkup(segment: string, report: SanitizeReport): string {
  if (/<!ENTITY/i.test(segment)) throw new UnsafeXmlError('the document declares XML entities (<!ENTITY>)');
  let text = segment;
  if (/<!DOCTYPE/i.test(text)) {
    report.doctypeRemoved = true;
    text = text.replace(DOCTYPE, '');
  }
  text = text.replace(AMPERSAND, (whole, ref: string | undefined) => {
    if (ref === undefined) {
      report.bareAmpersands += 1;
      return '&amp;';
    }
    if (ref.startsWith('#')) return validCharRef(ref) ? whole : '';
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

function validCharRef(ref: string): boolean {
  const code = ref.startsWith('#x') ? Number.parseInt(ref.slice(2, -1), 16) : Number.parseInt(ref.slice(1, -1), 10);
  if (!Number.isFinite(code) || code > 0x10ffff) return false;
  if (code === 0x9 || code === 0xa || code === 0xd) return true;
  if (code < 0x20 || code === 0xfffe || code === 0xffff) return false;
  return !(code >= 0xd800 && code <= 0xdfff);
}
