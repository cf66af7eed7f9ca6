/**
 * One running bot per SQLite or PostgreSQL store: `vigie run` takes the `instance` lease and renews
 * it; a second process is refused with a readable error instead of delivering everything twice.
 */
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { VigieError } from '../core/errors.js';
import type { Leases, Logger } from '../ports.js';

/** The held lock: `release()` stops renewing and frees it (call it before closing the store). */
export interface InstanceLock {
  release(): Promise<void>;
}

/**
 * Takes the `instance` lease. When another live process holds it, rejects with a `VigieError`
 * naming the store and the holder; a holder that died on this host (kill -9) is waited out (its
 * lease lapses within `ttlMs`).
 */
export async function lockSingleInstance(leases: Leases, store: string, logger: Logger, ttlMs = 10_000): Promise<InstanceLock> {
  const deadline = Date.now() + ttlMs + 1000;
  let warned = false;
  while (!(await leases.acquire('instance', ttlMs))) {
    const holder = await leases.holder('instance');
    if (holder !== undefined && (ownerAlive(holder) || Date.now() > deadline)) {
      throw new VigieError(`another Vigie is already running on this store (${store}, held by ${holder}): `
        + 'run one bot per SQLite or PostgreSQL store, or use Redis (STORE_URL=redis://…) to run several instances');
    }
    if (!warned) logger.warn({ holder }, 'store: waiting for the lease of a bot that stopped without releasing it');
    warned = true;
    await delay(250);
  }
  const stopping = new AbortController();
  const renewing = (async () => {
    while (!stopping.signal.aborted) {
      await delay(ttlMs / 3, undefined, { signal: stopping.signal }).catch(() => undefined);
      if (stopping.signal.aborted) return;
      await leases.acquire('instance', ttlMs).catch((error: unknown) => logger.warn({ err: error }, 'store: could not renew the instance lease'));
    }
  })();
  return {
    async release() {
      stopping.abort();
      await renewing;
      await leases.release('instance').catch(() => undefined);
    },
  };
}

/** Whether a lease owner (`host/pid/random`) may still be running: false only for a dead pid on this host. */
export function ownerAlive(owner: string): boolean {
  const [host, pid] = owner.split('/');
  if (host !== hostname() || !pid || !/^\d+$/.test(pid)) return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
