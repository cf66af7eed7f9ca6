/**
 * The fast XML reader against xml2js over sax (the slow reader): the same tree for every document
 * it accepts, character for character, and no tree (so the slow reader decides) for anything else.
 */
import { describe, expect, it } from 'vitest';
import { BudgetExceeded, ParseBudget } from '../../src/feeds/budget.js';
import { createRssParser } from '../../src/feeds/rss-entries.js';
import { readXml, readXmlWithSax, type XmlTree, type Xml2jsParser } from '../../src/feeds/xml-reader.js';
import { readWellFormed } from '../../src/feeds/xml-tree.js';
import { frenchAtom, frenchRss, hostileCorpus, seeded } from '../helpers/hostile-feeds.js';

const budget = (): ParseBudget => new ParseBudget(Number.POSITIVE_INFINITY);
const xmlParser = (): Xml2jsParser => createRssParser().xmlParser as unknown as Xml2jsParser;

/** The slow reader's outcome: its tree and damage, or the error it threw. */
async function slowly(xml: string): Promise<XmlTree | { error: string }> {
  try {
    return await readXmlWithSax(xmlParser(), xml, budget());
  } catch (error) {
    return { error: String(error) };
  }
}

/** Where two plain values first differ (a path), undefined when equal; iterative, for trees thousands of levels deep. */
function firstDifference(a: unknown, b: unknown): string | undefined {
  const work: [unknown, unknown, string][] = [[a, b, '']];
  while (work.length > 0) {
    const [x, y, at] = work.pop() as [unknown, unknown, string];
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null || Array.isArray(x) !== Array.isArray(y)) return at || '(root)';
    const keys = Object.keys(x);
    if (keys.join('\u0000') !== Object.keys(y).join('\u0000')) return `${at} (keys)`;
    for (const k of keys) work.push([(x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${at}/${k}`]);
  }
  return undefined;
}

const SHAPES = [
  // attributes, repeated children, namespaced names, entities in text and in attributes
  '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>A &amp; B</title>'
    + '<item><title>Un</title><dc:creator>X</dc:creator><category domain="d&quot;x">c1</category><category>c2</category></item>'
    + '<item><title>Deux</title><guid isPermaLink="false">g2</guid></item></channel></rss>',
  // mixed content, text after children, whitespace-only text, empty elements of every spelling
  '<feed xmlns="http://www.w3.org/2005/Atom">\n  <title>avant<b>gras</b>après</title>\n  <e1/><e2></e2><e3>   </e3>\n'
    + '  <entry><link rel="alternate" href="https://a.fr/1"/><summary type="html">&lt;p&gt;x&lt;/p&gt;</summary></entry>\n</feed>',
  // CDATA (a whitespace-only one is kept), CDATA beside text
  '<rss><channel><item><description><![CDATA[<p>é « x »</p>]]></description><a><![CDATA[  ]]></a>'
    + '<b>t <![CDATA[c]]> u</b></item></channel></rss>',
  // character references, an XML declaration and a comment and processing instruction around the root
  '<?xml version="1.0" encoding="utf-8"?>\n<!-- c --><?pi x?><rss><channel><title>&#233;t&#xE9; &lt;3</title></channel></rss>\n',
];

describe('readWellFormed()', () => {
  it('builds the tree xml2js builds for elements, attributes, text, CDATA and empty elements', async () => {
    for (const xml of SHAPES) {
      const fast = await readWellFormed(xml, budget());
      expect(fast, xml).toBeDefined();
      expect(JSON.stringify(fast), xml).toBe(JSON.stringify((await slowly(xml) as XmlTree).root));
    }
  });

  it('builds the tree xml2js builds for generated French RSS and Atom feeds', async () => {
    for (const xml of [frenchRss(12), frenchAtom(8)]) {
      const fast = await readWellFormed(xml, budget());
      expect(fast).toBeDefined();
      expect(fast).toEqual((await slowly(xml) as XmlTree).root);
    }
  });

  it('reads CDATA sections as the slow reader does, whatever they hold and wherever a slice of the document ends', async () => {
    const head = '<rss><channel><item><description><![CDATA[';
    const tail = ']]></description></item></channel></rss>';
    const sections = ['', ']', ']]', ']]]', 'a]b', 'a]]b', '] ]>', 'x]]]]y', '<p>é « x » &amp; </p>\n\tsuite', '\u{1F600} ok', ']\n]'];
    const documents = sections.map((text) => `${head}${text}${tail}`);
    // A "]", a "]]" or an astral character at each place around the end of the first 65,536-character slice.
    for (let d = -3; d <= 3; d += 1) {
      for (const text of [']', ']]', ']]]x', '\u{1F600}', 'é]']) {
        documents.push(`${head}${'a'.repeat(65_536 + d - head.length)}${text}${'b'.repeat(50)}${tail}`);
      }
    }
    for (const xml of documents) {
      const fast = await readWellFormed(xml, budget());
      expect(fast, xml.slice(-80)).toBeDefined();
      expect(JSON.stringify(fast), xml.slice(-80)).toBe(JSON.stringify((await slowly(xml) as XmlTree).root));
    }
    // What saxes refuses in a section (a control character, a lone low surrogate, U+FFFF) still gives
    // no fast tree; what it lets through (a high surrogate and the unit after it) gives the slow
    // reader's tree; either way the document is read as the slow reader reads it.
    for (const odd of ['\u0001', 'x\udc00', '\uffff', 'a]\u0002', '\ud800x', 'a\ud800]]b']) {
      const xml = `${head}avant ${odd} après${tail}`;
      const fast = await readWellFormed(xml, budget());
      if (/[\ud800-\udbff]/.test(odd)) expect(JSON.stringify(fast), JSON.stringify(odd)).toBe(JSON.stringify((await slowly(xml) as XmlTree).root));
      else expect(fast, JSON.stringify(odd)).toBeUndefined();
      expect(firstDifference(await readXml(xmlParser(), xml, budget()), await slowly(xml)), JSON.stringify(odd)).toBeUndefined();
    }
  });

  it('reads elements and attributes named as Object.prototype\'s members as the slow reader does', async () => {
    const xml = '<rss><channel><item><constructor>a</constructor><constructor>b</constructor><toString>c</toString>'
      + '<valueOf x="1">d</valueOf><hasOwnProperty/><title constructor="k" toString="t">T</title></item></channel></rss>';
    const fast = await readWellFormed(xml, budget());
    expect(fast).toBeDefined();
    expect(JSON.stringify(fast)).toBe(JSON.stringify((await slowly(xml) as XmlTree).root));
    // "__proto__" would set an object's prototype: the slow reader reads it.
    for (const odd of ['<rss><__proto__>x</__proto__></rss>', '<rss><channel __proto__="x"/></rss>']) {
      expect(await readWellFormed(odd, budget()), odd).toBeUndefined();
      expect(firstDifference(await readXml(xmlParser(), odd, budget()), await slowly(odd)), odd).toBeUndefined();
    }
  });

  it('gives no tree for a close tag that ends the root under another name', async () => {
    // saxes closes the open elements before it reports the mismatch: the root must not be taken.
    expect(await readWellFormed('<feed><title>x</title></entry><entry><title>y</title></entry></feed>', budget())).toBeUndefined();
    expect(await readWellFormed('<rss><channel><item><title>x</title></channel></rss>', budget())).toBeUndefined();
  });

  it('gives no tree for a document cut short, junk after the root, or text outside it', async () => {
    expect(await readWellFormed('<rss><channel><item><title>x</title>', budget())).toBeUndefined();
    expect(await readWellFormed('<rss><channel/></rss><br />Warning: x', budget())).toBeUndefined();
    expect(await readWellFormed('texte<rss/>', budget())).toBeUndefined();
  });

  it('gives no tree where saxes would read the text otherwise than sax: carriage returns, breaks in attribute values, XML 1.1', async () => {
    const crlf = '<rss>\r\n<channel><title>a\rb</title></channel></rss>';
    const tabbed = '<feed><link rel="alter\tnate" href="https://a.fr/\n1"/></feed>';
    const xml11 = '<?xml version="1.1" encoding="utf-8"?><rss><channel><title>a\u2028b</title></channel></rss>';
    for (const xml of [crlf, tabbed, xml11]) expect(await readWellFormed(xml, budget()), JSON.stringify(xml)).toBeUndefined();
    expect(JSON.stringify((await readXml(xmlParser(), xml11, budget())).root)).toBe(JSON.stringify((await slowly(xml11) as XmlTree).root));
    expect(await readWellFormed('<?xml version="1.0"?><rss/>', budget())).toBeDefined();
    // A name beyond U+FFFF: well-formed XML, which sax refuses.
    const astral = '<rss><channel><item><x\u{10400}>t</x\u{10400}></item></channel></rss>';
    expect(await readWellFormed(astral, budget())).toBeUndefined();
    expect(await readXml(xmlParser(), astral, budget()).catch(String)).toEqual(await slowly(astral).then((r) => ('error' in r ? r.error : r)));
    // readXml then gives sax's text, carriage returns and all.
    expect(JSON.stringify((await readXml(xmlParser(), crlf, budget())).root)).toContain('a\\rb');
    expect(JSON.stringify((await readXml(xmlParser(), tabbed, budget())).root)).toContain('alter\\tnate');
  });

  it('gives no tree for elements named as xml2js\'s own keys ("_", "cdata"), which it reads its own way', async () => {
    const underscore = '<rss><channel><item><x>texte<_>sous</_></x></item></channel></rss>';
    expect(await readWellFormed(underscore, budget())).toBeUndefined();
    await expect(readXml(xmlParser(), underscore, budget())).rejects.toThrow(/not a function/);
    const cdata = '<rss><channel><item><z><![CDATA[w]]><cdata>v</cdata></z><w><cdata>u</cdata><![CDATA[t]]></w></item></channel></rss>';
    expect(await readWellFormed(cdata, budget())).toBeUndefined();
    expect(await readXml(xmlParser(), cdata, budget())).toEqual(await slowly(cdata));
  });

  it('stops with BudgetExceeded when the parse budget is spent', async () => {
    let now = 0;
    const slow = new ParseBudget(10, { now: () => (now += 50), cpu: () => now });
    await expect(readWellFormed(frenchRss(40), slow)).rejects.toBeInstanceOf(BudgetExceeded);
  });
});

describe('readXml()', () => {
  it('gives what the slow reader gives for the hostile corpus and for 600 damaged feeds (edge characters inserted too)', async () => {
    const documents = hostileCorpus().map((h) => h.body.toString('utf8'));
    const random = seeded(23);
    const chars = ['<', '>', '&', '"', '\'', '/', '=', '!', '?', '[', ']', '-', ';', ' ', '\n', '\r', '\t', '\u2028', '\u00a0',
      '\u{10400}', ']]>', '&#0;', '&#x1F600;', '&amp;', '<!--', '-->', '<?x?>', '<a/>', '</a>'];
    for (const base of [frenchRss(6), frenchAtom(5)]) {
      for (let n = 0; n < 300; n += 1) {
        const at = Math.floor(random() * base.length);
        const kind = n % 3;
        if (kind === 0) documents.push(base.slice(0, at));
        else if (kind === 1) documents.push(base.slice(0, at) + (chars[Math.floor(random() * chars.length)] as string) + base.slice(at));
        else documents.push(base.slice(0, at) + base.slice(at + 1 + Math.floor(random() * 40)));
      }
    }
    let fast = 0;
    for (const xml of documents) {
      if ((await readWellFormed(xml, budget())) !== undefined) fast += 1;
      let both: (XmlTree | { error: string })[];
      try {
        both = [await readXml(xmlParser(), xml, budget()), await slowly(xml)];
      } catch (error) {
        both = [{ error: String(error) }, await slowly(xml)];
      }
      expect(firstDifference(both[0], both[1]), xml.slice(0, 200)).toBeUndefined();
    }
    // The premise: many damaged documents stay well-formed (a character in text, a cut after the root).
    expect(fast).toBeGreaterThan(100);
  }, 60_000);
});
