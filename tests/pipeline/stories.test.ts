import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rss, startTestApp, tempDir, testConfig, type TestApp } from '../helpers/app.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { TestClock } from '../helpers/builders.js';
import type { FeedConfig } from '../../src/core/feed-types.js';
import type { CycleReport } from '../../src/pipeline/poll.js';

const HOUR = 3_600_000;
const T0 = Date.now();

const story = {
  a: {
    title: 'Cyberattaque au centre hospitalier de Valmont : les urgences en mode dégradé',
    link: 'https://quotidien-valmont.example/hopital-cyberattaque',
    description: "Le centre hospitalier de Valmont a été victime d'une attaque par rançongiciel dans la nuit de dimanche à lundi. Les urgences fonctionnent en mode dégradé et les consultations sont reportées.",
    date: T0 - 2 * HOUR,
  },
  b: {
    title: 'Le centre hospitalier de Valmont paralysé par un rançongiciel, les patients réorientés',
    link: 'https://radio-centre.example/valmont-hopital-rancongiciel',
    description: "Depuis lundi, le centre hospitalier de Valmont fonctionne sans informatique après une cyberattaque par rançongiciel. Les patients des urgences sont réorientés vers les hôpitaux voisins.",
    date: T0 - 1.5 * HOUR,
  },
  c: {
    title: 'Rançongiciel au centre hospitalier de Valmont : l’hôpital porte plainte',
    link: 'https://journal-region.example/valmont-plainte-hopital',
    description: "Le centre hospitalier de Valmont, touché lundi par un rançongiciel, a porté plainte. La direction indique que les urgences restent en mode dégradé.",
    date: T0 - 1 * HOUR,
  },
  d: {
    title: 'Centre hospitalier de Valmont : les urgences toujours en mode dégradé après la cyberattaque',
    link: 'https://tele-valmont.example/hopital-urgences-degradees',
    description: "Trois jours après l'attaque par rançongiciel, le centre hospitalier de Valmont fonctionne toujours en mode dégradé et reporte les consultations.",
    date: T0 - 0.8 * HOUR,
  },
  claimed: {
    title: 'Cyberattaque du centre hospitalier de Valmont : le groupe LockBit revendique l’attaque',
    link: 'https://cyber-hebdo.example/lockbit-revendique-valmont',
    description: "Le groupe de rançongiciel LockBit a revendiqué mercredi sur son site l'attaque contre le centre hospitalier de Valmont et menace de publier les données dérobées.",
    date: T0 - 0.5 * HOUR,
  },
};

let server: FeedServer;
let tmp: ReturnType<typeof tempDir>;
let test: TestApp;
let clock: TestClock;

const feed = (id: string): FeedConfig => ({ id, name: `Média ${id}`, url: server.url(`/${id}.xml`), tags: [] });
const signal = () => new AbortController().signal;

async function cycle(): Promise<CycleReport> {
  clock.advance(10 * 60_000);
  const report = await test.app.runOnce(signal(), { force: true });
  if (!report) throw new Error('the cycle did not run');
  return report;
}

beforeEach(async () => {
  tmp = tempDir();
  clock = new TestClock(T0);
  server = await startFeedServer({ '/m1.xml': { body: rss('M1', [story.a]) } });
  const config = testConfig({ feeds: [feed('m1'), feed('m2'), feed('m3'), feed('m4')], storeUrl: `sqlite://${path.join(tmp.dir, 's.sqlite')}`, cwd: tmp.dir });
  test = await startTestApp({ config, console: true, clock });
});
afterEach(async () => {
  await test.close();
  await server.close();
  tmp.remove();
});

