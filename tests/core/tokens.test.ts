import { describe, expect, it } from 'vitest';
import { fold, words } from '../../src/core/text.js';
import { tokenize, tokenizeInterned, WordTable, type SurfaceWord } from '../../src/core/tokens.js';

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

  it('tokenizeInterned() yields the tokens of tokenize(), also when its table is emptied mid-run', () => {
    const table = new WordTable<SurfaceWord>((w) => w, 8);
    // Every sample twice: the second time its words come from the table (when it was not emptied since).
    for (const s of [...samples, ...samples]) {
      const interned: SurfaceWord[] = [];
      const tokens = tokenizeInterned(table, s, 0, s.length, interned);
      expect(tokens).toEqual(tokenize(s));
      expect(interned.map((w) => w.surface)).toEqual(tokens.map((t) => s.slice(t.start, t.end)));
    }
    expect(table.clears).toBeGreaterThan(100);
    expect(table.size).toBeLessThanOrEqual(8);
  });
});

describe('tokenizeInterned', () => {
  it('decides elision from the context of each occurrence, not from the word', () => {
    const table = new WordTable<SurfaceWord>((w) => w);
    const text = "l'attaque de l ; L’hôpital, qu'il l' l'";
    const interned: SurfaceWord[] = [];
    const tokens = tokenizeInterned(table, text, 0, text.length, interned);
    expect(tokens).toEqual(tokenize(text));
    expect(tokens.map((t) => [t.norm, t.elided])).toEqual([
      ['l', true], ['attaque', false], ['de', false], ['l', false], ['l', true], ['hopital', false], ['qu', true], ['il', false],
      ['l', true], ['l', true],
    ]);
    expect(interned[0]).toBe(interned[3]); // one word "l", elided or not
    expect(interned[4]).not.toBe(interned[0]); // "L" is written otherwise
  });

  it('tokenises only the requested range and finds a word again at another offset', () => {
    const table = new WordTable<SurfaceWord>((w) => w);
    const text = 'Panne, panne PANNE pannes';
    const interned: SurfaceWord[] = [];
    expect(tokenizeInterned(table, text, 7, text.length, interned)).toEqual(tokenize(text, 7));
    const again: SurfaceWord[] = [];
    tokenizeInterned(table, text, 0, 5, again);
    expect(again[0]).not.toBe(interned[0]); // "Panne" and "panne": two surfaces, one norm
    expect(again[0]?.norm).toBe(interned[0]?.norm);
    const third: SurfaceWord[] = [];
    tokenizeInterned(table, 'une panne', 0, 9, third);
    expect(third[1]).toBe(interned[0]);
    expect(table.size).toBe(5);
  });

  it('finds every word again, as the same word, after the table has grown to hold thousands', () => {
    const table = new WordTable<SurfaceWord>((w) => w);
    const text = Array.from({ length: 5000 }, (_, k) => `mot${k.toString(36)}`).join(' ');
    const first: SurfaceWord[] = [];
    expect(tokenizeInterned(table, text, 0, text.length, first)).toEqual(tokenize(text));
    expect(table.size).toBe(5000);
    const again: SurfaceWord[] = [];
    tokenizeInterned(table, text, 0, text.length, again);
    expect(again.every((w, k) => w === first[k])).toBe(true);
    expect(table.size).toBe(5000);
  });

  it('tells apart words of one length by their characters, long words included', () => {
    const table = new WordTable<SurfaceWord>((w) => w);
    // Long words are compared with the text itself rather than the units gathered while hashing.
    const long = 'x'.repeat(200);
    const text = `ab ba ${long} ${long}y ${long} ab`;
    const interned: SurfaceWord[] = [];
    expect(tokenizeInterned(table, text, 0, text.length, interned)).toEqual(tokenize(text));
    expect(interned.map((w) => w.surface)).toEqual(['ab', 'ba', long, `${long}y`, long, 'ab']);
    expect(interned[4]).toBe(interned[2]);
    expect(interned[5]).toBe(interned[0]);
  });
});
