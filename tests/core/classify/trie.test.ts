import { describe, expect, it } from 'vitest';
import { PhraseTrie } from '../../../src/core/classify/trie.js';

/** A trie of a few phrases over plain words (stems in real use), `*` a gap of up to two words. */
function trie(): PhraseTrie<string> {
  const t = new PhraseTrie<string>(2);
  t.add(['panne'], 'panne');
  t.add(['panne', 'geante'], 'panne geante');
  t.add(['site', 'inaccessible'], 'site inaccessible');
  t.add(['attaque', '*', 'hopital'], 'attaque … hopital');
  return t;
}

const words = (text: string): string[] => text.split(' ');

describe('PhraseTrie', () => {
  it('scanLongest() keeps the longest phrase at each start and never overlaps two', () => {
    const found = trie().scanLongest(words('une panne geante rend le site inaccessible'));
    expect(found.map((m) => [m.start, m.end, m.payloads])).toEqual([[1, 3, ['panne geante']], [5, 7, ['site inaccessible']]]);
  });

  it('scanAll() lists every phrase, overlapping ones included', () => {
    const found = trie().scanAll(words('panne geante'));
    expect(found.map((m) => m.payloads[0])).toEqual(['panne', 'panne geante']);
  });

  it('a gap skips up to its length of words, no more', () => {
    const t = trie();
    expect(t.scanLongest(words('attaque contre un hopital')).map((m) => m.payloads[0])).toEqual(['attaque … hopital']);
    expect(t.scanLongest(words('attaque contre le grand hopital'))).toEqual([]);
  });

  it('a scan that finds nothing returns an empty result, whatever scans came before or after', () => {
    const t = trie();
    const none = t.scanLongest(words('rien a signaler'));
    const some = t.scanLongest(words('la panne'));
    const alsoNone = t.scanAll(words('toujours rien'));
    expect(none).toEqual([]);
    expect(alsoNone).toEqual([]);
    expect(some).toHaveLength(1);
    expect(t.scanLongest(words('une autre panne'))).not.toBe(some); // each match list is the scan's own
  });

  it('`opens` answers for the tries: a position whose bit is unset is not looked up', () => {
    const t = trie();
    const stream = words('panne et site inaccessible');
    expect(t.scanLongest(stream, [1, 0, 1, 0], 1).map((m) => m.payloads[0])).toEqual(['panne', 'site inaccessible']);
    expect(t.scanLongest(stream, [0, 0, 1, 0], 1).map((m) => m.payloads[0])).toEqual(['site inaccessible']);
  });
});
