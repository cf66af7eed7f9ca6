import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { rss, startTestApp, tempDir, testConfig, type TestApp } from '../helpers/app.js';
import type { FeedConfig } from '../../src/core/feed-types.js';

const HOUR = 3_600_000;
const now = Date.now();

const HOSPITAL = {
  title: 'Cyberattaque : le centre hospitalier de Valmont paralysé par un rançongiciel',
  link: 'https://infos-regions.example/valmont-hopital-cyberattaque?utm_source=rss',
  description: "Le centre hospitalier de Valmont est victime depuis lundi d'une attaque par rançongiciel. Les urgences fonctionnent en mode dégradé et les rendez-vous sont reportés.",
  date: now - 2 * HOUR,
};
const OUTAGE = {
  title: "Panne géante chez un opérateur : les numéros d'urgence injoignables dans quinze départements",
  link: 'https://telecoms.example/panne-numeros-urgence',
  description: "Une panne du réseau de l'opérateur a empêché pendant plusieurs heures de joindre le 15, le 18 et le 112. L'opérateur évoque un incident technique lors d'une opération de maintenance.",
  date: now - 1 * HOUR,
};
const CYBER_MONDAY = {
  title: 'Cyber Monday : les meilleures offres sur les ordinateurs portables',
  link: 'https://bons-plans.example/cyber-monday',
  description: 'Notre sélection des promotions du Cyber Monday sur les PC portables et les tablettes.',
  date: now - 1 * HOUR,
};
const OLD_ATTACK = {
  title: 'La mairie de Port-Alban visée par une cyberattaque, les services municipaux à l’arrêt',
  link: 'https://infos-regions.example/port-alban-mairie',
  description: "La mairie de Port-Alban a subi une intrusion dans son système informatique. L'état civil et les services techniques sont à l'arrêt depuis mardi.",
  date: now - 72 * HOUR,
};

let server: FeedServer;
let tmp: ReturnType<typeof tempDir>;
const apps: TestApp[] = [];

function feed(id: string): FeedConfig {
  return { id, name: `Flux ${id}`, url: server.url(`/${id}.xml`), tags: [] };
}

async function start(feeds: FeedConfig[], storeFile = 'vigie.sqlite', env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  const config = testConfig({ feeds, storeUrl: `sqlite://${path.join(tmp.dir, storeFile)}`, cwd: tmp.dir, env });
  const app = await startTestApp({ config, console: true });
  apps.push(app);
  return app;
}

