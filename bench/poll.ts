/**
 * Poll-cycle benchmark: `FEEDS` local feeds × 50 items through the real wired app (HTTP fetch,
 * parse, classify, dedup and outbox in SQLite, console delivery to /dev/null), cycle after cycle
 * in one process, each against rss-parser's own `parseString` over the same bodies (the floor):
 *   first      every item new (bodies served with an ETag)
 *   304        every feed answers 304 Not Modified
 *   identical  the same bodies again, served without ETag or Last-Modified
 *   changed    every body changed (new lastBuildDate, items reordered) but every item seen before
 *   warm       then every item new again (other links, towns and details) in the same process, whose
 *              code V8 has compiled by now, against the floor over those bodies (BENCH_WARM=0 skips it)
 * `BENCH_INCIDENT_EVERY=N` makes one item in N an incident instead of one in ten (what the incidents'
 * path costs: each is summarised, fingerprinted, linked, stored and delivered).
 * `BENCH_FEEDS=200,500,1000,2000` measures each size in turn and prints the curve. Each steady cycle
 * (304, identical, changed) runs `BENCH_STEADY_RUNS` times in a row (default 3; every changed run
 * with bodies changed again) and the median run by CPU is reported with the range: a steady cycle
 * pays its own garbage collection, and the first of its kind the first cycle's too. The whole
 * measurement runs in `BENCH_FIRST_RUNS` processes (default 3): the table shows the one of median
 * first-cycle ratio, and every process's first-cycle ratios are listed.
 *
 * How it is measured: the sources are compiled as `npm run build` does and the cycles run in a
 * plain `node` child process with the node flags of `npm start` (its heap cap; see _compiled.ts):
 * no tsx loader in the figures. The feed server runs in another process, so its CPU is not counted. Wall and CPU
 * cover a cycle: the poll (fetch → store → outbox) and then the delivery of its alerts to the
 * console; the first cycle also a full garbage collection at its end. The floor parses each body
 * once, one after the other, in the same child before the cycles (fetch time excluded). Peak RSS
 * is the child's whole life (floor, startup and cycles).
 */
import { spawn, spawnSync } from 'node:child_process';
import { get } from 'node:http';
import { createWriteStream, mkdtempSync, writeSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Config } from '../src/config/index.js';
import { compileCopy, startFlags } from './_compiled.js';
import type { CycleReport } from '../src/pipeline/poll.js';

const SIZES = (process.env.BENCH_FEEDS ?? '200').split(',').map(Number);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 50);
const PER_HOST = 8;
const STEADY_RUNS = Math.max(1, Number(process.env.BENCH_STEADY_RUNS ?? 3));
/**
 * Measuring processes per size (a first cycle happens once per process): the table printed is the
 * run of median first-cycle wall ratio. One with BENCH_STORE_URL, whose store outlives a process.
 */
const FIRST_RUNS = process.env.BENCH_STORE_URL ? 1 : Math.max(1, Number(process.env.BENCH_FIRST_RUNS ?? 3));
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

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

/**
 * CPU (ms) of this process's main thread and of all its other threads, from Linux's /proc/self/task (empty elsewhere):
 * splits a cycle's CPU between the main thread, V8's helpers (concurrent GC, compilers) and
 * libuv's pool (SQLite statements, compression).
 */
function threadCpuMs(): Record<string, number> {
  const byName: Record<string, number> = {};
  try {
    const tick = 1000 / 100; // USER_HZ is 100 on Linux
    for (const task of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      // Node names every thread "node": the main thread is the one whose id is the process's.
      const name = Number(task) === process.pid ? 'main' : 'others';
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byName[name] = (byName[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) * tick;
    }
  } catch {
    // not Linux
  }
  return byName;
}

/** `after` minus `before`, thread name by thread name (ms). */
function threadDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([name, ms]) => [name, ms - (before[name] ?? 0)]).filter(([, ms]) => (ms as number) > 0));
}

/** One measured cycle, as the child reports it (the floor has no report). */
interface Cycle {
  wallMs: number;
  cpuMs: number;
  report?: CycleReport;
  /** For a steady cycle: the CPU of each of its runs (ms), in order. */
  runsCpuMs?: number[];
  /** Main-thread garbage collection pauses during the cycle: how many and how long (ms), minor and major. */
  gc?: { minor: number; major: number; minorMs: number; majorMs: number };
  /** CPU (ms) by thread name during the cycle (Linux only). */
  threads?: Record<string, number>;
  /** Time the main thread's event loop sat idle during the cycle (ms): waiting on I/O and other threads with nothing to run. */
  idleMs?: number;
}

