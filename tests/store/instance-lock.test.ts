/**
 * One bot per SQLite or PostgreSQL store: while `run` holds the store, a one-cycle run (`run --once`,
 * the demo) is refused with a clear message before it polls or delivers; once the bot stopped, it runs.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { silentLogger } from '../helpers/builders.js';
import { tempDir, testConfig } from '../helpers/app.js';
import { withRedisLock } from '../helpers/redis-lock.js';
import { describeService, POSTGRES_URL, postgresAvailable, REDIS_URL } from '../helpers/services.js';
import { PassThrough } from 'node:stream';

const postgres = await postgresAvailable();
const dirs: ReturnType<typeof tempDir>[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

async function appOn(storeUrl: string): Promise<App> {
  const tmp = tempDir();
  dirs.push(tmp);
  return createApp({ config: testConfig({ feeds: [], storeUrl, cwd: tmp.dir }), logger: silentLogger, stdout: new PassThrough() });
}

/** Starts `run` on one app, checks another's one-cycle run is refused meanwhile and allowed after. */
async function refusedWhileRunning(storeUrl: string, label: RegExp): Promise<void> {
  const bot = await appOn(storeUrl);
  const once = await appOn(storeUrl);
  const stop = new AbortController();
  const running = bot.run(stop.signal);
  try {
    // `run` takes the store's instance lease before anything else.
    for (let i = 0; i < 100 && (await bot.store.leases.holder('instance')) === undefined; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await bot.store.leases.holder('instance')).toBe(bot.store.leases.owner);
    const refusal = await once.runOnce(new AbortController().signal, { force: true }).then(() => undefined, (error: unknown) => error as Error);
    expect(refusal?.message).toMatch(/^another Vigie is already running on this store \(/);
    expect(refusal?.message).toMatch(label);
    expect(refusal?.message).toContain('use Redis (STORE_URL=redis://…) to run several instances');
    // The refused run took nothing from the bot.
    expect(await bot.store.leases.holder('instance')).toBe(bot.store.leases.owner);
  } finally {
    stop.abort();
    await running;
    await bot.close();
  }
  try {
    expect(await once.runOnce(new AbortController().signal, { force: true })).toMatchObject({ feeds: 0 });
    // And it let the store go after its cycle.
    expect(await once.store.leases.holder('instance')).toBeUndefined();
  } finally {
    await once.close();
  }
}

describe('one bot per single-instance store', () => {
  it('refuses a one-cycle run on the SQLite file a running bot holds, and runs it once the bot stopped', async () => {
    const tmp = tempDir();
    dirs.push(tmp);
    await refusedWhileRunning(`sqlite://${path.join(tmp.dir, 'held.sqlite')}`, /\(sqlite .*held\.sqlite, held by /);
  });
});

describeService(postgres, 'one bot per PostgreSQL store', () => {
  // The app uses the default namespace: other test runs on this machine must not hold it meanwhile.
  it('refuses a one-cycle run on the PostgreSQL store a running bot holds, and runs it once the bot stopped', async () => {
    await withRedisLock(REDIS_URL, 'postgres-default-namespace', async () => {
      await refusedWhileRunning(POSTGRES_URL, /\(postgres 127\.0\.0\.1:5432\/test, held by /);
    });
  }, 40_000);
});
