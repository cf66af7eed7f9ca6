/**
 * Claims per second on each store backend for 10,000 stories of 2 keys: one at a time, 64 in
 * flight, then the same stories again (all already seen). Run alone: `npx tsx bench/store.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import type { Logger } from '../src/ports.js';
import { openStore } from '../src/store/open-store.js';

const STORIES = 10_000;
const IN_FLIGHT = 64;
const logger = pino({ level: 'silent' }) as unknown as Logger;

/** Two dedup keys per story, like a link and a title fingerprint. */
function keysOf(tag: string, i: number): string[] {
  return [`url:https://www.exemple-presse.fr/${tag}/article-${i}`, `titre:${tag} panne informatique numéro ${i}`];
}

/** Runs `claim` for stories [0, STORIES) with `parallel` in flight; resolves claims/s and wins. */
async function measure(parallel: number, claim: (i: number) => Promise<boolean>): Promise<{ perSecond: number; wins: number }> {
  let next = 0;
  let wins = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < STORIES) {
      const i = next++;
      if (await claim(i)) wins += 1;
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { perSecond: Math.round(STORIES / seconds), wins };
}

async function benchBackend(label: string, url: string): Promise<void> {
  const namespace = `bench_${process.pid}`;
  let store;
  try {
    store = await openStore(url, { retentionMs: 3_600_000, namespace, logger, timeoutMs: 10_000 });
  } catch (error) {
    console.log(`  ${label.padEnd(10)} skipped: ${(error as Error).message}`);
    return;
  }
  try {
    const s = store;
    const one = await measure(1, async (i) => s.seen.claim(keysOf('seq', i)));
    const many = await measure(IN_FLIGHT, async (i) => s.seen.claim(keysOf('par', i)));
    const again = await measure(IN_FLIGHT, async (i) => s.seen.claim(keysOf('par', i)));
    console.log(`  ${label.padEnd(10)} sequential ${String(one.perSecond).padStart(7)} claims/s`
      + ` | ${IN_FLIGHT} in flight ${String(many.perSecond).padStart(7)} claims/s`
      + ` | already seen ${String(again.perSecond).padStart(7)} claims/s`
      + ` | wins ${one.wins + many.wins}/${2 * STORIES}, re-wins ${again.wins}`);
  } finally {
    await store.clear();
    await store.close();
  }
}

/** Prints claims/s for memory, SQLite (temp file), Redis and PostgreSQL (when reachable). */
export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-bench-store-'));
  console.log(`store: claim() of ${STORIES.toLocaleString('en')} new stories (2 keys each)`);
  try {
    await benchBackend('memory', 'memory://');
    await benchBackend('sqlite', `sqlite://${join(dir, 'bench.sqlite')}`);
    await benchBackend('redis', 'redis://127.0.0.1:6379');
    await benchBackend('postgres', 'postgres://postgres@127.0.0.1:5432/test');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
