/**
 * XML text to xml2js's object tree, in chunks under a parse budget, with salvage: a document that
 * breaks off (cut short, a damaged item) still yields every item that was complete before the damage.
 */
import { BudgetExceeded, writeInSlices, type ParseBudget } from './budget.js';
import { readWellFormed } from './xml-tree.js';

/** The xml2js parser rss-parser holds (`parser.xmlParser`), narrowed to what is driven here. */
export interface Xml2jsParser {
  reset(): void;
  on(event: 'end', listener: (result: Record<string, unknown> | null) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  saxParser: SaxParser;
}

interface SaxParser {
  write(chunk: string): SaxParser;
  close(): SaxParser;
  onclosetag: (name: string) => void;
  tags: { name: string }[];
  position: number;
  line: number;
  column: number;
}

/** The object tree of a document; `damage` says where and why it was cut when items were salvaged. */
export interface XmlTree {
  root: Record<string, unknown>;
  damage?: XmlDamage;
}

/** Where a document broke off: its 1-based line and column and the parser's reason. */
export interface XmlDamage {
  line: number;
  column: number;
  reason: string;
}

/** The document is not well-formed and nothing could be salvaged. */
export class MalformedXml extends Error {
  constructor(readonly damage: XmlDamage) {
    super(`malformed XML at line ${damage.line}, column ${damage.column}: ${damage.reason}`);
  }
}

// Elements whose end marks a complete entry (RSS and RDF items, Atom entries).
const ENTRY_NAMES = new Set(['item', 'entry']);
const STOP = Symbol('stop at the first error');

interface Pass {
  root?: Record<string, unknown> | null;
  damage?: XmlDamage;
  /** Just past the last complete entry, and the elements open there (outermost first). */
  lastEntry?: { end: number; open: string[] };
}

/**
 * Parses `xml`; throws MalformedXml when nothing can be salvaged, BudgetExceeded from `budget`.
 * A well-formed document is read the fast way (xml-tree.ts); any other is read by `parser`.
 */
export async function readXml(parser: Xml2jsParser, xml: string, budget: ParseBudget): Promise<XmlTree> {
  const root = await readWellFormed(xml, budget);
  return root !== undefined ? { root } : readXmlWithSax(parser, xml, budget);
}

/** `readXml` through xml2js and sax alone: the tree and salvage of any document, well-formed or not. */
export async function readXmlWithSax(parser: Xml2jsParser, xml: string, budget: ParseBudget): Promise<XmlTree> {
  const first = await onePass(parser, xml, budget);
  // Junk after the root element's end is ignored (no damage is recorded once the root has ended).
  if (first.root && first.damage === undefined) return { root: first.root };
  const damage = first.damage ?? { line: 1, column: 1, reason: 'no root element' };
  if (first.lastEntry === undefined) throw new MalformedXml(damage);
  // Cut after the last complete entry and close what was open there.
  const { end, open } = first.lastEntry;
  const closers = open.map((name) => `</${name}>`).reverse().join('');
  const second = await onePass(parser, xml.slice(0, end) + closers, budget);
  if (!second.root) throw new MalformedXml(damage);
  return { root: second.root, damage };
}

async function onePass(parser: Xml2jsParser, xml: string, budget: ParseBudget): Promise<Pass> {
  const pass: Pass = {};
  parser.reset();
  parser.on('end', (result) => {
    pass.root ??= result;
  });
  const sax = parser.saxParser;
  parser.on('error', (error) => {
    if (pass.root === undefined) pass.damage ??= { line: sax.line + 1, column: sax.column + 1, reason: saxReason(error) };
    // Stop at the first error: sax would go on, and some of its recoveries cost an Error per open
    // element (a close tag that matches nothing, under thousands of open ones).
    throw STOP;
  });
  const close = sax.onclosetag;
  sax.onclosetag = (name) => {
    close(name);
    // sax has already popped the element: `tags` holds the elements still open.
    if (pass.damage === undefined && ENTRY_NAMES.has(name) && sax.tags.length > 0) pass.lastEntry = { end: sax.position, open: sax.tags.map((t) => t.name) };
  };
  const stopped = (): boolean => pass.root !== undefined;
  try {
    await writeInSlices(xml, budget, (slice) => sax.write(slice), stopped);
    if (!stopped()) budget.run(() => sax.close());
  } catch (error) {
    if (error instanceof BudgetExceeded) throw error;
    if (error !== STOP && pass.root === undefined) pass.damage ??= { line: sax.line + 1, column: sax.column + 1, reason: saxReason(error) };
  }
  return pass;
}

/** sax's message without its "Line/Column/Char" lines, as a lower-case clause. */
function saxReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = (message.split('\n')[0] ?? message).trim().replace(/\.$/, '').slice(0, 120);
  return first.length === 0 ? 'unreadable XML' : first.charAt(0).toLowerCase() + first.slice(1);
}
