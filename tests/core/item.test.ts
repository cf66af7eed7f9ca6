import { describe, expect, it } from 'vitest';
import { identifyItems, MAX_SUMMARY_CHARS, normaliseEntry, parseDate, type RawEntry, truncate } from '../../src/core/item.js';
import type { FeedConfig } from '../../src/core/feed-types.js';

const feed: FeedConfig = { id: 'veilleur', name: 'Le Veilleur numérique', url: 'https://www.leveilleur-numerique.fr/feed/', tags: [] };
const googleFeed: FeedConfig = {
  id: 'gn-cyber', name: 'Google Actualités « cyberattaque »', url: 'https://news.google.com/rss/search?q=cyberattaque&hl=fr&gl=FR&ceid=FR:fr', tags: [],
};

describe('normaliseEntry', () => {
  it('builds a NewsItem with plain-text title and summary, canonical link, date and categories', () => {
    const entry: RawEntry = {
      title: 'Cyberattaque : l&#039;hôpital <em>paralysé</em>',
      link: 'https://www.leveilleur-numerique.fr/securite/hopital/?utm_source=rss#comments',
      guid: 'https://www.leveilleur-numerique.fr/?p=48213',
      isoDate: '2024-02-12T08:41:00.000Z',
      content: '<p>Les urgences sont <strong>délestées</strong>.</p>',
      categories: ['Rançongiciel', { _: 'Santé', $: { domain: 'x' } }],
    };
    expect(normaliseEntry(entry, feed)).toEqual({
      id: 'https://www.leveilleur-numerique.fr/securite/hopital',
      feedId: 'veilleur',
      source: 'Le Veilleur numérique',
      title: "Cyberattaque : l'hôpital paralysé",
      link: 'https://www.leveilleur-numerique.fr/securite/hopital',
      guid: 'https://www.leveilleur-numerique.fr/?p=48213',
      summary: 'Les urgences sont délestées.',
      publishedAt: Date.UTC(2024, 1, 12, 8, 41),
      categories: ['Rançongiciel', 'Santé'],
    });
  });

  it('picks the richest of content:encoded, description, summary and snippet', () => {
    const entry: RawEntry = {
      title: 'Panne chez un hébergeur',
      link: 'https://example.fr/a',
      content: '<p>Court.</p>',
      'content:encoded': '<p>Un incident réseau a touché le cœur de réseau de l’hébergeur.</p><p>Les sites clients étaient injoignables.</p>',
      summary: 'Résumé moyen de la panne.',
      contentSnippet: 'Court.',
    };
    expect(normaliseEntry(entry, feed).summary).toBe(
      'Un incident réseau a touché le cœur de réseau de l’hébergeur.\nLes sites clients étaient injoignables.',
    );
  });

  it('caps the summary at about 5,000 characters on a word boundary', () => {
    const long = `<p>${'panne '.repeat(2000)}</p>`;
    const summary = normaliseEntry({ title: 't', link: 'https://example.fr/a', content: long }, feed).summary;
    expect(summary.length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
    expect(summary.endsWith('panne…')).toBe(true);
  });

  it('drops a summary that only repeats the title', () => {
    const item = normaliseEntry({ title: 'Fuite de données à la CAF', link: 'https://example.fr/a', content: '<p>Fuite de données à la CAF</p>' }, feed);
    expect(item.summary).toBe('');
  });

  it('uses the guid as id when there is no link, and as link when it is a URL', () => {
    const noLink = normaliseEntry({ title: 'Brève', guid: 'urn:actu:breve:8812' }, feed);
    expect(noLink.id).toBe('urn:actu:breve:8812');
    expect(noLink.link).toBeUndefined();
    const permalink = normaliseEntry({ title: 'Brève', guid: 'https://example.fr/breve/8812/?utm_medium=feed' }, feed);
    expect(permalink.link).toBe('https://example.fr/breve/8812');
    expect(permalink.id).toBe('https://example.fr/breve/8812');
  });

  it('uses the Atom id when there is no link', () => {
    expect(normaliseEntry({ title: 'Alerte', id: 'tag:cert.example,2024:alerte-17' }, feed).id).toBe('tag:cert.example,2024:alerte-17');
  });

  it('gives an item without link or guid a stable synthetic id from feed, title and date', () => {
    const entry: RawEntry = { title: 'Note de la rédaction', pubDate: 'Fri, 09 Feb 2024 08:00:00 GMT' };
    const a = normaliseEntry(entry, feed);
    const b = normaliseEntry({ ...entry }, feed);
    expect(a.id).toMatch(/^urn:vigie:[0-9a-f]{16}$/);
    expect(b.id).toBe(a.id);
    expect(normaliseEntry({ ...entry, title: 'Autre note' }, feed).id).not.toBe(a.id);
    expect(normaliseEntry(entry, { ...feed, id: 'autre-flux' }).id).not.toBe(a.id);
    expect(normaliseEntry({ ...entry, pubDate: 'Sat, 10 Feb 2024 08:00:00 GMT' }, feed).id).not.toBe(a.id);
  });

  it('leaves publishedAt undefined when the date is missing or unparsable', () => {
    expect(normaliseEntry({ title: 'a', link: 'https://e.fr/a' }, feed).publishedAt).toBeUndefined();
    expect(normaliseEntry({ title: 'a', link: 'https://e.fr/a', pubDate: 'hier soir' }, feed).publishedAt).toBeUndefined();
  });

  it('reads Dublin Core dates of RDF feeds', () => {
    expect(normaliseEntry({ title: 'a', link: 'https://e.fr/a', date: '2024-02-07T11:20:00+01:00' }, feed).publishedAt).toBe(
      Date.UTC(2024, 1, 7, 10, 20),
    );
  });

  it('reads Atom category terms and Dublin Core subjects, without duplicates', () => {
    const item = normaliseEntry({
      title: 'a', link: 'https://e.fr/a',
      rawCategories: [{ $: { term: 'Hameçonnage' } }, { $: { term: 'Alerte' } }],
      subjects: ['Alerte', 'Santé'],
    }, feed);
    expect(item.categories).toEqual(['Hameçonnage', 'Alerte', 'Santé']);
  });

  it('takes the title from the summary when the entry has none', () => {
    const item = normaliseEntry({ link: 'https://e.fr/a', content: '<p>Le site de la préfecture est inaccessible.</p><p>Suite.</p>' }, feed);
    expect(item.title).toBe('Le site de la préfecture est inaccessible.');
  });

  it('ignores element objects without text instead of failing', () => {
    const item = normaliseEntry({ title: { $: { type: 'html' } }, link: { $: { href: 'x' } }, guid: 'g-1', content: 'texte' }, feed);
    expect(item).toMatchObject({ id: 'g-1', title: 'texte', summary: 'texte' });
  });

  describe('Google News entries', () => {
    const token = Buffer.from([0x08, 0x13, 0x22, 0x2b, ...Buffer.from('https://www.ouest-france.fr/caen/cyber-1234'), 0xd2, 0x01, 0x00]).toString('base64url');

    it('takes the publisher from <source>, strips it from the title, unwraps the link and drops the aggregator HTML', () => {
      const entry: RawEntry = {
        title: 'Cyberattaque à la mairie de Caen : les services coupés - Ouest-France',
        link: `https://news.google.com/rss/articles/${token}?oc=5`,
        guid: token,
        pubDate: 'Mon, 12 Feb 2024 08:03:00 GMT',
        content: `<a href="https://news.google.com/rss/articles/${token}?oc=5">Cyberattaque à la mairie de Caen : les services coupés</a>&nbsp;&nbsp;<font color="#6f6f6f">Ouest-France</font>`,
        sourceName: 'Ouest-France',
      };
      const item = normaliseEntry(entry, googleFeed);
      expect(item).toMatchObject({
        source: 'Ouest-France',
        title: 'Cyberattaque à la mairie de Caen : les services coupés',
        link: 'https://www.ouest-france.fr/caen/cyber-1234',
        id: 'https://www.ouest-france.fr/caen/cyber-1234',
        summary: '',
      });
    });

    it('falls back to the title suffix when there is no <source>', () => {
      const item = normaliseEntry({ title: 'Panne géante chez Free - Le Parisien', link: 'https://news.google.com/rss/articles/CBMiXYZabc123456789?oc=5' }, googleFeed);
      expect(item.source).toBe('Le Parisien');
      expect(item.title).toBe('Panne géante chez Free');
    });

    it('does not strip " - " suffixes from ordinary feeds', () => {
      expect(normaliseEntry({ title: 'Cyberattaque - ce que l’on sait', link: 'https://e.fr/a' }, feed).title).toBe('Cyberattaque - ce que l’on sait');
    });
  });
});

describe('parseDate', () => {
  it('parses RFC 822 and ISO 8601 dates', () => {
    expect(parseDate('Mon, 12 Feb 2024 09:41:00 +0100')).toBe(Date.UTC(2024, 1, 12, 8, 41));
    expect(parseDate('2024-02-12T08:41:00Z')).toBe(Date.UTC(2024, 1, 12, 8, 41));
  });

  it('parses French day and month names', () => {
    expect(parseDate('lun., 12 févr. 2024 09:41:00 +0100')).toBe(Date.UTC(2024, 1, 12, 8, 41));
    expect(parseDate('mardi 5 mars 2024 14h30 GMT')).toBe(Date.UTC(2024, 2, 5, 14, 30));
    expect(parseDate('12 décembre 2023 08:00 +0000')).toBe(Date.UTC(2023, 11, 12, 8, 0));
  });

  it('returns undefined for nonsense and empty strings', () => {
    expect(parseDate('bientôt')).toBeUndefined();
    expect(parseDate('')).toBeUndefined();
    expect(parseDate(undefined)).toBeUndefined();
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text at a word with an ellipsis', () => {
    expect(truncate('court', 10)).toBe('court');
    expect(truncate('une panne très longue à décrire', 20)).toBe('une panne très…');
  });
});

describe('identifyItems', () => {
  const item = (link: string | undefined, guid: string | undefined, title = 'Épisode') => {
    const entry: RawEntry = { title, ...(link ? { link } : {}), ...(guid ? { guid } : {}) };
    return normaliseEntry(entry, feed);
  };

  it('gives items that share one link under different guids an id of their own each, keeping the link', () => {
    const items = identifyItems([item('https://podcast.example/', 'ep-1'), item('https://podcast.example/', 'ep-2'), item('https://podcast.example/a', 'ep-3')]);
    expect(new Set(items.map((i) => i.id)).size).toBe(3);
    expect(items[0]?.id).toMatch(/^urn:vigie:[0-9a-f]{16}$/);
    expect(items[0]?.link).toBe('https://podcast.example/');
    expect(items[2]?.id).toBe('https://podcast.example/a');
  });

  it('keeps the link as id when the items sharing it have the same guid (one item listed twice)', () => {
    const items = identifyItems([item('https://e.fr/a', 'x'), item('https://e.fr/a', 'x')]);
    expect(items.map((i) => i.id)).toEqual(['https://e.fr/a', 'https://e.fr/a']);
  });

  it('drops a guid that several items with different links carry: it identifies nothing', () => {
    const items = identifyItems([item('https://e.fr/a', 'same'), item('https://e.fr/b', 'same'), item('https://e.fr/c', 'own')]);
    expect(items.map((i) => i.guid)).toEqual([undefined, undefined, 'own']);
    expect(items.map((i) => i.id)).toEqual(['https://e.fr/a', 'https://e.fr/b', 'https://e.fr/c']);
  });
});
