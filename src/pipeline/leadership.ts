/**
 * Leader election over a store's leases: the instance holding the `leader` lease polls the feeds,
 * receives the chat platforms' updates and sends digests; the others only deliver, and the first to
 * ask after the leader's lease lapses (crash, lost connection) takes over.
 */
import type { Leases, Logger } from '../ports.js';
import { sleep } from './sleep.js';

/** What an election needs. */
export interface LeadershipDeps {
  leases: Leases;
  logger: Logger;
  /** Lifetime of the lease (ms): the longest a crashed leader stays leader. Renewed every third of it. */
  ttlMs?: number;
  /** Lease name (default `leader`). */
  name?: string;
}

/** Runs the leader's work while this instance holds the lease. */
export class Leadership {
  private readonly ttl: number;
  private readonly name: string;

  constructor(private readonly deps: LeadershipDeps) {
    this.ttl = deps.ttlMs ?? 10_000;
    this.name = deps.name ?? 'leader';
  }

  /**
   * Until `signal` aborts: waits for the lease, runs `lead` with a signal that aborts when the
   * lease is lost (or at shutdown), waits for `lead` to finish, and competes again.
   */
  async run(signal: AbortSignal, lead: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const { leases, logger } = this.deps;
    while (!signal.aborted) {
      if (!(await this.tryAcquire())) {
        await sleep(this.ttl / 5, signal);
        continue;
      }
      logger.info({ owner: leases.owner, lease: this.name, ttlMs: this.ttl }, 'leader: this instance leads');
      const term = new AbortController();
      const stop = (): void => term.abort();
      signal.addEventListener('abort', stop, { once: true });
      const work = lead(term.signal).catch((error: unknown) => {
        logger.error({ err: error }, 'leader: the leader\'s work failed; stepping down');
      }).finally(stop);
      await this.keep(term.signal);
      stop();
      await work;
      signal.removeEventListener('abort', stop);
      await leases.release(this.name).catch(() => undefined);
      if (!signal.aborted) logger.warn({ owner: leases.owner }, 'leader: stepped down');
    }
  }

  /**
   * Renews the lease every third of its lifetime until `signal` aborts or a renewal is refused or
   * unanswered by half the lifetime after the last success: the leader then steps down before its
   * lease can lapse and another instance can lead.
   */
  private async keep(signal: AbortSignal): Promise<void> {
    let renewedAt = Date.now();
    while (!signal.aborted) {
      await sleep(this.ttl / 3, signal);
      if (signal.aborted) return;
      const late = new AbortController();
      const ours = await Promise.race([
        this.tryAcquire(),
        sleep(Math.max(0, renewedAt + this.ttl / 2 - Date.now()), late.signal).then(() => 'late' as const),
      ]);
      late.abort();
      if (ours === true) {
        renewedAt = Date.now();
        continue;
      }
      if (ours === false || ours === 'late' || Date.now() - renewedAt >= this.ttl / 2) {
        this.deps.logger.warn({ owner: this.deps.leases.owner, refused: ours === false }, 'leader: lease lost');
        return;
      }
    }
  }

  /** true/false from the store; undefined when the store did not answer. */
  private async tryAcquire(): Promise<boolean | undefined> {
    try {
      return await this.deps.leases.acquire(this.name, this.ttl);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'leader: lease unavailable');
      return undefined;
    }
  }
}
