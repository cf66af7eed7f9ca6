/**
 * Poll-cycle benchmark: 200 local feeds × 50 items through the real wired app (HTTP fetch, parse,
 * classify, dedup and outbox in SQLite, console delivery to /dev/null); then the same cycle when
 * every feed answers 304.
 *
 * How it is measured: the sources are compiled by TypeScript's own emitter (as `npm run build`,
 * without the type check) into node_modules/.cache/vigie-bench-<pid>, and both cycles run there in
 * a plain `node` child process with the node flags of `npm start` (its heap cap): no tsx loader in
 * the figures. The feed server runs in another
 * process, so its CPU is not counted. Wall and CPU cover the cycles (CPU includes SQLite's and the
 * parse/classify worker threads); peak RSS is the child's whole life (startup and worker threads
 * included), printed next to the peak of a node process that loaded only this module. A cycle's
 * wall time is the poll (fetch → store → outbox) and then the delivery of its alerts to the console.
 * Both run with the default worker threads, then with the other choice (none, or one).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import type { Config } from '../src/config/index.js';
import type { CycleReport } from '../src/pipeline/poll.js';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 200);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 50);
const PER_HOST = 8;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where this run's compiled copy goes (per process: two benches at once must not share it). */
const OUT = path.join(ROOT, 'node_modules', '.cache', `vigie-bench-${process.pid}`);

/**
 * Peak RSS of this process in KB: Linux's VmHWM, because getrusage's maxRSS of a spawned child
 * starts at its parent's RSS at fork time; elsewhere maxRSS.
 */
export function peakRssKb(): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

/** One measured cycle, as the child reports it. */
interface Cycle {
  wallMs: number;
  cpuMs: number;
  report: CycleReport;
}

async function startServer(): Promise<{ port: number; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', '_poll-feeds.ts')], {
    env: { ...process.env, FEEDS: String(FEEDS), ITEMS: String(ITEMS) }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`feed server exited (${code})`)));
  });
  return { port, stop: () => child.kill() };
}

/** Compiles src/ and this file to plain ESM JavaScript under OUT; returns this file's compiled URL. */
async function compile(): Promise<string> {
  const ts = (await import('typescript')).default;
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.build.json'), {}, {
    ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); },
  });
  // NodeNext emits ESM here (package.json "type": "module"); transpileModule cannot see that file.
  const options = { ...parsed!.options, module: ts.ModuleKind.ESNext, sourceMap: false, declaration: false };
  rmSync(OUT, { recursive: true, force: true });
  const emit = (file: string): void => {
    const js = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file }).outputText;
    const target = path.join(OUT, path.relative(ROOT, file)).replace(/\.ts$/, '.js');
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, js);
  };
  for (const entry of readdirSync(path.join(ROOT, 'src'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) emit(path.join(entry.parentPath, entry.name));
  }
  emit(fileURLToPath(import.meta.url));
  // Under node_modules, files are CommonJS unless their own package.json says otherwise.
  writeFileSync(path.join(OUT, 'package.json'), '{ "type": "module" }\n');
  return pathToFileURL(path.join(OUT, 'bench', 'poll.js')).href;
}

