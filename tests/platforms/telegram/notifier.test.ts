import { Api } from 'grammy';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../../src/core/errors.js';
import type { Destination } from '../../../src/core/types.js';
import type { Logger } from '../../../src/ports.js';
import { TelegramNotifier } from '../../../src/platforms/telegram/notifier.js';
import { TelegramPacer } from '../../../src/platforms/telegram/pacer.js';
import { makeAlert, makeDestination, makeItem } from '../../helpers/builders.js';
import { FakeTelegram } from '../../helpers/fake-telegram.js';

/** A logger that keeps every line, to check what was logged (and that the token never is). */
function captureLogger(lines: { level: string; obj: unknown; msg?: string }[]): Logger {
  const log = (level: string) => (obj: object | string, msg?: string): void => { lines.push({ level, obj, ...(msg ? { msg } : {}) }); };
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: () => logger };
  return logger;
}

const clock = { now: () => Date.now() };
let fake: FakeTelegram;
let lines: { level: string; obj: unknown; msg?: string }[];
let pacer: TelegramPacer;
let notifier: TelegramNotifier;
let nextChat = 5000;
let dest: Destination;

function makeNotifier(apiRoot: string, onMigrated?: (from: string, to: string) => Promise<void>): TelegramNotifier {
  return new TelegramNotifier({
    api: new Api(fake.token, { apiRoot }), pacer, logger: captureLogger(lines), token: fake.token,
    ...(onMigrated ? { onMigrated } : {}),
  });
}

beforeAll(async () => { fake = await FakeTelegram.start(); });
afterAll(async () => { await fake.close(); });
beforeEach(() => {
  lines = [];
  // No per-chat spacing here: these tests are about the API, the pacer has its own.
  pacer = new TelegramPacer({ clock, limits: { perChatMs: 0, perGroupMs: 0, globalGapMs: 0 } });
  notifier = makeNotifier(fake.apiRoot);
  nextChat += 1;
  dest = makeDestination({ platform: 'telegram', chatId: String(nextChat) });
});

async function deliveryError(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

describe('TelegramNotifier.send', () => {
  it('posts hostile feed text as valid, escaped HTML within 4096 characters', async () => {
    const hostile = `<script>alert(1)</script> R&D @everyone ${'bla & <b> '.repeat(1200)}`;
    const alert = makeAlert({ item: makeItem({ title: '<script>x</script> & Cie @everyone' }), summary: hostile });
    const { messageId } = await notifier.send(dest, alert);
    const call = fake.sentTo(dest.chatId)[0]!;
    expect(call.payload.parse_mode).toBe('HTML');
    const text = String(call.payload.text);
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text).not.toContain('<script>');
    expect(text).toContain('&lt;script&gt;x&lt;/script&gt; &amp; Cie @everyone');
    expect(fake.messageText(Number(dest.chatId), Number(messageId))).toBe(text);
  });

  it('sends severity-1 alerts silently and others with a notification', async () => {
    const quiet = makeAlert({ id: 'q' });
    quiet.classification.severity = 1;
    await notifier.send(dest, quiet);
    await notifier.send(dest, makeAlert({ id: 'loud' }));
    const [first, second] = fake.sentTo(dest.chatId);
    expect(first!.payload.disable_notification).toBe(true);
    expect(second!.payload.disable_notification).toBeUndefined();
  });

  it('replies to an earlier message when replyTo is given', async () => {
    const { messageId } = await notifier.send(dest, makeAlert());
    const reply = await notifier.send(dest, makeAlert({ id: 'follow-up' }), { replyTo: messageId });
    const call = fake.sentTo(dest.chatId)[1]!;
    expect(call.payload.reply_parameters).toEqual({ message_id: Number(messageId), allow_sending_without_reply: true });
    expect(Number(reply.messageId)).toBeGreaterThan(Number(messageId));
  });

  it('asks for a small link preview of the article, none without a link', async () => {
    await notifier.send(dest, makeAlert());
    const { link: _omit, ...noLink } = makeItem();
    await notifier.send(dest, makeAlert({ id: 'nolink', item: noLink }));
    const [withLink, without] = fake.sentTo(dest.chatId);
    expect(withLink!.payload.link_preview_options).toEqual({ url: 'https://news.example/article-1', prefer_small_media: true });
    expect(without!.payload.link_preview_options).toEqual({ is_disabled: true });
  });

  it('re-sends to the supergroup when Telegram says the group was upgraded', async () => {
    const migrations: string[] = [];
    const migrating = makeNotifier(fake.apiRoot, async (from, to) => { migrations.push(`${from}->${to}`); });
    const group = makeDestination({ platform: 'telegram', chatId: '-4242' });
    fake.failNext({ method: 'sendMessage', chatId: -4242, code: 400, description: 'Bad Request: group chat was upgraded to a supergroup chat', migrateTo: -1004242 });
    const { messageId } = await migrating.send(group, makeAlert());
    expect(migrations).toEqual(['-4242->-1004242']);
    expect(fake.messageText(-1004242, Number(messageId))).toContain('Cyberattaque');
  });
});

