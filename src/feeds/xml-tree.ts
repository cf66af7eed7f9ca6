/**
 * The fast way to xml2js's object tree: a well-formed document read by saxes (a conformant XML
 * parser, about twice as fast as the sax that xml2js drives) into the very tree xml2js builds with
 * rss-parser's options. Anything saxes finds wrong gives no tree: the caller then reads the
 * document the slow way (xml-reader.ts), whose salvage decides what damaged documents yield. So do
 * documents whose text saxes would read otherwise than sax (see sameTextAsSax): the tree is the
 * same, character for character, whichever way a document is read.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { writeInSlices, type ParseBudget } from './budget.js';
import { withFastCData } from './saxes-cdata.js';

/** Thrown from saxes' error handler: the first error ends the fast read. */
const STOP = Symbol('not well-formed');

const hasOwn = Object.prototype.hasOwnProperty;
const PROTO = '__proto__';

/**
 * The tree of `xml` exactly as xml2js (0.2 defaults: explicitArray, "$" and "_" keys, explicit
 * root) builds it, or undefined when saxes reports any error in what it read (it stops at the
 * chunk where the root element ends: junk further on is never read), when the document ends before
 * its root does, or when saxes would read its text otherwise than sax. Each slice runs under
 * `budget`, whose BudgetExceeded propagates.
 */
export async function readWellFormed(xml: string, budget: ParseBudget): Promise<Record<string, unknown> | undefined> {
  if (!sameTextAsSax(xml)) return undefined;
  const tree = new TreeBuilder();
  const parser = new SaxesParser({ position: false });
  withFastCData(parser);
  parser.on('error', () => {
    throw STOP;
  });
  parser.on('opentag', (tag) => tree.open(tag as SaxesTagPlain));
  parser.on('text', (text) => tree.text(text, false));
  parser.on('cdata', (text) => tree.text(text, true));
  parser.on('closetag', () => tree.close());
  try {
    await writeInSlices(xml, budget, (slice) => parser.write(slice), () => tree.root !== undefined);
  } catch (error) {
    // Even after the root closed: saxes may have closed it for a close tag of another name, and
    // reports that only then. The slow reader knows what to make of either.
    if (error === STOP) return undefined;
    throw error;
  }
  return tree.root;
}

/**
 * A quoted attribute value holding a tab or a line break (a false alarm in text costs only the slow
 * read). Such characters saxes turns into spaces, as XML wants, where sax keeps them.
 */
const ATTRIBUTE_BREAK = /=\s*(?:"[^"<\t\n]*[\t\n]|'[^'<\t\n]*[\t\n])/;

/** The version an XML declaration at the start gives (saxes reads 1.1 by other rules). */
const DECLARED_VERSION = /^\s*<\?xml\s[^>]*?\bversion\s*=\s*["']([^"']*)["']/;

/**
 * Whether saxes reads the text of `xml` as sax does: not with a carriage return anywhere (saxes
 * normalises line ends to "\n", sax keeps them), nor a tab or line break in an attribute value,
 * nor a version other than 1.0 declared (1.1 line ends, U+2028 among them, are normalised too).
 */
function sameTextAsSax(xml: string): boolean {
  const version = DECLARED_VERSION.exec(xml)?.[1];
  return (version === undefined || version === '1.0') && !xml.includes('\r') && !ATTRIBUTE_BREAK.test(xml);
}

/**
 * Whether a name holds a character beyond U+FFFF: XML allows it, sax (reading UTF-16 units) does
 * not, and the slow reader says what comes of it.
 */
function astral(name: string): boolean {
  for (let i = 0; i < name.length; i += 1) {
    const c = name.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

/**
 * Builds xml2js's tree (see readWellFormed) from saxes' events. What xml2js keeps on each element's
 * object while reading (its text, its name, a CDATA flag) is kept beside it here, and an element's
 * object is made only once it has attributes or children: its keys come in xml2js's order, and no
 * key is ever deleted (a deletion would turn the object into a slow dictionary for rss-parser).
 */
class TreeBuilder {
  root: Record<string, unknown> | undefined;
  private readonly names: string[] = [];
  private readonly texts: string[] = [];
  private readonly cdata: boolean[] = [];
  /** Each open element's attributes and children so far; undefined while it has neither. */
  private readonly objects: (Record<string, unknown> | undefined)[] = [];

  open(tag: SaxesTagPlain): void {
    // Plain objects (null-prototype ones are dictionaries in V8, slower to build and for rss-parser
    // to read): a "__proto__" key, which would set their prototype, is left to the slow reader.
    if (astral(tag.name) || tag.name === PROTO) throw STOP;
    let object: Record<string, unknown> | undefined;
    for (const key in tag.attributes) {
      if (!hasOwn.call(tag.attributes, key)) continue;
      if (astral(key) || key === PROTO) throw STOP;
      object ??= {};
      const attributes = (object['$'] ??= {}) as Record<string, string>;
      attributes[key] = tag.attributes[key] as string;
    }
    this.names.push(tag.name);
    this.texts.push('');
    this.cdata.push(false);
    this.objects.push(object);
  }

  /** Text (or CDATA) of the element being read; none is kept outside the root. */
  text(text: string, cdata: boolean): void {
    const top = this.texts.length - 1;
    if (top < 0) return;
    this.texts[top] += text;
    if (cdata) this.cdata[top] = true;
  }

  /**
   * Closes the innermost element as xml2js does: whitespace-only text dropped (unless CDATA), an
   * element with neither attributes nor children becomes its text, and it joins its parent's array
   * of that name (the tree, for the root).
   */
  close(): void {
    const name = this.names.pop() as string;
    const text = this.texts.pop() as string;
    const cdata = this.cdata.pop() as boolean;
    const object = this.objects.pop();
    // xml2js keeps these on the element's own object: a child of that name it reads its own way
    // (an element named "_" even fails it). The slow reader says what comes of it.
    if (name === '_' || name === 'cdata') throw STOP;
    let value: unknown = text;
    if (object !== undefined) {
      if (cdata || !/^\s*$/.test(text)) {
        // The text comes first, where xml2js made its key.
        const withText: Record<string, unknown> = { _: text };
        for (const key in object) if (hasOwn.call(object, key)) withText[key] = object[key];
        value = withText;
      } else {
        value = object;
      }
    }
    const top = this.objects.length - 1;
    if (top < 0) {
      const tree: Record<string, unknown> = {};
      tree[name] = value;
      this.root = tree;
      return;
    }
    const parent = (this.objects[top] ??= {});
    const siblings = parent[name] as unknown[] | undefined;
    // Own siblings only: an element named "constructor" or "toString" finds Object.prototype's.
    if (siblings === undefined || !hasOwn.call(parent, name)) parent[name] = [value];
    else siblings.push(value);
  }
}
