import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONSOLE_DESTINATION_KEY } from '../../src/platforms/console/notifier.js';
import { rss, startTestApp, tempDir, testConfig, type TestApp } from '../helpers/app.js';
import { TestClock } from '../helpers/builders.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';

// 07:00 in Paris (UTC+1 in November).
const T0 = Date.parse('2026-11-20T06:00:00Z');
const MIN = 60_000;

const items = [
  {
    title: 'Rançongiciel : la mairie de Lunel-Viel paralysée, les services municipaux fermés',
    link: 'https://midi-info.example/lunel-viel-mairie-rancongiciel',
    description: "La mairie de Lunel-Viel est victime d'une attaque par rançongiciel depuis lundi. L'accueil du public est suspendu.",
    date: T0 - 60 * MIN,
  },
  {
    title: 'Panne géante chez un hébergeur : des milliers de sites inaccessibles depuis ce matin',
    link: 'https://tech-info.example/panne-hebergeur-sites-inaccessibles',
    description: "Un incident électrique dans un centre de données de l'hébergeur a rendu inaccessibles des milliers de sites. Le service est en cours de rétablissement.",
    date: T0 - 30 * MIN,
  },
];

let server: FeedServer;
let tmp: ReturnType<typeof tempDir>;
let test: TestApp;
let clock: TestClock;
const signal = () => new AbortController().signal;
const digestsPrinted = () => (test.output().match(/📰 Résumé Vigie/g) ?? []).length;

beforeEach(async () => {
  tmp = tempDir();
  clock = new TestClock(T0);
  server = await startFeedServer({ '/f.xml': { body: rss('Presse', items) } });
  const config = testConfig({
    feeds: [{ id: 'f', name: 'Presse', url: server.url('/f.xml'), tags: [] }],
    storeUrl: `sqlite://${path.join(tmp.dir, 'd.sqlite')}`, cwd: tmp.dir,
  });
  test = await startTestApp({ config, console: true, clock });
  const dest = await test.app.store.destinations.get(CONSOLE_DESTINATION_KEY);
  await test.app.store.destinations.put({ ...dest!, digest: { time: '08:00', timeZone: 'Europe/Paris' }, updatedAt: T0 - 10 * MIN });
});
afterEach(async () => {
  await test.close();
  await server.close();
  tmp.remove();
});

describe('digest mode', () => {
  it('holds alerts back and sends one digest at the chosen local time, once', async () => {
    await test.app.runOnce(signal(), { force: true });
    expect(test.output()).not.toMatch(/^#\d+ /m);
    clock.set(T0 + 61 * MIN); // 08:01 Paris
    await test.app.runOnce(signal(), { force: true });
    expect(digestsPrinted()).toBe(1);
    expect(test.output()).toContain('2 alertes depuis le dernier résumé');
    expect(test.output()).toContain('Lunel-Viel');
    expect(test.output()).toContain('Panne géante');
    clock.set(T0 + 90 * MIN);
    await test.app.runOnce(signal(), { force: true });
    expect(digestsPrinted()).toBe(1);
  });

  it('sends no digest on a day without alerts', async () => {
    await test.app.runOnce(signal(), { force: true });
    clock.set(T0 + 61 * MIN);
    await test.app.runOnce(signal(), { force: true });
    expect(digestsPrinted()).toBe(1);
    clock.set(T0 + 24 * 60 * MIN + 61 * MIN); // the next day, 08:01
    await test.app.runOnce(signal(), { force: true });
    expect(digestsPrinted()).toBe(1);
    expect((await test.app.store.destinations.get(CONSOLE_DESTINATION_KEY))?.lastDigestAt).toBe(T0 + 24 * 60 * MIN + 60 * MIN);
  });
});