describe('TelegramNotifier.edit', () => {
  it('edits the posted message with the new sources and treats "not modified" as done', async () => {
    const alert = makeAlert();
    const { messageId } = await notifier.send(dest, alert);
    const joined = { ...alert, sources: [...alert.sources, { itemId: 'z', source: 'ZDNet', title: 'x' }] };
    await notifier.edit(dest, messageId, joined);
    expect(fake.messageText(Number(dest.chatId), Number(messageId))).toContain('Également rapporté par : ZDNet — 2 sources');
    await expect(notifier.edit(dest, messageId, joined)).resolves.toBeUndefined();
    expect(fake.callsOf('editMessageText').at(-1)!.description).toMatch(/not modified/);
  });

  it('fails permanently when the message to edit no longer exists', async () => {
    const err = await deliveryError(notifier.edit(dest, '999', makeAlert()));
    expect(err.retryable).toBe(false);
    expect(err.gone).toBe(false);
  });
});

describe('TelegramNotifier errors', () => {
  it('turns a 429 into a retryable error with retryAfterMs and pauses the chat', async () => {
    fake.failNext({ method: 'sendMessage', chatId: Number(dest.chatId), code: 429, description: 'Too Many Requests: retry after 7', retryAfter: 7 });
    const err = await deliveryError(notifier.send(dest, makeAlert()));
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBe(7000);
    expect(err.destinationKey).toBe(dest.key);
    expect(await pacer.delayFor(dest.chatId)).toBeGreaterThan(6000);
    expect(await pacer.delayFor('123')).toBe(0);
  });

  it('marks a chat that kicked or blocked the bot as gone', async () => {
    fake.loseChat(Number(dest.chatId), 403, 'Forbidden: bot was kicked from the supergroup chat');
    const err = await deliveryError(notifier.send(dest, makeAlert()));
    expect(err).toMatchObject({ retryable: false, gone: true });
    expect(err.message).toContain('kicked');
  });

  it('marks "chat not found" as gone', async () => {
    fake.loseChat(Number(dest.chatId), 400, 'Bad Request: chat not found');
    expect(await deliveryError(notifier.send(dest, makeAlert()))).toMatchObject({ retryable: false, gone: true });
  });

  it('fails a 400 permanently and logs it with the chat and the alert', async () => {
    fake.failNext({ method: 'sendMessage', code: 400, description: 'Bad Request: message text is empty' });
    const err = await deliveryError(notifier.send(dest, makeAlert({ id: 'alert-400' })));
    expect(err).toMatchObject({ retryable: false, gone: false });
    const line = lines.find((l) => l.level === 'error');
    expect(line?.obj).toMatchObject({ chatId: dest.chatId, alertId: 'alert-400' });
  });

  it('retries server errors and network failures without leaking the token', async () => {
    fake.failNext({ method: 'sendMessage', code: 502, description: 'Bad Gateway' });
    expect(await deliveryError(notifier.send(dest, makeAlert()))).toMatchObject({ retryable: true, gone: false });

    const closed = await FakeTelegram.start({ token: fake.token });
    await closed.close();
    const offline = makeNotifier(closed.apiRoot);
    const err = await deliveryError(offline.send(dest, makeAlert()));
    expect(err.retryable).toBe(true);
    const everything = JSON.stringify([err.message, String(err.cause), (err.cause as Error).message, lines]);
    expect(everything).toMatch(/ECONNREFUSED|connect/);
    expect(everything).not.toContain(fake.token);
    expect(everything).not.toContain(fake.token.split(':')[1]);
  });

  it('gives up waiting for a pacing slot when the notifier is closed', async () => {
    const slow = new TelegramNotifier({ api: new Api(fake.token, { apiRoot: fake.apiRoot }), pacer: new TelegramPacer({ clock }), logger: captureLogger(lines) });
    await slow.send(dest, makeAlert());
    const waiting = slow.send(dest, makeAlert({ id: 'second' }));
    slow.close();
    expect(await deliveryError(waiting)).toMatchObject({ retryable: true });
    expect(fake.sentTo(dest.chatId)).toHaveLength(1);
  });
});
