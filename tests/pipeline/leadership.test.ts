/** Leader election over a store's leases, on the local Redis: one leader, and a takeover when it stops renewing. */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Leadership } from '../../src/pipeline/leadership.js';
import { sleep } from '../../src/pipeline/sleep.js';
import type { Store } from '../../src/ports.js';
import { openStore } from '../../src/store/open-store.js';
import { silentLogger } from '../helpers/builders.js';
import { describeService, REDIS_URL, redisAvailable } from '../helpers/services.js';

const redis = await redisAvailable();
const opened: Store[] = [];

afterEach(async () => {
  for (const store of opened.splice(0)) {
    await (store as unknown as { clear(): Promise<void> }).clear().catch(() => undefined);
    await store.close();
  }
});

describeService(redis, 'Leadership on Redis', () => {
  it('elects one leader among three instances; another takes over once the leader stops renewing', async () => {
    const namespace = `lead-${randomBytes(4).toString('hex')}`;
    const stores = await Promise.all([0, 1, 2].map(async (i) => openStore(REDIS_URL, { retentionMs: 60_000, logger: silentLogger, namespace, owner: `test/${i}/x` })));
    opened.push(...stores);
    const leading = new Set<number>();
    const terms: { who: number; from: number; to?: number }[] = [];
    const controllers = stores.map(() => new AbortController());
    const runs = stores.map(async (store, who) => new Leadership({ leases: store.leases, logger: silentLogger, ttlMs: 600 })
      .run(controllers[who]!.signal, async (signal) => {
        leading.add(who);
        const term: { who: number; from: number; to?: number } = { who, from: Date.now() };
        terms.push(term);
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        term.to = Date.now();
        leading.delete(who);
      }));
    await sleep(1500);
    expect(leading.size).toBe(1);
    const first = [...leading][0]!;
    // The leader's process "dies": its loop stops without releasing (as kill -9 would), by closing its store.
    await stores[first]!.close();
    controllers[first]!.abort();
    const diedAt = Date.now();
    await sleep(2000);
    expect(leading.size).toBe(1);
    const next = terms.find((t) => t.who !== first)!;
    expect(next.from - diedAt).toBeLessThan(600 + 600 / 5 + 300);
    for (const c of controllers) c.abort();
    await Promise.all(runs);
    // Never two leaders at once: terms do not overlap.
    const sorted = terms.sort((x, y) => x.from - y.from);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.from).toBeGreaterThanOrEqual(sorted[i - 1]!.to ?? Infinity);
  });
});
