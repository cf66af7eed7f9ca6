/**
 * Leases on top of a `Backend`: `lease:<name>` holds the owner id and expires with the lease.
 * Each backend takes, renews and releases one in a single atomic step.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Leases } from '../ports.js';
import type { RepoContext } from './repositories.js';

/** A fresh owner id for this process: host, pid and a random part (a pid may be reused). */
export function newOwnerId(): string {
  return `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
}

/** The `Leases` port for one store and one owner. */
export class KeyvLeases implements Leases {
  constructor(private readonly ctx: Pick<RepoContext, 'backend' | 'guard'>, readonly owner: string) {}

  async acquire(name: string, ttlMs: number): Promise<boolean> {
    return this.ctx.guard('leases.acquire', async () => this.ctx.backend.lease(`lease:${name}`, this.owner, ttlMs));
  }

  async release(name: string): Promise<void> {
    await this.ctx.guard('leases.release', async () => this.ctx.backend.unlease(`lease:${name}`, this.owner));
  }

  async holder(name: string): Promise<string | undefined> {
    return this.ctx.guard('leases.holder', async () => this.ctx.backend.get<string>(`lease:${name}`));
  }
}
