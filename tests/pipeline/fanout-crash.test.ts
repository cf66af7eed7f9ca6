/**
 * A process that dies between writing an alert and writing its outbox entries must not lose the
 * deliveries, even when the feed has dropped the item before the restart (the item is then never
 * read again). On every store that outlives a process: SQLite, Redis, PostgreSQL.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports.js';
import { rss, tempDir } from '../helpers/app.js';
import { makeDestination } from '../helpers/builders.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { describeService, POSTGRES_URL, postgresAvailable, REDIS_URL, redisAvailable } from '../helpers/services.js';
import { countingPoller, type CountingPoller } from './poll-support.js';

const now = Date.now();
const ATTACK = {
  title: 'Cyberattaque : la mairie de Valmont paralysée par un rançongiciel',
  link: 'https://infos.example/valmont', date: now - 3_600_000,
  description: 'La mairie de Valmont est victime d’une attaque par rançongiciel depuis lundi ; les services municipaux sont à l’arrêt.',
};
const SALON = { title: 'Un salon du numérique ouvre ses portes à Bellerive', link: 'https://infos.example/salon', date: now - 3_000_000, description: 'Quarante exposants attendus.' };

let server: FeedServer;
const open: CountingPoller[] = [];
const signal = () => new AbortController().signal;

async function poller(storeUrl: string, namespace: string): Promise<CountingPoller> {
  const p = await countingPoller(storeUrl, [{ id: 'infos', name: 'Infos', url: server.url('/infos.xml'), tags: [] }], namespace);
  open.push(p);
  return p;
}

async function closeAll(): Promise<void> {
  while (open.length) await open.pop()!.store.close();
}

/** The process "dies" at its first outbox write: nothing after the alert write happens. */
function dieAtEnqueue(store: Store): void {
  store.outbox.enqueue = async () => {
    throw new Error('process killed before its outbox write');
  };
}

beforeEach(async () => {
  server = await startFeedServer({ '/infos.xml': { body: rss('Infos', [ATTACK, SALON]) } });
});
afterEach(async () => {
  await closeAll();
  await server.close();
});

function crashCases(storeUrl: () => string, namespace: () => string): void {
  it('enqueues the deliveries of an alert written before a crash, after a restart that no longer sees its item', async () => {
    const crashed = await poller(storeUrl(), namespace());
    await crashed.store.destinations.put(makeDestination({ platform: 'console', chatId: 'main' }));
    dieAtEnqueue(crashed.store);
    await expect(crashed.poller.cycle(signal())).rejects.toThrow(/killed before its outbox write/);
    const [written] = await crashed.store.alerts.recent(5);
    expect(written?.item.title).toBe(ATTACK.title);
    const id = written!.id;
    expect(await crashed.store.outbox.get(`send:console:main:${id}`)).toBeUndefined();
    await closeAll();

    // The feed dropped the item before the restart: it is never read again.
    server.route('/infos.xml', { body: rss('Infos', [SALON]) });
    const restarted = await poller(storeUrl(), namespace());
    const report = await restarted.poller.cycle(signal(), { force: true });
    expect(report).toMatchObject({ alerts: 0, duplicates: 0 });
    expect(await restarted.store.outbox.get(`send:console:main:${id}`)).toMatchObject({ status: 'pending', kind: 'send' });
    expect((await restarted.store.alerts.get(id))?.fanout).toBe('done');

    // Finished once: the next cycle enqueues nothing again and finds nothing pending.
    expect(await restarted.store.alerts.pendingFanouts()).toEqual([]);
  });

  it('leaves no fan-out pending after a cycle that completes', async () => {
    const p = await poller(storeUrl(), namespace());
    await p.store.destinations.put(makeDestination({ platform: 'console', chatId: 'main' }));
    const report = await p.poller.cycle(signal());
    expect(report).toMatchObject({ alerts: 1 });
    expect(await p.store.alerts.pendingFanouts()).toEqual([]);
    expect((await p.store.alerts.recent(5)).map((a) => a.fanout)).toEqual(['done']);
  });
}

describe('fan-out after a crash, on SQLite', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.remove());
  crashCases(() => `sqlite://${path.join(tmp.dir, 's.sqlite')}`, () => 'vigie');
});

const unique = (): string => `fanout_crash_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;

/** A fresh namespace per test on a shared server, cleared afterwards. */
function sharedServerCases(url: string): void {
  let ns = '';
  beforeEach(() => {
    ns = unique();
  });
  afterEach(async () => {
    await closeAll();
    const p = await poller(url, ns);
    await (p.store as unknown as { clear(): Promise<void> }).clear();
  });
  crashCases(() => url, () => ns);
}

const redis = await redisAvailable();
describeService(redis, 'fan-out after a crash, on Redis', () => sharedServerCases(REDIS_URL));

const postgres = await postgresAvailable();
describeService(postgres, 'fan-out after a crash, on PostgreSQL', () => sharedServerCases(POSTGRES_URL));
