import { describe, expect, it } from 'vitest';
import { BoundedSet, digest } from '../../src/pipeline/bounded-set.js';

describe('BoundedSet', () => {
  it('holds what was added and nothing else', () => {
    const set = new BoundedSet(10);
    set.add('h:u:presse.example/a');
    set.add('h:g:feed-1:guid-é');
    expect(set.has('h:u:presse.example/a')).toBe(true);
    expect(set.has('h:g:feed-1:guid-é')).toBe(true);
    expect(set.has('h:g:feed-1:guid-e')).toBe(false);
    expect(set.has('h:u:presse.example/b')).toBe(false);
    expect(set.size).toBe(2);
  });

  it('adds a value once', () => {
    const set = new BoundedSet(10);
    set.add('a');
    set.add('a');
    expect(set.size).toBe(1);
  });

  it('drops the least recently used member when full; a member found counts as used', () => {
    const set = new BoundedSet(3);
    for (const value of ['a', 'b', 'c']) set.add(value);
    expect(set.has('a')).toBe(true);
    set.add('d');
    expect(set.has('b')).toBe(false);
    expect(['a', 'c', 'd'].map((v) => set.has(v))).toEqual([true, true, true]);
    expect(set.size).toBe(3);
  });
});

describe('digest', () => {
  it('tells apart a million seen marks of 10,000 feeds, and values differing in one accent, case or length', () => {
    const digests = new Set<string>();
    for (let f = 0; f < 10_000; f++) {
      for (let i = 0; i < 50; i++) {
        digests.add(digest(`h:u:presse-${f}.example/articles/${i}`));
        digests.add(digest(`h:g:feed-${f}:urn:article:${i}`));
      }
    }
    expect(digests.size).toBe(1_000_000);
    const near = ['h:u:a.example/é', 'h:u:a.example/e', 'h:u:a.example/E', 'h:u:a.example/e ', 'h:u:a.example/', ''];
    expect(new Set(near.map(digest)).size).toBe(near.length);
  });

  it('is four characters, the same for the same value', () => {
    expect(digest('h:u:presse.example/a')).toHaveLength(4);
    expect(digest('h:u:presse.example/a')).toBe(digest(`h:u:${'presse.example/a'}`));
  });
});
