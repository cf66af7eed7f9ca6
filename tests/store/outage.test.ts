/**
 * A backend that stalls or dies: operations reject with a StoreError within the time limit
 * (never hang), ping() tells, and the store works again once the backend is back.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/core/errors.js';
import { openStore } from '../../src/store/open-store.js';
import { describeService, POSTGRES_URL, postgresAvailable, REDIS_URL, redisAvailable } from '../helpers/services.js';
import { quietLogger, sleep } from './fixtures.js';
import { startTcpProxy } from './tcp-proxy.js';

const [redis, postgres] = await Promise.all([redisAvailable(), postgresAvailable()]);
const namespace = `vt_outage_${process.pid}`;
const options = { retentionMs: 60_000, namespace, logger: quietLogger, timeoutMs: 1000 };

/** The error `promise` rejects with. */
async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

/** `url` with its host and port replaced by the local proxy's. */
function viaProxy(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
}

/** Freezes the connection to a real server and checks the store's behaviour meanwhile and after. */
async function stallAndRecover(url: string, label: RegExp): Promise<void> {
  const u = new URL(url);
  const proxy = await startTcpProxy(u.hostname, Number(u.port));
  const store = await openStore(viaProxy(url, proxy.port), options);
  try {
    expect(await store.seen.claim(['url:https://exemple.fr/avant-la-panne'])).toBe(true);
    proxy.freeze();
    const error = await rejection(store.seen.claim(['url:https://exemple.fr/pendant-la-panne']));
    expect(error.message).toMatch(label);
    await rejection(store.ping());
    proxy.thaw();
    await store.ping();
    expect(await store.seen.has('url:https://exemple.fr/avant-la-panne')).toBe(true);
  } finally {
    proxy.thaw();
    await store.clear();
    await store.close();
    await proxy.close();
  }
}

describeService(redis, 'Redis that stops answering', () => {
  it('operations reject with a StoreError within the time limit and work again once Redis answers', async () => {
    await stallAndRecover(REDIS_URL, /^store seen\.claim: redis 127\.0\.0\.1:\d+: no answer within 1000 ms$/);
  });
});

describeService(postgres, 'PostgreSQL that stops answering', () => {
  it('operations reject with a StoreError within the time limit and work again once PostgreSQL answers', async () => {
    await stallAndRecover(POSTGRES_URL, /^store seen\.claim: postgres 127\.0\.0\.1:\d+\/test: /);
  });
});

/** Retries `fn` every 100 ms for up to 10 s; resolves its first success. */
async function eventually<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i += 1) {
    try {
      return await fn();
    } catch (error) {
      if (i >= 100) throw error;
      await sleep(100);
    }
  }
}

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts a throwaway redis-server (no persistence) and waits until it accepts connections. */
async function startRedisServer(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i += 1) {
    const ok = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG';
    if (ok) return child;
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not start on port ${port}`);
}

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0 && spawnSync('redis-cli', ['--version']).status === 0;
describeService(
  { ...redis, name: 'redis-server', available: hasRedisServer, reason: 'redis-server or redis-cli not on PATH' },
  'Redis server killed and restarted',
  () => {
    describe('a store on its own redis-server', () => {
      it('ping() and claims fail with a StoreError while the server is down, then work again', async () => {
        const port = await freePort();
        let server = await startRedisServer(port);
        const store = await openStore(`redis://127.0.0.1:${port}`, options);
        try {
          expect(await store.seen.claim(['url:https://exemple.fr/a'])).toBe(true);
          server.kill('SIGKILL');
          await once(server, 'exit');
          expect((await rejection(store.ping())).message).toContain(`redis 127.0.0.1:${port}`);
          await rejection(store.seen.claim(['url:https://exemple.fr/b']));
          server = await startRedisServer(port);
          // The client may still be inside its reconnection backoff: the next poll cycle would retry.
          await eventually(async () => store.ping());
          expect(await store.seen.claim(['url:https://exemple.fr/b'])).toBe(true);
        } finally {
          await store.close();
          server.kill('SIGKILL');
        }
      });
    });
  },
);
