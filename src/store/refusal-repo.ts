/**
 * Temporary refusals of destinations, on top of a `Backend`. Key layout: `refusal:<destinationKey>`
 * holds the `Refusal`, expiring `REFUSAL_TTL_MS` after the latest one (a destination deleted
 * meanwhile leaves nothing behind for good).
 */
import type { Refusal } from '../core/delivery-types.js';
import type { RefusalLog } from '../ports.js';
import type { RepoContext } from './repositories.js';

/** How long a refusal is remembered after the latest one: beyond the longest retry wait (6 h). */
const REFUSAL_TTL_MS = 7 * 86_400_000;

/** Refusals stored in the backend. */
export class KeyvRefusalLog implements RefusalLog {
  constructor(private readonly ctx: RepoContext) {}

  async get(destinationKey: string): Promise<Refusal | undefined> {
    return (await this.getMany([destinationKey]))[0];
  }

  async getMany(destinationKeys: readonly string[]): Promise<(Refusal | undefined)[]> {
    return this.ctx.guard('refusals.get', async () => this.ctx.backend.getMany<Refusal>(destinationKeys.map((k) => `refusal:${k}`)));
  }

  async put(refusal: Refusal): Promise<void> {
    await this.ctx.guard('refusals.put', async () => this.ctx.backend.set(`refusal:${refusal.destinationKey}`, refusal, REFUSAL_TTL_MS));
  }

  async clear(destinationKey: string): Promise<void> {
    await this.ctx.guard('refusals.clear', async () => this.ctx.backend.delete(`refusal:${destinationKey}`));
  }
}
