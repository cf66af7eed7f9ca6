import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedbackCommands } from '../../../src/pipeline/commands/feedback.js';
import { ChatCommands } from '../../../src/pipeline/commands/index.js';
import { createTelegramBot, type TelegramBot } from '../../../src/platforms/telegram/bot.js';
import { openStore } from '../../../src/store/open-store.js';
import type { KeyvStore } from '../../../src/store/keyv-store.js';
import { makeAlert, makeItem, silentLogger } from '../../helpers/builders.js';
import { FakeTelegram, type FakeChat, type FakeUser, type RecordedCall } from '../../helpers/fake-telegram.js';

const clock = { now: () => Date.now() };
const ADMIN: FakeUser = { id: 601, is_bot: false, first_name: 'Amélie' };
const MEMBER: FakeUser = { id: 602, is_bot: false, first_name: 'Bruno' };
const chat: FakeChat = { id: -1009001, type: 'supergroup', title: 'SOC' };
const other: FakeChat = { id: -1009002, type: 'supergroup', title: 'DSI' };

let fake: FakeTelegram;
let store: KeyvStore;
let bot: TelegramBot;
const running = new AbortController();

beforeAll(async () => {
  fake = await FakeTelegram.start();
  store = await openStore('memory://', { retentionMs: 7 * 86_400_000, logger: silentLogger });
  const commands = new ChatCommands({
    destinations: store.destinations, alerts: store.alerts, clock, logger: silentLogger,
    status: async () => ({ feeds: 1, failingFeeds: [] }),
    feedback: new FeedbackCommands({ feedback: store.feedback, alerts: store.alerts, outbox: store.outbox, clock }),
  });
  bot = createTelegramBot({ token: fake.token, apiRoot: fake.apiRoot, commands, logger: silentLogger, clock });
  await bot.start(running.signal);
  fake.setMember(chat.id, ADMIN.id, 'administrator');
  const alert = makeAlert({ id: 'alert-salon', item: makeItem({ title: 'Un salon de la cybersécurité à Lille', summary: 'Trois jours de conférences.' }), createdAt: Date.now() });
  await store.alerts.save(alert);
  // As delivered: message 9001 in the first chat, 9002 in the other one.
  for (const [c, messageId] of [[chat, '9001'], [other, '9002']] as const) {
    await store.outbox.update({ id: `send:telegram:${c.id}:alert-salon`, kind: 'send', destinationKey: `telegram:${c.id}`, alertId: 'alert-salon', status: 'done', attempts: 1, notBefore: 0, createdAt: 0, messageId });
  }
});

afterAll(async () => {
  running.abort();
  await bot.stop();
  await store.close();
  await fake.close();
});

/** Replies to message `to` with `text` as `from`, and waits for the bot's answer. */
async function replyTo(from: FakeUser, to: number, text: string): Promise<RecordedCall> {
  const id = fake.message(chat, from, text, { reply_to_message: { message_id: to, date: Math.floor(Date.now() / 1000), chat, text: 'alerte' } });
  return fake.waitForCall((c) => c.method === 'sendMessage' && c.ok && c.payload.chat_id === String(chat.id)
    && (c.payload.reply_parameters as { message_id?: number } | undefined)?.message_id === id);
}

describe('Telegram: /faux in reply to an alert', () => {
  it('refuses a member who is not an administrator', async () => {
    const answer = await replyTo(MEMBER, 9001, '/faux');
    expect(String(answer.payload.text)).not.toContain('Merci');
    expect(await store.feedback.list()).toEqual([]);
  });

  it("stores an administrator's mark of the alert the message shows, and thanks briefly", async () => {
    const answer = await replyTo(ADMIN, 9001, '/faux');
    expect(String(answer.payload.text)).toContain('Merci, c’est noté : pas un incident');
    const marks = await store.feedback.list();
    expect(marks).toMatchObject([{ kind: 'wrong', chatId: String(chat.id), userId: String(ADMIN.id), alertId: 'alert-salon', label: 'other', title: 'Un salon de la cybersécurité à Lille' }]);
  });

  it('accepts the English /wrong with a label, replacing the same chat\'s earlier mark', async () => {
    await replyTo(ADMIN, 9001, '/wrong outage');
    const marks = await store.feedback.list();
    expect(marks).toHaveLength(1);
    expect(marks[0]?.label).toBe('outage');
  });
});