/** The run of median CPU among `runs`, carrying every run's CPU. */
function median(runs: Cycle[]): Cycle {
  const sorted = [...runs].sort((a, b) => a.cpuMs - b.cpuMs);
  return { ...sorted[Math.floor((sorted.length - 1) / 2)]!, runsCpuMs: runs.map((r) => r.cpuMs) };
}

async function startServer(feeds: number): Promise<{ port: number; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', '_poll-feeds.ts')], {
    env: { ...process.env, FEEDS: String(feeds), ITEMS: String(ITEMS) }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`feed server exited (${code})`)));
  });
  return { port, stop: () => child.kill() };
}

/** rss-parser's parseString over every feed's body, one after the other (fetching not timed). */
async function floor(origin: string, feeds: number): Promise<Cycle> {
  const Parser = (await import('rss-parser')).default;
  const parser = new Parser();
  let wallMs = 0;
  let cpuMs = 0;
  for (let f = 0; f < feeds; f++) {
    const text = await (await fetch(`${origin}/feed-${f}.xml`)).text();
    const cpu = process.cpuUsage();
    const start = performance.now();
    await parser.parseString(text);
    wallMs += performance.now() - start;
    const used = process.cpuUsage(cpu);
    cpuMs += (used.user + used.system) / 1000;
  }
  return { wallMs, cpuMs };
}

