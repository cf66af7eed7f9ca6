import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { defaultDestination } from '../../src/pipeline/commands/index.js';
import { openStore } from '../../src/store/open-store.js';
import { silentLogger } from '../helpers/builders.js';
import { tempDir } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';
import { makeEntry, makeFeedState } from '../store/fixtures.js';

let tmp: ReturnType<typeof tempDir>;
let storeUrl: string;
const HOUR = 3_600_000;

async function withTestStore<T>(fn: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const store = await openStore(storeUrl, { retentionMs: 86_400_000, logger: silentLogger });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  tmp = tempDir('vigie-operator-');
  storeUrl = `sqlite://${path.join(tmp.dir, 'ops.sqlite')}`;
  const now = Date.now();
  await withTestStore(async (store) => {
    await store.destinations.put(defaultDestination('telegram', '-100777', now, { title: 'SOC Nord' }));
    await store.destinations.put({ ...defaultDestination('discord', '42', now, { title: 'alertes' }), keywords: ['hôpital', 'OVH'], paused: true });
    const failed = makeEntry('telegram:-100777', 'alerte-1', now - HOUR);
    await store.outbox.enqueue([failed, makeEntry('discord:42', 'alerte-2', now + HOUR)]);
    await store.outbox.update({ ...failed, status: 'failed', attempts: 8, lastError: 'delivery to telegram:-100777: 400 Bad Request' });
    // The first chat's alerts wait: an admin took the bot's right to post.
    await store.refusals.put({ destinationKey: 'telegram:-100777', kind: 'rights', since: Date.UTC(2025, 2, 12, 13, 5), lastAt: now, retryAt: Date.UTC(2025, 2, 12, 14, 5) });
    await store.feedStates.set('certfr-alertes', makeFeedState({ failures: 3, lastError: 'feed certfr-alertes: timed out after 15000 ms', lastErrorKind: 'timeout', nextAttemptAt: now + 2 * HOUR }));
  });
});
afterAll(() => tmp.remove());

const env = () => ({ STORE_URL: storeUrl });

/** The CLI's `main` in this process (for error paths; the main flows run as child processes). */
async function inProcess(argv: string[]): Promise<{ code: number; stderr: string }> {
  const err = new PassThrough();
  let stderr = '';
  err.on('data', (d: Buffer) => { stderr += d.toString(); });
  const code = await main(argv, { stdin: new PassThrough(), stdout: new PassThrough(), stderr: err, env: { LOG_LEVEL: 'error', ...env() }, cwd: tmp.dir });
  return { code, stderr };
}

describe('vigie CLI basics', { timeout: 60_000 }, () => {
  it('--version prints the package version; an unknown command exits 2 with the usage', async () => {
    const version = await runCli(['--version'], { cwd: tmp.dir });
    expect(version.code).toBe(0);
    expect(version.stdout).toBe('vigie 0.1.0\n');
    const unknown = await runCli(['frobnicate'], { cwd: tmp.dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('vigie: unknown command "frobnicate"');
    expect(unknown.stderr).toContain('outbox retry');
  });
});

describe('vigie chats / outbox / feeds on a store', { timeout: 60_000 }, () => {
  it('chats list shows every chat with its state and temporary refusal; --json prints the records', async () => {
    const list = await runCli(['chats', 'list'], { cwd: tmp.dir, env: env() });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/telegram:-100777\s+SOC Nord\s+active\s+cyberattack,outage\s+0\s+fr\s.*\srights since 2025-03-12 13:05, next try 14:05\n/);
    expect(list.stdout).toMatch(/discord:42\s+alertes\s+paused\s+cyberattack,outage\s+2\s+fr\s.*\s-\n/);
    expect(list.stdout).toContain('2 chats, 2 active, 1 refusing messages for now');
    const json = await runCli(['chats', 'list', '--json'], { cwd: tmp.dir, env: env() });
    const chats = JSON.parse(json.stdout) as { key: string; keywords: string[]; refusal?: { kind: string } }[];
    expect(chats.map((c) => c.key).sort()).toEqual(['discord:42', 'telegram:-100777']);
    expect(chats.find((c) => c.key === 'discord:42')?.keywords).toEqual(['hôpital', 'OVH']);
    expect(chats.find((c) => c.key === 'telegram:-100777')?.refusal?.kind).toBe('rights');
    expect(chats.find((c) => c.key === 'discord:42')).not.toHaveProperty('refusal');
  });

  it('outbox list shows pending entries, --failed the failed ones; retry ID queues one again, due now', async () => {
    const pending = await runCli(['outbox', 'list'], { cwd: tmp.dir, env: env() });
    expect(pending.stdout).toContain('send:discord:42:alerte-2');
    expect(pending.stdout).toContain('1 pending entry');
    const failed = await runCli(['outbox', 'list', '--failed'], { cwd: tmp.dir, env: env() });
    expect(failed.stdout).toMatch(/send:telegram:-100777:alerte-1\s+failed\s+8\s+\S+ \S+\s+delivery to telegram:-100777: 400 Bad Request/);

    const usage = await inProcess(['outbox', 'retry']);
    expect(usage.code).toBe(2);
    expect((await inProcess(['outbox', 'retry', 'a', '--failed'])).code).toBe(2);
    const missing = await inProcess(['outbox', 'retry', 'send:nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no entry "send:nope"');

    const retry = await runCli(['outbox', 'retry', 'send:telegram:-100777:alerte-1'], { cwd: tmp.dir, env: env() });
    expect(retry.code).toBe(0);
    expect(retry.stdout).toContain('1 entry queued again');
    await withTestStore(async (store) => {
      const entry = await store.outbox.get('send:telegram:-100777:alerte-1');
      expect(entry).toMatchObject({ status: 'pending', attempts: 0 });
      expect(entry?.lastError).toBeUndefined();
      expect((await store.outbox.due(Date.now(), 10)).map((e) => e.id)).toEqual(['send:telegram:-100777:alerte-1']);
    });
  });

  it('feeds status shows a failing feed with its backoff and error; feeds reset clears them', async () => {
    const feedsFile = path.join(tmp.dir, 'feeds.yaml');
    await import('node:fs').then((fs) => fs.writeFileSync(feedsFile, 'feeds:\n  - id: certfr-alertes\n    name: CERT-FR\n    url: https://www.cert.ssi.gouv.fr/alerte/feed/\n  - id: zataz\n    name: ZATAZ\n    url: https://www.zataz.com/feed/\n'));
    const status = await runCli(['feeds', 'status', '--feeds', 'feeds.yaml'], { cwd: tmp.dir, env: env() });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/certfr-alertes\s+failing ×3\s+.*timeout: feed certfr-alertes: timed out after 15000 ms/);
    expect(status.stdout).toMatch(/zataz\s+never/);
    expect(status.stdout).toContain('2 feeds, 1 failing, 1 in backoff');

    const unknown = await inProcess(['feeds', 'reset', 'inconnu']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no stored state for feed "inconnu"');
    const reset = await runCli(['feeds', 'reset', 'certfr-alertes'], { cwd: tmp.dir, env: env() });
    expect(reset.code).toBe(0);
    await withTestStore(async (store) => {
      const state = await store.feedStates.get('certfr-alertes');
      expect(state).toMatchObject({ failures: 0, etag: 'W/"5f3a-1b2c"' });
      expect(state?.nextAttemptAt).toBeUndefined();
      expect(state?.lastErrorKind).toBeUndefined();
    });
  });
});
