import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CycleReport } from '../../src/pipeline/poll.js';
import type { FeedConfig } from '../../src/core/feed-types.js';
import { rss, tempDir } from '../helpers/app.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { describeService, REDIS_URL, redisAvailable } from '../helpers/services.js';
import { countingPoller, type CountingPoller } from './poll-support.js';

const CHILD = fileURLToPath(new URL('./poll-child.ts', import.meta.url));
const now = Date.now();
const ATTACK = {
  title: 'Cyberattaque : la mairie de Valmont paralysée par un rançongiciel',
  link: 'https://infos.example/valmont', date: now - 3_600_000,
  description: 'La mairie de Valmont est victime d’une attaque par rançongiciel depuis lundi ; les services municipaux sont à l’arrêt.',
};
const SALON = { title: 'Un salon du numérique ouvre ses portes à Bellerive', link: 'https://infos.example/salon', date: now - 3_000_000, description: 'Quarante exposants attendus.' };
const BUDGET = { title: 'Le conseil municipal de Bellerive vote le budget des écoles', link: 'https://infos.example/budget', date: now - 2_000_000, description: 'Le budget progresse de trois pour cent.' };
const OUTAGE = {
  title: 'Panne géante chez un hébergeur : des centaines de sites inaccessibles',
  link: 'https://infos.example/panne-hebergeur', date: now - 600_000,
  description: 'Une panne du centre de données de l’hébergeur rend inaccessibles des centaines de sites depuis ce matin.',
};
/** The same items, in another order, with another channel title: a body that changed, no new item. */
const FIRST = rss('Infos', [ATTACK, SALON, BUDGET]);
const REORDERED = rss('Infos — édition de midi', [BUDGET, ATTACK, SALON]);

let server: FeedServer;
let tmp: ReturnType<typeof tempDir>;
const open: CountingPoller[] = [];
const signal = () => new AbortController().signal;
const feeds = (): FeedConfig[] => [{ id: 'infos', name: 'Infos', url: server.url('/infos.xml'), tags: [] }];

async function poller(storeUrl: string, namespace?: string, options?: { failOn?: string }): Promise<CountingPoller> {
  const p = await countingPoller(storeUrl, feeds(), namespace, options);
  open.push(p);
  return p;
}

async function closeAll(): Promise<void> {
  while (open.length) await open.pop()!.store.close();
}

/** One forced cycle in another process on the same store; resolves its report and what it classified. */
function otherProcessCycle(storeUrl: string, namespace: string): Promise<{ report: CycleReport; classified: string[] }> {
  const child = fork(CHILD, [storeUrl, namespace, JSON.stringify(feeds())], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as { report: CycleReport; classified: string[] }));
    child.once('exit', (code) => reject(new Error(`poll child exited with ${code}`)));
  });
}

beforeEach(async () => {
  tmp = tempDir();
  server = await startFeedServer({ '/infos.xml': { body: FIRST } });
});
afterEach(async () => {
  await closeAll();
  await server.close();
  tmp.remove();
});