/** Runs inside the plain-node child: the floor and the four cycles, then one JSON line on stdout. */
export async function measure(): Promise<void> {
  (await import('../src/v8-tuning.js')).tuneV8(); // as the CLI does before anything else
  const { createApp } = await import('../src/app.js');
  const { loadConfig } = await import('../src/config/index.js');
  const { createLogger } = await import('../src/logger.js');
  const env = process.env;
  const feeds = Number(env.BENCH_SIZE);
  const origin = `http://127.0.0.1:${env.BENCH_PORT}`;
  // Through node:http, not fetch: fetch's web streams finish their work later, inside a measured cycle.
  const mode = (m: string, version = 1): Promise<void> => new Promise((resolve, reject) => {
    get(`${origin}/_mode?m=${m}&v=${version}`, (res) => res.resume().once('end', resolve)).once('error', reject);
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'vigie-bench-poll-'));
  try {
    // Start of each cycle (µs, the clock of V8's CPU profiles): splits a BENCH_PROFILE by cycle.
    const marks: number[] = [];
    let peakHeap = 0;
    let atPeak = process.memoryUsage();
    // Garbage collection pauses on the main thread, by kind (V8's minor and major collections).
    let pauses = { minor: 0, major: 0, minorMs: 0, majorMs: 0 };
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const major = ((entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0) !== constants.NODE_PERFORMANCE_GC_MINOR;
        if (major) { pauses.major++; pauses.majorMs += entry.duration; } else { pauses.minor++; pauses.minorMs += entry.duration; }
      }
    });
    observer.observe({ entryTypes: ['gc'] });
    const sampler = setInterval(() => {
      peakHeap = Math.max(peakHeap, getHeapStatistics().used_heap_size);
      const now = process.memoryUsage();
      if (now.rss > atPeak.rss) atPeak = now;
    }, 25);
    await mode('plain');
    await mode('etag'); // an earlier child may have left the server in another mode
    const parsed = await floor(origin, feeds);
    await mode('etag');
    const base = loadConfig({
      env: { STORE_URL: env.BENCH_STORE_URL ?? `sqlite://${path.join(dir, 'bench.sqlite')}`, ...(env.POLL_THREADS ? { POLL_THREADS: env.POLL_THREADS } : {}) },
      cwd: dir, configDir: env.BENCH_CONFIG_DIR,
    });
    const config = {
      ...base,
      feeds: Array.from({ length: feeds }, (_, f) => ({ id: `feed-${f}`, name: `Presse ${f}`, url: `${origin}/feed-${f}.xml`, tags: [] })),
      fetch: { ...base.fetch, perHost: PER_HOST, concurrency: 16 },
    } as Config;
    const app = await createApp({ config, logger: createLogger('warn'), stdout: createWriteStream('/dev/null'), console: true });
    const signal = new AbortController().signal;
    // A full collection at the end of the first cycle, counted in it: its garbage is its own cost,
    // and what survives it is what the bot holds between cycles.
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    let liveAfterFirstMb = 0;
    const cycle = async (collect = false): Promise<Cycle> => {
      marks.push(Number(process.hrtime.bigint() / 1000n));
      // With BENCH_V8_LOG, a line in V8's trace where each cycle starts (V8's own buffered lines may trail it a little).
      if (env.BENCH_V8_LOG_MARKS) writeSync(1, `\n=== cycle ${marks.length} ===\n`);
      // Every feed due again without waiting for the interval.
      for (const [id, state] of Object.entries(await app.store.feedStates.all())) {
        await app.store.feedStates.set(id, { ...state, nextAttemptAt: 0 });
      }
      const threadsBefore = threadCpuMs();
      const loop = performance.eventLoopUtilization();
      const cpu = process.cpuUsage();
      const start = performance.now();
      pauses = { minor: 0, major: 0, minorMs: 0, majorMs: 0 };
      const report = await app.runOnce(signal);
      if (!report) throw new Error('the cycle did not run');
      if (collect) {
        gc();
        liveAfterFirstMb = process.memoryUsage().heapUsed / 1048576;
      }
      const used = process.cpuUsage(cpu);
      const wallMs = performance.now() - start;
      const threads = threadDelta(threadsBefore, threadCpuMs());
      const idleMs = performance.eventLoopUtilization(loop).idle;
      // The observer reports asynchronously: let it deliver this cycle's entries.
      await new Promise((resolve) => setImmediate(resolve));
      return { report, wallMs, cpuMs: (used.user + used.system) / 1000, gc: { ...pauses }, threads, idleMs };
    };
    const startupRssKb = peakRssKb();
    // BENCH_ALLOCATIONS=FILE writes a sampling profile of what the first cycle allocates, garbage
    // included (a .heapprofile for Chrome DevTools' Memory tab); with BENCH_ALLOCATIONS_OLD=1, only
    // what outlived the young generation's collections (what they copied and promoted).
    const allocations = env.BENCH_ALLOCATIONS ? await sampleAllocations(env.BENCH_ALLOCATIONS_OLD === '1') : undefined;
    const first = await cycle(true);
    if (allocations && env.BENCH_ALLOCATIONS) writeFileSync(env.BENCH_ALLOCATIONS, JSON.stringify(await allocations.stop()));
    // BENCH_SNAPSHOT=FILE writes a heap snapshot after the first cycle (what stays live).
    if (env.BENCH_SNAPSHOT) (await import('node:v8')).writeHeapSnapshot(env.BENCH_SNAPSHOT);
    const steady = async (before: (run: number) => Promise<void>): Promise<Cycle> => {
      const runs: Cycle[] = [];
      for (let run = 1; run <= STEADY_RUNS; run++) {
        await before(run);
        runs.push(await cycle());
      }
      return median(runs);
    };
    const notModified = await steady(async () => undefined);
    const identical = await steady(async () => mode('plain'));
    const changed = await steady(async (run) => mode('changed', run));
    // The bot's memory is measured up to here: what follows takes in a second round of new items.
    const memory = { maxRssKb: peakRssKb(), startupRssKb, peakHeapMb: peakHeap / 1048576, atPeak, liveAfterFirstMb };
    clearInterval(sampler);
    // BENCH_WARM=0 skips it: a cycle where every item is new again (other links, towns and
    // details) in this process, whose code V8 has compiled, against the floor over those bodies.
    let warm: Measured['warm'];
    if (env.BENCH_WARM !== '0') {
      await mode('fresh');
      const floorWarm = await floor(origin, feeds);
      warm = { floor: floorWarm, first: await cycle() };
    }
    await app.close();
    marks.push(Number(process.hrtime.bigint() / 1000n));
    observer.disconnect();
    const measured: Measured = { feeds, marks, floor: parsed, first, notModified, identical, changed, warm, ...memory };
    process.stdout.write(`${JSON.stringify(measured)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts V8's sampling heap profiler over every allocation, or with `onlySurvivors` over what outlives young collections; `stop` gives the profile. */
async function sampleAllocations(onlySurvivors: boolean): Promise<{ stop(): Promise<unknown> }> {
  const { Session } = await import('node:inspector');
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object): Promise<Record<string, unknown>> => new Promise((resolve, reject) => {
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as Record<string, unknown>)));
  });
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: !onlySurvivors });
  return {
    async stop() {
      const { profile } = await post('HeapProfiler.stopSampling');
      session.disconnect();
      return profile;
    },
  };
}

const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** One row of the table: wall, CPU, their ratios to the floor's, then what the cycle did. */
function row(name: string, c: Cycle, floor: Cycle): string {
  const r = c.report;
  const gc = c.gc === undefined ? '' : `; GC pauses ${c.gc.minor} minor ${c.gc.minorMs.toFixed(0)} ms, ${c.gc.major} major ${c.gc.majorMs.toFixed(0)} ms`;
  const did = r === undefined ? 'rss-parser parseString, every body once'
    : `polled ${r.polled}, 304 ${r.notModified}, unchanged ${r.unchanged ?? '-'}, items ${r.items}, seen ${r.seen ?? '-'}, incidents ${r.incidents}, alerts ${r.alerts}, joined ${r.joined}, duplicates ${r.duplicates}, errors ${r.feedErrors}${gc}`;
  const poll = r === undefined ? '' : ` (poll ${sec(r.durationMs)})`;
  const ratio = (ms: number): string => `${(ms / floor.cpuMs).toFixed(2)}×`;
  const runs = c.runsCpuMs === undefined || c.runsCpuMs.length < 2 ? '' : ` [${ratio(Math.min(...c.runsCpuMs))}–${ratio(Math.max(...c.runsCpuMs))}]`;
  return `| ${name} | ${sec(c.wallMs)}${poll} | ${sec(c.cpuMs)} | ${(c.wallMs / floor.wallMs).toFixed(2)}× | ${ratio(c.cpuMs)}${runs} | ${did} |`;
}

/** What the measuring child prints. */
interface Measured {
  feeds: number;
  /** Start of each cycle and end of the last (µs, V8 CPU profile clock). */
  marks: number[];
  floor: Cycle;
  first: Cycle;
  notModified: Cycle;
  identical: Cycle;
  changed: Cycle;
  /** A cycle of new items again once the code is compiled, and the floor over those bodies. */
  warm?: { floor: Cycle; first: Cycle };
  maxRssKb: number;
  startupRssKb: number;
  peakHeapMb: number;
  /** process.memoryUsage() at the highest RSS sampled (every 25 ms). */
  atPeak: NodeJS.MemoryUsage;
  /** JS heap in use after the first cycle and a full collection (MB): what the bot holds between cycles. */
  liveAfterFirstMb: number;
}

/** Measures one size in a plain node child with `threads` worker threads. */
function measureIn(url: string, port: number, feeds: number, threads: number): Measured {
  const script = `import(${JSON.stringify(url)}).then((m) => m.measure()).catch((e) => { console.error(e); process.exit(1); })`;
  // BENCH_PROFILE=DIR writes a V8 CPU profile of the measuring child there (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  // BENCH_NODE_FLAGS adds node/V8 flags to the child's (after npm start's); V8's --trace-* flags print
  // on its stdout, which BENCH_V8_LOG=FILE keeps (e.g. --trace-opt: what TurboFan compiled, and how long it took);
  // BENCH_V8_LOG_MARKS=1 writes a line there where each cycle starts.
  const extra = (process.env.BENCH_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const log = process.env.BENCH_V8_LOG;
  const child = spawnSync(process.execPath, [...startFlags(), ...extra, ...profile, '-e', script], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: log ? 1 << 28 : 1 << 20,
    env: { ...process.env, BENCH_PORT: String(port), BENCH_SIZE: String(feeds), BENCH_CONFIG_DIR: path.join(ROOT, 'config'), POLL_THREADS: String(threads) },
  });
  if (log) writeFileSync(log, child.stdout);
  if (child.status !== 0) throw new Error(`measuring child exited with ${child.status}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Measured;
}

