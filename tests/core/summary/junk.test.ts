import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/core/cv.js';
import { alternation, anyGuard, isEmojiOrTicker, isTicker, JUNK, JUNK_PATTERNS, PREFIXES, stripPrefixes } from '../../../src/core/summary/junk.js';

const PLAIN = new RegExp(JUNK_PATTERNS.join('|'));
const EMOJI = /[\u2600-\u27BF]|\uD83C[\uDF00-\uDFFF]|\uD83D[\uDC00-\uDFFF]|\uD83E[\uDD00-\uDEFF]/;

/** Text built from the junk phrases' own words, cut and shuffled, so that near matches abound. */
function generated(r: () => number, words: readonly string[]): string {
  const n = Math.floor(r() * 12);
  const out: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const w = words[Math.floor(r() * words.length)] as string;
    out.push(r() < 0.2 ? w.slice(0, Math.floor(r() * w.length)) : w);
  }
  return out.join(r() < 0.9 ? ' ' : '');
}

describe('junk phrases', () => {
  it('match exactly where the plain alternation of the patterns matches', () => {
    const words = [...new Set(JUNK_PATTERNS.join(' ').replace(/[\\^$?()[\]{}*+.|:]/g, ' ').split(/\s+/)), '12', '5', '%', ':', 'photo:', 'a', 'l'];
    const r = seededRandom(3);
    let junk = 0;
    for (let i = 0; i < 20000; i += 1) {
      const s = generated(r, words);
      const expected = PLAIN.test(s);
      if (expected) junk += 1;
      expect(JUNK.test(s), s).toBe(expected);
    }
    expect(junk).toBeGreaterThan(1000); // the generator reaches both answers
  });

  it('groups patterns by their first plain letter only', () => {
    const re = alternation(['lire aussi', 'lire la suite', 'a?b', '^photo', '\\d+ commentaires?', 'x']);
    for (const s of ['lire aussi', 'b', 'photo', '12 commentaires', 'x', 'ab', 'lire', 'aphoto']) {
      expect(re.test(s), s).toBe(/lire aussi|lire la suite|a?b|^photo|\d+ commentaires?|x/.test(s));
    }
  });
});

describe('lines left out', () => {
  it('are emoji lines and tickers, found in one scan as the two tests find them', () => {
    const parts = ['CAC 40', '+1,2 %', '▲', '▼', ' | ', ' • ', '·', 'Bourse', 'la mairie est fermée', '☀', '🔥', '12 %', 'texte', '|'];
    const r = seededRandom(5);
    for (let i = 0; i < 5000; i += 1) {
      const n = Math.floor(r() * 8);
      const line = Array.from({ length: n }, () => parts[Math.floor(r() * parts.length)] as string).join(r() < 0.5 ? ' ' : '');
      expect(isEmojiOrTicker(line), line).toBe(EMOJI.test(line) || isTicker(line));
    }
  });

  it('are tried only when the one-scan guard holds, which it does whenever a prefix guard does', () => {
    const parts = ['PARIS', '(Reuters)', '(AFP)', 'afp', ' - ', '|', 'AFP', 'RIA Novosti', 'TASS', 'Belga', '•', '►', '©', 'DNA', 'Afficher', 'connexion',
      'les titres', 'La panne', 'a touché', '(photo)', 'x'.repeat(60), ' '];
    const r = seededRandom(9);
    for (let i = 0; i < 5000; i += 1) {
      const n = Math.floor(r() * 6);
      const head = Array.from({ length: n }, () => parts[Math.floor(r() * parts.length)] as string).join(r() < 0.7 ? ' ' : '').slice(0, 100);
      if (PREFIXES.some(({ guard }) => guard(head))) expect(anyGuard(head), head).toBe(true);
    }
  });

  it('strip wire stamps and credits from the head of a line', () => {
    expect(stripPrefixes('PARIS (Reuters) - La panne a touché les abonnés.')).toBe('La panne a touché les abonnés.');
    expect(stripPrefixes('© DNA La mairie est fermée.')).toBe('La mairie est fermée.');
  });
});
