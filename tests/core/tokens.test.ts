import { describe, expect, it } from 'vitest';
import { fold, words } from '../../src/core/text.js';
import { tokenize } from '../../src/core/tokens.js';

describe('tokenize', () => {
  it('folds like fold() and keeps offsets into the original text', () => {
    const text = 'L’Œuvre du Ministère';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.norm)).toEqual(['l', 'oeuvre', 'du', 'ministere']);
    const last = tokens[3];
    expect(last && text.slice(last.start, last.end)).toBe('Ministère');
    expect(last?.cap).toBe(true);
  });

  it('flags elisions instead of dropping them', () => {
    const tokens = tokenize("d'une attaque");
    expect(tokens.map((t) => [t.norm, t.elided])).toEqual([['d', true], ['une', false], ['attaque', false]]);
  });

  it('tokenises only the requested range', () => {
    expect(tokenize('abc def ghi', 4, 7).map((t) => t.norm)).toEqual(['def']);
  });
});

describe('fold and tokenize agree with the reference regex folding', () => {
  const APOSTROPHES = /[\u2019\u2018\u02bc\u0060\u00b4\u2032]/g;
  const reference = (t: string): string => t.toLowerCase().replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(APOSTROPHES, "'")
    .normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9']+/g, ' ').trim();
  const pools = [...'aàâäéèêëïîôöùûüÿçœæÀÉÈÊÇŒÆ’‘ʼ`´′\'"«»-–—.,;:!?() \t\n\u00a0abcxyzABCXYZ0129lLdqunstßİıſﬁếỆΣσ½²', 'e\u0301', '😀'];
  let seed = 12345;
  const random = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const samples = Array.from({ length: 5000 }, () => Array.from({ length: random(24) }, () => pools[random(pools.length)]).join(''));

  it('fold() equals the regex chain on random French-ish strings', () => {
    for (const s of samples) expect(fold(s)).toBe(reference(s));
  });

  it('tokenize() yields the words of fold(), elisions flagged', () => {
    for (const s of samples) expect(tokenize(s).filter((t) => !t.elided).map((t) => t.norm)).toEqual(words(fold(s)));
  });
});
