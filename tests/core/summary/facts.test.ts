import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/core/cv.js';
import { contentWords, EXPLAINS, INFORMATIVE_PREFIXES, overlap, wordFacts } from '../../../src/core/summary/facts.js';

/** The plain reading: split on spaces, read each word from after its last apostrophe, test every prefix. */
function referenceFacts(folded: string): { informative: number; explains: boolean } {
  const seen = new Set<string>();
  let explains = false;
  for (const token of folded.split(' ')) {
    const word = token.slice(token.lastIndexOf("'") + 1);
    if (word.length < 4) continue;
    for (const p of INFORMATIVE_PREFIXES) if (word.startsWith(p)) seen.add(p);
    if (EXPLAINS.some((p) => word.startsWith(p))) explains = true;
  }
  return { informative: seen.size, explains };
}

const PIECES = [...INFORMATIVE_PREFIXES, ...EXPLAINS, 'l', 'd', 'qu', 'les', 'un', 'de', 'hors', 'hor', 'cyb', 'e', 's', 'ees', '1', '42', "'", ' ', '  '];

/** Folded-looking text: prefixes, their cuts and elisions glued in random ways. */
function generated(r: () => number): string {
  let out = '';
  const n = Math.floor(r() * 16);
  for (let i = 0; i < n; i += 1) {
    const piece = PIECES[Math.floor(r() * PIECES.length)] as string;
    out += r() < 0.3 ? piece.slice(0, Math.floor(r() * (piece.length + 1))) : piece;
    out += r() < 0.6 ? ' ' : r() < 0.5 ? "'" : '';
  }
  return out;
}

describe('wordFacts', () => {
  it('counts distinct informative prefixes and explaining words as the plain reading does', () => {
    const r = seededRandom(13);
    const facts = { informative: 0, explains: false };
    for (let i = 0; i < 5000; i += 1) {
      const folded = generated(r);
      wordFacts(folded, facts);
      expect(facts, folded).toEqual(referenceFacts(folded));
    }
  });

  it("reads a word from after its last apostrophe and counts a prefix once", () => {
    const facts = { informative: 0, explains: false };
    wordFacts("l'incident et l'incident d'origine inconnue sur le serveur", facts);
    expect(facts).toEqual({ informative: 3, explains: true });
    wordFacts("aujourd'hui tout va bien", facts);
    expect(facts).toEqual({ informative: 0, explains: false });
  });
});

describe('contentWords and overlap', () => {
  it('keeps words of four letters or more that are not stopwords', () => {
    expect([...contentWords('les sites des consulats sont inaccessibles depuis ce matin')]).toEqual(['sites', 'consulats', 'inaccessibles', 'matin']);
  });

  it('holds the words of split-and-filter on generated text', () => {
    const r = seededRandom(29);
    for (let i = 0; i < 2000; i += 1) {
      const folded = generated(r);
      const expected = new Set(folded.split(' ').filter((w) => w.length >= 4 && !['dans', 'avec', 'pour', 'sont', 'leur', 'leurs', 'cette', 'plus', 'tous', 'tout', 'aussi', 'depuis', 'selon'].includes(w)));
      expect(contentWords(folded)).toEqual(expected);
    }
  });

  it('is the share of the smaller set found in the other', () => {
    expect(overlap(new Set(['panne', 'reseau']), new Set(['panne', 'reseau', 'mairie']))).toBe(1);
    expect(overlap(new Set(['panne', 'mairie', 'reseau', 'ville']), new Set(['panne', 'gare']))).toBe(0.5);
    expect(overlap(new Set(), new Set(['panne']))).toBe(0);
  });
});
