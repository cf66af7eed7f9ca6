/** Whether a user administers a Telegram chat, asked with getChatMember and cached briefly. */
import type { Api } from 'grammy';
import type { Clock, Logger } from '../../ports.js';

/** Entries kept at most; the oldest go first. */
const MAX_ENTRIES = 10_000;

/** Caches "is this user an administrator here?" for `ttlMs`; concurrent lookups share one call. */
export class AdminCache {
  private readonly entries = new Map<string, { at: number; admin: Promise<boolean> }>();

  constructor(
    private readonly api: Api,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly ttlMs = 30_000,
  ) {}

  /** True when the user is the chat's creator or an administrator. A failed lookup counts as "no". */
  isAdmin(chatId: number, userId: number): Promise<boolean> {
    const key = `${chatId}:${userId}`;
    const now = this.clock.now();
    const cached = this.entries.get(key);
    if (cached && now - cached.at < this.ttlMs) return cached.admin;
    const admin = this.lookup(chatId, userId);
    this.entries.delete(key);
    this.entries.set(key, { at: now, admin });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    return admin;
  }

  private async lookup(chatId: number, userId: number): Promise<boolean> {
    try {
      const member = await this.api.getChatMember(chatId, userId);
      return member.status === 'creator' || member.status === 'administrator';
    } catch (err) {
      this.entries.delete(`${chatId}:${userId}`); // do not cache a failure
      this.logger.warn({ chatId, userId, err: err instanceof Error ? err.message : String(err) }, 'telegram: getChatMember failed');
      return false;
    }
  }
}