const signal = () => new AbortController().signal;
const alertCount = (text: string) => (text.match(/^#\d+ /gm) ?? []).length;

beforeEach(async () => {
  tmp = tempDir();
  server = await startFeedServer({
    '/press.xml': { body: rss('Presse', [HOSPITAL, OUTAGE, CYBER_MONDAY, OLD_ATTACK]), etag: '"v1"' },
  });
});
afterEach(async () => {
  while (apps.length) await apps.pop()?.close();
  await server.close();
  tmp.remove();
});

describe('poll cycle', () => {
  it('announces recent incidents, drops non-incidents and records old items without announcing them', async () => {
    const { app, output } = await start([feed('press')]);
    const report = await app.runOnce(signal());
    // The backfilled one is not announced: one of each category is.
    expect(report).toMatchObject({ feeds: 1, polled: 1, items: 4, alerts: 2, backfilled: 1, feedErrors: 0, announced: { cyberattack: 1, outage: 1 } });
    expect(alertCount(output())).toBe(2);
    expect(output()).toContain('Valmont');
    expect(output()).toContain('PANNE');
    expect(output()).not.toContain('Cyber Monday');
    expect(output()).not.toContain('Port-Alban');
    // The old incident is kept for /latest although it was not announced.
    const recent = await app.store.alerts.recent(10);
    expect(recent.map((a) => a.item.title)).toEqual(expect.arrayContaining([OLD_ATTACK.title]));
  });

  it('parses and analyses on worker threads with the same outcome, feed errors still typed per feed', async () => {
    server.route('/html.xml', { body: '<!doctype html><html><body>Pas un flux</body></html>', headers: { 'content-type': 'text/html' } });
    const { app, output } = await start([feed('press'), feed('html')], 'threads.sqlite', { POLL_THREADS: '2' });
    const report = await app.runOnce(signal());
    expect(report).toMatchObject({ polled: 1, items: 4, alerts: 2, backfilled: 1, feedErrors: 1 });
    expect(alertCount(output())).toBe(2);
    expect(output()).toContain('Valmont');
    expect((await app.store.feedStates.get('html'))?.lastError).toMatch(/HTML page/);
  });

  it('asks with If-None-Match on the next cycle and announces nothing on 304', async () => {
    const { app, output } = await start([{ ...feed('press'), interval: 60 }]);
    await app.runOnce(signal());
    await app.store.feedStates.set('press', { ...(await app.store.feedStates.get('press'))!, nextAttemptAt: 0 });
    const second = await app.runOnce(signal());
    expect(second).toMatchObject({ polled: 1, notModified: 1, alerts: 0 });
    expect(alertCount(output())).toBe(2);
  });

  it('announces nothing again after a restart on the same SQLite file', async () => {
    const first = await start([feed('press')]);
    await first.app.runOnce(signal());
    await first.close();
    apps.splice(apps.indexOf(first), 1);
    // No ETag, and a body that changed: a full re-read.
    server.route('/press.xml', { body: rss('Presse — mise à jour', [CYBER_MONDAY, HOSPITAL, OUTAGE, OLD_ATTACK]) });
    const second = await start([feed('press')]);
    await second.app.store.feedStates.set('press', { ...(await second.app.store.feedStates.get('press'))!, nextAttemptAt: 0 });
    const report = await second.app.runOnce(signal());
    // The items are known from the store's seen log: none is analysed or claimed again.
    expect(report).toMatchObject({ items: 4, seen: 4, alerts: 0, duplicates: 0 });
    expect(alertCount(second.output())).toBe(0);
  });

  it('keeps polling the other feeds when one fails, and backs the failing one off', async () => {
    server.route('/broken.xml', { status: 500, body: 'oops' });
    server.route('/html.xml', { body: '<!doctype html><html><body>Pas un flux</body></html>', headers: { 'content-type': 'text/html' } });
    const { app, output } = await start([feed('broken'), feed('html'), feed('press')]);
    const report = await app.runOnce(signal());
    expect(report).toMatchObject({ polled: 1, feedErrors: 2, alerts: 2 });
    expect(alertCount(output())).toBe(2);
    const broken = await app.store.feedStates.get('broken');
    expect(broken?.failures).toBe(1);
    expect(broken?.lastError).toMatch(/500/);
    const again = await app.runOnce(signal());
    expect(again?.backingOff).toBeGreaterThanOrEqual(2);
    expect(server.hits('/broken.xml')).toBe(1);
  });

  it('announces a story carried by two feeds with the same headline once', async () => {
    server.route('/wire.xml', { body: rss('Agrégateur', [{ ...HOSPITAL, link: 'https://agregateur.example/a/123' }]) });
    const { app, output } = await start([feed('press'), feed('wire')]);
    const report = await app.runOnce(signal());
    expect(report?.alerts).toBe(2);
    expect(report?.duplicates).toBe(1);
    expect(output().match(/Valmont paralysé/g)).toHaveLength(1);
  });

  it('skips a cycle when the store fails and loses nothing: the next cycle announces it', async () => {
    const broken = await start([feed('press')]);
    await broken.app.store.close();
    expect(await broken.app.runOnce(signal()).catch(() => undefined)).toBeUndefined();
    expect(alertCount(broken.output())).toBe(0);
    apps.splice(apps.indexOf(broken), 1);
    const healthy = await start([feed('press')]);
    const report = await healthy.app.runOnce(signal());
    expect(report?.alerts).toBe(2);
    expect(alertCount(healthy.output())).toBe(2);
  });
});
