/**
 * Keeps outgoing Telegram messages within the Bot API's flood limits before Telegram has to refuse them:
 * at most one message per second per chat, twenty per minute per group or channel, thirty per second in all.
 * Sends are spread evenly (one slot every `globalGapMs`) rather than sent in bursts, so that few
 * messages are ever in flight at once and a crash can re-send only those few.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Clock, SlotGap, SlotSchedule } from '../../ports.js';

/** The spacing a pacer enforces (ms, whole numbers). */
export interface PacerLimits {
  /** Minimum gap between two messages to one chat. */
  perChatMs: number;
  /**
   * Pace of one group or channel, after a burst of `groupBurst` messages: with 4.3 s and 5, at
   * most 19 messages fit in any minute (Telegram allows 20), and a few command replies go at once.
   */
  perGroupMs: number;
  groupBurst: number;
  /** Minimum gap between two messages overall (30 per second would be 33.3 ms; 40 ms is 25 per second). */
  globalGapMs: number;
  /** A slot woken up later than this (event-loop stall) is given up for a new one, so sends never bunch. */
  lateMs: number;
}

/**
 * Telegram's documented limits with margins: 1.05 s per chat; per group a burst of 5 then one every
 * 4.3 s (≤ 19 per minute); one message every 40 ms overall: at most 25 in any second, so that
 * messages bunched by up to 200 ms (network, a stalled event loop here or at Telegram) still stay
 * under 30.
 */
export const TELEGRAM_LIMITS: PacerLimits = { perChatMs: 1050, perGroupMs: 4300, groupBurst: 5, globalGapMs: 40, lateMs: 25 };

/** Raised by `acquire` when the wait would exceed the caller's `maxWaitMs`; nothing was reserved. */
export class PacerBusyError extends Error {
  constructor(readonly chatId: string, readonly waitMs: number) {
    super(`telegram pacer: chat ${chatId} must wait ${waitMs} ms`);
    this.name = 'PacerBusyError';
  }
}

/** Sleeps `ms`, rejecting when the signal is aborted. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** Call once the API call a slot was acquired for has finished (kept for callers; slots need no release). */
export type Release = () => void;

const realSleep: Sleep = (ms, signal) => delay(ms, undefined, { signal });
const ALL = 'pace:all';
const SECOND = 1000;

/** The schedule of one process: next free moment per key, on the given clock. */
export class MemorySchedule implements SlotSchedule {
  private readonly next = new Map<string, number>();
  private sinceCleanup = 0;

  constructor(private readonly clock: Clock) {}

  async reserve(gaps: readonly SlotGap[], maxWaitMs: number): Promise<{ reserved: boolean; waitMs: number }> {
    const now = this.clock.now();
    const at = Math.max(now, ...gaps.map((g) => (this.next.get(g.key) ?? 0) - (g.burstMs ?? 0)));
    if (at - now > maxWaitMs) return { reserved: false, waitMs: at - now };
    for (const g of gaps) this.next.set(g.key, Math.max(this.next.get(g.key) ?? 0, at) + g.gapMs);
    if (++this.sinceCleanup >= 1000) this.cleanup(now);
    return { reserved: true, waitMs: at - now };
  }

  async hold(key: string, ms: number): Promise<void> {
    this.next.set(key, Math.max(this.next.get(key) ?? 0, this.clock.now() + ms));
  }

  async peek(keys: readonly string[]): Promise<number> {
    const now = this.clock.now();
    return Math.max(0, ...keys.map((k) => (this.next.get(k) ?? 0) - now));
  }


  /** Forgets keys already free, so memory stays flat over time. */
  private cleanup(now: number): void {
    this.sinceCleanup = 0;
    for (const [key, at] of this.next) if (at < now) this.next.delete(key);
  }
}

/**
 * The pacer shared by every Telegram send and edit of a process; its schedule is this process's
 * (`MemorySchedule`) or the store's, shared by every instance. Clock and sleep are injectable for tests.
 */
export class TelegramPacer {
  private readonly limits: PacerLimits;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  readonly schedule: SlotSchedule;
  private lastThrottled: { chatId: string; at: number } | undefined;

  constructor(options: { clock: Clock; limits?: Partial<PacerLimits>; sleep?: Sleep; schedule?: SlotSchedule }) {
    this.limits = { ...TELEGRAM_LIMITS, ...options.limits };
    this.clock = options.clock;
    this.sleep = options.sleep ?? realSleep;
    this.schedule = options.schedule ?? new MemorySchedule(options.clock);
  }

  /** Milliseconds from now until a message to `chatId` may go (0 when it may go now). */
  async delayFor(chatId: string): Promise<number> {
    return this.schedule.peek([ALL, chatKey(chatId)]);
  }

  /**
   * Reserves the next slot a message to `chatId` fits in and waits for it; resolves a `Release` (a
   * no-op, kept for callers). Rejects when the signal aborts, or with `PacerBusyError` (reserving
   * nothing) when the wait would exceed `maxWaitMs`.
   */
  async acquire(chatId: string, signal: AbortSignal, maxWaitMs = Number.POSITIVE_INFINITY): Promise<Release> {
    const { perChatMs, perGroupMs, groupBurst, globalGapMs, lateMs } = this.limits;
    const gaps: SlotGap[] = [{ key: ALL, gapMs: globalGapMs }, { key: chatKey(chatId), gapMs: perChatMs }];
    if (isGroup(chatId)) gaps.push({ key: `pace:group:${chatId}`, gapMs: perGroupMs, burstMs: groupBurst * perGroupMs });
    for (;;) {
      signal.throwIfAborted();
      const { reserved, waitMs } = await this.schedule.reserve(gaps, maxWaitMs);
      if (!reserved) throw new PacerBusyError(chatId, waitMs);
      if (waitMs <= 0) return noop;
      const due = this.clock.now() + waitMs;
      await this.sleep(waitMs, signal);
      // Woken late (a stalled event loop): sending now would bunch with the next slots' messages.
      if (this.clock.now() - due <= lateMs) return noop;
    }
  }

  /**
   * Honours a 429: holds the chat for `retryAfterMs`; when another chat was throttled within the
   * last second too, the limit hit is the global one, so everything waits.
   */
  async tooManyRequests(chatId: string, retryAfterMs: number): Promise<void> {
    const now = this.clock.now();
    await this.schedule.hold(chatKey(chatId), retryAfterMs);
    const previous = this.lastThrottled;
    if (previous && previous.chatId !== chatId && now - previous.at <= SECOND) await this.pauseAll(retryAfterMs);
    this.lastThrottled = { chatId, at: now };
  }

  /** Holds every chat for `ms` (e.g. a 429 known to be global). */
  async pauseAll(ms: number): Promise<void> {
    await this.schedule.hold(ALL, ms);
  }
}

const noop: Release = () => undefined;

function chatKey(chatId: string): string {
  return `pace:chat:${chatId}`;
}

/** Groups, supergroups and channels have negative ids; the per-minute limit applies to them. */
function isGroup(chatId: string): boolean {
  return chatId.startsWith('-');
}
