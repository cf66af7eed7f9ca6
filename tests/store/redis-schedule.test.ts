/** Send slots shared through Redis: two instances' pacers on one Redis together keep one spacing. */
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { TelegramPacer } from '../../src/platforms/telegram/pacer.js';
import type { Store } from '../../src/ports.js';
import { openStore } from '../../src/store/open-store.js';
import { silentLogger } from '../helpers/builders.js';
import { describeService, REDIS_URL, redisAvailable } from '../helpers/services.js';

const redis = await redisAvailable();
const opened: Store[] = [];

afterEach(async () => {
  for (const store of opened.splice(0)) {
    await (store as unknown as { clear(): Promise<void> }).clear();
    await store.close();
  }
});

describeService(redis, 'RedisSchedule', () => {
  it('spaces the slots of two instances as one: the second waits behind the first one\'s reservations', async () => {
    const namespace = `sched-${randomBytes(4).toString('hex')}`;
    const [a, b] = await Promise.all([0, 1].map(async () => openStore(REDIS_URL, { retentionMs: 60_000, logger: silentLogger, namespace })));
    opened.push(a!, b!);
    expect(a!.schedule).toBeDefined();
    const gaps = [{ key: 'pace:all', gapMs: 100 }, { key: 'pace:chat:42', gapMs: 1000 }];
    const first = await a!.schedule!.reserve(gaps, 10_000);
    const second = await b!.schedule!.reserve(gaps, 10_000);
    expect(first).toEqual({ reserved: true, waitMs: 0 });
    expect(second.reserved).toBe(true);
    expect(second.waitMs).toBeGreaterThan(900); // the chat's gap, on the server's clock
    const other = await b!.schedule!.reserve([{ key: 'pace:all', gapMs: 100 }, { key: 'pace:chat:43', gapMs: 1000 }], 50);
    expect(other.reserved).toBe(false); // the global key is booked ~2 gaps ahead: more than 50 ms away
    expect(await a!.schedule!.peek(['pace:chat:42'])).toBeGreaterThan(1800);
  });

  it('lets 3 pacers on 3 stores send 60 messages to distinct chats one global gap apart', async () => {
    const namespace = `sched-${randomBytes(4).toString('hex')}`;
    const stores = await Promise.all([0, 1, 2].map(async () => openStore(REDIS_URL, { retentionMs: 60_000, logger: silentLogger, namespace })));
    opened.push(...stores);
    const clock = { now: () => Date.now() };
    const pacers = stores.map((s) => new TelegramPacer({ clock, schedule: s.schedule!, limits: { globalGapMs: 20 } }));
    const signal = new AbortController().signal;
    setMaxListeners(0, signal); // as the notifier does: many sends wait on one signal
    const times: number[] = [];
    await Promise.all(Array.from({ length: 60 }, async (_, i) => {
      await pacers[i % 3]!.acquire(String(1000 + i), signal);
      times.push(performance.now());
    }));
    times.sort((x, y) => x - y);
    // Slots are 20 ms apart on Redis's clock: 60 of them span at least 59 gaps (timer jitter only delays).
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(59 * 20 - 30);
  });
});