/** Prints one size's table: the floor, the four cycles and their ratios to it, memory. */
function print(m: Measured): void {
  const f = m.floor;
  console.log(`\n${m.feeds} feeds × ${ITEMS} items (× floor: wall over the floor's wall, CPU over its CPU; steady cycles: the median of ${STEADY_RUNS} runs [CPU range]):`);
  console.log('| cycle | wall | CPU | × floor wall | × floor CPU | what it did |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  console.log(row('floor', m.floor, f));
  console.log(`${row('first (all new)', m.first, f)}  target ≤ 6×`);
  console.log(`${row('ETag 304', m.notModified, f)}  target ≤ 0.3×`);
  console.log(`${row('identical bodies (200 OK)', m.identical, f)}  target ≤ 0.3×`);
  console.log(`${row('changed bodies, all seen', m.changed, f)}  target ≤ 1.5×`);
  if (m.warm) {
    console.log(row('floor, new bodies (warm)', m.warm.floor, m.warm.floor));
    console.log(row('all new again (warm code)', m.warm.first, m.warm.floor));
  }
  const threads = (c: Cycle): string => Object.entries(c.threads ?? {}).sort((a, b) => b[1] - a[1]).map(([name, ms]) => `${name} ${sec(ms)}`).join(', ');
  if (m.first.threads) console.log(`first cycle CPU by thread: ${threads(m.first)}${m.warm ? `; warm: ${threads(m.warm.first)}` : ''}`);
  const idle = (c: Cycle): string => `${(c.idleMs ?? 0).toFixed(0)} ms`;
  console.log(`main thread idle (event loop waiting, nothing to run): first cycle ${idle(m.first)}${m.warm ? `, warm ${idle(m.warm.first)}` : ''}`);
  const mb = (bytes: number): string => (bytes / 1048576).toFixed(0);
  console.log(`peak RSS ${(m.maxRssKb / 1024).toFixed(0)} MB (${(m.startupRssKb / 1024).toFixed(0)} MB before the first cycle); main-thread JS heap in use at most ${m.peakHeapMb.toFixed(0)} MB;`
    + ` at the highest RSS sampled (${mb(m.atPeak.rss)} MB): heap ${mb(m.atPeak.heapUsed)} MB used of ${mb(m.atPeak.heapTotal)} MB, off-heap ${mb(m.atPeak.external)} MB;`
    + ` heap live after the first cycle (after a full collection): ${m.liveAfterFirstMb.toFixed(0)} MB`);
}

/**
 * Prints, for each size of `BENCH_FEEDS` (default 200), the floor, the four cycles and peak RSS,
 * then the curve across sizes. `POLL_THREADS=N` runs with N worker threads (default: the app's).
 */
export async function run(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const copy = await compileCopy([self]);
  const url = copy.url(self);
  try {
    const empty = spawnSync(process.execPath, [...startFlags(), '-e', `import(${JSON.stringify(url)}).then((m) => process.stdout.write(String(m.peakRssKb())))`], { encoding: 'utf8' });
    const { defaultThreads } = await import('../src/workers/pool.js');
    const threads = process.env.POLL_THREADS ? Number(process.env.POLL_THREADS) : defaultThreads();
    const store = process.env.BENCH_STORE_URL ? process.env.BENCH_STORE_URL.replace(/:\/\/.*/, '') : 'SQLite';
    console.log(`${ITEMS} items per feed (one in ${process.env.BENCH_INCIDENT_EVERY ?? 10} an incident), one local host (${PER_HOST} requests at a time to it, 16 overall), ${store} store, ${threads} worker thread(s);`
      + ` compiled JS in a plain node child (no tsx) with npm start's node flags (${startFlags().join(' ') || 'none'}); ${availableParallelism()} cores;`
      + ` node with only this module loaded: ${(Number(empty.stdout) / 1024).toFixed(0)} MB`);
    const all: Measured[] = [];
    for (const feeds of SIZES) {
      const server = await startServer(feeds);
      try {
        const runs = Array.from({ length: FIRST_RUNS }, () => measureIn(url, server.port, feeds, threads));
        const ratio = (r: Measured): number => r.first.wallMs / r.floor.wallMs;
        const m = [...runs].sort((a, b) => ratio(a) - ratio(b))[Math.floor((runs.length - 1) / 2)]!;
        print(m);
        if (runs.length > 1) {
          const list = (f: (r: Measured) => number): string => runs.map((r) => `${f(r).toFixed(2)}×`).join(', ');
          console.log(`first cycle in ${runs.length} processes, each against its own floor (the table shows the median one): `
            + `× floor wall ${list(ratio)}; × floor CPU ${list((r) => r.first.cpuMs / r.floor.cpuMs)}`);
        }
        if (process.env.BENCH_PROFILE) console.log(`cycle marks (µs, for splitting the profile): ${m.marks.join(' ')}`);
        all.push(m);
      } finally {
        server.stop();
      }
    }
    if (all.length > 1) {
      console.log('\ncurve (CPU per cycle, its ratio to the floor, and per feed; steady cycles the median run):');
      console.log('| feeds | floor | first | 304 | identical | changed, all seen | changed wall | peak RSS | heap live after the first |');
      console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
      const cell = (c: Cycle, m: Measured): string => `${sec(c.cpuMs)} (${(c.cpuMs / m.floor.cpuMs).toFixed(2)}×, ${(c.cpuMs / m.feeds).toFixed(2)} ms)`;
      for (const m of all) {
        console.log(`| ${m.feeds} | ${sec(m.floor.cpuMs)} | ${cell(m.first, m)} | ${cell(m.notModified, m)} | ${cell(m.identical, m)} | ${cell(m.changed, m)} | ${sec(m.changed.wallMs)} | ${(m.maxRssKb / 1024).toFixed(0)} MB | ${m.liveAfterFirstMb.toFixed(0)} MB |`);
      }
    }
  } finally {
    copy.dispose();
  }
}
