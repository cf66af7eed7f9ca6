/**
 * Item identity through the feed reader: guid when there is one, link otherwise, and dedup keys
 * that keep every key the previous version claimed, so that an upgrade re-announces nothing.
 */
import { describe, expect, it } from 'vitest';
import { dedupKeys, seenMarkKey } from '../../src/core/dedup.js';
import { parseItems } from '../../src/feeds/items.js';

const feed = { id: 'presse', name: 'Presse', url: 'https://presse.example/rss', tags: [] };
const text = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Cyberattaque : le centre hospitalier de Valmont paralysé par un rançongiciel</title><link>https://www.infos-regions.example/valmont-hopital?utm_source=rss</link><guid isPermaLink="false">infos-regions-48213</guid></item>
<item><title>Panne géante</title><link>https://telecoms.example/panne</link><guid>https://telecoms.example/panne</guid></item>
<item><title>Fuite de données à la mairie de Lunel : 12 000 administrés concernés</title><guid isPermaLink="false">lunel-2024-03</guid></item>
<item><title>Sans lien ni guid</title><pubDate>Mon, 04 Mar 2024 08:00:00 GMT</pubDate></item>
</channel></rss>`;

// Ids, claim keys and seen marks the version before guid identity produced for these four entries
// (link and guid; guid equal to the link; guid only; neither), printed by that version's parseItems.
const BEFORE = [
  { id: 'https://www.infos-regions.example/valmont-hopital', keys: ['u:infos-regions.example/valmont-hopital', 't:cyberattaque le centre hospitalier de valmont paralyse par un rancongiciel'], mark: 'h:u:infos-regions.example/valmont-hopital' },
  { id: 'https://telecoms.example/panne', keys: ['u:telecoms.example/panne'], mark: 'h:u:telecoms.example/panne' },
  { id: 'lunel-2024-03', keys: ['g:presse:lunel-2024-03', 't:fuite de donnees a la mairie de lunel 12 000 administres concernes'], mark: 'h:g:presse:lunel-2024-03' },
  { id: 'urn:vigie:c00184cf2e910c5d', keys: ['g:presse:urn:vigie:c00184cf2e910c5d'], mark: 'h:g:presse:urn:vigie:c00184cf2e910c5d' },
];

describe('item identity across the upgrade', () => {
  it('keeps the id (the claim owner), every claim key and the seen mark of items read before', async () => {
    const { items } = await parseItems({ feed, text, status: 200 });
    expect(items.map((i) => i.id)).toEqual(BEFORE.map((b) => b.id));
    items.forEach((item, n) => {
      expect(dedupKeys(item)).toEqual(expect.arrayContaining(BEFORE[n]!.keys));
      expect(seenMarkKey(item)).toBe(BEFORE[n]!.mark);
    });
  });

  it('adds only a guid key to an item with link and guid', async () => {
    const [first] = (await parseItems({ feed, text, status: 200 })).items;
    expect(dedupKeys(first!)).toEqual([BEFORE[0]!.keys[0], 'g:presse:infos-regions-48213', BEFORE[0]!.keys[1]]);
  });

  it('claims items sharing one link under their guids, without the shared link key', async () => {
    const shared = `<rss version="2.0"><channel><title>Podcast</title>
      <item><title>Épisode 1</title><link>https://podcast.example/</link><guid>ep-1</guid></item>
      <item><title>Épisode 2</title><link>https://podcast.example/</link><guid>ep-2</guid></item></channel></rss>`;
    const [a, b] = (await parseItems({ feed, text: shared, status: 200 })).items;
    expect(dedupKeys(a!)).toEqual(['g:presse:ep-1']);
    expect(dedupKeys(b!)).toEqual(['g:presse:ep-2']);
    expect(seenMarkKey(a!)).toBe('h:g:presse:ep-1');
    expect(a!.id).not.toBe(b!.id);
  });
});
