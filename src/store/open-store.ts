/** Opens the store a `STORE_URL` names: memory, SQLite (default), Redis or PostgreSQL. */
import { StoreError } from '../core/errors.js';
import type { Logger } from '../ports.js';
import type { Backend } from './backend.js';
import { createGuard } from './guard.js';
import { KeyvStore } from './keyv-store.js';
import { MemoryBackend } from './memory-backend.js';
import { parseStoreUrl, type StoreTarget } from './store-url.js';

/** Retentions (ms) and collaborators of a store. */
export interface OpenStoreOptions {
  /** How long claimed dedup keys are remembered. */
  retentionMs: number;
  /** How long alerts are kept (default: `retentionMs`). */
  alertRetentionMs?: number;
  /** Prefix isolating this store's data in a shared backend (default `vigie`); `[A-Za-z0-9_.-]`. */
  namespace?: string;
  logger: Logger;
  /** Clock of alert retention cut-offs (default `Date.now`); value expiry always uses the wall clock. */
  now?: () => number;
  /** Longest wait for one operation or connection (default 5000 ms). */
  timeoutMs?: number;
  /** Directory relative SQLite paths are resolved against (default the process's cwd). */
  cwd?: string;
  /** Owner id of this store's leases (default: host/pid/random). */
  owner?: string;
}

const DAY = 24 * 60 * 60 * 1000;
/** Sent message ids stay findable (for edits) at least this long. */
const MIN_FINISHED_RETENTION = 7 * DAY;
const SWEEP_EVERY = 60 * 60 * 1000;

function checkOptions(options: OpenStoreOptions): void {
  const positive = (n: number | undefined): boolean => n === undefined || (Number.isFinite(n) && n > 0);
  if (!positive(options.retentionMs) || !positive(options.alertRetentionMs) || !positive(options.timeoutMs)) {
    throw new StoreError('open', 'retentions and timeout must be positive numbers of milliseconds');
  }
  if (options.namespace !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(options.namespace)) {
    throw new StoreError('open', 'namespace must be 1–64 characters among letters, digits, "_", "." and "-"');
  }
}

/** Loads only the driver in use: the others' clients (node-redis, pg, sqlite3) cost memory for nothing. */
async function createBackend(target: StoreTarget, namespace: string, now: () => number, timeoutMs: number): Promise<Backend> {
  switch (target.kind) {
    case 'memory': return new MemoryBackend(namespace, now);
    case 'sqlite': {
      const { SqliteBackend } = await import('./sqlite-backend.js');
      await SqliteBackend.prepare(target.path);
      return new SqliteBackend({ path: target.path, namespace, now, busyTimeoutMs: timeoutMs });
    }
    case 'redis': {
      const { RedisBackend } = await import('./redis-backend.js');
      return new RedisBackend({ url: target.url, namespace, now, timeoutMs });
    }
    case 'postgres': {
      const { PostgresBackend } = await import('./postgres-backend.js');
      return new PostgresBackend({ url: target.url, namespace, now, timeoutMs });
    }
  }
}

/**
 * Opens and checks the store named by `url`; rejects with a `StoreError` naming the backend and
 * host (never the password) when the URL is bad or the backend unreachable.
 */
export async function openStore(url: string, options: OpenStoreOptions): Promise<KeyvStore> {
  checkOptions(options);
  const target = parseStoreUrl(url, options.cwd ?? process.cwd());
  const namespace = options.namespace ?? 'vigie';
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 5000;
  const guard = createGuard({
    target: target.label, timeoutMs, ...('secret' in target && target.secret ? { secret: target.secret } : {}), isClosed: () => false,
  });
  let backend: Backend | undefined;
  try {
    await guard('open', async () => {
      // Expiry runs on the wall clock: keyv stamps values with Date.now and Redis expires by its own.
      backend = await createBackend(target, namespace, Date.now, timeoutMs);
      await backend.init();
    });
  } catch (error) {
    await backend?.close().catch(() => undefined);
    throw error;
  }
  const alertRetentionMs = options.alertRetentionMs ?? options.retentionMs;
  const logger = options.logger.child({ component: 'store' });
  logger.info({ store: target.label, namespace }, 'store opened');
  return new KeyvStore(backend!, {
    target: target.label,
    ...('secret' in target && target.secret ? { secret: target.secret } : {}),
    retentionMs: options.retentionMs,
    alertRetentionMs,
    finishedRetentionMs: Math.max(MIN_FINISHED_RETENTION, alertRetentionMs),
    timeoutMs,
    sweepEveryMs: SWEEP_EVERY,
    logger,
    now,
    shared: target.kind === 'redis',
    ...(options.owner ? { owner: options.owner } : {}),
  });
}
