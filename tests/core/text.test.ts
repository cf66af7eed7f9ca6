import { describe, expect, it } from 'vitest';
import { codeAt, fold, stem, words } from '../../src/core/text.js';

describe('fold', () => {
  it('lowercases, strips accents, expands œ/æ and keeps plain apostrophes', () => {
    expect(fold('L’Hôpital-Nord')).toBe("l'hopital nord");
    expect(fold('Cœur de réseau, Ægis')).toBe('coeur de reseau aegis');
  });

  it('turns punctuation and hyphens into single spaces', () => {
    expect(fold('  Cyber-attaque !!  (DDoS) ')).toBe('cyber attaque ddos');
  });
});

describe('words', () => {
  it('drops elided articles and pronouns', () => {
    expect(words(fold("L'hôpital d'instruction qu'il s'agit"))).toEqual(['hopital', 'instruction', 'il', 'agit']);
  });

  it('keeps words that merely start like an elision', () => {
    expect(words("aujourd'hui")).toEqual(['aujourd', 'hui']);
  });
});

describe('words, read in one pass', () => {
  // The definition: tokens split on spaces, parts on apostrophes, a part dropped when it is an
  // elision and its token starts with it and an apostrophe.
  const ELIDED = new Set(['l', 'd', 'qu', 's', 'n', 'j', 'm', 't', 'c', 'jusqu', 'lorsqu', 'puisqu']);
  const reference = (folded: string): string[] => folded.split(' ').flatMap((token) => token.split("'")
    .filter((part) => part.length > 0 && !(ELIDED.has(part) && token.startsWith(`${part}'`))));

  it("drops every part equal to the elision that opens its token, and only those", () => {
    expect(words("l'l'hopital d'l l'd")).toEqual(['hopital', 'l', 'd']);
    expect(words("x'l l' 'l ''  '")).toEqual(['x', 'l', 'l']);
    expect(words("qu'on jusqu'au lorsqu'il")).toEqual(['on', 'au', 'il']);
  });

  it('reads what the split definition reads, on random strings of spaces, apostrophes and short words', () => {
    const pieces = ['l', 'd', 'qu', 'jusqu', 'x', 'hopital', "'", "''", ' ', '  ', 'c', 'aux'];
    let seed = 11;
    const next = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor(seed / 65536) % n; };
    for (let k = 0; k < 3000; k++) {
      const text = Array.from({ length: next(30) }, () => pieces[next(pieces.length)]).join('');
      expect(words(text), JSON.stringify(text)).toEqual(reference(text));
    }
  });
});

describe('stem', () => {
  it('conflates plurals, feminines and participles', () => {
    expect(new Set(['pirate', 'pirates', 'piraté', 'piratées'].map((w) => stem(fold(w))))).toEqual(new Set(['pirat']));
    expect(stem('reseaux')).toBe('reseau');
  });

  it('keeps short words and double s', () => {
    expect(stem('pas')).toBe('pas');
    expect(stem('services')).toBe(stem('service'));
    expect(stem('express')).toBe('express');
  });
});

describe('codeAt', () => {
  it('reads the unit charCodeAt reads, from slices, concatenations and two-byte strings, and NaN past the end', () => {
    const base = 'Les équipes’ de la mairie de Valmont sont mobilisées';
    const strings = [base, base.slice(4, 40), `${base.slice(0, 20)}${base.slice(30)}`, 'plain ascii text', JSON.parse(JSON.stringify(base)) as string];
    for (const s of strings) {
      for (let i = 0; i <= s.length; i += 1) expect(Object.is(codeAt(s, i), s.charCodeAt(i)), `${s} @${i}`).toBe(true);
    }
    expect(codeAt('ab', 2)).toBeNaN();
  });
});