describe('stories', () => {
  it('posts one alert for an incident reported by three outlets and edits it with the new sources', async () => {
    await cycle();
    expect(test.output().match(/^#\d+ /gm)).toHaveLength(1);
    server.route('/m2.xml', { body: rss('M2', [story.b]) });
    server.route('/m3.xml', { body: rss('M3', [story.c]) });
    await cycle();
    const out = test.output();
    expect(out.match(/^#\d+ /gm)).toHaveLength(1);
    expect(out).toMatch(/✎ alerte #1 mise à jour — 3 sources \(Média m[23], Média m[23]\)/);
    const [alert] = await test.app.store.alerts.recent(5);
    expect(alert?.sources.map((s) => s.source).sort()).toEqual(['Média m1', 'Média m2', 'Média m3']);
  });

  it('stores each source\'s fingerprint beside the alert, not in it, and links the next cycle\'s items through them', async () => {
    await cycle();
    server.route('/m2.xml', { body: rss('M2', [story.b]) });
    // The second cycle reloads the stories from the store: the fingerprint it matches was stored beside the alert.
    expect(await cycle()).toMatchObject({ alerts: 0, joined: 1 });
    const [alert] = await test.app.store.alerts.recent(1);
    expect(alert?.sources).toHaveLength(2);
    expect(alert?.sources.every((s) => s.fingerprint === undefined)).toBe(true);
    const prints = await test.app.store.alerts.prints(alert!.sources.map((s) => ({ alertId: alert!.id, itemId: s.itemId })));
    expect(prints.map((p) => p?.category)).toEqual(['cyberattack', 'cyberattack']);
    expect(prints[0]?.victim.join(' ')).toMatch(/valmont/);
  });

  it('links an item to a story stored with its fingerprints inside the alert (as before they were kept beside it)', async () => {
    await cycle();
    const [made] = await test.app.store.alerts.recent(1);
    const [print] = await test.app.store.alerts.prints([{ alertId: made!.id, itemId: made!.sources[0]!.itemId }]);
    expect(print).toBeDefined();
    await test.close();
    // Another store holding the alert in the earlier form only: the fingerprint in its source record, none beside it.
    const config = testConfig({ feeds: [feed('m2')], storeUrl: `sqlite://${path.join(tmp.dir, 'older.sqlite')}`, cwd: tmp.dir });
    test = await startTestApp({ config, console: true, clock });
    await test.app.store.alerts.save({ ...made!, sources: [{ ...made!.sources[0]!, fingerprint: print! }] });
    server.route('/m2.xml', { body: rss('M2', [story.b]) });
    expect(await cycle()).toMatchObject({ alerts: 0, joined: 1 });
    const [after] = await test.app.store.alerts.recent(1);
    expect(after?.id).toBe(made?.id);
    expect(after?.sources).toHaveLength(2);
  });

  it('three items of one feed on one incident, in one cycle, make one story: one alert and a reply', async () => {
    server.route('/m1.xml', { body: rss('M1', [story.a, story.b, story.claimed]) });
    const report = await test.app.runOnce(signal(), { force: true });
    // The claim of responsibility joins as a reply: counted as joined, posted as message #2.
    expect(report).toMatchObject({ alerts: 1, joined: 2 });
    // The reply waits for the original message: it goes out with the next cycle's delivery.
    await cycle();
    const out = test.output();
    expect(out.match(/^#\d+ /gm)).toHaveLength(2);
    expect(out).toMatch(/#2 ↪ suite de l'alerte #1\n/);
    // The second report of the same outlet adds nothing to show; the claim is a reply to the story.
    const alerts = await test.app.store.alerts.recent(5);
    expect(alerts.map((a) => a.item.link).sort()).toEqual([story.a.link, story.claimed.link].sort());
    expect(alerts.find((a) => a.item.link === story.claimed.link)?.storyId).toBe(alerts.find((a) => a.item.link === story.a.link)?.id);
  });

  it('after a restart on the same store, an item that joined a story adds no new source and no edit', async () => {
    server.route('/m2.xml', { body: rss('M2', [story.b]) });
    await cycle();
    const [before] = await test.app.store.alerts.recent(1);
    expect(before?.sources).toHaveLength(2);
    const printed = test.output();
    await test.close();
    const config = testConfig({ feeds: [feed('m1'), feed('m2')], storeUrl: `sqlite://${path.join(tmp.dir, 's.sqlite')}`, cwd: tmp.dir });
    test = await startTestApp({ config, console: true, clock });
    clock.advance(10 * 60_000);
    const report = await test.app.runOnce(signal(), { force: true });
    // Same bodies as before the restart (their hashes are in the store): not even parsed.
    expect(report).toMatchObject({ alerts: 0, joined: 0, unchanged: 2, items: 0 });
    const [after] = await test.app.store.alerts.recent(1);
    expect(after?.sources).toEqual(before?.sources);
    expect(await test.app.store.outbox.due(clock.now() + 3_600_000, 10)).toEqual([]);
    expect(printed).toMatch(/^#1 /m);
    expect(test.output()).toBe('');
  });

  it('edits an alert at most once a minute during a storm of items', async () => {
    await cycle();
    server.route('/m2.xml', { body: rss('M2', [story.b]) });
    server.route('/m3.xml', { body: rss('M3', [story.c]) });
    server.route('/m4.xml', { body: rss('M4', [story.d]) });
    clock.advance(10 * 60_000);
    await test.app.scheduler.runOnce(signal(), { force: true });
    const [head] = await test.app.store.alerts.recent(1);
    expect(head?.sources).toHaveLength(4);
    const edits = (await test.app.store.outbox.due(clock.now() + 10 * 60_000, 100)).filter((e) => e.kind === 'edit');
    // Three joining items in one cycle: one edit now, one a minute later that shows every source.
    expect(edits.map((e) => e.notBefore - clock.now())).toEqual([0, 60_000]);
    expect(new Set(edits.map((e) => e.alertId))).toEqual(new Set([head?.id]));
  });

  it('posts a claim of responsibility as a reply to the original alert', async () => {
    expect((await cycle()).announced).toEqual({ cyberattack: 1, outage: 0 });
    server.route('/m4.xml', { body: rss('M4', [story.claimed]) });
    // The reply is an alert announced by the cycle, though the item joined a story.
    expect(await cycle()).toMatchObject({ alerts: 0, joined: 1, announced: { cyberattack: 1, outage: 0 } });
    const out = test.output();
    expect(out).toMatch(/#2 ↪ suite de l'alerte #1\n/);
    expect(out).toContain('LockBit revendique');
    const follow = (await test.app.store.alerts.recent(5)).find((a) => a.storyId);
    expect(follow?.item.link).toBe(story.claimed.link);
    const head = await test.app.store.alerts.get(follow!.storyId!);
    expect(head?.announced).toContain('claimed');
  });

  it('joins a report six weeks later naming the attacked hospital to its story, not to a new alert', async () => {
    await cycle();
    clock.advance(42 * 24 * HOUR);
    server.route('/m2.xml', {
      body: rss('M2', [{
        title: 'Centre hospitalier de Valmont : six semaines après la cyberattaque, les consultations reprennent',
        link: 'https://radio-centre.example/valmont-hopital-reprise',
        description: "Six semaines après l'attaque par rançongiciel, le centre hospitalier de Valmont retrouve ses logiciels et rouvre ses consultations.",
        date: clock.now(),
      }]),
    });
    const report = await test.app.runOnce(signal(), { force: true });
    expect(report).toMatchObject({ alerts: 0, joined: 1 });
  });

  it('keeps a different incident of the same week in its own alert', async () => {
    await cycle();
    server.route('/m2.xml', {
      body: rss('M2', [{
        title: 'Cyberattaque au centre hospitalier de Brionne : les urgences en mode dégradé',
        link: 'https://radio-centre.example/brionne-hopital',
        description: "Le centre hospitalier de Brionne a été victime d'une attaque par rançongiciel mardi. Les urgences fonctionnent en mode dégradé.",
        date: T0,
      }]),
    });
    await cycle();
    expect(test.output().match(/^#\d+ /gm)).toHaveLength(2);
  });
});
