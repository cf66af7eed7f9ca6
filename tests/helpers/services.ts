/**
 * The local Redis and PostgreSQL servers tests use, whether they answer, and what to do when
 * they do not: skip visibly, or fail when `VIGIE_REQUIRE_REDIS=1` / `VIGIE_REQUIRE_POSTGRES=1`.
 *
 *   const redis = await redisAvailable();
 *   describeService(redis, 'store contract on Redis', () => { … });
 */
import { connect } from 'node:net';
import { describe, it } from 'vitest';

/** Redis the tests use (override with `VIGIE_TEST_REDIS_URL`). */
export const REDIS_URL = process.env['VIGIE_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
/** PostgreSQL the tests use: trust auth, database `test` (override with `VIGIE_TEST_POSTGRES_URL`). */
export const POSTGRES_URL = process.env['VIGIE_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether a service answered, and whether the run requires it. */
export interface ServiceStatus {
  /** "Redis" or "PostgreSQL". */
  name: string;
  url: string;
  available: boolean;
  /** Set by `VIGIE_REQUIRE_*=1`: an unavailable service fails the suite instead of skipping it. */
  required: boolean;
  /** The variable that makes it required. */
  envVar: string;
  /** Why it is unavailable. */
  reason?: string;
}

/** Opens a TCP connection, optionally writes `probe`, and resolves the first bytes received. */
function talk(url: string, probe: string | undefined, timeoutMs: number): Promise<string> {
  const u = new URL(url);
  const port = Number(u.port || (u.protocol.startsWith('redis') ? 6379 : 5432));
  return new Promise((resolve, reject) => {
    const socket = connect({ host: u.hostname || '127.0.0.1', port });
    const done = (error?: Error, data = ''): void => {
      socket.destroy();
      if (error) reject(error);
      else resolve(data);
    };
    socket.setTimeout(timeoutMs, () => done(new Error(`no answer within ${timeoutMs} ms`)));
    socket.once('error', (error) => done(error));
    socket.once('connect', () => (probe === undefined ? done(undefined, '') : socket.write(probe)));
    socket.once('data', (data) => done(undefined, data.toString('latin1')));
  });
}

async function check(name: string, url: string, envVar: string, probe: () => Promise<void>): Promise<ServiceStatus> {
  const required = process.env[envVar] === '1';
  try {
    await probe();
    return { name, url, available: true, required, envVar };
  } catch (error) {
    return { name, url, available: false, required, envVar, reason: (error as Error).message || String(error) };
  }
}

/** Whether Redis answers PING at `REDIS_URL`. */
export async function redisAvailable(): Promise<ServiceStatus> {
  return check('Redis', REDIS_URL, 'VIGIE_REQUIRE_REDIS', async () => {
    const reply = await talk(REDIS_URL, 'PING\r\n', 1500);
    // A password-protected server answers -NOAUTH: reachable all the same.
    if (!reply.startsWith('+PONG') && !reply.startsWith('-NOAUTH')) throw new Error(`unexpected reply ${JSON.stringify(reply)}`);
  });
}

/** Whether PostgreSQL accepts TCP connections at `POSTGRES_URL`. */
export async function postgresAvailable(): Promise<ServiceStatus> {
  return check('PostgreSQL', POSTGRES_URL, 'VIGIE_REQUIRE_POSTGRES', async () => {
    await talk(POSTGRES_URL, undefined, 1500);
  });
}

/** Where a service is, without credentials, for suite names. */
function where(status: ServiceStatus): string {
  const u = new URL(status.url);
  return `${u.hostname}:${u.port}${u.pathname.length > 1 ? u.pathname : ''}`;
}

/**
 * Registers `body` as a suite when the service is available; otherwise a skipped suite whose
 * name says why, or, when the run requires the service, a suite with one failing test.
 */
export function describeService(status: ServiceStatus, title: string, body: () => void): void {
  if (status.available) {
    describe(title, body);
    return;
  }
  const why = `${status.name} not reachable at ${where(status)} (${status.reason ?? 'unknown'})`;
  if (status.required) {
    describe(title, () => {
      it(`${status.name} is reachable at ${where(status)} (required by ${status.envVar}=1)`, () => {
        throw new Error(why);
      });
    });
    return;
  }
  describe.skipIf(true)(`${title} — skipped: ${why}`, body);
}
