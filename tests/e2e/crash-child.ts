/**
 * Kill -9 experiments on the outbox. Run as a script, this file is the child: the real app (config
 * loader, `createApp`) doing one `runOnce({ force: true })` against the fake Bot API, printing
 * `{"report","pending"}` on stdout. Imported, it is the rig the test and the bench drive it with: a
 * fake Bot API and a feed server living in the parent (they outlive every child), N chats registered
 * in the store, children spawned on that same store and killed with SIGKILL part-way.
 *
 * `VIGIE_CRASH_AT` makes the child kill itself at an exact point no outside timing can hit:
 * `enqueue:N` after writing the first N outbox entries of a fan-out, `claim` right after winning a
 * dedup claim. The store calls themselves are the real ones; only the moment of death is chosen.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import KeyvRedis from '@keyv/redis';
import { pino } from 'pino';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import type { Alert } from '../../src/core/types.js';
import { defaultDestination } from '../../src/pipeline/commands/defaults.js';
import type { CycleReport } from '../../src/pipeline/poll.js';
import type { Store } from '../../src/ports.js';
import { openStore } from '../../src/store/open-store.js';
import { rss, tempDir } from '../helpers/app.js';
import { silentLogger } from '../helpers/builders.js';
import { FakeTelegram, TELEGRAM_LIMITS } from '../helpers/fake-telegram.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';

const HERE = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(HERE), '../..');
// The child runs in a temp directory, so tsx is named by its path rather than resolved from the cwd.
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
/** A bot token of the shape Telegram issues, accepted by the config. */
const TOKEN = '424242:AAE2e-Vigie_crash_token_0123456789a';

/** What a child prints when it ends by itself. */
export interface ChildResult { report: CycleReport | undefined; pending: number }

/** One child process, start to end. */
export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** Parsed from stdout when the child finished its cycle. */
  result?: ChildResult;
  /** Chats whose alert the fake accepted while this child ran, in order. */
  accepted: string[];
  /** Whether the parent sent SIGKILL at `killAt` (a run over its time limit is killed too, but not counted here). */
  killed: boolean;
}

/** Kill the child once the fake has accepted this run's `accepted`-th message: before its answer leaves (no delay) or `delayMs` later. */
export interface KillAt { accepted: number; delayMs?: number }

/** The parent side: fake Bot API, feed server, registered chats, children on one store. */
export class CrashRig {
  private constructor(
    readonly fake: FakeTelegram,
    private readonly feeds: FeedServer,
    private readonly tmp: { dir: string; remove(): void },
    readonly storeUrl: string,
    /** Chat ids of the registered destinations. */
    readonly chatIds: string[],
    /** The child's delivery concurrency: the most messages that can be in flight at a kill. */
    readonly concurrency: number,
  ) {}

  /** Starts the fake (answering 429 beyond Telegram's flood limits) and a feed serving one incident; registers `chats` chats. */
  static async start(options: { storeUrl: string; chats: number }): Promise<CrashRig> {
    const fake = await FakeTelegram.start({ token: TOKEN, limits: TELEGRAM_LIMITS });
    const now = Date.now();
    const feeds = await startFeedServer({ '/presse.xml': { body: rss('Presse régionale', [incident(now)]) } });
    const tmp = tempDir('vigie-crash-');
    writeFileSync(path.join(tmp.dir, 'feeds.yaml'), `feeds:\n  - id: presse\n    name: Presse régionale\n    url: ${feeds.url('/presse.xml')}\n`);
    // 70 % private chats, 30 % groups, like a real audience.
    const chatIds = Array.from({ length: options.chats }, (_, i) => String(i % 10 < 7 ? 200_000 + i : -1_002_000_000_000 - i));
    const store = await openStore(options.storeUrl, { retentionMs: 86_400_000, logger: silentLogger });
    try {
      for (const chatId of chatIds) await store.destinations.put(defaultDestination('telegram', chatId, now, { title: `Veille ${chatId}` }));
    } finally {
      await store.close();
    }
    const config = loadConfig({ env: {}, cwd: tmp.dir });
    return new CrashRig(fake, feeds, tmp, options.storeUrl, chatIds, config.delivery.concurrency);
  }

