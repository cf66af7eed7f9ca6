/**
 * Start-up against a platform API that accepts connections and never answers: the bots fail with
 * one readable error within their start-up timeout instead of hanging, and a stop signal ends the
 * wait at once.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VigieError } from '../../src/core/errors.js';
import { ChatCommands } from '../../src/pipeline/commands/index.js';
import { createDiscordBot } from '../../src/platforms/discord/bot.js';
import { createTelegramBot } from '../../src/platforms/telegram/bot.js';
import type { Store } from '../../src/ports.js';
import { openStore } from '../../src/store/open-store.js';
import { silentLogger } from '../helpers/builders.js';

const clock = { now: () => Date.now() };
let silent: Server;
const sockets = new Set<Socket>();
let root: string;
let store: Store;
let commands: ChatCommands;

beforeAll(async () => {
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  root = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  store = await openStore('memory://', { retentionMs: 86_400_000, logger: silentLogger });
  commands = new ChatCommands({ destinations: store.destinations, alerts: store.alerts, clock, logger: silentLogger, status: async () => ({ feeds: 1, failingFeeds: [] }) });
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await store.close();
});

describe('platform start-up against an API that never answers', () => {
  it('Telegram: getMe gives up after the start-up timeout with a readable error', async () => {
    const bot = createTelegramBot({ token: '123456:ABCdef', apiRoot: root, commands, logger: silentLogger, clock, startupTimeoutMs: 300 });
    const error = await bot.start(new AbortController().signal).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(VigieError);
    expect((error as Error).message).toBe('telegram: the Bot API did not answer getMe within 0.3 s (check TELEGRAM_API_ROOT and the network)');
    expect((error as Error).message).not.toContain('ABCdef');
    await bot.stop();
  });

  it('Telegram: a stop signal during getMe ends start-up quietly', async () => {
    const bot = createTelegramBot({ token: '123456:ABCdef', apiRoot: root, commands, logger: silentLogger, clock });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(bot.start(controller.signal)).resolves.toBeUndefined();
    await bot.stop();
  });

  it('Discord: login gives up after the start-up timeout with a readable error', async () => {
    const bot = createDiscordBot({ token: 'MTIz.abc.def', applicationId: '1', apiUrl: `${root}/api`, commands, logger: silentLogger, clock, startupTimeoutMs: 300 });
    const error = await bot.start(new AbortController().signal).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(VigieError);
    expect((error as Error).message).toBe('discord: no gateway session within 0.3 s (check DISCORD_API_URL and the network)');
  });
});
