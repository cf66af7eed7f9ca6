/** Settings changed by one instance reach another instance's fan-out (shared Redis store). */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { FanOut } from '../../src/pipeline/fanout.js';
import type { Store } from '../../src/ports.js';
import { openStore } from '../../src/store/open-store.js';
import { makeAlert, makeDestination, silentLogger } from '../helpers/builders.js';
import { describeService, REDIS_URL, redisAvailable } from '../helpers/services.js';

const redis = await redisAvailable();
const opened: Store[] = [];
const clock = { now: () => Date.now() };

afterEach(async () => {
  for (const store of opened.splice(0)) {
    await (store as unknown as { clear(): Promise<void> }).clear().catch(() => undefined);
    await store.close();
  }
});

describeService(redis, 'FanOut across instances on Redis', () => {
  it('sees a /pause and a new chat handled by another instance at its next fan-out', async () => {
    const namespace = `fan-${randomBytes(4).toString('hex')}`;
    const [a, b] = await Promise.all([0, 1].map(async () => openStore(REDIS_URL, { retentionMs: 86_400_000, logger: silentLogger, namespace })));
    opened.push(a!, b!);
    await a!.destinations.put(makeDestination({ platform: 'telegram', chatId: '1' }));
    const fanout = new FanOut({ store: a!, clock, logger: silentLogger });
    expect(await fanout.enqueue([makeAlert({ id: 'v1', createdAt: clock.now() })])).toEqual([1]);
    // Instance B pauses chat 1 and registers chat 2; A's compiled index predates both.
    await b!.destinations.put({ ...(await b!.destinations.get('telegram:1'))!, paused: true });
    await b!.destinations.put(makeDestination({ platform: 'telegram', chatId: '2' }));
    expect(await fanout.enqueue([makeAlert({ id: 'v2', createdAt: clock.now() })])).toEqual([1]);
    expect(await a!.outbox.get('send:telegram:1:v2')).toBeUndefined();
    expect(await a!.outbox.get('send:telegram:2:v2')).toMatchObject({ status: 'pending' });
  });
});
