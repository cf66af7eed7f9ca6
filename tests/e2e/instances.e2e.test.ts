/**
 * Several instances on one Redis, for real: three `vigie run` child processes against the fake Bot
 * API (enforcing Telegram's flood limits with 429s), 300 chats, a burst of three alerts. The leader
 * (poller and long-poller) is killed with SIGKILL mid-delivery; another instance takes over within
 * the lease, and every chat ends with every alert exactly once. Figures come from the fake's
 * recorded calls and the children's logs, never from the test's own timing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultDestination } from '../../src/pipeline/commands/defaults.js';
import { openStore } from '../../src/store/open-store.js';
import { rss, tempDir } from '../helpers/app.js';
import { silentLogger } from '../helpers/builders.js';
import { FakeTelegram, TELEGRAM_LIMITS, type RecordedCall } from '../helpers/fake-telegram.js';
import { startFeedServer } from '../helpers/feed-server.js';
import { withRedisLock } from '../helpers/redis-lock.js';
import { describeService, REDIS_URL, redisAvailable } from '../helpers/services.js';
import { flushRedisDatabase, redisDatabase } from './crash-child.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'src/cli.ts');
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const TOKEN = '424242:AAE2e-Vigie_instances_token_01234567';
const CHATS = 300;
const INSTANCES = 3;
/** The leader's lease (app default), and how often followers ask for it (a fifth of it). */
const LEASE_MS = 10_000;
/** A kill can catch the messages accepted while the killed instance was recording earlier ones. */
const MAX_IN_FLIGHT = 5;
const TIMEOUT = 240_000;
/** A database of its own (the stories suite uses 13): the two never wait for each other's lock. */
const DB = 12;
const redis = await redisAvailable();

/** Three clearly distinct incidents, each announced to every default chat. */
function incidents(now: number): { key: string; title: string; link: string; description: string; date: number }[] {
  return [
    { key: 'Val-d’Arly', title: 'Cyberattaque : le centre hospitalier de Val-d’Arly paralysé par un rançongiciel', link: 'https://presse.example/val-darly-rancongiciel',
      description: 'Le centre hospitalier de Val-d’Arly est victime d’une attaque par rançongiciel. Les urgences sont réorientées et les équipes travaillent sur papier.', date: now - 600_000 },
    { key: 'Montbrison-sur-Lez', title: 'La mairie de Montbrison-sur-Lez visée par une attaque DDoS, son site inaccessible', link: 'https://presse.example/montbrison-ddos',
      description: 'Le site de la mairie de Montbrison-sur-Lez est inaccessible depuis ce matin après une attaque par déni de service revendiquée par un groupe de hackers prorusses.', date: now - 500_000 },
    { key: 'Lorvane', title: 'Fuite de données chez la mutuelle Lorvane : 300 000 adhérents concernés', link: 'https://presse.example/lorvane-fuite',
      description: 'La mutuelle Lorvane a confirmé une fuite de données après une intrusion dans ses serveurs : noms, adresses et numéros de sécurité sociale de 300 000 adhérents ont été dérobés.', date: now - 400_000 },
  ];
}

/** One `vigie run` child and what it logged. */
interface Instance {
  child: ChildProcess;
  stderr: string;
  exit: Promise<[number | null, NodeJS.Signals | null]>;
}

function spawnInstance(cwd: string, env: NodeJS.ProcessEnv): Instance {
  const child = spawn(process.execPath, ['--import', TSX, CLI, 'run'], { cwd, stdio: ['ignore', 'ignore', 'pipe'], env });
  const instance: Instance = { child, stderr: '', exit: new Promise((resolve) => child.on('close', (code, signal) => resolve([code, signal]))) };
  child.stderr!.on('data', (d: Buffer) => { instance.stderr += d.toString(); });
  return instance;
}

/** pino lines of an instance with this message. */
function logged(instance: Instance, msg: string): { time: number }[] {
  return instance.stderr.split('\n').filter((l) => l.includes(`"msg":"${msg}"`)).map((l) => JSON.parse(l) as { time: number });
}

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The most messages accepted within any one second, from the fake's recorded times. */
function peakPerSecond(calls: RecordedCall[]): number {
  const times = calls.map((c) => c.at).sort((a, b) => a - b);
  let peak = 0;
  let from = 0;
  for (let to = 0; to < times.length; to++) {
    while (times[to]! - times[from]! >= 1000) from++;
    peak = Math.max(peak, to - from + 1);
  }
  return peak;
}

