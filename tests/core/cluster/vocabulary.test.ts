import { describe, expect, it } from 'vitest';
import { sameStem } from '../../../src/core/cluster/lookup.js';
import { oneEditApart } from '../../../src/core/cluster/fuzzy.js';
import { StemVocabulary } from '../../../src/core/cluster/vocabulary.js';

// Stems and their near misses: typos (substitution, insertion, deletion, swap), prefixes, short words.
const BASE = ['cloudflare', 'montlucon', 'strasbourg', 'valmont', 'ovhcloud', 'orange', 'free', 'fret', 'brest', 'ovh', 'anssi'];
function variants(w: string): string[] {
  const out = [w, `${w}s`, w.slice(1), w.slice(0, -1), w.slice(0, 3), `x${w}`];
  for (let i = 0; i + 1 < w.length; i++) {
    out.push(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2));
    out.push(`${w.slice(0, i)}z${w.slice(i + 1)}`);
    out.push(w.slice(0, i) + w.slice(i + 1));
  }
  return out;
}
const WORDS = [...new Set(BASE.flatMap(variants))];

describe('StemVocabulary', () => {
  const vocabulary = new StemVocabulary({ prefixes: true });
  for (const w of WORDS) vocabulary.add(w);

  it('finds exactly the stems one edit away, as a scan of every stem would', () => {
    for (const t of [...WORDS, 'cloudfare', 'montluçon', 'inconnu']) {
      expect(vocabulary.near(t).sort(), t).toEqual(WORDS.filter((s) => oneEditApart(t, s)).sort());
    }
  });

  it('finds exactly the stems sameStem relates: itself, one edit, a prefix of three letters or more', () => {
    for (const t of [...WORDS, 'ovhclou', 'cl', 'inconnu']) {
      expect(vocabulary.related(t).sort(), t).toEqual(WORDS.filter((s) => sameStem(t, s)).sort());
    }
  });

  it('forgives no typo in short words and adds a stem once', () => {
    vocabulary.add('cloudflare');
    expect(vocabulary.near('free')).toEqual([]);
    expect(vocabulary.related('cloudflare').filter((s) => s === 'cloudflare')).toHaveLength(1);
  });

  it('finds exactly the stems one edit away among thousands of close ones, as a scan would', () => {
    // Five letters, six to nine long: every stem has dozens of neighbours one edit away.
    let seed = 7;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const word = (): string => Array.from({ length: 6 + random(4) }, () => 'abcde'[random(5)]).join('');
    const dense = new StemVocabulary();
    const stems = [...new Set(Array.from({ length: 3000 }, word))];
    for (const w of stems) dense.add(w);
    for (let q = 0; q < 300; q++) {
      const t = q % 2 === 0 ? (stems[random(stems.length)] as string) : word();
      expect(dense.near(t).sort(), t).toEqual(stems.filter((s) => oneEditApart(t, s)).sort());
    }
  });
});
