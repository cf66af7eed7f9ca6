/** A per-user command budget, so that one user (or a script) cannot keep the bot busy for a whole chat. */

/** At most `limit` commands per user in any `windowMs`; remembers at most `maxUsers` users (least recent forgotten). */
export class CommandRateLimit {
  private readonly seen = new Map<string, number[]>();

  constructor(private readonly limit = 10, private readonly windowMs = 60_000, private readonly maxUsers = 10_000) {}

  /** Counts a command of `user` at `now` and resolves 0, or, over the budget, the ms until one is allowed (not counted). */
  take(user: string, now: number): number {
    const times = (this.seen.get(user) ?? []).filter((t) => t > now - this.windowMs);
    this.seen.delete(user);
    if (times.length >= this.limit) {
      this.seen.set(user, times);
      return times[0]! + this.windowMs - now;
    }
    times.push(now);
    this.seen.set(user, times);
    if (this.seen.size > this.maxUsers) this.seen.delete(this.seen.keys().next().value as string);
    return 0;
  }
}
