/**
 * The fast way to xml2js's object tree: a well-formed document read by saxes (a conformant XML
 * parser, about twice as fast as the sax that xml2js drives) into the very tree xml2js builds with
 * rss-parser's options. Anything saxes finds wrong gives no tree: the caller then reads the
 * document the slow way (xml-reader.ts), whose salvage decides what damaged documents yield. So do
 * documents whose text saxes would read otherwise than sax (see sameTextAsSax): the tree is the
 * same, character for character, whichever way a document is read.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { ParseBudget } from './budget.js';

/** Characters handed to saxes per synchronous slice (as the slow reader's chunks). */
const CHUNK_CHARS = 65_536;
/** Thrown from saxes' error handler: the first error ends the fast read. */
const STOP = Symbol('not well-formed');

/** An element being read: xml2js's working object (text under "_", attributes under "$"). */
type Node = Record<string, unknown> & { _: string };

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The tree of `xml` exactly as xml2js (0.2 defaults: explicitArray, "$" and "_" keys, explicit
 * root) builds it, or undefined when saxes reports any error in what it read (it stops at the
 * chunk where the root element ends: junk further on is never read), when the document ends before
 * its root does, or when saxes would read its text otherwise than sax. Each slice runs under
 * `budget`, whose BudgetExceeded propagates.
 */
export async function readWellFormed(xml: string, budget: ParseBudget): Promise<Record<string, unknown> | undefined> {
  if (!sameTextAsSax(xml)) return undefined;
  const stack: Node[] = [];
  let root: Record<string, unknown> | undefined;
  const parser = new SaxesParser({ position: false });
  parser.on('error', () => {
    throw STOP;
  });
  parser.on('opentag', (tag) => stack.push(nodeOf(tag as SaxesTagPlain)));
  parser.on('text', (text) => addText(stack, text));
  parser.on('cdata', (text) => {
    const top = addText(stack, text);
    if (top !== undefined) top['cdata'] = true;
  });
  parser.on('closetag', () => {
    const done = close(stack);
    if (done !== undefined) root = done;
  });
  try {
    for (let at = 0; at < xml.length && root === undefined; at += CHUNK_CHARS) {
      budget.run(() => parser.write(xml.slice(at, at + CHUNK_CHARS)));
      await budget.pause();
    }
  } catch (error) {
    // Even after the root closed: saxes may have closed it for a close tag of another name, and
    // reports that only then. The slow reader knows what to make of either.
    if (error === STOP) return undefined;
    throw error;
  }
  return root;
}

/**
 * A quoted attribute value holding a tab or a line break (a false alarm in text costs only the slow
 * read). Such characters saxes turns into spaces, as XML wants, where sax keeps them.
 */
const ATTRIBUTE_BREAK = /=\s*(?:"[^"<\t\n]*[\t\n]|'[^'<\t\n]*[\t\n])/;

/**
 * Whether saxes reads the text of `xml` as sax does: not with a carriage return anywhere (saxes
 * normalises line ends to "\n", sax keeps them) nor a tab or line break in an attribute value.
 */
function sameTextAsSax(xml: string): boolean {
  return !xml.includes('\r') && !ATTRIBUTE_BREAK.test(xml);
}

/** xml2js's object for an opening tag: empty text, the attributes (when any) and its name. */
function nodeOf(tag: SaxesTagPlain): Node {
  const node = Object.create(null) as Node;
  node._ = '';
  let attributes: Record<string, string> | undefined;
  for (const key in tag.attributes) {
    if (!hasOwn.call(tag.attributes, key)) continue;
    attributes ??= node['$'] = Object.create(null) as Record<string, string>;
    attributes[key] = tag.attributes[key] as string;
  }
  node['#name'] = tag.name;
  return node;
}

/** Appends text to the element being read (none outside the root); returns that element. */
function addText(stack: Node[], text: string): Node | undefined {
  const top = stack[stack.length - 1];
  if (top !== undefined) top._ += text;
  return top;
}

/**
 * Closes the innermost element as xml2js does: whitespace-only text dropped (unless CDATA), a
 * text-only element becomes its string, an empty one its whitespace; it is added to its parent's
 * array of that name. Returns the tree when the root element closed.
 */
function close(stack: Node[]): Record<string, unknown> | undefined {
  const node = stack.pop() as Node;
  const name = node['#name'] as string;
  // xml2js puts an element named "_" where its parent's text goes, and fails on it: the slow reader says how.
  if (name === '_') throw STOP;
  delete node['#name'];
  let cdata = false;
  if (node['cdata'] === true) {
    cdata = true;
    delete node['cdata'];
  }
  let value: unknown = node;
  let blank: string | undefined;
  if (!cdata && /^\s*$/.test(node._)) {
    blank = node._;
    delete (node as Record<string, unknown>)['_'];
  } else if (Object.keys(node).length === 1) {
    value = node._;
  }
  if (typeof value === 'object' && Object.keys(value as object).length === 0) value = blank;
  const parent = stack[stack.length - 1];
  if (parent === undefined) {
    const tree = Object.create(null) as Record<string, unknown>;
    tree[name] = value;
    return tree;
  }
  // As xml2js's assignOrPush: a name already there that is no array ("_", "cdata") is wrapped in one.
  if (!(name in parent)) parent[name] = [value];
  else if (Array.isArray(parent[name])) (parent[name] as unknown[]).push(value);
  else parent[name] = [parent[name], value];
  return undefined;
}
