import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyseItem } from '../../src/core/analysis.js';
import { createClassifier } from '../../src/core/classify/index.js';
import { createSummariser } from '../../src/core/summarise.js';
import { loadConfig } from '../../src/config/index.js';
import { HttpFeedSource } from '../../src/feeds/http-feed-source.js';
import { FanOut } from '../../src/pipeline/fanout.js';
import { Poller } from '../../src/pipeline/poll.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/ports.js';
import { rss } from '../helpers/app.js';
import { silentLogger } from '../helpers/builders.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';

const config = loadConfig({ env: {}, cwd: process.cwd() });
const now = Date.now();
const ATTACK = {
  title: 'Cyberattaque : la mairie de Valmont paralysée par un rançongiciel',
  link: 'https://infos.example/valmont', date: now - 3_600_000,
  description: 'La mairie de Valmont est victime d’une attaque par rançongiciel depuis lundi ; les services municipaux sont à l’arrêt.',
};
const SALON = { title: 'Un salon du numérique ouvre ses portes', link: 'https://infos.example/salon', date: now - 3_600_000, description: 'Quarante exposants attendus.' };

let server: FeedServer;
let store: Store;

beforeEach(async () => {
  server = await startFeedServer({ '/press.xml': { body: rss('Presse', [ATTACK, SALON]) } });
  store = await openStore('memory://', { retentionMs: 86_400_000, alertRetentionMs: 86_400_000, logger: silentLogger, now: () => Date.now() });
});
afterEach(async () => {
  await store.close();
  await server.close();
});

function poller(analyse: ConstructorParameters<typeof Poller>[0]['analyse']): Poller {
  const clock = { now: () => Date.now() };
  return new Poller({
    feeds: [{ id: 'press', name: 'Presse', url: server.url('/press.xml'), tags: [] }],
    source: new HttpFeedSource(config.fetch, silentLogger),
    store, clock, logger: silentLogger,
    fanout: new FanOut({ store, clock, logger: silentLogger }),
    classifier: createClassifier(config.lexicon), summariser: createSummariser(),
    intervalMs: 300_000, backfillMs: 86_400_000,
    ...(analyse ? { analyse } : {}),
  });
}

describe('Poller analysis', () => {
  it('analyses a feed\'s new items in one batch, and only those not handled before', async () => {
    const batches: string[][] = [];
    const deps = { classifier: createClassifier(config.lexicon), summariser: createSummariser() };
    const p = poller(async (items) => {
      batches.push(items.map((i) => i.title));
      return items.map((item) => analyseItem(item, deps));
    });
    const report = await p.cycle(new AbortController().signal);
    expect(batches).toEqual([[ATTACK.title, SALON.title]]);
    expect(report).toMatchObject({ items: 2, incidents: 1, alerts: 1 });
    expect((await store.alerts.recent(5))[0]?.summary).toBe(analyseItem((await store.alerts.recent(5))[0]!.item, deps).summary);
    await p.cycle(new AbortController().signal, { force: true });
    expect(batches).toHaveLength(1);
  });

  it('analyses inline when the worker threads fail, losing no item', async () => {
    const p = poller(async () => { throw new Error('worker exited'); });
    const report = await p.cycle(new AbortController().signal);
    expect(report).toMatchObject({ items: 2, incidents: 1, alerts: 1 });
    expect((await store.alerts.recent(5)).map((a) => a.item.title)).toEqual([ATTACK.title]);
  });
});
