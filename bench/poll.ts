/**
 * Poll-cycle benchmark: 200 local feeds × 50 items through the real wired app (HTTP fetch, parse,
 * classify, dedup in SQLite, console delivery to /dev/null); then the same cycle when every feed
 * answers 304. The feed server runs in a child process so its CPU is not counted.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config/index.js';
import { createLogger } from '../src/logger.js';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 200);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 50);

async function startServer(): Promise<{ port: number; stop(): void }> {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '_poll-feeds.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, FEEDS: String(FEEDS), ITEMS: String(ITEMS) }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`feed server exited (${code})`)));
  });
  return { port, stop: () => child.kill() };
}

function measure<T>(fn: () => Promise<T>): Promise<{ result: T; wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  return fn().then((result) => {
    const used = process.cpuUsage(cpu);
    return { result, wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
  });
}

/** Prints wall/CPU time, items/s and peak RSS of a first cycle and of an all-304 cycle. */
export async function run(): Promise<void> {
  const server = await startServer();
  const dir = mkdtempSync(path.join(tmpdir(), 'vigie-bench-poll-'));
  try {
    const base = loadConfig({ env: { STORE_URL: `sqlite://${path.join(dir, 'bench.sqlite')}` }, cwd: dir });
    const config = {
      ...base,
      feeds: Array.from({ length: FEEDS }, (_, f) => ({ id: `feed-${f}`, name: `Presse ${f}`, url: `http://127.0.0.1:${server.port}/feed-${f}.xml`, tags: [] })),
      fetch: { ...base.fetch, perHost: 8, concurrency: 16 },
    } as Config;
    const app = await createApp({ config, logger: createLogger('warn'), stdout: createWriteStream('/dev/null'), console: true });
    const signal = new AbortController().signal;
    const first = await measure(() => app.runOnce(signal));
    // Make every feed due again without waiting for the interval.
    for (const [id, state] of Object.entries(await app.store.feedStates.all())) {
      await app.store.feedStates.set(id, { ...state, nextAttemptAt: 0 });
    }
    const second = await measure(() => app.runOnce(signal));
    await app.close();
    const r1 = first.result;
    const r2 = second.result;
    console.log(`feeds ${FEEDS} × items ${ITEMS} (one local host, 8 requests at a time to it), SQLite store`);
    console.log(`first cycle : wall ${(first.wallMs / 1000).toFixed(2)} s, CPU ${(first.cpuMs / 1000).toFixed(2)} s, `
      + `${Math.round((r1?.items ?? 0) / (first.wallMs / 1000))} items/s — items ${r1?.items}, incidents ${r1?.incidents}, alerts ${r1?.alerts}, errors ${r1?.feedErrors}  (target < 5 s)`);
    console.log(`304 cycle   : wall ${(second.wallMs / 1000).toFixed(2)} s, CPU ${(second.cpuMs / 1000).toFixed(2)} s — not modified ${r2?.notModified}/${FEEDS}, alerts ${r2?.alerts}  (target < 1 s)`);
    console.log(`peak RSS    : ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB  (target < 200 MB)`);
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
