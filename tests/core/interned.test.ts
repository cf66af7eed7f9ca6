import { describe, expect, it } from 'vitest';
import { tokenizeInterned, tokenizeSentences, tokenizeSpans, tokensOf } from '../../src/core/interned.js';
import { splitSentences } from '../../src/core/sentences.js';
import { tokenize, type Token } from '../../src/core/tokens.js';
import { SURFACE_PRIME, SURFACE_SEED, WordTable, type SurfaceWord } from '../../src/core/word-table.js';

/** Random French-ish strings: accents, ligatures, apostrophes, quotes, terminators, abbreviations, line breaks. */
function samples(count: number, length: number): string[] {
  const pools = [...'aàâäéèêëïîôöùûüÿçœæÀÉÈÊÇŒÆ’‘ʼ`´′\'"«»-–—.,;:!?() \t\n\u00a0abcxyzABCXYZ0129lLdqunstßİıſﬁếỆΣσ½²…”',
    'e\u0301', '😀', '. ', '. L', '! M', 'M. ', 'Dr. ', ' J. ', '1.5', '\r\n', ' » ', '. « '];
  let seed = 12345;
  const random = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor(seed / 65536) % n; };
  return Array.from({ length: count }, () => Array.from({ length: random(length) }, () => pools[random(pools.length)]).join(''));
}

describe('tokenizeInterned agrees with tokenize', () => {
  it('tokenizeInterned() yields the tokens of tokenize(), also when its table is emptied mid-run', () => {
    const table = new WordTable<SurfaceWord>((w) => w, 8);
    // Every sample twice: the second time its words come from the table (when it was not emptied since).
    const texts = samples(5000, 24);
    for (const s of [...texts, ...texts]) {
      const interned: SurfaceWord[] = [];
      const tokens = tokenizeInterned(table, s, 0, s.length, interned);
      expect(tokens).toEqual(tokenize(s));
      expect(interned.map((w) => w.surface)).toEqual(tokens.map((t) => s.slice(t.start, t.end)));
    }
    expect(table.clears).toBeGreaterThan(100);
    expect(table.size).toBeLessThanOrEqual(8);
  });
});

describe('tokenizeSentences', () => {
  it('gives the sentences of splitSentences, each with the tokens and words tokenizeInterned finds in it', () => {
    const table = new WordTable<SurfaceWord>((w) => w, 64);
    for (const text of samples(3000, 80)) {
      const expected = splitSentences(text).map((s) => {
        const words: SurfaceWord[] = [];
        return { start: s.start, end: s.end, tokens: tokenizeInterned(table, text, s.start, s.end, words), words: words.map((w) => w.surface) };
      });
      const got: { start: number; end: number; tokens: Token[]; words: string[] }[] = [];
      tokenizeSentences(table, text, (start, end, words, spans) => got.push({ start, end, tokens: tokensOf(words, spans), words: words.map((w) => w.surface) }));
      expect(got, JSON.stringify(text)).toEqual(expected);
    }
  });

  it('splits after a sentence end and keeps abbreviations, initials and numbers whole', () => {
    const table = new WordTable<SurfaceWord>((w) => w);
    const text = 'Selon M. Martin, 1.5 million. « Fin », dit-il. Puis\nligne';
    const got: string[] = [];
    tokenizeSentences(table, text, (start, end, words) => got.push(`${text.slice(start, end)}|${words.map((w) => w.norm).join(' ')}`));
    expect(got).toEqual(['Selon M. Martin, 1.5 million.|selon m martin 1 5 million', '« Fin », dit-il.|fin dit il', 'Puis|puis', 'ligne|ligne']);
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

describe('WordTable', () => {
  const surfaceHash = (w: string): number => [...w].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), SURFACE_PRIME), SURFACE_SEED);

  it('tells apart words whose surface hashes collide: short ones, long ones and ones with units above 0xFF', () => {
    // Pairs found by search: same length, same 32-bit surface hash.
    const pairs = [['glbvs', 'yacxa'], ['pannenwdqmf', 'pannebwrfvr'], ['œodsilm', 'œnafgxb']];
    for (const [a, b] of pairs as [string, string][]) {
      expect(surfaceHash(a), `${a} / ${b}`).toBe(surfaceHash(b));
      const table = new WordTable<SurfaceWord>((w) => w);
      const text = `${a} ${b} ${a} ${b}`;
      const interned: SurfaceWord[] = [];
      tokenizeInterned(table, text, 0, text.length, interned);
      expect(interned.map((w) => w.surface)).toEqual([a, b, a, b]);
      expect(interned[2]).toBe(interned[0]);
      expect(interned[3]).toBe(interned[1]);
      expect(table.size).toBe(2);
    }
  });
});

describe('tokenizeSpans', () => {
  it('writes where each token sits, elided ones marked, from which tokensOf makes the tokens of tokenize', () => {
    const table = new WordTable<SurfaceWord>((w) => w);
    const text = "Qu'il l'ait dit, d'accord";
    const words: SurfaceWord[] = [];
    const spans: number[] = [];
    tokenizeSpans(table, text, 0, text.length, words, spans);
    expect(spans).toEqual([-1, 2, 3, 5, -7, 7, 8, 11, 12, 15, -18, 18, 19, 25]);
    expect(tokensOf(words, spans)).toEqual(tokenize(text));
  });
});
