import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rss, tempDir } from '../helpers/app.js';
import { makeDestination } from '../helpers/builders.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { countingPoller, type CountingPoller } from './poll-support.js';

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
  it('writes a feed\'s new alerts pending in one alert write, their deliveries in one outbox write, then settles them in one write', async () => {
    const writes: { alerts: number[]; outbox: number[] } = { alerts: [], outbox: [] };
    const { alerts, outbox } = p.store;
    const saveMany = alerts.saveMany.bind(alerts);
    const states: string[][] = [];
    alerts.saveMany = async (list) => {
      writes.alerts.push(list.length);
      states.push(list.map((a) => a.fanout ?? ''));
      return saveMany(list);
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
    expect(writes).toEqual({ alerts: [3, 3], outbox: [3] });
    expect(states).toEqual([['pending', 'pending', 'pending'], ['done', 'done', 'done']]);
    expect((await alerts.recent(5)).map((a) => a.fanout)).toEqual(['done', 'done', 'done']);
  });
});
