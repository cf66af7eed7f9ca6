import { describe, expect, it } from 'vitest';
import { fmix32, fnv1a, fnv1a64 } from '../../src/core/hash.js';

describe('fnv1a', () => {
  it('gives the published FNV-1a 32-bit values for ASCII strings', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });
});

describe('fmix32', () => {
  it('maps 0 to 0 and spreads a one-bit change over many output bits', () => {
    expect(fmix32(0)).toBe(0);
    const bits = (x: number): number => x.toString(2).replace(/0/g, '').length;
    expect(bits(fmix32(1) ^ fmix32(2))).toBeGreaterThan(8);
  });
});

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
