import { describe, expect, it } from 'vitest';
import { fold, stem, words } from '../../src/core/text.js';

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
