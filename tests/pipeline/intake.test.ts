import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rss, tempDir } from '../helpers/app.js';
import { makeDestination, makeItem, silentLogger } from '../helpers/builders.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { countingPoller, type CountingPoller } from './poll-support.js';
import { analyseItem } from '../../src/core/analysis.js';
import { createClassifier } from '../../src/core/classify/index.js';
import { StoreError } from '../../src/core/errors.js';
import { createSummariser } from '../../src/core/summarise.js';
import { loadConfig } from '../../src/config/index.js';
import { FanOut } from '../../src/pipeline/fanout.js';
import { Intake, type IntakeEntry } from '../../src/pipeline/intake.js';
import { Stories } from '../../src/pipeline/stories.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/ports.js';

const now = Date.now();
const attack = (town: string, minutes: number) => ({
  title: `Cyberattaque : la mairie de ${town} paralysée par un rançongiciel`,
  link: `https://infos.example/${town.toLowerCase()}`, date: now - minutes * 60_000,
  description: `La mairie de ${town} est victime d’une attaque par rançongiciel depuis lundi ; les services municipaux de ${town} sont à l’arrêt.`,
});

let server: FeedServer;
let tmp: ReturnType<typeof tempDir>;
let p: CountingPoller;

beforeEach(async () => {
  tmp = tempDir();
  server = await startFeedServer({ '/infos.xml': { body: rss('Infos', [attack('Valmont', 30), attack('Kerbourg', 20), attack('Fontrieux', 10)]) } });
  p = await countingPoller(`sqlite://${path.join(tmp.dir, 's.sqlite')}`, [{ id: 'infos', name: 'Infos', url: server.url('/infos.xml'), tags: [] }]);
});
afterEach(async () => {
  await p.store.close();
  await server.close();
  tmp.remove();
});

describe('intake writes', () => {
  it('writes a feed\'s new alerts once, marked pending, their deliveries in one outbox write, then settles them', async () => {
    const writes: { alerts: number[]; outbox: number[]; settled: number[] } = { alerts: [], outbox: [], settled: [] };
    const { alerts, outbox } = p.store;
    const saveMany = alerts.saveMany.bind(alerts);
    const states: string[][] = [];
    const marked: number[] = [];
    alerts.saveMany = async (list, pending) => {
      if (list.length === 0) return saveMany(list, pending);
      writes.alerts.push(list.length);
      states.push(list.map((a) => a.fanout ?? ''));
      marked.push(pending?.length ?? 0);
      return saveMany(list, pending);
    };
    const settle = alerts.settle.bind(alerts);
    alerts.settle = async (ids) => {
      // Settled only once their deliveries are in the outbox.
      expect(writes.outbox).toEqual([3]);
      writes.settled.push(ids.length);
      return settle(ids);
    };
    alerts.save = async () => {
      throw new Error('alerts are written in batches only');
    };
    const enqueue = outbox.enqueue.bind(outbox);
    outbox.enqueue = async (entries) => {
      writes.outbox.push(entries.length);
      return enqueue(entries);
    };
    await p.store.destinations.put(makeDestination({ platform: 'console', chatId: 'main' }));
    const report = await p.poller.cycle(new AbortController().signal);
    expect(report).toMatchObject({ alerts: 3 });
    expect(writes).toEqual({ alerts: [3], outbox: [3], settled: [3] });
    expect(states).toEqual([['done', 'done', 'done']]);
    expect(marked).toEqual([3]);
    expect((await alerts.recent(5)).map((a) => a.fanout)).toEqual(['done', 'done', 'done']);
    expect(await alerts.pendingFanouts()).toEqual([]);
  });
});

