/**
 * Crash-safe delivery, for real: the app runs in a child process fanning one alert out to 500 chats
 * on the fake Bot API (which lives in this process and outlives the child), is killed with SIGKILL
 * part-way, and is restarted on the same store until the outbox is empty. On SQLite and on Redis.
 */
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/app.js';
import { withRedisLock } from '../helpers/redis-lock.js';
import { describeService, REDIS_URL, redisAvailable } from '../helpers/services.js';
import { CrashRig, flushRedisDatabase, redisDatabase, type ChildRun } from './crash-child.js';

const CHATS = 500;
const TIMEOUT = 120_000;
/** Longest wait for another test run's lock on a Redis database (the lock helper gives up after 10 minutes). */
const LOCK_WAIT_MS = 300_000;
const redis = await redisAvailable();

/** Per chat: how many of the killed runs left its message accepted by Telegram but not marked done. */
function inFlightTimes(sets: string[][]): Map<string, number> {
  const times = new Map<string, number>();
  for (const set of sets) for (const chatId of set) times.set(chatId, (times.get(chatId) ?? 0) + 1);
  return times;
}

/** A child run in a few lines, for assertion messages. */
function explain(run: ChildRun | undefined): string {
  if (!run) return 'no run';
  const { code, signal, killed, result } = run;
  return `${JSON.stringify({ code, signal, killed, accepted: run.accepted.length, result })}\nchild stderr: ${run.stderr.slice(-1500)}`;
}

/** Which chats got a wrong number of copies, and which alerts the store holds (one expected). */
async function explainCounts(rig: CrashRig, off: string[], expected: (chatId: string) => number): Promise<string> {
  const received = rig.received();
  const alerts = await rig.withStore((store) => store.alerts.recent(10));
  const sample = off.slice(0, 8).map((chatId) => `${chatId}: ${received.get(chatId)} (expected ${expected(chatId)})`);
  return `${off.length} chat(s) with a wrong count, e.g. ${sample.join(', ')}; alerts in the store: ${alerts.map((a) => `${a.id} (${a.fanout})`).join(', ')}`;
}

function sum(counts: Iterable<number>): number {
  let total = 0;
  for (const n of counts) total += n;
  return total;
}

/** Runs `fn` on a fresh rig on `storeUrl`, then closes it. */
async function withRig(storeUrl: string, fn: (rig: CrashRig) => Promise<void>): Promise<void> {
  const rig = await CrashRig.start({ storeUrl, chats: CHATS });
  try {
    await fn(rig);
  } finally {
    await rig.close();
  }
}

/**
 * Messages in flight at a kill, at most: sends are spread one per 40 ms, so only those accepted
 * while the previous ones were being recorded as done (a store write) can be caught (measured: 1–2).
 */
const MAX_IN_FLIGHT = 5;

/** Checks the child was killed part-way; returns the chats whose message was in flight (a few at most). */
async function checkKilled(rig: CrashRig, run: ChildRun): Promise<string[]> {
  expect(run.killed && run.signal === 'SIGKILL', `killed part-way: ${explain(run)}`).toBe(true);
  expect(run.accepted.length).toBeGreaterThanOrEqual(100);
  const inFlight = await rig.inFlight(run);
  expect(inFlight.length).toBeLessThanOrEqual(Math.min(MAX_IN_FLIGHT, rig.concurrency));
  return inFlight;
}