  /** Spawns a child on the store and resolves when it has ended (by itself, by `crashAt`, or killed at `killAt`). */
  async run(options: { killAt?: KillAt; crashAt?: string; timeoutMs?: number } = {}): Promise<ChildRun> {
    const { fake } = this;
    const firstCall = fake.calls.length;
    const child = spawn(process.execPath, ['--import', TSX, HERE], {
      cwd: this.tmp.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', STORE_URL: this.storeUrl,
        FEEDS_FILE: path.join(this.tmp.dir, 'feeds.yaml'), TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot,
        ...(options.crashAt ? { VIGIE_CRASH_AT: options.crashAt } : {}),
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const ended = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (code, signal) => resolve([code, signal])));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);

    let reached = false;
    let killed = false;
    let over = false;
    let delayed: NodeJS.Timeout | undefined;
    const kill = (): void => {
      killed = child.kill('SIGKILL') || killed;
    };
    let watcher: Promise<unknown> = Promise.resolve();
    const { killAt } = options;
    if (killAt) {
      const target = fake.stats.accepted + killAt.accepted;
      // The predicate runs inside the fake's request handler, before the answer is written: a kill
      // without delay lands while that message is accepted but not yet acknowledged to the child.
      watcher = fake.waitForCall((call) => {
        if (over) return true;
        if (call.method !== 'sendMessage' || !call.ok || fake.stats.accepted < target) return false;
        reached = true;
        if (killAt.delayMs === undefined) kill();
        else delayed = setTimeout(kill, killAt.delayMs);
        return true;
      }, options.timeoutMs ?? 60_000).catch(() => undefined);
    }
    const [code, signal] = await ended;
    clearTimeout(timer);
    clearTimeout(delayed);
    over = true;
    // Ends the watcher when the kill point was never reached (any call satisfies it now).
    if (killAt && !reached) await fetch(`${fake.apiRoot}/bot${TOKEN}/getMe`).catch(() => undefined);
    await watcher;
    const accepted = fake.calls.slice(firstCall).filter((c) => c.method === 'sendMessage' && c.ok).map((c) => String(c.payload.chat_id));
    const result = code === 0 ? parseResult(stdout) : undefined;
    return { code, signal, stderr, accepted, killed, ...(result ? { result } : {}) };
  }

  /** The feed stops listing the incident (as news sites drop old items): a restart never reads it again. */
  dropIncident(): void {
    this.feeds.route('/presse.xml', { body: rss('Presse régionale', [calm(Date.now())]) });
  }

  /** Runs children (no kill) until one ends with nothing pending in the outbox; at most `maxRuns`. */
  async runUntilDone(maxRuns = 4): Promise<ChildRun[]> {
    const runs: ChildRun[] = [];
    while (runs.length < maxRuns) {
      const run = await this.run();
      runs.push(run);
      if (run.result?.pending === 0) break;
    }
    return runs;
  }

  /** Opens the store (no child may be running), calls `fn`, closes it. */
  async withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    const store = await openStore(this.storeUrl, { retentionMs: 86_400_000, logger: silentLogger });
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  }

  /**
   * The alert the children announced (the only one), whether its fan-out is still marked pending
   * (listed by `pendingFanouts`), and, per chat, its outbox entry status.
   */
  async outbox(): Promise<{ alert: Alert | undefined; fanoutPending: boolean; status: Map<string, string> }> {
    return this.withStore(async (store) => {
      const [alert] = await store.alerts.recent(10);
      const status = new Map<string, string>();
      if (!alert) return { alert, fanoutPending: false, status };
      const fanoutPending = (await store.alerts.pendingFanouts()).some((a) => a.id === alert.id);
      for (const chatId of this.chatIds) {
        const entry = await store.outbox.get(`send:telegram:${chatId}:${alert.id}`);
        if (entry) status.set(chatId, entry.status);
      }
      return { alert, fanoutPending, status };
    });
  }

  /** Chats the fake accepted during `run` whose entry is still pending: the messages in flight at the kill. */
  async inFlight(run: ChildRun): Promise<string[]> {
    const { status } = await this.outbox();
    return run.accepted.filter((chatId) => status.get(chatId) === 'pending');
  }

  /** Alerts accepted per chat so far (every registered chat appears, with 0 when none). */
  received(): Map<string, number> {
    const counts = new Map(this.chatIds.map((id) => [id, 0]));
    for (const call of this.fake.callsOf('sendMessage', true)) {
      const id = String(call.payload.chat_id);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  }

  async close(): Promise<void> {
    await this.fake.close();
    await this.feeds.close();
    this.tmp.remove();
  }
}

