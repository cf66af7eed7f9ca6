/**
 * Reading a feed with a `known` predicate (the seen marks a poller holds): items it recognises are
 * flagged and not parsed (only their identity is read) or, in a document the item scan cannot read
 * exactly, left without their summary; every other item is exactly what a plain read gives.
 */
import { describe, expect, it } from 'vitest';
import { seenMarkKey } from '../../src/core/dedup.js';
import { parseItems, type ParseJob } from '../../src/feeds/items.js';
import { frenchItem, frenchRss, seeded } from '../helpers/hostile-feeds.js';

const feed = { id: 'presse', name: 'Presse', url: 'https://presse.example/rss.xml', tags: [] };

/** A feed with the shapes that change identity or summary: HTML, no title, no link, shared links, a guid on two links, mojibake. */
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Presse</title><link>https://presse.example/</link><description>d</description>
<item><title>Cyberattaque contre la mairie de Valmont</title><link>https://presse.example/a?utm_source=rss</link>
  <description><![CDATA[<p>La mairie de <b>Valmont</b> est victime d’un rançongiciel.</p><p>Laisser un commentaire</p>]]></description>
  <pubDate>Mon, 12 Feb 2024 09:00:00 GMT</pubDate></item>
<item><title></title><link>https://presse.example/sans-titre</link>
  <description>Panne du réseau à Kerbourg. Les abonnés sont privés d’internet depuis ce matin.</description></item>
<item><title>Un salon du numérique</title><guid isPermaLink="false">salon-2024</guid><description>Quarante exposants.</description></item>
<item><title>Direct : la panne</title><link>https://presse.example/direct</link><guid isPermaLink="false">direct-1</guid><description>Première mise à jour.</description></item>
<item><title>Direct : la panne (suite)</title><link>https://presse.example/direct</link><guid isPermaLink="false">direct-2</guid><description>Deuxième mise à jour.</description></item>
<item><title>Même guid, lien A</title><link>https://presse.example/x</link><guid isPermaLink="false">dup</guid><description>A.</description></item>
<item><title>Même guid, lien B</title><link>https://presse.example/y</link><guid isPermaLink="false">dup</guid><description>B.</description></item>
<item><title>Les donn&amp;Atilde;&amp;copy;es d’un hôpital</title><link>https://presse.example/donnees</link><description>Des donn&amp;Atilde;&amp;copy;es de patients dérobées.</description></item>
<item><title>Cyberattaque contre la mairie de Valmont</title><link>https://presse.example/a</link><description>Doublon.</description></item>
<item><title>Le même texte</title><link>https://presse.example/meme</link><description>Le même texte</description></item>
</channel></rss>`;

const job: ParseJob = { feed, text: XML, status: 200 };

/** The same feed with a second link in its last item: the item scan gives up on it, the parser takes the first. */
const UNSCANNED: ParseJob = { ...job, text: XML.replace('/meme</link>', '/meme</link><link>https://presse.example/autre</link>') };

describe('parseItems with the seen marks a poller holds', () => {
  it.each([['a document the item scan reads', job], ['a document the item scan gives up on', UNSCANNED]])(
    'in %s, gives every item not recognised exactly as a plain read does, and flags the recognised ones',
    async (_, read) => {
      const plain = await parseItems(read);
      expect(plain.items.length).toBeGreaterThanOrEqual(8);
      expect(plain.known).toBeUndefined();
      const keys = plain.items.map(seenMarkKey);
      // Every other item is known, then none, then all: each time the unknown ones match the plain read.
      for (const pick of [(i: number) => i % 2 === 0, () => false, () => true]) {
        const marks = new Set(keys.filter((_, i) => pick(i)));
        const got = await parseItems(read, (mark) => marks.has(mark));
        expect(got.items.map((item) => item.id)).toEqual(plain.items.map((item) => item.id));
        expect(got.known).toEqual(keys.map((key) => marks.has(key)));
        got.items.forEach((item, i) => {
          if (got.known![i]) expect(seenMarkKey(item)).toBe(keys[i]);
          else expect(item).toEqual(plain.items[i]);
        });
      }
    },
  );

  it('does not parse the items it recognises: they stand as their identity, without title, summary or date', async () => {
    const plain = await parseItems(job);
    const marks = new Set(plain.items.map(seenMarkKey));
    const got = await parseItems(job, (mark) => marks.has(mark));
    expect(got.known?.every(Boolean)).toBe(true);
    for (const item of got.items) {
      expect(item).toMatchObject({ title: '', summary: '', categories: [] });
      expect(item.publishedAt).toBeUndefined();
    }
  });

  it('in a document the item scan gives up on, only leaves out the summary of recognised items, and keeps the title an untitled one takes from it', async () => {
    const plain = await parseItems(UNSCANNED);
    const untitled = plain.items.find((item) => item.link === 'https://presse.example/sans-titre')!;
    expect(untitled.title).toMatch(/^Panne du réseau à Kerbourg/);
    const marks = new Set(plain.items.map(seenMarkKey));
    const got = await parseItems(UNSCANNED, (mark) => marks.has(mark));
    expect(got.items.find((item) => item.id === untitled.id)).toMatchObject({ title: untitled.title, summary: untitled.summary });
    for (const item of got.items) if (item.id !== untitled.id) expect(item.summary).toBe('');
  });

  it('gives the items a plain read gives, whatever is known, in feeds with random bytes flipped', async () => {
    const clean = Buffer.from(frenchRss(10, 0, [
      ...Array.from({ length: 8 }, (_, i) => frenchItem(i)),
      frenchItem(8, { link: 'https://e.fr/direct', guid: 'direct-1' }), frenchItem(9, { link: 'https://e.fr/direct', guid: 'direct-2' }),
    ]));
    const random = seeded(31);
    const flips = [0x3c, 0x3e, 0x26, 0x5d, 0x22, 0x2f, 0x21, 0x3d, 0x20, 0x61];
    for (let n = 0; n < 120; n += 1) {
      const body = Buffer.from(clean);
      body[Math.floor(random() * body.length)] = flips[Math.floor(random() * flips.length)]!;
      const read: ParseJob = { feed, text: body.toString('utf8'), status: 200 };
      const plain = await parseItems(read).catch((error: unknown) => error as Error);
      const keys = plain instanceof Error ? [] : plain.items.map(seenMarkKey);
      const marks = new Set(keys.filter(() => random() < 0.6));
      const got = await parseItems(read, (mark) => marks.has(mark)).catch((error: unknown) => error as Error);
      if (plain instanceof Error || got instanceof Error) {
        expect(String(got)).toBe(String(plain));
        continue;
      }
      expect(got.partial).toBe(plain.partial);
      expect(got.items.map((item) => item.id)).toEqual(plain.items.map((item) => item.id));
      expect(got.known).toEqual(keys.map((key) => marks.has(key)));
      got.items.forEach((item, i) => {
        if (!got.known![i]) expect(item).toEqual(plain.items[i]);
      });
    }
  });
});