describeService(redis, 'several instances on one Redis', () => {
  it(`delivers a burst to ${CHATS} chats from ${INSTANCES} processes, exactly once, across a kill -9 of the leader`, async () => {
    const url = redisDatabase(REDIS_URL, DB);
    await withRedisLock(REDIS_URL, `db${DB}`, async () => {
      await flushRedisDatabase(url);
      const fake = await FakeTelegram.start({ token: TOKEN, limits: TELEGRAM_LIMITS });
      const now = Date.now();
      const news = incidents(now);
      // Empty until every instance runs: the leader's second poll (10 s later) finds the burst.
      const feeds = await startFeedServer({ '/presse.xml': { body: rss('Presse régionale', []) } });
      const tmp = tempDir('vigie-instances-');
      const instances: Instance[] = [];
      try {
        writeFileSync(path.join(tmp.dir, 'feeds.yaml'), `feeds:\n  - id: presse\n    name: Presse régionale\n    url: ${feeds.url('/presse.xml')}\n`);
        const chatIds = Array.from({ length: CHATS }, (_, i) => String(i % 10 < 7 ? 300_000 + i : -1_003_000_000_000 - i));
        const store = await openStore(url, { retentionMs: 86_400_000, logger: silentLogger });
        for (const chatId of chatIds) await store.destinations.put(defaultDestination('telegram', chatId, now, { title: `Veille ${chatId}` }));
        await store.close();

        const env = {
          PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', STORE_URL: url, POLL_INTERVAL_SECONDS: '10',
          FEEDS_FILE: path.join(tmp.dir, 'feeds.yaml'), TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.apiRoot,
        };
        for (let i = 0; i < INSTANCES; i++) instances.push(spawnInstance(tmp.dir, env));
        await until('three instances with one leader', () => instances.every((s) => logged(s, 'store opened').length > 0)
          && instances.filter((s) => logged(s, 'leader: this instance leads').length > 0).length === 1, 60_000);
        const leader = instances.find((s) => logged(s, 'leader: this instance leads').length > 0)!;
        feeds.route('/presse.xml', { body: rss('Presse régionale', news.map(({ key: _key, ...item }) => item)) });

        // Kill the leader once a fifth of the burst went out: mid-delivery, mid-lease.
        const total = CHATS * news.length;
        await until('a fifth of the burst', () => fake.stats.accepted >= total / 5, 90_000);
        leader.child.kill('SIGKILL');
        const killedAt = Date.now();
        await leader.exit;
        const others = instances.filter((s) => s !== leader);
        await until('a new leader', () => others.some((s) => logged(s, 'leader: this instance leads').length > 0), LEASE_MS * 3);
        await until('every message', () => fake.stats.accepted >= total, 120_000);
        // Duplicates, if any, would come right after: give the instances a few seconds to send them.
        await new Promise((r) => setTimeout(r, 3000));

        const sends = fake.callsOf('sendMessage', true).filter((c) => chatIds.includes(String(c.payload.chat_id)));
        const perChatAlert = new Map<string, number>();
        for (const call of sends) {
          const news1 = news.find((n) => String(call.payload.text).includes(n.key));
          const key = `${String(call.payload.chat_id)} ${news1?.key ?? '?'}`;
          perChatAlert.set(key, (perChatAlert.get(key) ?? 0) + 1);
        }
        const missing = chatIds.flatMap((chat) => news.filter((n) => !perChatAlert.has(`${chat} ${n.key}`)).map((n) => `${chat} ${n.key}`));
        const duplicates = sends.length - perChatAlert.size;
        const newLeader = others.find((s) => logged(s, 'leader: this instance leads').length > 0)!;
        const takeoverMs = logged(newLeader, 'leader: this instance leads')[0]!.time - killedAt;
        // The new leader's long polling: its Telegram side logs "started" once getUpdates runs.
        const polling = logged(newLeader, 'telegram: started').map((l) => l.time - killedAt).find((ms) => ms > 0);
        const peak = peakPerSecond(sends);
        const span = (sends.at(-1)!.at - sends[0]!.at) / 1000;
        console.log(`[instances] ${INSTANCES} processes, ${CHATS} chats × ${news.length} alerts: ${sends.length} messages, `
          + `${duplicates} duplicate(s) (at most ${MAX_IN_FLIGHT} in flight at the kill), missing ${missing.length}; `
          + `takeover ${takeoverMs} ms after the kill (lease ${LEASE_MS} ms), long polling resumed ${polling === undefined ? 'never' : `${polling} ms`} after the kill; `
          + `peak ${peak} msg/s, average ${(sends.length / span).toFixed(1)} msg/s over ${span.toFixed(1)} s; ${fake.stats.tooManyRequests} × 429`);

        expect(missing.slice(0, 10)).toEqual([]);
        expect([...perChatAlert.keys()].filter((k) => k.endsWith(' ?'))).toEqual([]);
        expect(duplicates).toBeLessThanOrEqual(MAX_IN_FLIGHT);
        expect(takeoverMs).toBeLessThanOrEqual(LEASE_MS + LEASE_MS / 5 + 2000);
        expect(polling).toBeDefined();
        // Only the leader ever long-polled: the followers never started their Telegram side.
        for (const s of others.filter((o) => o !== newLeader)) expect(logged(s, 'telegram: started')).toEqual([]);
        expect(fake.stats.tooManyRequests).toBe(0);
        expect(peak).toBeLessThanOrEqual(30);

        for (const s of others) s.child.kill('SIGTERM');
        for (const s of others) expect((await s.exit)[0], s.stderr.slice(-2000)).toBe(0);
      } finally {
        for (const s of instances) s.child.kill('SIGKILL');
        await Promise.all(instances.map(async (s) => s.exit));
        await fake.close();
        await feeds.close();
        tmp.remove();
        await flushRedisDatabase(url);
      }
    });
  }, TIMEOUT);
});