/** `url` with its database number replaced by `db` (1–15: never the default database 0). */
export function redisDatabase(url: string, db: number): string {
  if (!Number.isInteger(db) || db < 1 || db > 15) throw new Error(`redis database ${db}: use 1–15, never 0`);
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.href;
}

/** Empties the Redis database `url` names; refuses the default database 0, which other suites share. */
export async function flushRedisDatabase(url: string): Promise<void> {
  if (!/^\/(?:[1-9]|1[0-5])$/.test(new URL(url).pathname)) throw new Error('flushRedisDatabase: the URL must name a database 1–15');
  const redis = new KeyvRedis(url, { throwOnConnectError: true });
  try {
    const client = (await redis.getClient()) as unknown as { sendCommand(args: string[]): Promise<unknown> };
    await client.sendCommand(['FLUSHDB']);
  } finally {
    await redis.disconnect();
  }
}

/** The child's last stdout line, or undefined when it is not the expected JSON. */
function parseResult(stdout: string): ChildResult | undefined {
  try {
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ChildResult;
  } catch {
    return undefined;
  }
}

/** A hospital hit by ransomware an hour ago: a clear cyberattack, announced to every default chat. */
function incident(now: number): { title: string; link: string; description: string; date: number } {
  return {
    title: 'Cyberattaque : le centre hospitalier de Val-d’Arly paralysé par un rançongiciel',
    link: 'https://presse-alpine.example/2025/val-darly-hopital-rancongiciel',
    description: 'Le centre hospitalier de Val-d’Arly est victime depuis la nuit dernière d’une attaque par rançongiciel. '
      + 'Les urgences sont réorientées vers Annecy et les équipes travaillent sur papier, a indiqué la direction.',
    date: now - 3_600_000,
  };
}

/** A local fair: nothing to announce. */
function calm(now: number): { title: string; link: string; description: string; date: number } {
  return {
    title: 'La foire de Val-d’Arly ouvre ses portes samedi',
    link: 'https://presse-alpine.example/2025/val-darly-foire',
    description: 'Quarante exposants et un marché de producteurs sont attendus sur la place de la mairie.',
    date: now - 600_000,
  };
}

/** Replaces one store method so that the process dies (SIGKILL) at the named point. */
function injectCrash(store: Store, at: string): void {
  const die = (): never => {
    process.kill(process.pid, 'SIGKILL');
    throw new Error('unreachable: SIGKILL sent to self');
  };
  const [point, arg] = at.split(':');
  if (point === 'enqueue') {
    const keep = Number(arg);
    const enqueue = store.outbox.enqueue.bind(store.outbox);
    store.outbox.enqueue = async (entries) => {
      await enqueue(entries.slice(0, keep));
      return die();
    };
  } else if (point === 'claim') {
    const claimEach = store.seen.claimEach.bind(store.seen);
    store.seen.claimEach = async (claims) => {
      const answers = await claimEach(claims);
      return answers.some((answer) => answer !== false) ? die() : answers;
    };
  } else {
    throw new Error(`VIGIE_CRASH_AT: unknown crash point "${at}"`);
  }
}

/** The child: one forced cycle of the real app, then the count of entries still pending. */
async function child(): Promise<void> {
  const config = loadConfig({ env: process.env, cwd: process.cwd() });
  const logger = pino({ level: config.logLevel }, pino.destination({ fd: 2, sync: true }));
  const app = await createApp({ config, logger });
  if (process.env.VIGIE_CRASH_AT) injectCrash(app.store, process.env.VIGIE_CRASH_AT);
  const report = await app.runOnce(new AbortController().signal, { force: true });
  const pending = (await app.store.outbox.due(Number.MAX_SAFE_INTEGER, 100_000)).length;
  await app.close();
  process.stdout.write(`${JSON.stringify({ report, pending } satisfies ChildResult)}\n`);
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  child().catch((error: unknown) => {
    process.stderr.write(`crash-child: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
