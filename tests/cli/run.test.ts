import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { rss, tempDir } from '../helpers/app.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'src/cli.ts');
// The child runs in a temp directory, so tsx is named by its path rather than resolved from the cwd.
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/** Runs `vigie` as a real child process (tsx), optionally signalling it once `waitFor` is printed. */
function vigie(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; killOn?: { text: RegExp; signal: NodeJS.Signals; before?: () => Promise<unknown> } }): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    const check = () => {
      if (options.killOn && !signalled && options.killOn.text.test(stdout + stderr)) {
        signalled = true;
        const { before, signal } = options.killOn;
        void (before ? before() : Promise.resolve()).finally(() => child.kill(signal));
      }
    };
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); check(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); check(); });
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Runs `main` in-process with captured streams. */
async function runMain(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => { stdout += d.toString(); });
  err.on('data', (d: Buffer) => { stderr += d.toString(); });
  const code = await main(argv, { stdin: new PassThrough(), stdout: out, stderr: err, env: { LOG_LEVEL: 'error', ...env }, cwd });
  return { code, stdout, stderr };
}

let tmp: ReturnType<typeof tempDir>;
let server: FeedServer;
const now = Date.now();

beforeEach(async () => {
  tmp = tempDir();
  server = await startFeedServer({
    '/flux.xml': {
      body: rss('Presse régionale', [
        {
          title: 'Rançongiciel : la communauté de communes du Val-Morin paralysée depuis lundi',
          link: 'https://presse-regionale.example/val-morin-rancongiciel',
          description: "Les services de la communauté de communes du Val-Morin sont à l'arrêt après une attaque par rançongiciel. Les agents travaillent sur papier.",
          date: now - 3_600_000,
        },
        { title: 'Rugby : Val-Morin attaque bien mais s’incline', link: 'https://presse-regionale.example/rugby', description: 'Match serré dimanche.', date: now - 3_600_000 },
      ]),
    },
  });
  writeFileSync(path.join(tmp.dir, 'feeds.yaml'), `feeds:\n  - id: presse\n    name: Presse régionale\n    url: ${server.url('/flux.xml')}\n`);
});
afterEach(async () => {
  await server.close();
  tmp.remove();
});

