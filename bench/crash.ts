/**
 * Kill -9 during delivery, repeated: a child process fans one alert out to BENCH_CRASH_CHATS chats
 * (default 500) on the fake Bot API and is killed with SIGKILL at BENCH_CRASH_KILLS moments (default
 * 3; uniform in time over the delivery, so "kill -9 at any moment"), restarted on the same
 * store until the outbox is empty; BENCH_CRASH_ROUNDS rounds (default 3) on SQLite and on Redis
 * (database 11). Prints, per kill, the messages in flight (accepted by Telegram, not yet marked
 * done) and the duplicates they caused (target 0; at most the delivery concurrency), then two
 * probes: a kill halfway through the outbox writes, and a kill right after the dedup claim.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CrashRig, flushRedisDatabase, redisDatabase } from '../tests/e2e/crash-child.js';
import { REDIS_URL, redisAvailable } from '../tests/helpers/services.js';

const CHATS = Number(process.env.BENCH_CRASH_CHATS ?? 500);
const KILLS = Number(process.env.BENCH_CRASH_KILLS ?? 3);
const ROUNDS = Number(process.env.BENCH_CRASH_ROUNDS ?? 3);
const REDIS = redisDatabase(REDIS_URL, 11);

interface Backend { name: string; url(): string; reset(): Promise<void> }

/** A fresh rig on a fresh store; `fn` runs, the rig and the store are cleaned up. */
async function withRig<T>(backend: Backend, fn: (rig: CrashRig) => Promise<T>): Promise<T> {
  await backend.reset();
  const rig = await CrashRig.start({ storeUrl: backend.url(), chats: CHATS });
  try {
    return await fn(rig);
  } finally {
    await rig.close();
    await backend.reset();
  }
}

/** Chats that received the alert 0 times, and messages beyond one per chat. */
function tally(rig: CrashRig): { missing: number; duplicates: number } {
  let missing = 0;
  let duplicates = 0;
  for (const n of rig.received().values()) {
    if (n === 0) missing++;
    else duplicates += n - 1;
  }
  return { missing, duplicates };
}

async function round(backend: Backend, index: number): Promise<{ inFlight: number[]; duplicates: number; missing: number }> {
  return withRig(backend, async (rig) => {
    const started = performance.now();
    const inFlight: number[] = [];
    // Kill moments uniform in time: a random delay after the run's first accepted message, within
    // the share of the remaining delivery time (≈ 30 messages/s) given to this kill.
    let left = CHATS;
    for (let k = 0; k < KILLS && left > 60; k++) {
      const delayMs = Math.floor(Math.random() * ((left / 30) * 1000) / (KILLS - k));
      const run = await rig.run({ killAt: { accepted: 1, delayMs } });
      if (!run.killed || run.signal !== 'SIGKILL') break;
      inFlight.push((await rig.inFlight(run)).length);
      left -= run.accepted.length;
    }
    const runs = await rig.runUntilDone(6);
    const { missing, duplicates } = tally(rig);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`  ${backend.name} round ${index + 1}: in flight at each kill [${inFlight.join(', ')}], ${duplicates} duplicate(s), `
      + `${missing} chat(s) without the alert, ${inFlight.length + runs.length} runs, ${rig.fake.stats.tooManyRequests} × 429, ${seconds} s`);
    return { inFlight, duplicates, missing };
  });
}

/** Kills the child at an exact point with no message sent yet, restarts it, and counts who got the alert. */
async function probe(backend: Backend, crashAt: string, what: string): Promise<void> {
  await withRig(backend, async (rig) => {
    const crashed = await rig.run({ crashAt });
    await rig.runUntilDone(3);
    const { missing, duplicates } = tally(rig);
    const verdict = missing === 0 && duplicates === 0 ? 'ok' : 'LOST OR DUPLICATED';
    console.log(`  ${backend.name}, kill ${what} (${crashed.signal ?? `exit ${crashed.code}`}): `
      + `${CHATS - missing}/${CHATS} chats got the alert, ${duplicates} duplicate(s) — ${verdict}`);
  });
}

/** Runs every round and the probes on SQLite, then on Redis when it answers. */
export async function run(): Promise<void> {
  let n = 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'vigie-bench-crash-'));
  const backends: Backend[] = [{ name: 'sqlite', url: () => `sqlite://${dir}/store-${n}.sqlite`, reset: async () => { n++; } }];
  const redis = await redisAvailable();
  if (redis.available) backends.push({ name: 'redis', url: () => REDIS, reset: () => flushRedisDatabase(REDIS) });
  else console.log(`redis skipped: ${redis.reason ?? 'not reachable'}`);

  console.log(`${CHATS} chats, ${KILLS} kill(s) per round, ${ROUNDS} round(s) per backend`);
  try {
    for (const backend of backends) await experiment(backend);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rounds, their totals, then the two probes, on one backend. */
async function experiment(backend: Backend): Promise<void> {
  const results = [];
  for (let i = 0; i < ROUNDS; i++) results.push(await round(backend, i));
  const kills = results.flatMap((r) => r.inFlight);
  const duplicates = results.reduce((s, r) => s + r.duplicates, 0);
  const missing = results.reduce((s, r) => s + r.missing, 0);
  const mean = kills.reduce((s, x) => s + x, 0) / Math.max(1, kills.length);
  console.log(`${backend.name}: ${kills.length} kills, in flight per kill max ${Math.max(0, ...kills)} / mean ${mean.toFixed(1)}, `
    + `${duplicates} duplicate(s) in all, ${missing} chat(s) never served`);
  await probe(backend, `enqueue:${Math.floor(CHATS / 2)}`, 'halfway through writing the outbox');
  await probe(backend, 'claim', 'right after the dedup claim, before the alert is saved');
}
