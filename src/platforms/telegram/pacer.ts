/**
 * Keeps outgoing Telegram messages within the Bot API's flood limits before Telegram has to refuse them:
 * at most one message per second per chat, twenty per minute per group or channel, thirty per second in all.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../ports.js';

/** The limits a pacer enforces, with a safety margin added to every window. */
export interface PacerLimits {
  /** Minimum gap between two messages to one chat (ms). */
  perChatMs: number;
  /** Messages per rolling minute to one group or channel (negative chat id). */
  groupPerMinute: number;
  /** Messages per rolling second across all chats. */
  perSecond: number;
  /** Added to every window, to absorb network jitter between here and Telegram's clock (ms). */
  marginMs: number;
}

/**
 * Telegram's documented limits. Windows are counted from when each message *completed* (a bound on
 * when Telegram counted it), so a small margin suffices: 30 per 1.02 s plus latency, ≈ 29 messages/s locally.
 */
export const TELEGRAM_LIMITS: PacerLimits = { perChatMs: 1000, groupPerMinute: 20, perSecond: 30, marginMs: 20 };

/** Raised by `acquire` when the wait would exceed the caller's `maxWaitMs`; nothing was reserved. */
export class PacerBusyError extends Error {
  constructor(readonly chatId: string, readonly waitMs: number) {
    super(`telegram pacer: chat ${chatId} must wait ${waitMs} ms`);
    this.name = 'PacerBusyError';
  }
}

/** Sleeps `ms`, rejecting when the signal is aborted. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** Call once the API call a slot was acquired for has finished (sent, refused or failed). */
export type Release = () => void;

/** One message let through: when it started, then when it finished. */
interface Slot {
  at: number;
  inFlight: boolean;
}

const realSleep: Sleep = (ms, signal) => delay(ms, undefined, { signal });
const MINUTE = 60_000;
const SECOND = 1000;

/** The k-th latest time among the slots (in-flight ones count as `now`), or undefined when fewer. */
function kthLatest(slots: readonly Slot[], k: number, now: number): number | undefined {
  if (slots.length < k) return undefined;
  const times = slots.map((s) => (s.inFlight ? Math.max(s.at, now) : s.at)).sort((x, y) => y - x);
  return times[k - 1];
}

/**
 * Per-process pacer shared by every Telegram send and edit. A message counts from the moment its
 * request completed (still in flight: from now), so event-loop stalls and latency cannot squeeze
 * two windows together on Telegram's side. Clock and sleep are injectable for tests.
 */
export class TelegramPacer {
  private readonly limits: PacerLimits;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  /** Per chat: its messages still inside its window (a second; a minute for groups) or in flight. */
  private readonly byChat = new Map<string, Slot[]>();
  /** All chats: the messages still inside the one-second window or in flight. */
  private recent: Slot[] = [];
  private readonly chatPausedUntil = new Map<string, number>();
  private allPausedUntil = 0;
  private lastThrottled: { chatId: string; at: number } | undefined;
  private sinceCleanup = 0;

  constructor(options: { clock: Clock; limits?: Partial<PacerLimits>; sleep?: Sleep }) {
    this.limits = { ...TELEGRAM_LIMITS, ...options.limits };
    this.clock = options.clock;
    this.sleep = options.sleep ?? realSleep;
  }

  /** Earliest time (epoch ms) a message to `chatId` may go, given the messages already let through. */
  nextSlot(chatId: string): number {
    const { perChatMs, groupPerMinute, perSecond, marginMs } = this.limits;
    const now = this.clock.now();
    let at = Math.max(now, this.allPausedUntil, this.chatPausedUntil.get(chatId) ?? 0);
    const mine = this.byChat.get(chatId) ?? [];
    const last = kthLatest(mine, 1, now);
    if (last !== undefined) at = Math.max(at, last + perChatMs + marginMs);
    const groupEdge = isGroup(chatId) ? kthLatest(mine, groupPerMinute, now) : undefined;
    if (groupEdge !== undefined) at = Math.max(at, groupEdge + MINUTE + marginMs);
    const globalEdge = kthLatest(this.recent, perSecond, now);
    if (globalEdge !== undefined) at = Math.max(at, globalEdge + SECOND + marginMs);
    return at;
  }

  /** Milliseconds from now until a message to `chatId` may go (0 when it may go now). */
  delayFor(chatId: string): number {
    return Math.max(0, this.nextSlot(chatId) - this.clock.now());
  }

  /**
   * Waits until a message to `chatId` fits every limit, counts it, and resolves the `Release` to call
   * when its request has finished. Rejects when the signal aborts, or with `PacerBusyError`
   * (reserving nothing) when the wait would exceed `maxWaitMs`.
   */
  async acquire(chatId: string, signal: AbortSignal, maxWaitMs = Number.POSITIVE_INFINITY): Promise<Release> {
    for (;;) {
      signal.throwIfAborted();
      const wait = this.delayFor(chatId);
      if (wait <= 0) return this.record(chatId);
      if (wait > maxWaitMs) throw new PacerBusyError(chatId, wait);
      // Others may take the slot while we sleep: re-check after waking.
      await this.sleep(wait, signal);
    }
  }

  /**
   * Honours a 429: pauses the chat for `retryAfterMs`; when another chat was throttled within the
   * last second too, the limit hit is the global one, so everything pauses.
   */
  tooManyRequests(chatId: string, retryAfterMs: number): void {
    const now = this.clock.now();
    this.chatPausedUntil.set(chatId, Math.max(this.chatPausedUntil.get(chatId) ?? 0, now + retryAfterMs));
    const previous = this.lastThrottled;
    if (previous && previous.chatId !== chatId && now - previous.at <= SECOND) this.pauseAll(retryAfterMs);
    this.lastThrottled = { chatId, at: now };
  }

  /** Pauses every chat for `ms` (e.g. a 429 known to be global). */
  pauseAll(ms: number): void {
    this.allPausedUntil = Math.max(this.allPausedUntil, this.clock.now() + ms);
  }

  private record(chatId: string): Release {
    const now = this.clock.now();
    const slot: Slot = { at: now, inFlight: true };
    const window = isGroup(chatId) ? MINUTE : this.limits.perChatMs;
    this.byChat.set(chatId, [...live(this.byChat.get(chatId) ?? [], now - window - this.limits.marginMs), slot]);
    this.recent = [...live(this.recent, now - SECOND - this.limits.marginMs), slot];
    if (++this.sinceCleanup >= 1000) this.cleanup(now);
    return () => {
      if (!slot.inFlight) return;
      slot.at = Math.max(slot.at, this.clock.now());
      slot.inFlight = false;
    };
  }

  /** Forgets chats whose limits no longer constrain anything, so memory stays flat over time. */
  private cleanup(now: number): void {
    this.sinceCleanup = 0;
    for (const [chat, slots] of this.byChat) {
      const window = isGroup(chat) ? MINUTE : this.limits.perChatMs;
      const kept = live(slots, now - window - this.limits.marginMs);
      if (kept.length === 0) this.byChat.delete(chat);
      else this.byChat.set(chat, kept);
    }
    for (const [chat, until] of this.chatPausedUntil) if (until < now) this.chatPausedUntil.delete(chat);
  }
}

/** Groups, supergroups and channels have negative ids; the per-minute limit applies to them. */
function isGroup(chatId: string): boolean {
  return chatId.startsWith('-');
}

/** The slots still in flight or finished at or after `since`. */
function live(slots: readonly Slot[], since: number): Slot[] {
  return slots.filter((s) => s.inFlight || s.at >= since);
}
