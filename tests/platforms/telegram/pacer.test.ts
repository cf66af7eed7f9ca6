import { setMaxListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { PacerBusyError, TelegramPacer, TELEGRAM_LIMITS } from '../../../src/platforms/telegram/pacer.js';
import { TestClock } from '../../helpers/builders.js';

const GAP = TELEGRAM_LIMITS.perChatMs + TELEGRAM_LIMITS.marginMs; // 1020 ms
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
  it('lets the first message to a chat go at once and spaces the next by a second plus the margin', async () => {
    const clock = new TestClock(T0);
    const pacer = new TelegramPacer({ clock });
    expect(pacer.delayFor('42')).toBe(0);
    (await pacer.acquire('42', new AbortController().signal))();
    expect(pacer.delayFor('42')).toBe(GAP);
    expect(pacer.delayFor('43')).toBe(0);
    clock.advance(400);
    expect(pacer.delayFor('42')).toBe(GAP - 400);
  });

  it('sends concurrent messages to one chat one per slot, in order', async () => {
    const time = new VirtualTime();
    const pacer = new TelegramPacer({ clock: time.clock, sleep: time.sleep });
    const went = await sendAll(pacer, time, ['42', '42', '42', '42', '42']);
    expect(went.map((w) => w.at)).toEqual([0, GAP, 2 * GAP, 3 * GAP, 4 * GAP]);
  });

  it('holds the 21st message to a group until the first leaves the minute window', async () => {
    const time = new VirtualTime();
    const pacer = new TelegramPacer({ clock: time.clock, sleep: time.sleep });
    const went = await sendAll(pacer, time, Array.from({ length: 21 }, () => '-1001234'));
    const at = went.map((w) => w.at);
    expect(at[19]).toBe(19 * GAP);
    expect(at[20]).toBe(60_000 + TELEGRAM_LIMITS.marginMs);
  });

  it('does not apply the group limit to private chats', async () => {
    const time = new VirtualTime();
    const pacer = new TelegramPacer({ clock: time.clock, sleep: time.sleep });
    const went = await sendAll(pacer, time, Array.from({ length: 21 }, () => '777'));
    expect(went[20]!.at).toBe(20 * GAP);
  });

  it('lets 30 messages to different chats through in a second and holds the 31st', async () => {
    const time = new VirtualTime();
    const pacer = new TelegramPacer({ clock: time.clock, sleep: time.sleep });
    const chats = Array.from({ length: 75 }, (_, i) => String(1000 + i));
    const went = await sendAll(pacer, time, chats);
    const perWindow = (from: number): number => went.filter((w) => w.at >= from && w.at < from + 1000).length;
    expect(went.filter((w) => w.at === 0)).toHaveLength(30);
    expect(went.filter((w) => w.at === 1000 + TELEGRAM_LIMITS.marginMs)).toHaveLength(30);
    expect(went.at(-1)!.at).toBe(2 * (1000 + TELEGRAM_LIMITS.marginMs));
    for (const w of went) expect(perWindow(w.at)).toBeLessThanOrEqual(30);
  });

  it('counts a message still in flight from now, then from when it completed', async () => {
    const clock = new TestClock(T0);
    const pacer = new TelegramPacer({ clock });
    const signal = new AbortController().signal;
    const releases = await Promise.all(Array.from({ length: 30 }, (_, i) => pacer.acquire(String(i + 1), signal)));
    clock.advance(5000); // a slow Telegram: the 30 requests are still running
    expect(pacer.delayFor('1')).toBe(GAP);
    expect(pacer.delayFor('999')).toBe(1000 + TELEGRAM_LIMITS.marginMs);
    for (const release of releases) release();
    clock.advance(600);
    expect(pacer.delayFor('1')).toBe(GAP - 600);
    expect(pacer.delayFor('999')).toBe(1000 + TELEGRAM_LIMITS.marginMs - 600);
    clock.advance(1000);
    expect(pacer.delayFor('999')).toBe(0);
  });

  it('pauses a chat for retry_after after a 429, and everything when several chats are throttled', () => {
    const clock = new TestClock(T0);
    const pacer = new TelegramPacer({ clock });
    pacer.tooManyRequests('42', 5000);
    expect(pacer.delayFor('42')).toBe(5000);
    expect(pacer.delayFor('43')).toBe(0);
    clock.advance(300);
    pacer.tooManyRequests('43', 7000);
    expect(pacer.delayFor('99')).toBe(7000);
    clock.advance(7000);
    expect(pacer.delayFor('99')).toBe(0);
  });

  it('refuses without reserving when the wait exceeds maxWaitMs', async () => {
    const clock = new TestClock(T0);
    const pacer = new TelegramPacer({ clock });
    const signal = new AbortController().signal;
    (await pacer.acquire('42', signal))();
    const refused = await pacer.acquire('42', signal, 500).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PacerBusyError);
    expect((refused as PacerBusyError).waitMs).toBe(GAP);
    expect(pacer.delayFor('42')).toBe(GAP);
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
