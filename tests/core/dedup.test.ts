import { describe, expect, it } from 'vitest';
import { dedupKeys, fnv1a64, MIN_TITLE_WORDS, titleKeyBody } from '../../src/core/dedup.js';
import { makeItem } from '../helpers/builders.js';

describe('fnv1a64', () => {
  it('matches the published FNV-1a 64 test vectors', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('hashes exactly the bytes TextEncoder writes: 1- to 4-byte characters, and a lone surrogate as U+FFFD', () => {
    const texts = ['a', 'é', '’', '€', '😀', 'x\ud83d', '\ude00y', '\udc00\ud800', 'g:flux-1:Panne géante chez l’hébergeur 😀'];
    let seed = 7;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8;
    for (let n = 0; n < 500; n++) {
      let text = '';
      for (let k = next() % 16; k > 0; k--) {
        const pick = next() % 4;
        text += String.fromCharCode(pick === 0 ? next() % 0x80 : pick === 1 ? 0x80 + (next() % 0x780) : pick === 2 ? 0xd800 + (next() % 0x800) : next() % 0x10000);
      }
      texts.push(text);
    }
    for (const text of texts) expect(fnv1a64(text), JSON.stringify(text)).toBe(referenceFnv1a64(text));
  });

  it('hashes the UTF-8 bytes, so accented text is stable and distinct', () => {
    expect(fnv1a64('rançongiciel')).toBe(fnv1a64('rançongiciel'));
    expect(fnv1a64('rançongiciel')).not.toBe(fnv1a64('rancongiciel'));
  });
});

/** FNV-1a 64 as its definition reads, in BigInt over TextEncoder's bytes. */
function referenceFnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

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

