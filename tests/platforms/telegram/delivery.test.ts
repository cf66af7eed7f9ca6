import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/core/types.js';
import { ChatCommands } from '../../../src/pipeline/commands/index.js';
import { DeliveryWorker } from '../../../src/pipeline/delivery.js';
import { TelegramNotifier } from '../../../src/platforms/telegram/notifier.js';
import { TelegramPacer } from '../../../src/platforms/telegram/pacer.js';
import type { Store } from '../../../src/ports.js';
import type { OutboxEntry } from '../../../src/core/delivery-types.js';
import { openStore } from '../../../src/store/open-store.js';
import { makeAlert, makeDestination, silentLogger } from '../../helpers/builders.js';
import { FakeTelegram } from '../../helpers/fake-telegram.js';

// The Telegram notifier behind the real delivery worker, on a real SQLite store.
const clock = { now: () => Date.now() };
let dir: string;
let fake: FakeTelegram;
let store: Store;
let worker: DeliveryWorker;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigie-tg-delivery-'));
  fake = await FakeTelegram.start();
  store = await openStore(`sqlite://${path.join(dir, 'vigie.sqlite')}`, { retentionMs: 86_400_000, logger: silentLogger });
  const commands = new ChatCommands({
    destinations: store.destinations, alerts: store.alerts, clock, logger: silentLogger, status: async () => ({ feeds: 0, failingFeeds: [] }),
  });
  const notifier = new TelegramNotifier({
    api: new Api(fake.token, { apiRoot: fake.apiRoot }), pacer: new TelegramPacer({ clock }), logger: silentLogger, token: fake.token,
  });
  worker = new DeliveryWorker({
    outbox: store.outbox, destinations: store.destinations, alerts: store.alerts, notifiers: { telegram: notifier },
    membership: commands, clock, logger: silentLogger,
  });
});

afterAll(async () => {
  await store.close();
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

async function enqueue(chatId: string, alert: Alert): Promise<string> {
  await store.destinations.put(makeDestination({ platform: 'telegram', chatId }));
  await store.alerts.save(alert);
  const now = clock.now();
  const id = `send:telegram:${chatId}:${alert.id}`;
  const entry: OutboxEntry = { id, kind: 'send', destinationKey: `telegram:${chatId}`, alertId: alert.id, status: 'pending', attempts: 0, notBefore: now, createdAt: now };
  await store.outbox.enqueue([entry]);
  return id;
}

describe('Telegram delivery through the outbox', () => {
  it('delivers once after a 429, waiting retry_after', async () => {
    const id = await enqueue('-1009001', makeAlert({ id: 'd429', createdAt: clock.now() }));
    fake.failNext({ method: 'sendMessage', chatId: -1009001, code: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 });
    const first = await worker.drain();
    expect(first).toMatchObject({ sent: 0, retried: 1 });
    const pending = await store.outbox.get(id);
    expect(pending).toMatchObject({ status: 'pending', attempts: 0 }); // a 429 is not an attempt
    expect(pending!.notBefore).toBeGreaterThanOrEqual(clock.now() + 500);
    await new Promise((r) => setTimeout(r, pending!.notBefore - clock.now() + 20));
    expect(await worker.drain()).toMatchObject({ sent: 1 });
    const sent = fake.sentTo(-1009001);
    expect(sent).toHaveLength(1);
    const messageId = String((sent[0]!.result as { message_id: number }).message_id);
    expect(await store.outbox.get(id)).toMatchObject({ status: 'done', messageId });
  });

  it('deactivates a chat that kicked the bot (403) and does not retry', async () => {
    fake.loseChat(-1009002, 403, 'Forbidden: bot was kicked from the supergroup chat');
    const id = await enqueue('-1009002', makeAlert({ id: 'd403', createdAt: clock.now() }));
    expect(await worker.drain()).toMatchObject({ failed: 1, retried: 0 });
    expect((await store.destinations.get('telegram:-1009002'))!.active).toBe(false);
    expect(await store.outbox.get(id)).toMatchObject({ status: 'failed' });
  });

  it('marks a 400 failed without deactivating the chat', async () => {
    fake.failNext({ method: 'sendMessage', chatId: 9003, code: 400, description: 'Bad Request: can\'t parse entities: Unsupported start tag "x"' });
    const id = await enqueue('9003', makeAlert({ id: 'd400', createdAt: clock.now() }));
    expect(await worker.drain()).toMatchObject({ failed: 1, retried: 0 });
    expect((await store.destinations.get('telegram:9003'))!.active).toBe(true);
    expect((await store.outbox.get(id))!.lastError).toContain('400');
  });
});
