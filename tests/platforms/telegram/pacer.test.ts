import { setMaxListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { PacerBusyError, TelegramPacer, TELEGRAM_LIMITS } from '../../../src/platforms/telegram/pacer.js';
import { TestClock } from '../../helpers/builders.js';

const GAP = TELEGRAM_LIMITS.perChatMs; // 1050 ms
const GROUP_GAP = TELEGRAM_LIMITS.perGroupMs; // 4300 ms
const STEP = TELEGRAM_LIMITS.globalGapMs; // 40 ms
const T0 = 1_700_000_000_000;

/** Virtual timers: sleeps resolve in time order when `runAll` moves the test clock forward. */
class VirtualTime {
  readonly clock = new TestClock(T0);
  readonly sleeps: number[] = [];
  private pending: { at: number; resolve: () => void }[] = [];

  sleep = (ms: number, signal: AbortSignal): Promise<void> => new Promise((resolve, reject) => {
    this.sleeps.push(ms);
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    this.pending.push({ at: this.clock.now() + ms, resolve: () => { signal.removeEventListener('abort', onAbort); resolve(); } });
  });

  async runAll(): Promise<void> {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (this.pending.length === 0) return;
      this.pending.sort((a, b) => a.at - b.at);
      const next = this.pending.shift()!;
      this.clock.set(Math.max(this.clock.now(), next.at));
      next.resolve();
    }
  }
}

/** Acquires every chat id concurrently; resolves the clock time (relative to T0) at which each went. */
async function sendAll(pacer: TelegramPacer, time: VirtualTime, chats: string[]): Promise<{ chat: string; at: number }[]> {
  const signal = new AbortController().signal;
  setMaxListeners(0, signal); // as the notifier does: many sends wait on one signal
  const went: { chat: string; at: number }[] = [];
  const all = Promise.all(chats.map(async (chat) => {
    const release = await pacer.acquire(chat, signal);
    release(); // the request completes at once here
    went.push({ chat, at: time.clock.now() - T0 });
  }));
  await time.runAll();
  await all;
  return went;
}

describe('TelegramPacer', () => {
  it('lets the first message to a chat go at once and spaces the next by the per-chat gap', async () => {
    const clock = new TestClock(T0);
    const pacer = new TelegramPacer({ clock });
    expect(await pacer.delayFor('42')).toBe(0);
    await pacer.acquire('42', new AbortController().signal);
    expect(await pacer.delayFor('42')).toBe(GAP);
    expect(await pacer.delayFor('43')).toBe(STEP);
    clock.advance(400);
    expect(await pacer.delayFor('42')).toBe(GAP - 400);
  });

  it('sends concurrent messages to one chat one per slot, in order', async () => {
    const time = new VirtualTime();
    const pacer = new TelegramPacer({ clock: time.clock, sleep: time.sleep });
    const went = await sendAll(pacer, time, ['42', '42', '42', '42', '42']);
    expect(went.map((w) => w.at)).toEqual([0, GAP, 2 * GAP, 3 * GAP, 4 * GAP]);
  });

  it('lets a group have a short burst, then paces it so that no minute holds more than 20', async () => {
    const time = new VirtualTime();
    const pacer = new TelegramPacer({ clock: time.clock, sleep: time.sleep });
    const went = await sendAll(pacer, time, Array.from({ length: 40 }, () => '-1001234'));
    const at = went.map((w) => w.at);
    // The burst: one per chat gap.
    expect(at.slice(0, 6)).toEqual([0, 1, 2, 3, 4, 5].map((i) => i * GAP));
    expect(at[39]! - at[38]!).toBe(GROUP_GAP);
    for (const t of at) expect(at.filter((u) => u >= t && u < t + 60_000).length).toBeLessThanOrEqual(20);
  });

  it('does not apply the group spacing to private chats', async () => {
    const time = new VirtualTime();
    const pacer = new TelegramPacer({ clock: time.clock, sleep: time.sleep });
    const went = await sendAll(pacer, time, Array.from({ length: 21 }, () => '777'));
    expect(went[20]!.at).toBe(20 * GAP);
  });

  it('spreads messages to different chats evenly: one every 40 ms, at most 25 in any second', async () => {
    const time = new VirtualTime();
    const pacer = new TelegramPacer({ clock: time.clock, sleep: time.sleep });
    const chats = Array.from({ length: 75 }, (_, i) => String(1000 + i));
    const went = await sendAll(pacer, time, chats);
    const at = went.map((w) => w.at).sort((x, y) => x - y);
    expect(at).toEqual(chats.map((_, i) => i * STEP));
    for (const t of at) expect(at.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(25);
  });

  it('gives up a slot it woke up too late for, and takes the next free one', async () => {
    const clock = new TestClock(T0);
    // The first sleep overshoots by 200 ms, as a stalled event loop would; the next are on time.
    let stall = 200;
    const sleeps: number[] = [];
    const sleep = async (ms: number): Promise<void> => { sleeps.push(ms); clock.advance(ms + stall); stall = 0; };
    const pacer = new TelegramPacer({ clock, sleep });
    const signal = new AbortController().signal;
    await pacer.acquire('1', signal);
    await pacer.acquire('1', signal); // slot at +1050 ms, woken at +1250 ms: given up for the next one
    expect(sleeps).toEqual([GAP, GAP - 200]);
    expect(clock.now() - T0).toBe(2 * GAP);
  });

  it('holds a chat for retry_after after a 429, and everything when several chats are throttled', async () => {
    const clock = new TestClock(T0);
    const pacer = new TelegramPacer({ clock });
    await pacer.tooManyRequests('42', 5000);
    expect(await pacer.delayFor('42')).toBe(5000);
    expect(await pacer.delayFor('43')).toBe(0);
    clock.advance(300);
    await pacer.tooManyRequests('43', 7000);
    expect(await pacer.delayFor('99')).toBe(7000);
    clock.advance(7000);
    expect(await pacer.delayFor('99')).toBe(0);
  });

  it('refuses without reserving when the wait exceeds maxWaitMs', async () => {
    const clock = new TestClock(T0);
    const pacer = new TelegramPacer({ clock });
    const signal = new AbortController().signal;
    await pacer.acquire('42', signal);
    const refused = await pacer.acquire('42', signal, 500).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PacerBusyError);
    expect((refused as PacerBusyError).waitMs).toBe(GAP);
    expect(await pacer.delayFor('42')).toBe(GAP);
  });

  it('stops waiting when the signal aborts', async () => {
    const pacer = new TelegramPacer({ clock: new TestClock(T0) }); // real timers: would wait 1 s
    const controller = new AbortController();
    await pacer.acquire('42', controller.signal);
    const waiting = pacer.acquire('42', controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow(/abort/i);
    await expect(pacer.acquire('43', controller.signal)).rejects.toThrow(/abort/i);
  });
});