/** Two children killed with SIGKILL mid-delivery, then children until the outbox is empty. */
async function killMidDelivery(rig: CrashRig, backend: string): Promise<void> {
  const started = performance.now();
  // First kill: inside the fake's handling of the 100th message, before its answer leaves (worst moment).
  const first = await rig.run({ killAt: { accepted: 100 } });
  const firstInFlight = await checkKilled(rig, first);
  // Second kill: just after the 150th message of the next run was answered.
  const second = await rig.run({ killAt: { accepted: 150, delayMs: 0 } });
  const secondInFlight = await checkKilled(rig, second);
  const rest = await rig.runUntilDone();

  expect(first.accepted.length + second.accepted.length).toBeLessThan(CHATS); // both kills came part-way
  expect(rest.at(-1)?.result?.pending, explain(rest.at(-1))).toBe(0);

  // Every chat got the alert once, plus once more for each kill that caught its message in flight.
  const received = rig.received();
  const times = inFlightTimes([firstInFlight, secondInFlight]);
  const expected = (chatId: string): number => 1 + (times.get(chatId) ?? 0);
  const mismatches = rig.chatIds.filter((chatId) => received.get(chatId) !== expected(chatId));
  expect(mismatches, await explainCounts(rig, mismatches, expected)).toEqual([]);
  const { alert, fanoutPending, status } = await rig.outbox();
  expect(alert?.fanout).toBe('done');
  expect(fanoutPending).toBe(false);
  expect(status.size).toBe(CHATS);
  expect(new Set(status.values())).toEqual(new Set(['done']));

  const duplicates = sum(received.values()) - CHATS;
  console.log(`[crash] ${backend}: ${duplicates} duplicate(s) over 2 kills (in flight: ${firstInFlight.length} at the 1st kill, `
    + `${secondInFlight.length} at the 2nd; at most ${MAX_IN_FLIGHT}), ${2 + rest.length} runs, `
    + `${rig.fake.stats.tooManyRequests} × 429, ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** A child killed halfway through writing the fan-out's outbox entries, then children until the outbox is empty. */
async function killMidEnqueue(rig: CrashRig): Promise<void> {
  const crashed = await rig.run({ crashAt: `enqueue:${CHATS / 2}` });
  expect(crashed.signal, explain(crashed)).toBe('SIGKILL');
  expect(crashed.accepted).toEqual([]);
  const interrupted = await rig.outbox();
  // The alert is marked pending before its deliveries are enqueued, and settled only after.
  expect(interrupted.fanoutPending).toBe(true);
  expect(interrupted.status.size).toBe(CHATS / 2);
  expect(new Set(interrupted.status.values())).toEqual(new Set(['pending']));

  const runs = await rig.runUntilDone();
  // The restart finds the item's claim its own and its alert written: it enqueues the deliveries again.
  expect(runs[0]?.result?.report, explain(runs[0])).toMatchObject({ alerts: 0, duplicates: 1 });
  expect(runs[0]?.stderr).toContain('fan-out: finishing an interrupted fan-out');
  expect(runs.at(-1)?.result?.pending, explain(runs.at(-1))).toBe(0);
  const received = rig.received();
  const mismatches = rig.chatIds.filter((chatId) => received.get(chatId) !== 1);
  expect(mismatches, await explainCounts(rig, mismatches, () => 1)).toEqual([]);
  const { alert, fanoutPending, status } = await rig.outbox();
  expect(alert?.fanout).toBe('done');
  expect(fanoutPending).toBe(false);
  expect(status.size).toBe(CHATS);
  expect(new Set(status.values())).toEqual(new Set(['done']));
}

/**
 * Killed after writing the alert, before any outbox entry, and the feed drops the item before the
 * restart: the item is never read again, yet the pending fan-out is finished and each chat gets it once.
 */
async function killBeforeEnqueueItemDropped(rig: CrashRig): Promise<void> {
  const crashed = await rig.run({ crashAt: 'enqueue:0' });
  expect(crashed.signal, explain(crashed)).toBe('SIGKILL');
  const interrupted = await rig.outbox();
  expect(interrupted.fanoutPending).toBe(true);
  expect(interrupted.status.size).toBe(0);

  rig.dropIncident();
  const runs = await rig.runUntilDone();
  expect(runs[0]?.result?.report, explain(runs[0])).toMatchObject({ items: 1, alerts: 0, duplicates: 0 });
  expect(runs[0]?.stderr).toContain('fan-out: finishing an interrupted fan-out');
  expect(runs.at(-1)?.result?.pending, explain(runs.at(-1))).toBe(0);
  const received = rig.received();
  const mismatches = rig.chatIds.filter((chatId) => received.get(chatId) !== 1);
  expect(mismatches, await explainCounts(rig, mismatches, () => 1)).toEqual([]);
  const { alert, fanoutPending, status } = await rig.outbox();
  expect(alert?.fanout).toBe('done');
  expect(fanoutPending).toBe(false);
  expect(new Set(status.values())).toEqual(new Set(['done']));
}

/** Killed right after claiming the story, before saving its alert: the restart must still announce it. */
async function killAfterClaim(rig: CrashRig): Promise<void> {
  const crashed = await rig.run({ crashAt: 'claim' });
  expect(crashed.signal, explain(crashed)).toBe('SIGKILL');
  expect(crashed.accepted).toEqual([]);
  expect((await rig.outbox()).alert).toBeUndefined();

  const runs = await rig.runUntilDone();
  // The item's claim is owned by its alert id, so the restarted process may claim it again.
  expect(runs[0]?.result?.report, explain(runs[0])).toMatchObject({ alerts: 1, duplicates: 0 });
  const received = rig.received();
  const mismatches = rig.chatIds.filter((chatId) => received.get(chatId) !== 1);
  expect(mismatches, await explainCounts(rig, mismatches, () => 1)).toEqual([]);
}

const AFTER_CLAIM = 'announces a story whose process was killed between the dedup claim and saving the alert, once per chat';
const MID_DELIVERY = 'delivers the alert to each of 500 chats across two kill -9 mid-delivery, re-sending only the messages in flight at each kill';
const ITEM_DROPPED = 'finishes a fan-out killed before its outbox write although the feed dropped the item before the restart, each chat receiving the alert once';
const MID_ENQUEUE = 'finishes a fan-out killed halfway through writing its 500 outbox entries, each chat receiving the alert once';

// Every test has its own fake, feed server, store and child: all four run side by side.
describe.concurrent('crash-safe delivery', () => {
  describe('on SQLite', () => {
    const sqlite = (test: (url: string) => Promise<void>) => async () => {
      const tmp = tempDir('vigie-crash-sqlite-');
      try {
        await test(`sqlite://${tmp.dir}/store.sqlite`);
      } finally {
        tmp.remove();
      }
    };
    it(MID_DELIVERY, sqlite((url) => withRig(url, (rig) => killMidDelivery(rig, 'sqlite'))), TIMEOUT);
    it(MID_ENQUEUE, sqlite((url) => withRig(url, killMidEnqueue)), TIMEOUT);
    it(AFTER_CLAIM, sqlite((url) => withRig(url, killAfterClaim)), TIMEOUT);
    it(ITEM_DROPPED, sqlite((url) => withRig(url, killBeforeEnqueueItemDropped)), TIMEOUT);
  });

  // The app takes no store namespace from its config, so each test gets a Redis database of its own.
  describeService(redis, 'on Redis', () => {
    const onRedis = (db: number, test: (url: string) => Promise<void>) => async () => {
      const url = redisDatabase(REDIS_URL, db);
      await withRedisLock(REDIS_URL, `db${db}`, async () => {
        await flushRedisDatabase(url);
        try {
          await test(url);
        } finally {
          await flushRedisDatabase(url);
        }
      });
    };
    // Other runs of these suites (other checkouts) may hold a database's lock for a while: waiting for it is not the test's time.
    const LOCKED = TIMEOUT + LOCK_WAIT_MS;
    it(MID_DELIVERY, onRedis(9, (url) => withRig(url, (rig) => killMidDelivery(rig, 'redis db 9'))), LOCKED);
    it(MID_ENQUEUE, onRedis(10, (url) => withRig(url, killMidEnqueue)), LOCKED);
    it(AFTER_CLAIM, onRedis(12, (url) => withRig(url, killAfterClaim)), LOCKED);
    it(ITEM_DROPPED, onRedis(15, (url) => withRig(url, killBeforeEnqueueItemDropped)), LOCKED);
  });
});
