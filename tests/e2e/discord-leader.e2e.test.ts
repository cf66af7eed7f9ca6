/**
 * The Discord gateway follows the leader lease: two Vigies on one Redis with the real discord.js
 * client against the fake Discord; only the leader holds a gateway session, a leader that stops hands
 * the session to the other instance, and a leader whose lease is taken away closes its gateway, then
 * logs in again when it leads again.
 */
import { PassThrough } from 'node:stream';
import KeyvRedis from '@keyv/redis';
import pino from 'pino';
import { expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { silentLogger } from '../helpers/builders.js';
import { tempDir, testConfig } from '../helpers/app.js';
import { FakeDiscord } from '../helpers/fake-discord.js';
import { withRedisLock } from '../helpers/redis-lock.js';
import { describeService, REDIS_URL, redisAvailable } from '../helpers/services.js';
import { flushRedisDatabase, redisDatabase } from './crash-child.js';
import { DISCORD_TOKEN } from './support.js';

/** A database of its own: the app writes under the fixed `vigie:` prefix. */
const DB = 11;
const redis = await redisAvailable();

interface Instance { app: App; stop: AbortController; running: Promise<void>; closed?: Promise<void> }

/** Stops an instance (once) and closes its app. */
async function shutDown(s: Instance): Promise<void> {
  s.stop.abort();
  s.closed ??= s.running.then(async () => s.app.close());
  await s.closed;
}

/** Polls `check` every 20 ms until it holds, or fails naming `what`. */
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Sets the `leader` lease to another owner for `ttlMs`, as an instance that won it would (keyv's value format). */
async function stealLeadership(url: string, ttlMs: number): Promise<void> {
  const client = new KeyvRedis(url, { throwOnConnectError: true });
  try {
    const raw = (await client.getClient()) as unknown as { sendCommand(args: string[]): Promise<unknown> };
    const value = JSON.stringify({ value: 'elsewhere/1/intruder', expires: Date.now() + ttlMs });
    await raw.sendCommand(['SET', 'vigie:lease:leader', value, 'PX', String(ttlMs)]);
  } finally {
    await client.disconnect();
  }
}

describeService(redis, 'the Discord gateway on several instances', () => {
  it('keeps one gateway session, in the leader: handed over when the leader stops, closed when the lease is lost, opened again when regained', async () => {
    const url = redisDatabase(REDIS_URL, DB);
    await withRedisLock(REDIS_URL, `db${DB}`, async () => {
      await flushRedisDatabase(url);
      const discord = await new FakeDiscord({ token: DISCORD_TOKEN }).start();
      const tmp = tempDir('vigie-discord-leader-');
      const instances: Instance[] = [];
      // Sampled all along: never two sessions at once.
      let most = 0;
      const sampler = setInterval(() => { most = Math.max(most, discord.openConnections); }, 10);
      try {
        const level = process.env.E2E_LOG;
        for (let i = 0; i < 2; i++) {
          const config = testConfig({
            feeds: [], storeUrl: url, cwd: tmp.dir,
            env: { DISCORD_TOKEN, DISCORD_APPLICATION_ID: discord.applicationId, DISCORD_API_URL: discord.apiUrl },
          });
          const app = await createApp({ config, logger: level ? pino({ level }) : silentLogger, stdout: new PassThrough() });
          const stop = new AbortController();
          instances.push({ app, stop, running: app.run(stop.signal) });
        }
        const leaderOf = async (): Promise<Instance | undefined> => {
          const open = instances.find((s) => s.closed === undefined)!;
          const holder = await open.app.store.leases.holder('leader');
          return instances.find((s) => s.app.store.leases.owner === holder);
        };

        await until('one leader with a gateway session',
          async () => (await leaderOf()) !== undefined && discord.openConnections === 1 && discord.identifies.length === 1);
        const first = (await leaderOf())!;
        const other = instances.find((s) => s !== first)!;
        expect(discord.identifies).toHaveLength(1);

        // The leader stops: the other instance takes the lease and logs in.
        await shutDown(first);
        await until('the other instance leading with its own session',
          async () => (await leaderOf()) === other && discord.openConnections === 1 && discord.identifies.length === 2);

        // The new leader is fully started: its poll loop ran (it runs once the gateway is ready).
        await until('a poll cycle in the new leader', () => other.app.scheduler.lastCycleAt !== undefined);
        // Its lease is taken away: it closes its gateway session, then leads and logs in again once the lease is free.
        const cycledBefore = other.app.scheduler.lastCycleAt!;
        await stealLeadership(url, 5000);
        await until('the session closed after the lease was lost', () => discord.openConnections === 0);
        expect(await other.app.store.leases.holder('leader')).toBe('elsewhere/1/intruder');
        await until('the session opened again with the lease regained',
          async () => (await leaderOf()) === other && discord.openConnections === 1 && discord.identifies.length === 3, 15_000);
        // Leading again means polling again, behind a ready gateway (the poll interval is minutes: no cycle came between).
        await until('a poll cycle after the lease was regained', () => other.app.scheduler.lastCycleAt! > cycledBefore, 20_000);
        expect(discord.identifies.every((d: { token: string }) => d.token === DISCORD_TOKEN)).toBe(true);
        expect(most).toBe(1);
      } finally {
        clearInterval(sampler);
        await Promise.all(instances.map(shutDown));
        await discord.close();
        tmp.remove();
        await flushRedisDatabase(url);
      }
    });
  }, 90_000);
});
