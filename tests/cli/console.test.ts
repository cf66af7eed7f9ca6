import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backoffLine, cycleLine } from '../../src/cli/cycle-summary.js';
import { createLogger } from '../../src/logger.js';
import { rss, tempDir } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { hospitalAttack } from '../e2e/support.js';

let tmp: ReturnType<typeof tempDir>;
let feeds: FeedServer;

beforeEach(async () => {
  tmp = tempDir('vigie-console-');
  feeds = await startFeedServer({ '/ok.xml': { body: rss('Presse régionale', [hospitalAttack()]) }, '/absent.xml': { status: 404, body: 'non' } });
});
afterEach(async () => {
  await feeds.close();
  tmp.remove();
});

const SUMMARY = /^\d{2}:\d{2} — 2 flux, 1 ok, 1 en échec, 1 nouvelle alerte ; prochain cycle à \d{2}:\d{2}$/m;

describe('vigie run on the console', () => {
  it('prints one French summary line per cycle on stdout, JSON logs on stderr (not a terminal)', async () => {
    writeFileSync(path.join(tmp.dir, 'feeds.yaml'), `feeds:\n  - id: ok\n    name: OK\n    url: ${feeds.url('/ok.xml')}\n  - id: absent\n    name: Absent\n    url: ${feeds.url('/absent.xml')}\n`);
    const run = await runCli(['run', '--once', '--feeds', 'feeds.yaml'], { cwd: tmp.dir, env: { STORE_URL: 'sqlite://store.sqlite', LOG_LEVEL: 'info' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(SUMMARY);
    expect(run.stderr.split('\n').filter(Boolean).every((l) => l.startsWith('{'))).toBe(true);
  });

  it('says so when no feed answers, and after a restart names the feeds still in backoff', async () => {
    // A port nothing listens on: connections are refused, as when the network is down.
    const closed = await startFeedServer({});
    const url = closed.url('/rss');
    await closed.close();
    writeFileSync(path.join(tmp.dir, 'feeds.yaml'), `feeds:\n  - id: coupe\n    name: Coupé\n    url: ${url}\n`);
    const env = { STORE_URL: 'sqlite://store.sqlite', POLL_INTERVAL_SECONDS: '60' };
    const first = await runCli(['run', '--once', '--feeds', 'feeds.yaml'], { cwd: tmp.dir, env });
    expect(first.stdout).toMatch(/^\d{2}:\d{2} — aucun flux joignable \(1 en échec sur 1\) : le réseau est-il coupé \? prochain cycle à \d{2}:\d{2}$/m);
    const restart = await runCli(['run', '--feeds', 'feeds.yaml'], { cwd: tmp.dir, env, stopOn: /prochain cycle/ });
    expect(restart.code).toBe(0);
    expect(restart.stdout).toMatch(/^1 flux en attente après des échecs : coupe jusqu'à \d{2}:\d{2} \(1 échec\) — « vigie feeds reset ID » pour réessayer plus tôt$/m);
    // The feed is not due: the cycle skips it and says it waits.
    expect(restart.stdout).toMatch(/— 1 flux, 0 ok, 0 en échec, 1 en attente, 0 nouvelle alerte ;/);
  }, 60_000);

  it('LOG_FORMAT=pretty writes readable lines with no secret', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => { text += d.toString(); });
    const logger = createLogger('info', out, 'pretty');
    logger.info({ feeds: 27, token: '123456:secret-token-value' }, 'starting');
    await new Promise((resolve) => setImmediate(resolve));
    expect(text).toMatch(/^\[\d{2}:\d{2}:\d{2}\] INFO: starting/);
    expect(text).toContain('"feeds":27');
    expect(text).not.toContain('secret-token-value');
  });
});

describe('console lines', () => {
  const base = { startedAt: Date.UTC(2026, 0, 5, 13, 5), durationMs: 2000, nextAt: Date.UTC(2026, 0, 5, 13, 10), feeds: 27, polled: 25, feedErrors: 2, backingOff: 0, items: 300 };
  it('cycleLine reads like the issue: Paris time, counts, plural of alerts', () => {
    expect(cycleLine({ ...base, announced: { cyberattack: 2, outage: 1 } })).toBe('14:05 — 27 flux, 25 ok, 2 en échec, 3 nouvelles alertes ; prochain cycle à 14:10');
  });

  it('backoffLine lists at most five feeds', () => {
    const now = Date.UTC(2026, 0, 5, 13, 0);
    const feedList = Array.from({ length: 7 }, (_, i) => ({ id: `f${i}`, name: `F${i}`, url: 'https://x.example/', tags: [] }));
    const states = Object.fromEntries(feedList.map((f) => [f.id, { failures: 2, initialised: true, nextAttemptAt: now + 3_600_000 }]));
    expect(backoffLine(feedList, states, now)).toBe("7 flux en attente après des échecs : f0 jusqu'à 15:00 (2 échecs), f1 jusqu'à 15:00 (2 échecs), "
      + "f2 jusqu'à 15:00 (2 échecs), f3 jusqu'à 15:00 (2 échecs), f4 jusqu'à 15:00 (2 échecs), et 2 autres — « vigie feeds reset ID » pour réessayer plus tôt");
    expect(backoffLine(feedList, {}, now)).toBeUndefined();
  });
});
