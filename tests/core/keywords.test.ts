import { describe, expect, it } from 'vitest';
import {
  addKeywords, compileTerm, MAX_KEYWORDS, parseKeywordArgs, removeKeywords, stemWord,
} from '../../src/core/keywords.js';

function parsed(input: string): { keywords: string[]; exclusions: string[] } {
  const result = parseKeywordArgs(input);
  if (!result.ok) throw new Error(`expected ${input} to parse: ${result.error.message.en}`);
  return { keywords: result.keywords, exclusions: result.exclusions };
}

function refusal(input: string): string {
  const result = parseKeywordArgs(input);
  if (result.ok) throw new Error(`expected ${input} to be refused`);
  return result.error.code;
}

describe('parseKeywordArgs', () => {
  it('splits on commas and keeps multi-word phrases whole', () => {
    expect(parsed('hôpital, mairie de Marseille ,  ransom*')).toEqual({
      keywords: ['hôpital', 'mairie de Marseille', 'ransom*'], exclusions: [],
    });
  });

  it('splits on spaces when there is no comma, keeping "quoted phrases" whole', () => {
    expect(parsed('hôpital "mairie de Marseille" ransomware')).toEqual({
      keywords: ['hôpital', 'mairie de Marseille', 'ransomware'], exclusions: [],
    });
  });

  it('understands « guillemets » and typographic “quotes”', () => {
    expect(parsed('« centre hospitalier » “conseil départemental”').keywords)
      .toEqual(['centre hospitalier', 'conseil départemental']);
  });

  it('treats -mot and -"phrase" as exclusions, stored without the dash', () => {
    expect(parsed('hôpital -exercice -"test de charge"')).toEqual({
      keywords: ['hôpital'], exclusions: ['exercice', 'test de charge'],
    });
    expect(parsed('cyber, -simulation').exclusions).toEqual(['simulation']);
  });

  it('keeps hyphens inside words (Île-de-France is not an exclusion)', () => {
    expect(parsed('Île-de-France')).toEqual({ keywords: ['Île-de-France'], exclusions: [] });
  });

  it('collapses duplicates that differ only by case, accents or plural', () => {
    expect(parsed('Hôpital, hopital, hôpitaux').keywords).toEqual(['Hôpital']);
  });

  it('refuses an empty argument and terms without letters', () => {
    expect(refusal('')).toBe('empty_input');
    expect(refusal(' , ; ')).toBe('empty_input');
    expect(refusal('hôpital, -')).toBe('empty_term');
    expect(refusal('"!!!"')).toBe('empty_term');
  });

  it('refuses a keyword of 65 characters and accepts one of 64', () => {
    expect(refusal('a'.repeat(65))).toBe('too_long');
    expect(parsed('a'.repeat(64)).keywords).toEqual(['a'.repeat(64)]);
    expect(refusal(`-${'é'.repeat(65)}`)).toBe('too_long');
  });

  it('accepts * only at the end, after at least 3 letters', () => {
    expect(refusal('*ware')).toBe('bad_star');
    expect(refusal('ran*som')).toBe('bad_star');
    expect(refusal('ra*')).toBe('prefix_too_short');
    expect(parsed('ran*').keywords).toEqual(['ran*']);
  });

  it('refuses a function word on its own (an unquoted phrase), but accepts it inside a phrase', () => {
    expect(refusal('mairie de Lyon')).toBe('too_common');
    expect(parsed('"mairie de Lyon"').keywords).toEqual(['mairie de Lyon']);
    expect(parsed('mairie de Lyon, hôpital').keywords).toEqual(['mairie de Lyon', 'hôpital']);
  });

  it('gives every refusal in French and English, naming the term', () => {
    const result = parseKeywordArgs(`hôpital, ${'x'.repeat(70)}`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message.fr).toContain('64 caractères');
    expect(result.error.message.en).toContain('64 characters');
    expect(result.error.term).toBe('x'.repeat(70));
  });

  it('never treats input as a regular expression: regex syntax is just punctuation', () => {
    expect(refusal('.*')).toBe('empty_term');
    expect(refusal('(.+)+$')).toBe('empty_term');
    expect(compileTerm('[a-z]+')?.words).toEqual(['a', 'z']);
  });
});

describe('compileTerm and stemWord', () => {
  it('folds case, accents and elisions and stems French plurals', () => {
    expect(compileTerm("L'Hôpitaux")).toEqual({ words: ['hopital'], prefix: false, key: 'hopital' });
    expect(compileTerm('Centres Hospitaliers')?.key).toBe('centre hospitalier');
    expect(compileTerm('ransom*')).toEqual({ words: ['ransom'], prefix: true, key: 'ransom*' });
  });

  it('applies the simple plural rules: s, x after eau/eu/ou, aux → al, but not -ss', () => {
    expect(stemWord('hopitaux')).toBe('hopital');
    expect(stemWord('hopitals')).toBe('hopital');
    expect(stemWord('reseaux')).toBe('reseau');
    expect(stemWord('jeux')).toBe('jeu');
    expect(stemWord('attaques')).toBe('attaque');
    expect(stemWord('acces')).toBe('acce');
    expect(stemWord('stress')).toBe('stress');
    expect(stemWord('les')).toBe('les');
  });
});

describe('addKeywords and removeKeywords', () => {
  it('adds only new terms and reports them, exclusions with their dash', () => {
    const result = addKeywords({ keywords: ['hôpital'], exclusions: [] }, parsed('Hôpitaux, mairie, -exercice'));
    expect(result).toMatchObject({ ok: true, keywords: ['hôpital', 'mairie'], exclusions: ['exercice'], added: ['mairie', '-exercice'] });
  });

  it('moves a term from keywords to exclusions when re-added with a dash', () => {
    const result = addKeywords({ keywords: ['test', 'hôpital'], exclusions: [] }, parsed('-test'));
    expect(result).toMatchObject({ ok: true, keywords: ['hôpital'], exclusions: ['test'] });
  });

  it('refuses the 51st term, exclusions included, and accepts the 50th', () => {
    const current = {
      keywords: Array.from({ length: 40 }, (_, i) => `ville${i}`),
      exclusions: Array.from({ length: 9 }, (_, i) => `bruit${i}`),
    };
    const fiftieth = addKeywords(current, parsed('ville40'));
    expect(fiftieth.ok).toBe(true);
    if (!fiftieth.ok) return;
    expect(fiftieth.keywords.length + fiftieth.exclusions.length).toBe(MAX_KEYWORDS);
    const refused = addKeywords(fiftieth, parsed('-bruit9'));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('too_many');
  });

  it('removes a term from keywords and exclusions whatever its spelling, and reports the missing ones', () => {
    const result = removeKeywords({ keywords: ['Hôpital', 'mairie'], exclusions: ['exercice'] }, parsed('hopitaux, -exercice, inconnu'));
    expect(result).toEqual({ keywords: ['mairie'], exclusions: [], removed: ['Hôpital', '-exercice'], missing: ['inconnu'] });
  });
});
