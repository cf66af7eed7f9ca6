/**
 * The wired app's one-cycle run (`run --once`, the demo): a cycle's alerts go out while the cycle
 * goes on, as the running bot sends them, each once.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rss, startTestApp, tempDir, testConfig, type TestApp } from './helpers/app.js';
import { startFeedServer, type FeedServer } from './helpers/feed-server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const ATTACK = 'Cyberattaque : la mairie de Brest paralysée par un rançongiciel';

async function twoFeeds(slowMs: number): Promise<{ server: FeedServer; test: TestApp }> {
  const now = Date.now();
  const server = await startFeedServer({
    '/fast.xml': { body: rss('Rapide', [{ title: ATTACK, link: 'https://rapide.example/brest', description: 'Les services municipaux de Brest sont à l’arrêt depuis une attaque par rançongiciel revendiquée par un groupe de pirates.', date: now - 60_000 }]) },
    '/slow.xml': { body: rss('Lent', [{ title: 'Le marché de Noël ouvre ses portes', link: 'https://lent.example/noel', description: 'Quarante exposants sont attendus ce week-end sur la place.', date: now - 60_000 }]), delayMs: slowMs },
  });
  cleanups.push(() => server.close());
  const tmp = tempDir();
  cleanups.push(() => tmp.remove());
  const config = testConfig({
    feeds: [
      { id: 'fast', name: 'Rapide', url: server.url('/fast.xml'), tags: [] },
      { id: 'slow', name: 'Lent', url: server.url('/slow.xml'), tags: [] },
    ],
    storeUrl: `sqlite://${path.join(tmp.dir, 'vigie.sqlite')}`,
    cwd: tmp.dir,
  });
  const test = await startTestApp({ config });
  cleanups.push(() => test.close());
  return { server, test };
}

describe('App.runOnce()', () => {
  it('delivers an alert while the cycle still waits for a slow feed, and only once', async () => {
    const { server, test } = await twoFeeds(3000);
    let finished = false;
    const cycle = test.app.runOnce(new AbortController().signal, { force: true }).then((report) => {
      finished = true;
      return report;
    });
    for (let i = 0; i < 250 && !test.output().includes(ATTACK); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(test.output()).toContain(ATTACK);
    // Printed before the slow feed answered: the cycle was still running.
    expect(finished).toBe(false);
    expect(server.hits('/slow.xml')).toBe(1);
    const report = await cycle;
    expect(report).toMatchObject({ polled: 2, alerts: 1 });
    // The delivery that follows the cycle found it sent already.
    expect(test.output().split(ATTACK)).toHaveLength(2);
  });
});
