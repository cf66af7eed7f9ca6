/**
 * Telegram fan-out: one alert to BENCH_TELEGRAM_CHATS chats (default 10,000; 70 % private chats, 30 %
 * groups) through the real outbox → DeliveryWorker → TelegramNotifier (grammY) path, against the fake
 * Bot API running in a child process and enforcing Telegram's limits with 429s. Prints sustained
 * messages/s (target ≥ 24: the pacer spaces sends 40 ms apart, 25/s, under Telegram's 30/s for headroom), 429s received (target 0) and this process's peak RSS. Memory store.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Api } from 'grammy';
import { pino } from 'pino';
import { DeliveryError } from '../src/core/errors.js';
import type { Alert, Destination } from '../src/core/types.js';
import { DeliveryWorker } from '../src/pipeline/delivery.js';
import { TelegramNotifier } from '../src/platforms/telegram/notifier.js';
import { TelegramPacer } from '../src/platforms/telegram/pacer.js';
import type { Notifier } from '../src/ports.js';
import type { OutboxEntry } from '../src/core/delivery-types.js';
import { openStore } from '../src/store/open-store.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Starts the fake Bot API (with Telegram's limits) in its own process; resolves its address. */
async function startFake(): Promise<{ child: ChildProcessByStdio<Writable, Readable, null>; apiRoot: string; token: string; lines: AsyncIterator<string> }> {
  const url = pathToFileURL(path.join(root, 'tests/helpers/fake-telegram.ts')).href;
  const script = `import(${JSON.stringify(url)}).then((m) => m.serveStandalone())`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  const { apiRoot, token } = JSON.parse(String(first.value)) as { apiRoot: string; token: string };
  return { child, apiRoot, token, lines };
}

function buildAlert(now: number): Alert {
  const item = {
    id: 'https://presse.example/2025/03/cyberattaque-clinique-belair', feedId: 'bench', source: 'La Gazette du Bench',
    title: 'Cyberattaque : la clinique du Bel-Air bascule en mode dégradé',
    link: 'https://presse.example/2025/03/cyberattaque-clinique-belair',
    summary: "La clinique du Bel-Air a été visée par un rançongiciel dans la nuit de dimanche. Les consultations sont maintenues mais les systèmes d'imagerie restent coupés.",
    publishedAt: now, categories: [],
  };
  return {
    id: 'bench-alert', item, summary: item.summary, createdAt: now,
    classification: {
      category: 'cyberattack', score: 0.95, subtype: 'ransomware', cause: 'confirmed', severity: 2,
      evidence: ['titre: cyberattaque', 'texte: rançongiciel'], entities: { victim: 'clinique du Bel-Air', sector: 'santé', actors: [] },
    },
    sources: [{ itemId: item.id, source: item.source, title: item.title, link: item.link }],
  };
}

function buildDestination(i: number, now: number): Destination {
  const chatId = i % 10 < 7 ? String(100_000 + i) : String(-1_001_000_000_000 - i);
  return {
    key: `telegram:${chatId}`, platform: 'telegram', chatId, active: true, paused: false,
    categories: { cyberattack: true, outage: true }, keywords: [], exclusions: [], lang: i % 5 === 0 ? 'en' : 'fr',
    createdAt: now, updatedAt: now,
  };
}

/** Runs the fan-out and prints the figures. */
export async function run(): Promise<void> {
  const chats = Number(process.env.BENCH_TELEGRAM_CHATS ?? 10_000);
  const logger = pino({ level: 'silent' });
  const clock = { now: () => Date.now() };
  const fake = await startFake();
  const store = await openStore('memory://', { retentionMs: 86_400_000, logger });
  const now = clock.now();
  const alert = buildAlert(now);
  await store.alerts.save(alert);
  const entries: OutboxEntry[] = [];
  for (let i = 0; i < chats; i++) {
    const dest = buildDestination(i, now);
    await store.destinations.put(dest);
    entries.push({ id: `send:${dest.key}:${alert.id}`, kind: 'send', destinationKey: dest.key, alertId: alert.id, status: 'pending', attempts: 0, notBefore: now, createdAt: now });
  }
  await store.outbox.enqueue(entries);

  const pacer = new TelegramPacer({ clock });
  const telegram = new TelegramNotifier({ api: new Api(fake.token, { apiRoot: fake.apiRoot }), pacer, logger, token: fake.token });
  let sent = 0;
  let throttled = 0;
  const times: number[] = [];
  const started = performance.now();
  const counting: Notifier = {
    platform: 'telegram',
    capabilities: telegram.capabilities,
    edit: (d, m, a) => telegram.edit(d, m, a),
    sendDigest: (d, a) => telegram.sendDigest(d, a),
    async send(d, a, o) {
      try {
        const result = await telegram.send(d, a, o);
        times.push(performance.now() - started);
        if (++sent % Math.max(100, Math.floor(chats / 20)) === 0) {
          console.log(`  ${sent}/${chats} sent, ${((performance.now() - started) / 1000).toFixed(0)} s, ${(sent / ((performance.now() - started) / 1000)).toFixed(1)} msg/s`);
        }
        return result;
      } catch (err) {
        if (err instanceof DeliveryError && err.retryAfterMs !== undefined && !err.message.includes('paced')) throttled++;
        throw err;
      }
    },
  };
  const worker = new DeliveryWorker({ outbox: store.outbox, destinations: store.destinations, alerts: store.alerts, notifiers: { telegram: counting }, clock, logger, concurrency: 32 });
  console.log(`fan-out of one alert to ${chats} chats (70 % private, 30 % groups), DeliveryWorker concurrency 32, memory store`);
  let stats = await worker.drain();
  while (sent + stats.failed < chats && stats.retried > 0) {
    await new Promise((r) => setTimeout(r, 200)); // retries wait for their notBefore
    const more = await worker.drain();
    stats = { ...more, failed: stats.failed + more.failed };
  }
  const seconds = (performance.now() - started) / 1000;
  const lo = times[Math.floor(times.length * 0.1)] ?? 0;
  const hi = times[Math.floor(times.length * 0.9)] ?? 0;
  const steady = hi > lo ? ((Math.floor(times.length * 0.9) - Math.floor(times.length * 0.1)) / ((hi - lo) / 1000)) : 0;

  telegram.close();
  fake.child.stdin.end();
  const serverStats = JSON.parse(String((await fake.lines.next()).value)) as { tooManyRequests: number; accepted: number };
  await store.close();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`messages accepted by the fake Bot API: ${serverStats.accepted}/${chats} (failed: ${stats.failed})`);
  console.log(`duration: ${seconds.toFixed(1)} s`);
  console.log(`sustained rate: ${(sent / seconds).toFixed(2)} msg/s overall, ${steady.toFixed(2)} msg/s between 10 % and 90 % (target ≥ 24; pacing caps it at 25)`);
  console.log(`429 received: ${serverStats.tooManyRequests} (seen by the notifier: ${throttled}; target 0)`);
  console.log(`peak RSS (this process, fake server excluded): ${peakRssMb.toFixed(0)} MB`);
}
