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