describe('vigie run', () => {
  it('prints alerts on the console with no token, and a second process on the same SQLite file announces nothing', async () => {
    const env = { STORE_URL: `sqlite://${path.join(tmp.dir, 'store.sqlite')}` };
    const first = await vigie(['run', '--once', '--feeds', 'feeds.yaml'], { cwd: tmp.dir, env });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('CYBERATTAQUE');
    expect(first.stdout).toContain('Val-Morin paralysée');
    expect(first.stdout).not.toContain('Rugby');
    expect(first.stderr).toMatch(/"msg":"cycle"/);
    const second = await vigie(['run', '--once', '--feeds', 'feeds.yaml'], { cwd: tmp.dir, env });
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('CYBERATTAQUE');
    expect(second.stderr).toMatch(/"unchanged":1/);
  });

  it('stops cleanly on SIGTERM, closing the store, with exit code 0', async () => {
    const env = { STORE_URL: `sqlite://${path.join(tmp.dir, 'store.sqlite')}` };
    const run = await vigie(['run', '--feeds', 'feeds.yaml'], { cwd: tmp.dir, env, killOn: { text: /"msg":"cycle"/, signal: 'SIGTERM' } });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/"msg":"stopping: finishing the current step"/);
    expect(run.stderr).toMatch(/"msg":"stopped"/);
  });

  it('exits 2 with every configuration problem and no stack trace', async () => {
    const run = await vigie(['run', '--once'], { cwd: tmp.dir, env: { STORE_URL: 'ftp://nowhere', POLL_INTERVAL_SECONDS: '0', TELEGRAM_BOT_TOKEN: 'hunter2', ALLOWED_CHATS: '-100123,telegram:x' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ALLOWED_CHATS: entry 1 "-100123": say which platform');
    expect(run.stderr).toContain('ALLOWED_CHATS: entry 2 "telegram:x": expected <platform>:<id>');
    expect(run.stderr).toContain('vigie: invalid configuration:');
    expect(run.stderr).toContain('STORE_URL: unsupported scheme "ftp:"');
    expect(run.stderr).toContain('POLL_INTERVAL_SECONDS: "0" is not a whole number');
    expect(run.stderr).toContain('TELEGRAM_BOT_TOKEN: does not look like a bot token');
    expect(run.stderr).not.toContain('hunter2');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a second bot on the same SQLite file with a clear message while the first runs', async () => {
    const env = { STORE_URL: `sqlite://${path.join(tmp.dir, 'store.sqlite')}` };
    let second: Run | undefined;
    // The second starts once the first has polled (it holds the store by then); the first stops after.
    const before = async () => { second = await vigie(['run', '--feeds', 'feeds.yaml'], { cwd: tmp.dir, env }); };
    const firstRun = await vigie(['run', '--feeds', 'feeds.yaml'], { cwd: tmp.dir, env, killOn: { text: /"msg":"cycle"/, signal: 'SIGTERM', before } });
    expect(firstRun.code).toBe(0);
    expect(second!.code).toBe(1);
    expect(second!.stderr).toContain('another Vigie is already running on this store (sqlite ');
    expect(second!.stderr).toContain('use Redis (STORE_URL=redis://…) to run several instances');
  });

  it('refuses run --once and the demo on the SQLite file a running bot holds, before they poll or post', async () => {
    const store = path.join(tmp.dir, 'store.sqlite');
    const env = { STORE_URL: `sqlite://${store}` };
    let once: Run | undefined;
    let demo: Run | undefined;
    const before = async () => {
      [once, demo] = await Promise.all([
        vigie(['run', '--once', '--feeds', 'feeds.yaml'], { cwd: tmp.dir, env }),
        vigie(['demo', '--store', `sqlite://${store}`], { cwd: tmp.dir, env: {} }),
      ]);
    };
    const bot = await vigie(['run', '--feeds', 'feeds.yaml'], { cwd: tmp.dir, env, killOn: { text: /"msg":"cycle"/, signal: 'SIGTERM', before } });
    expect(bot.code).toBe(0);
    for (const refused of [once!, demo!]) {
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('another Vigie is already running on this store (sqlite ');
      expect(refused.stdout).not.toContain('CYBERATTAQUE');
    }
    // Once the bot stopped, the store is free again.
    const after = await vigie(['run', '--once', '--feeds', 'feeds.yaml'], { cwd: tmp.dir, env });
    expect(after.code).toBe(0);
  }, 60_000);

  it('exits 2 when a Telegram webhook is configured without its secret token', async () => {
    const env = { TELEGRAM_BOT_TOKEN: '424242:AAE2e-Vigie_webhook_token_0123456', TELEGRAM_WEBHOOK_URL: 'https://bot.example/hook' };
    const run = await vigie(['run', '--once'], { cwd: tmp.dir, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('TELEGRAM_WEBHOOK_SECRET: required with TELEGRAM_WEBHOOK_URL');
  });
});

describe('one SIGINT or SIGTERM stops every command', () => {
  let silent: Server;
  const sockets = new Set<Socket>();
  beforeEach(async () => {
    // Accepts connections and never answers: an unreachable Bot API that does not refuse either.
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('stops `run` waiting for getMe from an API root that never answers, on one SIGINT', async () => {
    const port = (silent.address() as { port: number }).port;
    const env = {
      STORE_URL: `sqlite://${path.join(tmp.dir, 'store.sqlite')}`,
      TELEGRAM_BOT_TOKEN: '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1',
      TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`,
    };
    const started = Date.now();
    const run = await vigie(['run', '--feeds', 'feeds.yaml'], { cwd: tmp.dir, env, killOn: { text: /"msg":"starting"/, signal: 'SIGINT' } });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.stderr).toMatch(/"msg":"stopping: finishing the current step"/);
    expect(run.code).toBe(0);
  });

  it('ends `classify` waiting on its input at once, exit 130', async () => {
    const child = spawn(process.execPath, ['--import', TSX, CLI, 'classify'], { cwd: tmp.dir, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    child.stdin.write(`${JSON.stringify({ id: 'a', title: 'Panne chez Orange' })}\n`);
    await new Promise((resolve) => child.stdout.once('data', resolve));
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
  });

  it('ends `demo` when its store cannot be opened, with the error and exit 1, instead of hanging', async () => {
    const run = await vigie(['demo', '--store', 'redis://127.0.0.1:1'], { cwd: tmp.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^vigie: store /m);
  });
});

describe('vigie CLI', () => {
  it('runs the demo, and a second demo on the same store announces nothing again', async () => {
    const store = `sqlite://${path.join(tmp.dir, 'demo.sqlite')}`;
    const first = await runMain(['demo', '--store', store], tmp.dir);
    expect(first.code).toBe(0);
    const alerts = Number(/(\d+) alertes/.exec(first.stdout)?.[1]);
    expect(alerts).toBeGreaterThanOrEqual(8);
    expect(first.stdout).toMatch(/Résumé : 8 flux, 40 articles, \d+ alertes?, .* 1 erreur de flux/);
    // Each alert is printed on the console as a block opening "#N", before the summary.
    expect(first.stdout.match(/^#\d+ /gm)?.length ?? 0).toBeGreaterThanOrEqual(alerts);
    expect(first.stdout.indexOf('\n#1 ')).toBeLessThan(first.stdout.indexOf('Résumé'));
    const second = await runMain(['demo', '--store', store], tmp.dir);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/ 0 alerte,/);
    expect(second.stdout).not.toMatch(/^#\d+ /m);
    expect(second.stdout).toContain('Rien de nouveau');
  });

  it('prints a feeds table with status, item count and errors, exit 1 when a feed fails', async () => {
    writeFileSync(path.join(tmp.dir, 'two.yaml'), `feeds:\n  - id: presse\n    name: Presse\n    url: ${server.url('/flux.xml')}\n  - id: absent\n    name: Absent\n    url: ${server.url('/absent.xml')}\n`);
    const result = await runMain(['feeds', 'check', '--feeds', 'two.yaml'], tmp.dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/presse\s+200\s+2\b/);
    expect(result.stdout).toMatch(/absent\s+404/);
    expect(result.stdout).toContain('2 feeds, 1 ok, 0 partial, 1 failed');
  });

  it('answers --help for every command and rejects unknown options with exit 2', async () => {
    for (const command of [['run'], ['demo'], ['feeds', 'check'], ['classify'], ['eval'], ['discord', 'register']]) {
      const help = await runMain([...command, '--help'], tmp.dir);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage: vigie /);
    }
    const bad = await runMain(['run', '--fast'], tmp.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/vigie: run: .*--fast/);
  });
});