describe('poll cycle skips what it has seen', () => {
  it('does not parse a body identical to the last one, served without ETag or Last-Modified', async () => {
    const p = await poller(`sqlite://${path.join(tmp.dir, 's.sqlite')}`);
    await p.poller.cycle(signal());
    expect(p.parsed).toBe(1);
    const second = await p.poller.cycle(signal(), { force: true });
    expect(second).toMatchObject({ polled: 1, unchanged: 1, items: 0 });
    expect(p.parsed).toBe(1);
    server.route('/infos.xml', { body: REORDERED });
    await p.poller.cycle(signal(), { force: true });
    expect(p.parsed).toBe(2);
  });

  it('classifies none of the items of a changed body seen before, and only the new one', async () => {
    const p = await poller(`sqlite://${path.join(tmp.dir, 's.sqlite')}`);
    const first = await p.poller.cycle(signal());
    expect(p.classified).toHaveLength(3);
    expect(first).toMatchObject({ items: 3, seen: 0, alerts: 1 });
    server.route('/infos.xml', { body: rss('Infos — soir', [OUTAGE, BUDGET, ATTACK, SALON]) });
    const second = await p.poller.cycle(signal(), { force: true });
    expect(p.classified.slice(3)).toEqual([OUTAGE.title]);
    expect(second).toMatchObject({ items: 4, seen: 3, alerts: 1, duplicates: 0, joined: 0 });
  });

  it('writes the feed states of a cycle in one store write, and reads them back the next cycle', async () => {
    server.route('/autre.xml', { body: rss('Autre', [SALON]) });
    const both: FeedConfig[] = [...feeds(), { id: 'autre', name: 'Autre', url: server.url('/autre.xml'), tags: [] }];
    const p = await countingPoller(`sqlite://${path.join(tmp.dir, 's.sqlite')}`, both);
    open.push(p);
    const writes: number[] = [];
    const { feedStates } = p.store;
    const setMany = feedStates.setMany.bind(feedStates);
    feedStates.setMany = async (states) => {
      writes.push(states.length);
      return setMany(states);
    };
    feedStates.set = async () => {
      throw new Error('feed states are written in batches only');
    };
    await p.poller.cycle(signal());
    expect(writes).toEqual([2]);
    expect(Object.keys(await feedStates.all()).sort()).toEqual(['autre', 'infos']);
    const second = await p.poller.cycle(signal(), { force: true });
    expect(second).toMatchObject({ polled: 2, unchanged: 2 });
    expect(writes).toEqual([2, 2]);
  });

  it('keeps no body hash for a feed whose items were not all taken in: the next read retries the missing one', async () => {
    const p = await poller(`sqlite://${path.join(tmp.dir, 's.sqlite')}`, undefined, { failOn: SALON.title });
    const first = await p.poller.cycle(signal());
    expect(first).toMatchObject({ items: 3, alerts: 1 });
    expect((await p.store.feedStates.get('infos'))?.bodyHash).toBeUndefined();
    const second = await p.poller.cycle(signal(), { force: true });
    expect(p.parsed).toBe(2);
    expect(second).toMatchObject({ unchanged: 0, items: 3, seen: 2 });
    expect(p.classified.slice(3)).toEqual([SALON.title]);
  });
});

/** Restart and second-process cases, on a store both sides open. */
function sharedStoreCases(storeUrl: () => string, namespace: () => string): void {
  it('after a restart, classifies none of the items of a changed body seen before', async () => {
    const before = await poller(storeUrl(), namespace());
    await before.poller.cycle(signal());
    await closeAll();
    server.route('/infos.xml', { body: REORDERED });
    const after = await poller(storeUrl(), namespace());
    const report = await after.poller.cycle(signal(), { force: true });
    expect(after.parsed).toBe(1);
    expect(after.classified).toEqual([]);
    expect(report).toMatchObject({ items: 3, seen: 3, alerts: 0, duplicates: 0 });
  });

  it('classifies none of the items another process took in, and announces nothing twice', async () => {
    const other = await otherProcessCycle(storeUrl(), namespace());
    expect(other.classified).toHaveLength(3);
    expect(other.report).toMatchObject({ items: 3, alerts: 1 });
    server.route('/infos.xml', { body: REORDERED });
    const p = await poller(storeUrl(), namespace());
    const report = await p.poller.cycle(signal(), { force: true });
    expect(p.classified).toEqual([]);
    expect(report).toMatchObject({ items: 3, seen: 3, alerts: 0 });
    expect(await p.store.alerts.recent(10)).toHaveLength(1);
  }, 30_000);
}

describe('seen items on a shared SQLite file', () => {
  sharedStoreCases(() => `sqlite://${path.join(tmp.dir, 'shared.sqlite')}`, () => 'vigie');
});

const redis = await redisAvailable();
describeService(redis, 'seen items on a shared Redis', () => {
  let ns = '';
  beforeEach(() => {
    ns = `poll_skip_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  });
  afterEach(async () => {
    const p = await poller(REDIS_URL, ns);
    await (p.store as unknown as { clear(): Promise<void> }).clear();
  });
  sharedStoreCases(() => REDIS_URL, () => ns);
});
