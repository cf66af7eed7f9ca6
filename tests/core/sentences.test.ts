import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/core/sentences.js';

describe('splitSentences', () => {
  it('splits on full stops, exclamation and question marks followed by a capital', () => {
    expect(splitSentences('Une panne. Les clients attendent ! Pourquoi ? Personne ne sait.').map((s) => s.text))
      .toEqual(['Une panne.', 'Les clients attendent !', 'Pourquoi ?', 'Personne ne sait.']);
  });

  it('does not split after abbreviations, initials or inside numbers', () => {
    const text = 'M. Dupont et le Dr. Martin ont vu J. Durand. La hausse est de 1.5 point. Fin.';
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      'M. Dupont et le Dr. Martin ont vu J. Durand.', 'La hausse est de 1.5 point.', 'Fin.',
    ]);
  });

  it('splits on line breaks and keeps offsets', () => {
    const text = 'Titre\nPremière phrase. « Citation finale. »';
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual(['Titre', 'Première phrase.', '« Citation finale. »']);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('knows abbreviations in any case, up to the longest, and splits after longer words', () => {
    const text = 'Selon MME. Durand et Approx. Dix agents, rien. Ils ont voté APPROXIMATIVEMENT. Puis dimanche. Fin.';
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      'Selon MME. Durand et Approx. Dix agents, rien.', 'Ils ont voté APPROXIMATIVEMENT.', 'Puis dimanche.', 'Fin.',
    ]);
  });

  it('does not split before a lowercase word', () => {
    expect(splitSentences('Il y avait etc. et ainsi de suite.').map((s) => s.text)).toEqual(['Il y avait etc. et ainsi de suite.']);
  });

  it('knows an abbreviation by its letters whatever their case, and nothing else for one', () => {
    for (const word of ['M', 'Mme', 'MME', 'mMe', 'Dr', 'DR', 'St', 'APPROX', 'Hab', 'J', 'É']) {
      expect(splitSentences(`Vu ${word}. Durand hier.`), word).toHaveLength(1);
    }
    // Not abbreviations: another letter, an accent, a longer word, a lower-case initial.
    for (const word of ['Mmé', 'Mmes2', 'Drs', 'Approxi', 'Ste\u0301', 'x', 'Kr', '\u212Ar', 'é']) {
      expect(splitSentences(`Vu ${word}. Durand hier.`), word).toHaveLength(2);
    }
  });
});
