/**
 * Reading a feed with a `known` predicate (the seen marks a poller holds): items it recognises are
 * flagged and left without their summary; every other item is exactly what a plain read gives.
 */
import { describe, expect, it } from 'vitest';
import { seenMarkKey } from '../../src/core/dedup.js';
import { parseItems, type ParseJob } from '../../src/feeds/items.js';

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

describe('parseItems with the seen marks a poller holds', () => {
  it('gives every item not recognised exactly as a plain read does, and flags the recognised ones, leaving out their summary', async () => {
    const plain = await parseItems(job);
    expect(plain.items.length).toBeGreaterThanOrEqual(8);
    expect(plain.known).toBeUndefined();
    const keys = plain.items.map(seenMarkKey);
    // Every other item is known, then none, then all: each time the unknown ones match the plain read.
    for (const pick of [(i: number) => i % 2 === 0, () => false, () => true]) {
      const marks = new Set(keys.filter((_, i) => pick(i)));
      const read = await parseItems(job, (mark) => marks.has(mark));
      expect(read.items.map((item) => item.id)).toEqual(plain.items.map((item) => item.id));
      expect(read.known).toEqual(keys.map((key) => marks.has(key)));
      read.items.forEach((item, i) => {
        if (read.known![i]) {
          // Left out, unless the title was made from it (the untitled item).
          expect(item.summary).toBe(item.link === 'https://presse.example/sans-titre' ? plain.items[i]!.summary : '');
          expect(seenMarkKey(item)).toBe(keys[i]);
        } else {
          expect(item).toEqual(plain.items[i]);
        }
      });
    }
  });

  it('keeps the title an untitled item takes from its summary, known or not', async () => {
    const plain = await parseItems(job);
    const untitled = plain.items.find((item) => item.link === 'https://presse.example/sans-titre')!;
    expect(untitled.title).toMatch(/^Panne du réseau à Kerbourg/);
    const read = await parseItems(job, (mark) => mark === seenMarkKey(untitled));
    expect(read.items.find((item) => item.id === untitled.id)?.title).toBe(untitled.title);
  });
});
