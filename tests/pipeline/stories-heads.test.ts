import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/core/cluster.js';
import type { StoryMatch } from '../../src/core/cluster.js';
import type { Alert, NewsItem } from '../../src/core/types.js';
import type { AlertLog } from '../../src/ports.js';
import { Stories } from '../../src/pipeline/stories.js';
import type { IncidentItem } from '../../src/pipeline/story-linker.js';
import { openStore } from '../../src/store/open-store.js';
import type { KeyvStore } from '../../src/store/keyv-store.js';
import { makeAlert, makeItem, silentLogger, TestClock } from '../helpers/builders.js';
import { tempDir } from '../helpers/app.js';

const T0 = 1_700_000_000_000;
const head = makeAlert({ id: 'a1', createdAt: T0, fanout: 'done' });
const match: StoryMatch = { alertId: 'a1', similarity: 1, reason: 'victim' };

/** An item of another outlet on the head's incident. */
function incident(n: number): IncidentItem {
  const item: NewsItem = makeItem({
    id: `https://outlet-${n}.example/valmont`, link: `https://outlet-${n}.example/valmont`, source: `Outlet ${n}`, feedId: `f${n}`,
    title: 'Le centre hospitalier de Valmont paralysé par un rançongiciel', publishedAt: T0 + n * 60_000,
  });
  const { classification } = head;
  return { item, classification, summary: item.summary, fingerprint: fingerprint(item, classification) };
}

let tmp: ReturnType<typeof tempDir>;
let store: KeyvStore;
let clock: TestClock;
let reads: string[];
let stories: Stories;

/** The store's alert log, with the ids `get` is asked for recorded in `reads`. */
function countingReads(alerts: AlertLog): AlertLog {
  return new Proxy(alerts, {
    get(target, key) {
      if (key === 'get') return async (id: string) => { reads.push(id); return target.get(id); };
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Joins `n` inside a linking step; the joined head, written as intake writes it. */
async function joinAndWrite(n: number): Promise<Alert> {
  return stories.exclusive(async () => {
    const joined = await stories.join(incident(n), match);
    if (joined.kind !== 'joined' || !joined.head) throw new Error(`item ${n} did not join with a new source: ${joined.kind}`);
    await store.alerts.saveMany([joined.head]);
    stories.written([joined.head]);
    return joined.head;
  });
}

beforeEach(async () => {
  tmp = tempDir();
  clock = new TestClock(T0 + 3_600_000);
  store = await openStore(`sqlite://${path.join(tmp.dir, 's.sqlite')}`, { retentionMs: 30 * 86_400_000, logger: silentLogger, now: () => clock.now() });
  reads = [];
  stories = new Stories({ alerts: countingReads(store.alerts), clock, logger: silentLogger });
});
afterEach(async () => {
  await store.close();
  tmp.remove();
});

describe('Stories keeps the first alerts of stories', () => {
  it('joins from the first alert read at the reload and then from the version written, never reading it back', async () => {
    await store.alerts.save(head);
    await stories.refresh();
    expect((await joinAndWrite(1)).sources).toHaveLength(2);
    const third = await joinAndWrite(2);
    expect(third.sources.map((s) => s.source)).toEqual([head.item.source, 'Outlet 1', 'Outlet 2']);
    expect(reads).toEqual([]);
    expect((await store.alerts.get('a1'))?.sources).toHaveLength(3);
  });

  it('reads a first alert it does not hold once, then joins from what it read and wrote', async () => {
    await stories.refresh();
    await stories.exclusive(async () => undefined); // reloads an empty store
    await store.alerts.save(head);
    await joinAndWrite(1);
    await joinAndWrite(2);
    expect(reads).toEqual(['a1']);
    expect((await store.alerts.get('a1'))?.sources).toHaveLength(3);
  });

  it('after refresh(), joins the version another process wrote since, not the one it held', async () => {
    await store.alerts.save(head);
    await stories.refresh();
    const mine = await joinAndWrite(1);
    const other = { ...mine, sources: [...mine.sources, { itemId: 'https://autre.example/x', source: 'Autre processus', title: 'x' }] };
    await store.alerts.save(other);
    await stories.refresh();
    const joined = await joinAndWrite(2);
    expect(joined.sources.map((s) => s.source)).toEqual([head.item.source, 'Outlet 1', 'Autre processus', 'Outlet 2']);
  });

  it('after forget(), reads the first alert again: a version rewritten elsewhere is not lost', async () => {
    await store.alerts.save(head);
    await stories.refresh();
    const mine = await joinAndWrite(1);
    await store.alerts.save({ ...mine, lastEditAt: T0 + 7_200_000 });
    stories.forget(['a1']);
    const joined = await joinAndWrite(2);
    expect(reads).toEqual(['a1']);
    expect(joined.lastEditAt).toBe(T0 + 7_200_000);
  });

  it('keeps no follow-up as a story\'s first alert', async () => {
    await stories.refresh();
    await stories.exclusive(async () => undefined);
    await store.alerts.save(head);
    stories.written([makeAlert({ id: 'a1', storyId: 'a0', sources: [] })]);
    const joined = await joinAndWrite(1);
    expect(reads).toEqual(['a1']);
    expect(joined.sources).toHaveLength(2);
  });
});