/** Runs inside the plain-node child: both cycles, then one JSON line on stdout. */
export async function measure(): Promise<void> {
  const { createApp } = await import('../src/app.js');
  const { loadConfig } = await import('../src/config/index.js');
  const { createLogger } = await import('../src/logger.js');
  const env = process.env;
  const dir = mkdtempSync(path.join(tmpdir(), 'vigie-bench-poll-'));
  try {
    const base = loadConfig({
      env: { STORE_URL: env.BENCH_STORE_URL ?? `sqlite://${path.join(dir, 'bench.sqlite')}`, ...(env.POLL_THREADS ? { POLL_THREADS: env.POLL_THREADS } : {}) },
      cwd: dir, configDir: env.BENCH_CONFIG_DIR,
    });
    const config = {
      ...base,
      feeds: Array.from({ length: FEEDS }, (_, f) => ({ id: `feed-${f}`, name: `Presse ${f}`, url: `http://127.0.0.1:${env.BENCH_PORT}/feed-${f}.xml`, tags: [] })),
      fetch: { ...base.fetch, perHost: PER_HOST, concurrency: 16 },
    } as Config;
    let peakHeap = 0;
    let atPeak = process.memoryUsage();
    const sampler = setInterval(() => {
      peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
      const now = process.memoryUsage();
      if (now.rss > atPeak.rss) atPeak = now;
    }, 25);
    const app = await createApp({ config, logger: createLogger('warn'), stdout: createWriteStream('/dev/null'), console: true });
    const signal = new AbortController().signal;
    const cycle = async (): Promise<Cycle> => {
      const cpu = process.cpuUsage();
      const start = performance.now();
      const report = await app.runOnce(signal);
      if (!report) throw new Error('the cycle did not run');
      const used = process.cpuUsage(cpu);
      return { report, wallMs: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
    };
    const startupRssKb = peakRssKb();
    const first = await cycle();
    // BENCH_SNAPSHOT=FILE writes a heap snapshot after the first cycle (what stays live).
    if (env.BENCH_SNAPSHOT) (await import('node:v8')).writeHeapSnapshot(env.BENCH_SNAPSHOT);
    // Make every feed due again without waiting for the interval.
    for (const [id, state] of Object.entries(await app.store.feedStates.all())) {
      await app.store.feedStates.set(id, { ...state, nextAttemptAt: 0 });
    }
    const second = await cycle();
    await app.close();
    clearInterval(sampler);
    process.stdout.write(`${JSON.stringify({ first, second, maxRssKb: peakRssKb(), startupRssKb, peakHeapMb: peakHeap / 1048576, atPeak })}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function line(name: string, c: Cycle): string {
  const r = c.report;
  return `${name}: wall ${(c.wallMs / 1000).toFixed(2)} s (poll ${(r.durationMs / 1000).toFixed(2)} s, then delivery ${((c.wallMs - r.durationMs) / 1000).toFixed(2)} s),`
    + ` CPU ${(c.cpuMs / 1000).toFixed(2)} s, ${Math.round(r.items / (c.wallMs / 1000))} items/s`
    + ` — items ${r.items}, incidents ${r.incidents}, alerts ${r.alerts}, joined ${r.joined}, not modified ${r.notModified}, errors ${r.feedErrors}`;
}

/** What the measuring child prints. */
interface Measured {
  first: Cycle;
  second: Cycle;
  maxRssKb: number;
  startupRssKb: number;
  peakHeapMb: number;
  /** process.memoryUsage() at the highest RSS sampled (every 25 ms). */
  atPeak: NodeJS.MemoryUsage;
}

/** The node flags of `npm start` (package.json's start script): the measured child runs the bot as it does. */
function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const flags = /^node((?:\s+--\S+)*)\s/.exec(pkg.scripts?.start ?? '')?.[1] ?? '';
  return flags.split(/\s+/).filter(Boolean);
}

/** Runs both cycles in a plain node child with `threads` worker threads. */
function measureIn(url: string, port: number, threads: number): Measured {
  const script = `import(${JSON.stringify(url)}).then((m) => m.measure()).catch((e) => { console.error(e); process.exit(1); })`;
  // BENCH_PROFILE=DIR writes a V8 CPU profile of the measuring child there (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawnSync(process.execPath, [...startFlags(), ...profile, '-e', script], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20,
    env: { ...process.env, BENCH_PORT: String(port), BENCH_CONFIG_DIR: path.join(ROOT, 'config'), POLL_THREADS: String(threads) },
  });
  if (child.status !== 0) throw new Error(`measuring child exited with ${child.status}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Measured;
}

/**
 * Prints wall/CPU time, items/s and peak RSS of a first cycle and of an all-304 cycle, with the
 * default worker threads and with none (POLL_THREADS=N measures N only).
 */
export async function run(): Promise<void> {
  const server = await startServer();
  try {
    const url = await compile();
    const empty = spawnSync(process.execPath, [...startFlags(), '-e', `import(${JSON.stringify(url)}).then((m) => process.stdout.write(String(m.peakRssKb())))`], { encoding: 'utf8' });
    const { defaultThreads } = await import('../src/workers/pool.js');
    // The default here, and for comparison no worker (or one, when the default is none).
    const settings = process.env.POLL_THREADS ? [Number(process.env.POLL_THREADS)] : [defaultThreads(), defaultThreads() === 0 ? 1 : 0];
    const store = process.env.BENCH_STORE_URL ? process.env.BENCH_STORE_URL.replace(/:\/\/.*/, '') : 'SQLite';
    console.log(`feeds ${FEEDS} × items ${ITEMS}, one local host (${PER_HOST} requests at a time to it), ${store} store;`
      + ` compiled JS in a plain node child (no tsx) with npm start's node flags (${startFlags().join(' ') || 'none'}); ${availableParallelism()} cores`);
    for (const threads of settings) {
      const m = measureIn(url, server.port, threads);
      console.log(`— ${threads} worker thread(s)${threads === defaultThreads() ? ' (the default here)' : ''}:`);
      console.log(`${line('first cycle', m.first)}  (target < 5 s)`);
      console.log(`${line('304 cycle  ', m.second)}  (target < 1 s)`);
      console.log(`peak RSS   : ${(m.maxRssKb / 1024).toFixed(0)} MB  (target < 200 MB), ${(m.startupRssKb / 1024).toFixed(0)} MB before the first cycle;`
        + ` JS heap in use at most ${m.peakHeapMb.toFixed(0)} MB on the main thread; node with only this module loaded: ${(Number(empty.stdout) / 1024).toFixed(0)} MB`);
      const mb = (bytes: number): string => (bytes / 1048576).toFixed(0);
      console.log(`  at the highest RSS sampled (${mb(m.atPeak.rss)} MB): main-thread heap ${mb(m.atPeak.heapUsed)} MB used of ${mb(m.atPeak.heapTotal)} MB,`
        + ` off-heap ${mb(m.atPeak.external)} MB (array buffers ${mb(m.atPeak.arrayBuffers)} MB); the rest is code, native libraries, SQLite and worker threads`);
    }
  } finally {
    server.stop();
    rmSync(OUT, { recursive: true, force: true });
  }
}
