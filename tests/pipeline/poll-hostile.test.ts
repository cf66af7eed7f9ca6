/**
 * A poll cycle over 50 feeds on the default thread setting (no worker thread on two cores), one of
 * which serves a hostile body: the 49 others are announced in the same cycle, the hostile feed
 * fails as too_slow and backs off.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultThreads } from '../../src/workers/pool.js';
import type { FeedConfig } from '../../src/core/feed-types.js';
import { rss, startTestApp, tempDir, testConfig, type TestApp } from '../helpers/app.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';

const SYLLABLES = ['val', 'mont', 'bru', 'ne', 'cor', 'lan', 'ter', 'sai', 'bel', 'roc'];
const town = (n: number) => {
  const name = `${SYLLABLES[n % 10]}${SYLLABLES[Math.floor(n / 10) % 10]}ville`;
  return name.charAt(0).toUpperCase() + name.slice(1);
};
const HOSTILE = `<!DOCTYPE rss [${'[a]'.repeat(40)}[ <rss version="2.0"><channel><title>Piège</title>${'<p>'.repeat(1_000_000)}`;

let server: FeedServer;
let tmp: ReturnType<typeof tempDir>;
let app: TestApp | undefined;

beforeEach(async () => {
  tmp = tempDir();
  const routes: Record<string, { body: string }> = { '/hostile.xml': { body: HOSTILE } };
  for (let n = 0; n < 49; n += 1) {
    routes[`/f${n}.xml`] = {
      body: rss(`Presse ${n}`, [{
        title: `Cyberattaque : la mairie de ${town(n)} paralysée par un rançongiciel`,
        link: `https://presse-${n}.example/mairie-${town(n).toLowerCase()}-cyberattaque`,
        description: `Les services municipaux de ${town(n)} sont à l'arrêt depuis lundi après une attaque par rançongiciel. L'état civil fonctionne en mode dégradé.`,
        date: Date.now() - 3_600_000,
      }]),
    };
  }
  server = await startFeedServer(routes);
});
afterEach(async () => {
  await app?.close();
  await server.close();
  tmp.remove();
});

describe('a hostile feed among 50', () => {
  it('leaves the 49 other feeds announced in the same cycle; the hostile one fails too_slow and backs off', async () => {
    expect(defaultThreads(2)).toBe(0);
    const feeds: FeedConfig[] = [
      ...Array.from({ length: 25 }, (_, n) => ({ id: `f${n}`, name: `Presse ${n}`, url: server.url(`/f${n}.xml`), tags: [] })),
      { id: 'hostile', name: 'Piège', url: server.url('/hostile.xml'), tags: [] },
      ...Array.from({ length: 24 }, (_, i) => ({ id: `f${25 + i}`, name: `Presse ${25 + i}`, url: server.url(`/f${25 + i}.xml`), tags: [] })),
    ];
    const base = testConfig({ feeds, storeUrl: `sqlite://${path.join(tmp.dir, 'vigie.sqlite')}`, cwd: tmp.dir });
    expect(base.poll.threads).toBe(0);
    const config = { ...base, fetch: { ...base.fetch, parseBudgetMs: 300 } };
    app = await startTestApp({ config, console: true });
    const report = await app.app.runOnce(new AbortController().signal);
    expect(report).toMatchObject({ feeds: 50, polled: 49, feedErrors: 1, items: 49, alerts: 49 });
    for (let n = 0; n < 49; n += 1) expect(app.output()).toContain(`mairie de ${town(n)}`);
    const state = await app.app.store.feedStates.get('hostile');
    expect(state).toMatchObject({ failures: 1, lastError: 'feed hostile: parsing took more than 300 ms; the feed is skipped and retried later' });
    expect(state?.nextAttemptAt).toBeGreaterThan(Date.now() + 5 * 60_000);
  });
});

describe('items sharing one link', () => {
  it('announces each incident of a feed whose items all link to one live page, once', async () => {
    const live = 'https://infos-regions.example/direct-cyberattaque';
    const items = [0, 1, 2].map((n) => ({
      title: `Cyberattaque : la mairie de ${town(n)} paralysée par un rançongiciel`,
      link: live,
      guid: `direct-${n}`,
      description: `Les services municipaux de ${town(n)} sont à l'arrêt depuis lundi après une attaque par rançongiciel.`,
      date: Date.now() - 3_600_000,
    }));
    server.route('/live.xml', { body: rss('Direct', items) });
    const config = testConfig({ feeds: [{ id: 'live', name: 'Direct', url: server.url('/live.xml'), tags: [] }], storeUrl: `sqlite://${path.join(tmp.dir, 'live.sqlite')}`, cwd: tmp.dir });
    app = await startTestApp({ config, console: true });
    expect(await app.app.runOnce(new AbortController().signal, { force: true })).toMatchObject({ items: 3, alerts: 3 });
    for (const n of [0, 1, 2]) expect(app.output()).toContain(`mairie de ${town(n)}`);
    server.route('/live.xml', { body: rss('Direct', [...items].reverse()) });
    expect(await app.app.runOnce(new AbortController().signal, { force: true })).toMatchObject({ alerts: 0 });
  });
});
