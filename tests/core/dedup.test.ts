import { describe, expect, it } from 'vitest';
import { dedupKeys, MIN_TITLE_WORDS, titleKeyBody } from '../../src/core/dedup.js';
import { makeItem } from '../helpers/builders.js';

describe('dedupKeys', () => {
  it('keys an item by its link without scheme or www, and by its folded title', () => {
    const item = makeItem({ link: 'https://www.example.fr/a', title: 'Cyberattaque : l’hôpital de Valmont paralysé par un rançongiciel' });
    expect(dedupKeys(item)).toEqual(['u:example.fr/a', 't:cyberattaque hopital de valmont paralyse par un rancongiciel']);
  });

  it('gives http and https, www and bare host the same URL key', () => {
    const a = dedupKeys(makeItem({ link: 'http://example.fr/a', title: 'court' }));
    const b = dedupKeys(makeItem({ link: 'https://www.example.fr/a', title: 'court' }));
    expect(a).toEqual(b);
  });

  it('gives the same title key to wire copies that differ in case, accents and punctuation', () => {
    const a = makeItem({ link: 'https://a.fr/1', title: 'Panne géante : les numéros d’urgence injoignables dans l’Ouest' });
    const b = makeItem({ link: 'https://b.fr/2', title: 'PANNE GEANTE - Les numeros d\'urgence injoignables dans l\'Ouest !' });
    expect(dedupKeys(a)[1]).toBe(dedupKeys(b)[1]);
    expect(dedupKeys(a)[0]).not.toBe(dedupKeys(b)[0]);
  });

  it('adds no title key for titles shorter than six words', () => {
    expect(MIN_TITLE_WORDS).toBe(6);
    expect(dedupKeys(makeItem({ link: 'https://a.fr/1', title: 'Panne chez Orange' }))).toEqual(['u:a.fr/1']);
    expect(titleKeyBody('Panne chez Orange ce matin')).toBeUndefined();
    expect(titleKeyBody('Panne chez Orange ce matin encore')).toBe('panne chez orange ce matin encore');
  });

  it('keys an item without link by feed and id', () => {
    const item = makeItem({ id: 'urn:actu:breve:8812', title: 'Brève', feedId: 'actu' });
    delete item.link;
    expect(dedupKeys(item)).toEqual(['g:actu:urn:actu:breve:8812']);
  });

  it('hashes long keys so every key stays short', () => {
    const link = `https://news.google.com/rss/articles/${'CBMiAbCdEfGh'.repeat(20)}`;
    const title = 'Cyberattaque '.repeat(30);
    const keys = dedupKeys(makeItem({ link, title }));
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key.length).toBeLessThanOrEqual(100);
    expect(keys[0]).toMatch(/^u:#[0-9a-f]{16}$/);
    expect(keys[1]).toMatch(/^t:#[0-9a-f]{16}$/);
    expect(dedupKeys(makeItem({ link, title }))).toEqual(keys);
  });
});

