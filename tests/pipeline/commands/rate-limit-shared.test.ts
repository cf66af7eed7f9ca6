/**
 * The per-user command budget across instances: two apps on one Redis count one user's commands
 * together, so the 11th within a minute is refused politely whichever instance receives it.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { createApp, type App } from '../../../src/app.js';
import type { CommandRequest, Store } from '../../../src/ports.js';
import { openStore } from '../../../src/store/open-store.js';
import { silentLogger } from '../../helpers/builders.js';
import { tempDir, testConfig } from '../../helpers/app.js';
import { withRedisLock } from '../../helpers/redis-lock.js';
import { describeService, REDIS_URL, redisAvailable } from '../../helpers/services.js';
import { flushRedisDatabase, redisDatabase } from '../../e2e/crash-child.js';

const redis = await redisAvailable();
/** A database of its own: the app writes under the fixed `vigie:` prefix. */
const DB = 10;
const opened: Store[] = [];

afterEach(async () => {
  for (const store of opened.splice(0)) {
    await (store as unknown as { clear(): Promise<void> }).clear();
    await store.close();
  }
});

function latest(userId: string, chatId = '-1001'): CommandRequest {
  return { platform: 'telegram', chatId, userId, name: 'latest', args: '', isAdmin: async () => false };
}

describeService(redis, 'command budget on Redis', () => {
  it('refuses the 11th command of one user within a minute across two instances, politely and only to them', async () => {
    // Two apps wired as `vigie run` wires them, on one Redis database (the app's namespace is fixed).
    const url = redisDatabase(REDIS_URL, DB);
    await withRedisLock(REDIS_URL, `db${DB}`, async () => {
      await flushRedisDatabase(url);
      const tmp = tempDir('vigie-rate-');
      const apps: App[] = [];
      try {
        for (let i = 0; i < 2; i++) {
          apps.push(await createApp({ config: testConfig({ feeds: [], storeUrl: url, cwd: tmp.dir }), logger: silentLogger, stdout: new PassThrough() }));
        }
        expect(apps[0]!.store.rates).toBeDefined();
        const instances = apps.map((app) => app.commands);
        for (let i = 0; i < 10; i++) {
          const reply = await instances[i % 2]!.handle(latest('7', i < 5 ? '-1001' : '-1002'));
          expect(reply.text, `command ${i + 1}`).not.toMatch(/Doucement/);
        }
        for (const commands of instances) {
          const refused = await commands.handle(latest('7'));
          expect(refused.text).toMatch(/^Doucement : beaucoup de commandes en peu de temps\. Réessayez dans (\d+) s, merci !$/);
          const seconds = Number(/dans (\d+) s/.exec(refused.text)![1]);
          expect(seconds).toBeGreaterThanOrEqual(50);
          expect(seconds).toBeLessThanOrEqual(60);
          expect(refused.ephemeral).toBe(true);
        }
        // Another user, and the same user on another platform, have budgets of their own.
        expect((await instances[1]!.handle(latest('8'))).text).not.toMatch(/Doucement/);
        expect((await instances[0]!.handle({ ...latest('7', '555'), platform: 'discord' })).text).not.toMatch(/Doucement/);
      } finally {
        for (const app of apps) await app.close();
        tmp.remove();
        await flushRedisDatabase(url);
      }
    });
  }, 60_000);

  it('counts in a sliding window on the server\'s clock: a slot frees when the oldest command leaves it', async () => {
    const namespace = `rate-${randomBytes(4).toString('hex')}`;
    const [a, b] = await Promise.all([0, 1].map(async () => openStore(REDIS_URL, { retentionMs: 60_000, logger: silentLogger, namespace })));
    opened.push(a!, b!);
    const sleep = async (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    expect(await a!.rates!.take('k', 2, 400)).toBe(0);
    await sleep(200);
    expect(await b!.rates!.take('k', 2, 400)).toBe(0);
    const wait = await a!.rates!.take('k', 2, 400);
    // The first command leaves the window ~200 ms from now; the second one ~200 ms later.
    expect(wait).toBeGreaterThan(100);
    expect(wait).toBeLessThanOrEqual(210);
    await sleep(wait + 20);
    // A refused take is not counted: once the oldest left, exactly one more is allowed.
    expect(await b!.rates!.take('k', 2, 400)).toBe(0);
    expect(await a!.rates!.take('k', 2, 400)).toBeGreaterThan(0);
  });
});

it('keeps counting in the process on single-instance stores (memory, SQLite, PostgreSQL)', async () => {
  const store = await openStore('memory://', { retentionMs: 60_000, logger: silentLogger });
  try {
    expect(store.rates).toBeUndefined();
  } finally {
    await store.close();
  }
});
