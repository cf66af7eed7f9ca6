import { Keyv } from 'keyv';
import { describe, expect, it } from 'vitest';
import { fastSerializers, type KeyvSerializers } from '../../src/store/serialize.js';

const keyv = new Keyv();
const slow: KeyvSerializers = { serialize: keyv.serialize as KeyvSerializers['serialize'], deserialize: keyv.deserialize! };
const fast = fastSerializers(slow);

// Values as keyv stores them ({ value, expires }), with what keyv escapes: strings starting with ":",
// Buffers, undefined in arrays and objects, text that merely looks like those.
const VALUES: unknown[] = [
  { value: { id: 'a1', title: 'Panne géante chez l’hébergeur', score: 0.92, tags: ['santé', 'cyber'] }, expires: 1_700_000_000_000 },
  { value: 1 },
  { value: 'https://exemple.fr/a' },
  { value: ':commence par deux-points' },
  { value: { url: ':8080', list: ['::', ':x', 'a'] } },
  { value: Buffer.from('rançon') },
  { value: [1, undefined, null, 'fin'] },
  { value: { absent: undefined, present: null } },
  { value: { texte: 'un "a,":b" et [":c" dans le texte' } },
  { value: { type: 'Buffer', data: [1, 2] } },
  { value: new Date(Date.UTC(2025, 2, 4)) },
  { value: { nested: [{ deep: [':a'] }], other: 'b' } },
  { value: { when: new Date(Date.UTC(2025, 2, 4)), raw: Buffer.from(':x') } },
  { value: { toJSON: () => ':from toJSON' } },
  { value: { inner: { toJSON: () => [':x', 1] } } },
  { value: [1, , 3] }, // a hole: keyv skips it, JSON writes null
  { value: [1, () => 2, 'x'] },
  { value: { fn: () => 1, keep: 1 } },
  { value: Object.assign(Object.create(null) as object, { a: ':b' }) },
  { value: Object.assign(Object.create(null) as object, { a: 'b' }) },
  { value: new (class Point { x = 1; y = ':2'; })() },
  { value: new Map([['a', 1]]) },
  { value: [new Boolean(true), new String(':s'), new Number(3)] },
  { value: { n: Number.NaN, inf: Infinity, neg: -0 } },
];

/** Random plain data (what the repositories store), some strings starting with ":", nested up to `depth`. */
function randomValue(next: () => number, depth: number): unknown {
  const pick = next() % (depth > 0 ? 8 : 5);
  const text = (): string => [':', '', 'a', '::', ':base64:', 'é’', '"', ',', '[', 'null'].slice(0, 1 + (next() % 10)).filter(() => next() % 2 === 0).join('');
  switch (pick) {
    case 0: return text();
    case 1: return next() % 1000 / 7;
    case 2: return next() % 2 === 0;
    case 3: return null;
    case 4: return undefined;
    case 5: return Array.from({ length: next() % 4 }, () => randomValue(next, depth - 1));
    default: return Object.fromEntries(Array.from({ length: next() % 4 }, (_, i) => [`${text()}k${i}`, randomValue(next, depth - 1)]));
  }
}

describe('fastSerializers', () => {
  it('writes and reads what keyv does for a thousand random values of plain data', async () => {
    let seed = 11;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8;
    for (let n = 0; n < 1000; n++) {
      const value = { value: randomValue(next, 4), expires: n };
      const text = await slow.serialize(value);
      expect(await fast.serialize(value)).toBe(text);
      expect(fast.deserialize(text)).toEqual(slow.deserialize(text));
    }
  });

  it('reads a value nested deeper than it walks as keyv does', () => {
    let deep: unknown = ':bottom';
    for (let i = 0; i < 200; i++) deep = [deep];
    const text = JSON.stringify({ value: deep });
    expect(fast.deserialize(text)).toEqual(slow.deserialize(text));
  });

  it('writes exactly the text keyv\'s own serializer writes', async () => {
    for (const value of VALUES) expect(await fast.serialize(value)).toBe(await slow.serialize(value));
  });

  it('reads keyv\'s text back as keyv does, escaped strings and Buffers included', async () => {
    for (const value of VALUES) {
      const text = await slow.serialize(value);
      expect(fast.deserialize(text)).toEqual(slow.deserialize(text));
    }
    expect((fast.deserialize(await slow.serialize({ value: ':x' })) as { value: string }).value).toBe(':x');
  });
});
