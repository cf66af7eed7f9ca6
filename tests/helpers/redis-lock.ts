/**
 * A lock across test processes on one Redis, for suites that own a whole Redis database (the app
 * writes under a fixed prefix) and empty it: two test runs on one machine (two checkouts, CI next
 * to a developer) would otherwise flush each other's data mid-test.
 *
 *   await withRedisLock(REDIS_URL, 'db13', async () => { … });
 */
import { createClient } from '@keyv/redis';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

const TTL_MS = 30_000;
const RENEW_MS = 10_000;
const POLL_MS = 100;
/** Longest wait for another run to release the lock before the test fails with a clear message. */
const WAIT_MS = 600_000;

/** Takes the lock `name` on the Redis at `url` (database 0), renewing it until the returned release is called. */
export async function acquireRedisLock(url: string, name: string): Promise<() => Promise<void>> {
  const base = new URL(url);
  base.pathname = '/0';
  const client = createClient({ url: base.href });
  await client.connect();
  const key = `vigie-test-lock:${name}`;
  const token = `${process.pid}:${randomUUID()}`;
  const deadline = Date.now() + WAIT_MS;
  try {
    while ((await client.set(key, token, { NX: true, PX: TTL_MS })) !== 'OK') {
      if (Date.now() > deadline) throw new Error(`redis test lock ${key}: still held by another test run after ${WAIT_MS} ms`);
      await sleep(POLL_MS);
    }
  } catch (error) {
    await client.close();
    throw error;
  }
  const renew = setInterval(() => void client.pExpire(key, TTL_MS).catch(() => undefined), RENEW_MS);
  return async () => {
    clearInterval(renew);
    try {
      // Release only our own lock (compare-and-delete in one step).
      await client.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", { keys: [key], arguments: [token] });
    } finally {
      await client.close();
    }
  };
}

/** Runs `body` while holding the lock `name` (see `acquireRedisLock`). */
export async function withRedisLock<T>(url: string, name: string, body: () => Promise<T>): Promise<T> {
  const release = await acquireRedisLock(url, name);
  try {
    return await body();
  } finally {
    await release();
  }
}
