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
];

describe('fastSerializers', () => {
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
