/** A per-user command budget, so that one user (or a script) cannot keep the bot busy for a whole chat. */
import type { Clock, RateWindow } from '../../ports.js';

/**
 * Sliding-window counters kept in this process (single-instance stores): remembers at most
 * `maxKeys` keys, the least recently used forgotten first.
 */
export class MemoryRateWindow implements RateWindow {
  private readonly seen = new Map<string, number[]>();

  constructor(private readonly clock: Clock, private readonly maxKeys = 10_000) {}

  async take(key: string, limit: number, windowMs: number): Promise<number> {
    const now = this.clock.now();
    const times = (this.seen.get(key) ?? []).filter((t) => t > now - windowMs);
    this.seen.delete(key);
    if (times.length >= limit) {
      this.seen.set(key, times);
      return times[0]! + windowMs - now;
    }
    times.push(now);
    this.seen.set(key, times);
    if (this.seen.size > this.maxKeys) this.seen.delete(this.seen.keys().next().value as string);
    return 0;
  }
}
