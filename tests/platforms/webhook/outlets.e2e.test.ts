/**
 * Webhook outlets end to end: a real Vigie (createApp) reads the webhooks file, polls a local feed
 * server and POSTs to local receivers in each format; retries, 429, 404 and secrets are checked.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { loadConfig } from '../../../src/config/index.js';
import type { FeedConfig } from '../../../src/core/feed-types.js';
import { rss, startTestApp, tempDir, testConfig, type TestApp } from '../../helpers/app.js';
import { startFeedServer, type FeedServer } from '../../helpers/feed-server.js';
import { WebhookReceiver } from '../../helpers/webhook-server.js';

const HOUR = 3_600_000;
const now = Date.now();
const ATTACK = {
  title: 'Cyberattaque : l’hôpital de Valmont paralysé par un rançongiciel, R&D et 5 < 6 @channel',
  link: 'https://infos-regions.example/valmont-hopital-cyberattaque',
  description: "L'hôpital de Valmont est victime depuis lundi d'une attaque par rançongiciel. Les urgences fonctionnent en mode dégradé et les rendez-vous sont reportés.",
  date: now - 2 * HOUR,
};
const OUTAGE = {
  title: "Panne géante chez un opérateur : les numéros d'urgence injoignables dans quinze départements",
  link: 'https://telecoms.example/panne-numeros-urgence',
  description: "Une panne du réseau de l'opérateur a empêché pendant plusieurs heures de joindre le 15, le 18 et le 112. L'opérateur évoque un incident technique lors d'une opération de maintenance.",
  date: now - 1 * HOUR,
};
const PATHS = {
  slack: '/services/T000/B000/SLACKSECRET1', mattermost: '/hooks/MMSECRET2', teams: '/workflows/TEAMSSECRET3', json: '/ingest/JSONSECRET4',
};
const SECRETS = ['SLACKSECRET1', 'MMSECRET2', 'TEAMSSECRET3', 'JSONSECRET4'];

let receiver: WebhookReceiver;
let feeds: FeedServer;
let tmp: ReturnType<typeof tempDir>;
let logs: string;
const apps: TestApp[] = [];
const signal = () => new AbortController().signal;

function webhooksFile(slackPath = PATHS.slack): string {
  const file = path.join(tmp.dir, 'webhooks.yaml');
  writeFileSync(file, `webhooks:
  - id: soc-slack
    url: ${receiver.url(slackPath)}
    format: slack
  - id: dsi-mattermost
    url: ${receiver.url(PATHS.mattermost)}
    format: mattermost
    categories: [outage]
  - id: crise-teams
    url: ${receiver.url(PATHS.teams)}
    format: teams
    lang: en
  - id: siem-json
    url: ${receiver.url(PATHS.json)}
    format: json
    keywords: ["hôpital", "-exercice"]
`);
  return file;
}

async function start(file = webhooksFile()): Promise<TestApp> {
  const feed: FeedConfig = { id: 'press', name: 'Infos Régions', url: feeds.url('/press.xml'), tags: [] };
  const config = testConfig({ feeds: [feed], storeUrl: `sqlite://${path.join(tmp.dir, 'vigie.sqlite')}`, cwd: tmp.dir, env: { WEBHOOKS_FILE: file } });
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => { logs += chunk.toString('utf8'); });
  const app = await startTestApp({ config, logger: pino({ level: 'debug' }, stream) });
  apps.push(app);
  return app;
}

beforeEach(async () => {
  logs = '';
  tmp = tempDir();
  receiver = await WebhookReceiver.start();
  feeds = await startFeedServer({ '/press.xml': { body: rss('Infos Régions', [ATTACK, OUTAGE]) } });
});
afterEach(async () => {
  while (apps.length) await apps.pop()?.close();
  await receiver.close();
  await feeds.close();
  tmp.remove();
});

describe('webhook outlets', () => {
  it('posts each alert once to every matching outlet, in its format, escaped, and never again', async () => {
    const { app } = await start();
    await app.runOnce(signal(), { force: true });

    const slack = receiver.postsTo(PATHS.slack);
    expect(slack).toHaveLength(2);
    const attack = slack.map((p) => JSON.stringify(p.body)).find((b) => b.includes('Valmont'))!;
    expect(slack[0]!.body.blocks.length).toBeGreaterThan(1);
    expect(attack).toContain('Cyberattaque — rançongiciel');
    expect(attack).toContain('R&amp;D et 5 &lt; 6 @\u200bchannel');
    expect(attack).not.toMatch(/@channel|R&D|5 < 6/);

    const mattermost = receiver.postsTo(PATHS.mattermost);
    expect(mattermost).toHaveLength(1); // outages only
    expect(mattermost[0]!.body.attachments[0].title).toContain('Panne géante');
    expect(mattermost[0]!.body.attachments[0].title_link).toBe(OUTAGE.link);

    const teams = receiver.postsTo(PATHS.teams);
    expect(teams).toHaveLength(2);
    expect(teams[0]!.body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(teams.map((p) => p.body))).toContain('Cyberattack — ransomware'); // lang: en

    const json = receiver.postsTo(PATHS.json);
    expect(json).toHaveLength(1); // keyword "hôpital"
    expect(json[0]!.contentType).toContain('application/json');
    expect(json[0]!.body).toMatchObject({
      type: 'alert', category: 'cyberattack', subtype: 'ransomware', title: ATTACK.title, url: ATTACK.link,
      sources: [{ name: 'Infos Régions', url: ATTACK.link }],
    });
    expect(Object.keys(json[0]!.body)).toEqual(expect.arrayContaining(['id', 'cause', 'severity', 'summary', 'victim', 'published']));
    expect(new Date(json[0]!.body.published).getTime()).toBe(Math.floor(ATTACK.date / 1000) * 1000);

    await app.runOnce(signal(), { force: true });
    expect(receiver.posts).toHaveLength(6);
  });

  it('posts a new source as a short follow-up message, since a webhook cannot edit', async () => {
    const { app } = await start();
    await app.runOnce(signal(), { force: true });
    const [alert] = (await app.store.alerts.recent(10)).filter((a) => a.item.title.includes('Valmont'));
    const joined = { ...alert!, sources: [...alert!.sources, { itemId: 'x', source: 'La Gazette du Causse', title: 'Valmont', link: 'https://gazette.example/v' }] };
    await app.store.alerts.save(joined);
    const at = Date.now();
    await app.store.outbox.enqueue([{
      id: `edit:webhook:soc-slack:${alert!.id}:1`, kind: 'edit', destinationKey: 'webhook:soc-slack', alertId: alert!.id,
      status: 'pending', attempts: 0, notBefore: at, createdAt: at,
    }]);
    await app.delivery.drain();
    const slack = receiver.postsTo(PATHS.slack);
    expect(slack).toHaveLength(3);
    expect(slack[2]!.body.text).toContain('Nouvelles sources pour');
    expect(JSON.stringify(slack[2]!.body)).toContain('Également rapporté par : La Gazette du Causse — 2 sources');
  });

  it('waits the Retry-After of a 429, then posts once; logs and store never show a webhook URL', async () => {
    receiver.script(PATHS.json, { status: 429, headers: { 'retry-after': '1' }, body: 'slow down' });
    const { app } = await start();
    await app.runOnce(signal(), { force: true });
    // The retry may already have gone during that cycle's delivery (its other posts are paced): drain until it has.
    for (let i = 0; i < 40 && receiver.postsTo(PATHS.json).length === 0; i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      await app.delivery.drain();
    }
    expect(receiver.postsTo(PATHS.json)).toHaveLength(1);
    const [refused, accepted, ...more] = receiver.requests.filter((r) => r.path === PATHS.json);
    expect(refused!.status).toBe(429);
    expect(accepted!.status).toBe(200);
    expect(more).toEqual([]);
    expect(accepted!.at - refused!.at).toBeGreaterThanOrEqual(950);
    const [entry] = (await app.store.outbox.due(Number.MAX_SAFE_INTEGER, 100)).filter((e) => e.destinationKey === 'webhook:siem-json');
    expect(entry).toBeUndefined(); // done, not pending
    const pending = [await app.store.outbox.get(`send:webhook:siem-json:${(await app.store.alerts.recent(10)).find((a) => a.item.title.includes('Valmont'))!.id}`)];
    expect(pending[0]).toMatchObject({ status: 'done', attempts: 2, lastError: expect.stringContaining('rate limited') });

    const stored = JSON.stringify([await app.store.destinations.list(), pending]);
    for (const secret of SECRETS) {
      expect(logs).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
    expect(logs).toContain('rate limited');
  });

  it('deactivates an outlet answering 404, keeps it off on restart, and turns it back on when its URL changes', async () => {
    receiver.remove(PATHS.slack);
    const first = await start();
    await first.app.runOnce(signal(), { force: true });
    expect((await first.app.store.destinations.get('webhook:soc-slack'))?.active).toBe(false);
    expect(receiver.postsTo(PATHS.teams)).toHaveLength(2); // the others are unaffected
    await first.close();
    apps.pop();

    const again = await start();
    expect((await again.app.store.destinations.get('webhook:soc-slack'))?.active).toBe(false);
    await again.close();
    apps.pop();

    const fixed = await start(webhooksFile('/services/T000/B000/NEWSECRET'));
    expect((await fixed.app.store.destinations.get('webhook:soc-slack'))?.active).toBe(true);
    expect(logs).not.toContain('SLACKSECRET1');
  });

  it('reports every problem of a bad webhooks file together, without showing a URL', () => {
    const file = path.join(tmp.dir, 'bad-webhooks.yaml');
    writeFileSync(file, `webhooks:
  - id: a
    url: ftp://hooks.example/TOPSECRET
    format: slack
  - id: a
    url: https://hooks.example/services/OTHERSECRET
    format: discord
  - id: b
    url: https://hooks.example/x
    format: json
    categories: [cyber]
  - id: c
    url: https://hooks.example/y
    format: teams
    keywords: ["ra*"]
`);
    let error: unknown;
    try {
      loadConfig({ env: { WEBHOOKS_FILE: file }, cwd: tmp.dir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.map((i) => `${i.where}: ${i.message}`);
    expect(issues).toEqual(expect.arrayContaining([
      'bad-webhooks.yaml: webhooks[0].url: not an http(s) URL',
      'bad-webhooks.yaml: webhooks[1].format: must be one of slack, mattermost, teams, json',
      'bad-webhooks.yaml: webhooks[2].categories[0]: must be cyberattack or outage',
    ]));
    expect((error as ConfigError).message).not.toMatch(/TOPSECRET|OTHERSECRET|hooks\.example/);
  });

  it('names keyword and duplicate-id problems of an otherwise valid file', () => {
    const file = path.join(tmp.dir, 'webhooks.yaml');
    writeFileSync(file, `webhooks:
  - { id: a, url: "https://hooks.example/1", format: slack }
  - { id: a, url: "https://hooks.example/2", format: json, keywords: ["ra*"] }
`);
    const issues = (() => {
      try {
        loadConfig({ env: { WEBHOOKS_FILE: file }, cwd: tmp.dir });
        return [];
      } catch (e) {
        return (e as ConfigError).issues.map((i) => `${i.where}: ${i.message}`);
      }
    })();
    expect(issues).toEqual([
      'webhooks.yaml: webhooks[1].id: duplicate webhook id "a"',
      expect.stringMatching(/^webhooks\.yaml: webhooks\[1\]\.keywords: Prefix too short/),
    ]);
  });
});
