/**
 * The forward scan of an RSS document's items: spans and raw identity read as the XML parser reads
 * them, and no answer at all for documents it cannot read exactly.
 */
import { describe, expect, it } from 'vitest';
import { draftEntry } from '../../src/core/item.js';
import { decodeFeedBody } from '../../src/feeds/decode.js';
import { scanItemSpans } from '../../src/feeds/item-spans.js';
import { flattenXhtml, parseFeedText } from '../../src/feeds/parse.js';
import { sanitizeXml } from '../../src/feeds/sanitize.js';
import { frenchItem, frenchRss, hostileCorpus, seeded } from '../helpers/hostile-feeds.js';

const feed = { id: 'spans', name: 'Spans', url: 'https://www.veille-exemple.fr/rss', tags: [] };
const head = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://e.fr/</link>';
const doc = (items: string): string => `${head}${items}</channel></rss>`;

describe('scanItemSpans', () => {
  it('finds each item with the text of its guid and link: entities decoded, CDATA joined, comments and attributes skipped', () => {
    const items = [
      '<item><title>A &amp; B</title><link>https://e.fr/a?x=1&amp;y=2</link><guid isPermaLink="false">  id-a  </guid></item>',
      '<item><link><![CDATA[https://e.fr/b]]></link><description><![CDATA[<item><link>https://piege.fr</link></item>]]></description></item>',
      '<item><guid>g<!-- note -->-c&#233;&#x2014;</guid><description>&lt;p&gt;texte&lt;/p&gt;</description></item>',
      '<item xml:lang="fr"><link>https://e.fr/d</link><atom:link href="https://autre.fr/d" rel="self"/><guid/></item>',
    ];
    const xml = doc(items.join('\n'));
    const spans = scanItemSpans(xml);
    expect(spans?.map(({ guid, link }) => ({ guid, link }))).toEqual([
      { guid: 'id-a', link: 'https://e.fr/a?x=1&y=2' },
      { guid: undefined, link: 'https://e.fr/b' },
      { guid: 'g-cé—', link: undefined },
      { guid: undefined, link: 'https://e.fr/d' },
    ]);
    expect(spans?.map((s) => xml.slice(s.start, s.end))).toEqual(items);
  });

  it('reads RSS 1.0 items beside the channel and RSS without a channel', () => {
    const rdf = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><channel rdf:about="x"><title>T</title></channel>'
      + '<item rdf:about="https://e.fr/1"><title>Un</title><link>https://e.fr/1</link></item></rdf:RDF>';
    expect(scanItemSpans(rdf)?.map((s) => s.link)).toEqual(['https://e.fr/1']);
    expect(scanItemSpans('<rss><item><link>https://e.fr/2</link></item></rss>')?.map((s) => s.link)).toEqual(['https://e.fr/2']);
  });

  it.each([
    ['Atom', '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id></entry></feed>'],
    ['a DOCTYPE', `<!DOCTYPE rss>${doc('<item><link>https://e.fr/a</link></item>')}`],
    ['a document cut short', doc('<item><link>https://e.fr/a</link></item><item><link>https://e.fr/b</li').slice(0, -17)],
    ['a close tag matching nothing', doc('<item><link>https://e.fr/a</link></item></item>')],
    ['an item without guid nor link', doc('<item><title>Sans lien</title></item>')],
    ['an empty item', doc('<item/>')],
    ['two links in an item', doc('<item><link>https://e.fr/a</link><link>https://e.fr/b</link></item>')],
    ['markup inside a link', doc('<item><link><a>https://e.fr/a</a></link></item>')],
    ['an HTML entity in a guid', doc('<item><guid>a&nbsp;b</guid></item>')],
    ['an HTML entity in text', doc('<item><link>https://e.fr/a</link><title>a&eacute;</title></item>')],
    ['an unquoted attribute', doc('<item lang=fr><link>https://e.fr/a</link></item>')],
    ['a "<" in an attribute', doc('<item><link>https://e.fr/a</link><x y="<"/></item>')],
    ['a name starting with a digit', doc('<item><link>https://e.fr/a</link><1x/></item>')],
    ['items in and beside the channel', `<rss><channel><item><link>https://e.fr/a</link></item></channel><item><link>https://e.fr/b</link></item></rss>`],
    ['a second channel', `<rss><channel><item><link>https://e.fr/a</link></item></channel><channel><item><link>https://e.fr/b</link></item></channel></rss>`],
    ['text after the root', `${doc('<item><link>https://e.fr/a</link></item>')}<b>Warning</b>`],
    ['text before the root', `Notice${doc('<item><link>https://e.fr/a</link></item>')}`],
    ['deep nesting', doc(`<item><link>https://e.fr/a</link><d>${'<p>'.repeat(100)}${'</p>'.repeat(100)}</d></item>`)],
  ])('gives up on %s', (_, xml) => {
    expect(scanItemSpans(xml)).toBeUndefined();
  });

  it('reads the identity the parser reads, whenever it answers (hostile corpus, and feeds with random bytes flipped)', async () => {
    const clean = Buffer.from(frenchRss(8, 0, [
      ...Array.from({ length: 6 }, (_, i) => frenchItem(i)),
      frenchItem(6, { link: 'https://e.fr/x?a=1&b=2', guid: '  g&7  ' }), frenchItem(7, { link: 'https://e.fr/x?a=1&b=2', guid: 'g8' }),
    ]));
    const random = seeded(21);
    const flips = [0x3c, 0x3e, 0x26, 0x5d, 0x22, 0x27, 0x2f, 0x21, 0x3d, 0x20];
    const bodies = hostileCorpus().map((b) => b.body);
    for (let n = 0; n < 150; n += 1) {
      const body = Buffer.from(clean);
      body[Math.floor(random() * body.length)] = flips[Math.floor(random() * flips.length)]!;
      bodies.push(body);
    }
    let answered = 0;
    for (const body of bodies) {
      const { text } = decodeFeedBody(body, 'application/rss+xml');
      const xml = flattenXhtml(sanitizeXml(text).xml);
      const spans = scanItemSpans(xml);
      if (spans === undefined) continue;
      answered += 1;
      const parsed = await parseFeedText(feed.id, xml, 'application/rss+xml');
      expect(parsed.partial).toBeUndefined();
      const identity = (entry: object) => {
        const { guid, link } = draftEntry(entry, feed, false).item;
        return { guid, link };
      };
      expect(spans.map((s) => identity({ guid: s.guid, link: s.link }))).toEqual(parsed.entries.map(identity));
    }
    expect(answered).toBeGreaterThan(20);
  });
});