describe('Intake groups the batches of feeds read together', () => {
  const config = loadConfig({ env: {}, cwd: process.cwd() });
  const analysis = { classifier: createClassifier(config.lexicon), summariser: createSummariser() };
  const entry = (town: string, feedId: string): IntakeEntry => {
    const a = attack(town, 5);
    const item = makeItem({ id: a.link, link: a.link, feedId, title: a.title, summary: a.description, publishedAt: a.date });
    return { item, announce: true, analysis: analyseItem(item, analysis) };
  };

  /** Another outlet's report of the attack on Valmont, in feed `feedId`. */
  const outlet = (feedId: string, source: string, title = 'Rançongiciel : les services de la mairie de Valmont à l’arrêt'): IntakeEntry => {
    const item = makeItem({
      id: `https://${feedId}.example/valmont`, link: `https://${feedId}.example/valmont`, feedId, source, title, publishedAt: now - 60_000,
      summary: 'La mairie de Valmont subit une attaque par rançongiciel depuis lundi ; ses services municipaux sont paralysés.',
    });
    return { item, announce: true, analysis: analyseItem(item, analysis) };
  };
  /** The ids `store.alerts.get` is asked for from now on. */
  const alertReads = (): string[] => {
    const get = store.alerts.get.bind(store.alerts);
    const reads: string[] = [];
    store.alerts.get = async (id) => {
      reads.push(id);
      return get(id);
    };
    return reads;
  };
  /** Takes in Valmont's attack while the outbox fails: its alert is written, its fan-out left pending. */
  const interrupted = async (): Promise<IntakeEntry> => {
    await store.destinations.put(makeDestination({ platform: 'console', chatId: 'main' }));
    const enqueue = store.outbox.enqueue.bind(store.outbox);
    store.outbox.enqueue = async () => {
      throw new Error('outbox unreachable');
    };
    const first = entry('Valmont', 'a');
    await expect(intake.take([first])).rejects.toThrow(/outbox unreachable/);
    store.outbox.enqueue = enqueue;
    return first;
  };

  let store: Store;
  let intake: Intake;
  let claims: number[];
  beforeEach(async () => {
    store = await openStore(`sqlite://${path.join(tmp.dir, 'grouped.sqlite')}`, {
      retentionMs: 86_400_000, alertRetentionMs: 86_400_000, logger: silentLogger, now: () => Date.now(),
    });
    claims = [];
    const claimEach = store.seen.claimEach.bind(store.seen);
    store.seen.claimEach = async (list) => {
      claims.push(list.length);
      return claimEach(list);
    };
    const clock = { now: () => Date.now() };
    intake = new Intake({
      store, clock, logger: silentLogger, fanout: new FanOut({ store, clock, logger: silentLogger }),
      stories: new Stories({ alerts: store.alerts, clock, logger: silentLogger }),
    });
  });
  afterEach(async () => store.close());

  it('takes in the batches that arrive while a group is being taken in as one group: one claim write for them', async () => {
    const [a, b, c] = await Promise.all([
      intake.take([entry('Valmont', 'a')]),
      intake.take([entry('Kerbourg', 'b'), entry('Brest', 'b')]),
      intake.take([entry('Fontrieux', 'c')]),
    ]);
    expect([a, b, c]).toEqual([['alerted'], ['alerted', 'alerted'], ['alerted']]);
    expect(claims).toEqual([1, 3]);
    expect((await store.alerts.recent(10)).map((x) => x.item.feedId).sort()).toEqual(['a', 'b', 'b', 'c']);
  });

  it('answers each batch of a group with its own outcomes, in order, a duplicate across batches included', async () => {
    const first = intake.take([entry('Valmont', 'a')]);
    const [b, c] = await Promise.all([
      intake.take([entry('Kerbourg', 'b'), { ...entry('Brest', 'b'), analysis: { classification: { ...entry('Brest', 'b').analysis.classification, category: 'none' } } }]),
      intake.take([entry('Kerbourg', 'c')]),
    ]);
    expect(await first).toEqual(['alerted']);
    expect(b).toEqual(['alerted', 'ignored']);
    expect(c).toEqual(['duplicate']);
  });

  it('joins a story whose first alert waits in the same group as it will be written: no write in between, no read back', async () => {
    const saved: { sources: number; fanout: string }[][] = [];
    const saveMany = store.alerts.saveMany.bind(store.alerts);
    store.alerts.saveMany = async (list, pending) => {
      if (list.length > 0) saved.push(list.map((a) => ({ sources: a.sources.length, fanout: a.fanout ?? '' })));
      return saveMany(list, pending);
    };
    const reads = alertReads();
    await store.destinations.put(makeDestination({ platform: 'console', chatId: 'main' }));
    const other = outlet('b', 'Autre Journal');
    const outcomes = await intake.take([entry('Valmont', 'a'), other]);
    expect(outcomes).toEqual(['alerted', 'joined']);
    // One write of the story's alert with both sources: the way the group is written whole.
    expect(saved).toEqual([[{ sources: 2, fanout: 'done' }]]);
    expect(reads).toEqual([]);
    const [stored] = await store.alerts.recent(5);
    expect(stored?.sources.map((s) => s.source).sort()).toEqual(['Autre Journal', 'Le Quotidien Test']);
    expect((await store.alerts.prints([{ alertId: stored!.id, itemId: other.item.id }]))[0]).toBeDefined();
  });

  it('joins a story an earlier group wrote from the version it wrote: no read back', async () => {
    const reads = alertReads();
    expect(await intake.take([entry('Valmont', 'a')])).toEqual(['alerted']);
    expect(await intake.take([outlet('b', 'Autre Journal')])).toEqual(['joined']);
    expect(await intake.take([outlet('c', 'Troisième Journal', 'Valmont : la mairie toujours paralysée par le rançongiciel')])).toEqual(['joined']);
    expect(reads).toEqual([]);
    const [stored] = await store.alerts.recent(5);
    expect(stored?.sources.map((s) => s.source).sort()).toEqual(['Autre Journal', 'Le Quotidien Test', 'Troisième Journal']);
  });

  it('reads a story\'s first alert again after its interrupted fan-out was resumed (settling may rewrite it)', async () => {
    const first = await interrupted();
    expect(await intake.take([first])).toEqual(['duplicate']);
    const reads = alertReads();
    expect(await intake.take([outlet('b', 'Autre Journal')])).toEqual(['joined']);
    const [stored] = await store.alerts.recent(5);
    expect(reads).toEqual([stored?.id]);
    expect(stored?.fanout).toBe('done');
    expect(stored?.sources.map((s) => s.source).sort()).toEqual(['Autre Journal', 'Le Quotidien Test']);
  });

  it('keeps the source an item adds to a story whose interrupted fan-out is resumed in the same group', async () => {
    const first = await interrupted();
    expect((await store.alerts.pendingFanouts()).map((a) => a.item.title)).toEqual([first.item.title]);
    expect(await intake.take([first, outlet('b', 'Autre Journal')])).toEqual(['duplicate', 'joined']);
    const [stored] = await store.alerts.recent(5);
    expect(stored?.fanout).toBe('done');
    expect(await store.alerts.pendingFanouts()).toEqual([]);
    expect(await store.outbox.get(`send:console:main:${stored!.id}`)).toMatchObject({ status: 'pending' });
    expect(stored?.sources.map((s) => s.source).sort()).toEqual(['Autre Journal', 'Le Quotidien Test']);
  });

  it('rejects every batch of a group when the store fails, and takes them in again afterwards', async () => {
    const first = intake.take([entry('Valmont', 'a')]);
    const claimEach = store.seen.claimEach;
    let failing = true;
    store.seen.claimEach = async (list) => {
      if (failing && list.length === 2) throw new StoreError('seen.claim', 'disk full');
      return claimEach(list);
    };
    const group = [intake.take([entry('Kerbourg', 'b')]), intake.take([entry('Brest', 'c')])];
    expect(await first).toEqual(['alerted']);
    for (const p of group) await expect(p).rejects.toThrow(/disk full|seen\.claim/);
    failing = false;
    expect(await Promise.all([intake.take([entry('Kerbourg', 'b')]), intake.take([entry('Brest', 'c')])])).toEqual([['alerted'], ['alerted']]);
  });
});
