import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rss, startTestApp, tempDir, testConfig, type TestApp } from '../helpers/app.js';
import { FakeTelegram } from '../helpers/fake-telegram.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { hospitalAttack, TELEGRAM_TOKEN } from '../e2e/support.js';

let tmp: ReturnType<typeof tempDir>;
let feeds: FeedServer;
let running: TestApp | undefined;

beforeEach(async () => {
  tmp = tempDir('vigie-http-');
  const item = hospitalAttack();
  feeds = await startFeedServer({
    '/ok.xml': { body: rss('Presse régionale', [{ ...item }]) },
    '/absent.xml': { status: 404, body: 'introuvable' },
  });
});
afterEach(async () => {
  await running?.close();
  running = undefined;
  await feeds.close();
  tmp.remove();
});

async function start(env: NodeJS.ProcessEnv = {}): Promise<{ app: TestApp; url: string }> {
  const config = testConfig({
    feeds: [
      { id: 'ok', name: 'Presse régionale', url: feeds.url('/ok.xml'), tags: [] },
      { id: 'absent', name: 'Flux disparu', url: feeds.url('/absent.xml'), tags: [] },
    ],
    storeUrl: `sqlite://${path.join(tmp.dir, 'store.sqlite')}`,
    env: { HTTP_PORT: '0', ...env },
    cwd: tmp.dir,
  });
  running = await startTestApp({ config });
  const url = await running.app.serveHttp();
  if (!url) throw new Error('the HTTP endpoint did not start');
  return { app: running, url };
}

/** The value of one sample line of the Prometheus text, or undefined when absent. */
function sample(text: string, line: string): number | undefined {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe('HTTP endpoint', () => {
  it('is off when HTTP_PORT is unset', async () => {
    const config = testConfig({ feeds: [], storeUrl: 'memory://', cwd: tmp.dir });
    running = await startTestApp({ config });
    expect(await running.app.serveHttp()).toBeUndefined();
    expect(running.app.metrics).toBeUndefined();
  });

  it('/healthz answers 200 and /readyz 200 with the store check when no platform is configured', async () => {
    const { url } = await start();
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { store: 'ok' } });
  });

  it('/metrics counts feed reads by outcome and error kind, alerts by category, deliveries, the outbox and destinations', async () => {
    const { app, url } = await start();
    await app.app.runOnce(new AbortController().signal, { force: true });
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(sample(text, 'vigie_feed_polls_total{outcome="ok",kind=""}')).toBe(1);
    expect(sample(text, 'vigie_feed_polls_total{outcome="error",kind="http_status"}')).toBe(1);
    expect(sample(text, 'vigie_feed_fetch_duration_seconds_count{outcome="ok"}')).toBe(1);
    expect(sample(text, 'vigie_feed_items_total')).toBe(1);
    expect(sample(text, 'vigie_alerts_total{category="cyberattack"}')).toBe(1);
    expect(sample(text, 'vigie_deliveries_total{platform="console",operation="send",outcome="ok"}')).toBe(1);
    expect(sample(text, 'vigie_delivery_latency_seconds_count{platform="console"}')).toBe(1);
    expect(sample(text, 'vigie_outbox_depth')).toBe(0);
    expect(sample(text, 'vigie_destinations{platform="console"}')).toBe(1);
    expect(sample(text, 'vigie_feeds_failing{kind="http_status"}')).toBe(1);
    expect(sample(text, 'vigie_feeds_configured')).toBe(2);
    expect(sample(text, 'vigie_cycle_duration_seconds_count')).toBe(1);
    expect(sample(text, 'vigie_store_up')).toBe(1);
    expect(text).toContain('vigie_rate_limited_total');
    expect(text).toContain('vigie_process_resident_memory_bytes');
  });

  it('refuses other methods with 405 and unknown paths with 404', async () => {
    const { url } = await start();
    expect((await fetch(`${url}/`, { method: 'POST', body: 'x' })).status).toBe(405);
    const missing = await fetch(`${url}/admin`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('/readyz answers 503 naming a configured platform that is not connected, then 200 once it is', async () => {
    const telegram = await FakeTelegram.start({ token: TELEGRAM_TOKEN });
    const controller = new AbortController();
    try {
      const { app, url } = await start({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot });
      const before = await fetch(`${url}/readyz`);
      expect(before.status).toBe(503);
      expect(await before.json()).toEqual({
        status: 'not ready', checks: { store: 'ok', telegram: 'failing' }, reasons: { telegram: 'telegram: not connected' },
      });
      await app.app.startPlatforms(controller.signal);
      const after = await fetch(`${url}/readyz`);
      expect(after.status).toBe(200);
      expect(await after.json()).toEqual({ status: 'ready', checks: { store: 'ok', telegram: 'ok' } });
    } finally {
      controller.abort();
      await running?.close();
      running = undefined;
      await telegram.close();
    }
  });

  it('/readyz answers 503 naming the store when it is unreachable', async () => {
    const { app, url } = await start();
    await app.app.store.close();
    const res = await fetch(`${url}/readyz`);
    expect(res.status).toBe(503);
    const body = await res.json() as { reasons: Record<string, string> };
    expect(body.reasons.store).toMatch(/store ping: sqlite .*closed/);
  });
});
