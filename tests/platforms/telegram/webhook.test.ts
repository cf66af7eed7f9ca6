import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatCommands } from '../../../src/pipeline/commands/index.js';
import { createTelegramBot, sameSecret, type TelegramBot } from '../../../src/platforms/telegram/bot.js';
import type { Store } from '../../../src/ports.js';
import { openStore } from '../../../src/store/open-store.js';
import { silentLogger } from '../../helpers/builders.js';
import { FakeTelegram, type FakeChat, type FakeUser } from '../../helpers/fake-telegram.js';

const clock = { now: () => Date.now() };
const SECRET = 'vigie_hook-Secret_42';
const USER: FakeUser = { id: 601, is_bot: false, first_name: 'Chloé' };
const CHAT: FakeChat = { id: 601, type: 'private', first_name: 'Chloé' };

let fake: FakeTelegram;
let store: Store;
let bot: TelegramBot;
let hookUrl: string;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  fake = await FakeTelegram.start();
  store = await openStore('memory://', { retentionMs: 86_400_000, logger: silentLogger });
  const commands = new ChatCommands({
    destinations: store.destinations, alerts: store.alerts, clock, logger: silentLogger,
    status: async () => ({ feeds: 1, failingFeeds: [] }),
  });
  const port = await freePort();
  hookUrl = `http://127.0.0.1:${port}/telegram/hook`;
  bot = createTelegramBot({
    token: fake.token, apiRoot: fake.apiRoot, commands, logger: silentLogger, clock,
    webhook: { url: hookUrl, port, secretToken: SECRET },
  });
  await bot.start(new AbortController().signal);
});

afterAll(async () => {
  await bot.stop();
  await store.close();
  await fake.close();
});

function post(url: string, body: unknown, secret?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST', body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}) },
  });
}

describe('Telegram webhook mode', () => {
  it('sets the webhook with the secret token and never long-polls', () => {
    const set = fake.callsOf('setWebhook')[0]!;
    expect(set.payload).toMatchObject({ url: hookUrl, secret_token: SECRET });
    expect(set.payload.allowed_updates).toEqual(['message', 'channel_post', 'my_chat_member']);
    expect(fake.callsOf('getUpdates')).toHaveLength(0);
  });

  it('handles an update Telegram POSTs with the secret header', async () => {
    const id = fake.message(CHAT, USER, '/aide'); // the fake POSTs it to the webhook
    const reply = await fake.waitForCall((c) => c.method === 'sendMessage' && c.payload.chat_id === String(CHAT.id)
      && (c.payload.reply_parameters as { message_id?: number } | undefined)?.message_id === id);
    expect(String(reply.payload.text)).toContain('Commandes :');
    const delivery = await fake.waitForCall((c) => c.method === '(webhook)');
    expect(delivery.ok).toBe(true);
  });

  it('rejects an update with a wrong or missing secret and does not handle it', async () => {
    const update = { update_id: 9001, message: { message_id: 77, date: 1, chat: CHAT, from: USER, text: '/status', entities: [{ type: 'bot_command', offset: 0, length: 7 }] } };
    expect((await post(hookUrl, update, 'wrong-secret')).status).toBe(401);
    expect((await post(hookUrl, update)).status).toBe(401);
    expect((await post(hookUrl.replace('/hook', '/other'), update, SECRET)).status).toBe(404);
    const ok = await post(hookUrl, { ...update, update_id: 9002, message: { ...update.message, message_id: 78 } }, SECRET);
    expect(ok.status).toBe(200);
    const replies = fake.sentTo(CHAT.id).map((c) => (c.payload.reply_parameters as { message_id: number }).message_id);
    expect(replies).toContain(78);
    expect(replies).not.toContain(77);
  });
});

describe('sameSecret', () => {
  it('accepts only the exact secret, whatever the length or type of the header', () => {
    expect(sameSecret(SECRET, SECRET)).toBe(true);
    expect(sameSecret(`${SECRET}x`, SECRET)).toBe(false);
    expect(sameSecret(SECRET.slice(0, -1), SECRET)).toBe(false);
    expect(sameSecret('', SECRET)).toBe(false);
    expect(sameSecret(undefined, SECRET)).toBe(false);
    expect(sameSecret([SECRET, SECRET], SECRET)).toBe(false);
  });
});
