import { describe, expect, it } from 'vitest';
import { fmix32, fnv1a } from '../../src/core/hash.js';

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
