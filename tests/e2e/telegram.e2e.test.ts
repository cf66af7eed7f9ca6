/**
 * Vigie on Telegram, end to end: the app built by `createApp` (real grammY bot with long polling, real
 * poll pipeline over a local feed server, real SQLite file) against the fake Bot API server.
 */
import { describe, expect, it, vi } from 'vitest';
import { FakeTelegram, telegramHtmlError, type FakeChat, type FakeUser, type RecordedCall } from '../helpers/fake-telegram.js';
import { eachTelegramE2e, E2eHarness, hospitalAttack, hostileAttack, TELEGRAM_TOKEN, townHallAttack, type RunningVigie } from './support.js';

const ADMIN: FakeUser = { id: 8101, is_bot: false, first_name: 'Claire' };
const MEMBER: FakeUser = { id: 8102, is_bot: false, first_name: 'Yanis' };
const TEN_MINUTES = 600_000;
const group = (id: number, title: string): FakeChat => ({ id, type: 'supergroup', title });

let harness: E2eHarness;
let fake: FakeTelegram;

eachTelegramE2e((h, f) => {
  harness = h;
  fake = f;
});

/** A Vigie with Telegram configured against the fake, polling the given feeds. */
function vigie(feedIds: string[] = ['presse']): Promise<RunningVigie> {
  return harness.vigie({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_API_ROOT: fake.apiRoot }, feedIds);
}

/** Adds the bot to a chat (as a member) and waits for its welcome. */
async function addTo(chat: FakeChat): Promise<RecordedCall> {
  fake.setMember(chat.id, ADMIN.id, 'administrator');
  fake.botStatus(chat, ADMIN, 'left', 'member');
  return fake.waitForCall((c) => isSendTo(c, chat) && c.ok, 10_000);
}

/** Writes `text` in a chat as `from` and waits for the bot's reply to that message. */
async function say(chat: FakeChat, from: FakeUser, text: string): Promise<string> {
  const id = fake.message(chat, from, text);
  const reply = await fake.waitForCall((c) => isSendTo(c, chat) && c.ok
    && (c.payload.reply_parameters as { message_id?: number } | undefined)?.message_id === id, 10_000);
  return String(reply.payload.text);
}

/** Accepted messages to a chat that are alerts (not replies to commands, not the welcome). */
function alertsIn(chat: FakeChat): RecordedCall[] {
  return fake.sentTo(chat.id).filter((c) => c.payload.reply_parameters === undefined && !String(c.payload.text).includes('Commandes :'));
}

/** Characters Telegram counts: the text without tags, each entity one character. */
function visibleLength(html: string): number {
  return [...html.replace(/<[^>]*>/g, '').replace(/&(?:lt|gt|amp|quot|#\d+);/g, '&')].length;
}

function isSendTo(c: RecordedCall, chat: FakeChat): boolean {
  return c.method === 'sendMessage' && String(c.payload.chat_id) === String(chat.id);
}

describe('Vigie on Telegram, end to end', () => {
  it('posts a welcome with the commands when added to a group and registers the chat with default settings', async () => {
    const { app } = await vigie();
    const chat = group(-1005001, 'Cellule cyber du CHU');
    const welcome = await addTo(chat);
    expect(welcome.payload.parse_mode).toBe('HTML');
    expect(String(welcome.payload.text)).toContain('Vigie surveille la presse');
    expect(String(welcome.payload.text)).toContain('/subscribe');
    expect(await app.store.destinations.get(`telegram:${chat.id}`)).toMatchObject({
      active: true, paused: false, keywords: [], categories: { cyberattack: true, outage: true },
    });
  });

  it("confirms an administrator's /subscribe hôpital and refuses a member's, keeping the administrator's keywords", async () => {
    const { app } = await vigie();
    const chat = group(-1005002, 'DSI hospitalière');
    await addTo(chat);
    expect(await say(chat, ADMIN, '/subscribe hôpital')).toContain('Ajouté : « hôpital »');
    expect(await say(chat, MEMBER, '/subscribe Marseille')).toMatch(/Refusé : seuls les administrateurs/);
    expect((await app.store.destinations.get(`telegram:${chat.id}`))?.keywords).toEqual(['hôpital']);
  });

  it('delivers a matching incident once to the subscribed chat, none to a chat following « Marseille », and lists it on /latest', async () => {
    harness.serve('presse', [hospitalAttack(), townHallAttack()]);
    const running = await vigie();
    const hospitals = group(-1005003, 'Veille santé');
    const marseille = group(-1005004, 'Veille Marseille');
    await Promise.all([addTo(hospitals), addTo(marseille)]);
    await Promise.all([say(hospitals, ADMIN, '/subscribe hôpital'), say(marseille, ADMIN, '/abonner Marseille')]);

    const report = await running.cycle();
    expect(report).toMatchObject({ polled: 1, alerts: 2 });
    const alerts = alertsIn(hospitals);
    expect(alerts).toHaveLength(1);
    expect(String(alerts[0]!.payload.text)).toContain('Valbonne-sur-Loir');
    expect(alerts[0]!.payload.parse_mode).toBe('HTML');
    expect(alertsIn(marseille)).toHaveLength(0);

    const latest = await say(marseille, MEMBER, '/latest');
    expect(latest).toContain('Les 2 dernières alertes');
    expect(latest).toContain('<a href="https://presse-regionale.example/2024/valbonne-hopital-cyberattaque">');
    expect(latest).toContain('(rançongiciel)');
    expect(alertsIn(hospitals)).toHaveLength(1);
  });

  it('delivers an alert refused with 429 after retry_after, exactly once', async () => {
    harness.serve('presse', [hospitalAttack()]);
    const running = await vigie();
    const chat = group(-1005005, 'Astreinte');
    await addTo(chat);
    fake.failNext({ method: 'sendMessage', chatId: chat.id, code: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 });

    await running.cycle();
    expect(fake.callsOf('sendMessage').filter((c) => isSendTo(c, chat) && c.errorCode === 429)).toHaveLength(1);
    expect(alertsIn(chat)).toHaveLength(0);
    const [alert] = await running.app.store.alerts.recent(1);
    const entryId = `send:telegram:${chat.id}:${alert!.id}`;
    // A 429 is a throttle, not a failed attempt.
    expect(await running.app.store.outbox.get(entryId)).toMatchObject({ status: 'pending', attempts: 0 });

    running.deliverInBackground();
    await fake.waitForCall((c) => isSendTo(c, chat) && c.ok && String(c.payload.text).includes('Valbonne-sur-Loir'), 10_000);
    await vi.waitFor(async () => expect(await running.app.store.outbox.get(entryId)).toMatchObject({ status: 'done' }));
    const refused = fake.callsOf('sendMessage').find((c) => isSendTo(c, chat) && c.errorCode === 429)!;
    const accepted = alertsIn(chat)[0]!;
    expect(accepted.at - refused.at).toBeGreaterThanOrEqual(1000); // retry_after: 1 was honoured
    expect(await running.app.delivery.drain()).toMatchObject({ sent: 0, retried: 0, failed: 0, skipped: 0 });
    expect(alertsIn(chat)).toHaveLength(1);
  });

  it('deactivates a chat whose alert is refused with 403 and sends it no later alert', async () => {
    harness.serve('presse', [hospitalAttack()]);
    const running = await vigie();
    const gone = group(-1005006, 'Groupe quitté');
    const other = group(-1005007, 'Groupe actif');
    await Promise.all([addTo(gone), addTo(other)]);
    fake.failNext({ method: 'sendMessage', chatId: gone.id, code: 403, description: 'Forbidden: bot was kicked from the supergroup chat' });

    const first = await running.cycle();
    expect(first?.alerts).toBe(1);
    expect((await running.app.store.destinations.get(`telegram:${gone.id}`))?.active).toBe(false);
    expect(alertsIn(other)).toHaveLength(1);

    harness.serve('presse', [hospitalAttack(), townHallAttack()]);
    harness.clock.advance(TEN_MINUTES);
    const second = await running.cycle();
    expect(second?.alerts).toBe(1);
    expect(alertsIn(other)).toHaveLength(2);
    expect(fake.callsOf('sendMessage').filter((c) => isSendTo(c, gone) && !c.payload.reply_parameters)).toHaveLength(2); // welcome, refused alert
  });

  it('sends nothing again after a restart on the same SQLite file that re-reads the same feed', async () => {
    harness.serve('presse', [hospitalAttack(), townHallAttack()]);
    const first = await vigie();
    const chat = group(-1005008, 'Cellule de crise');
    await addTo(chat);
    expect((await first.cycle())?.alerts).toBe(2);
    expect(alertsIn(chat)).toHaveLength(2);
    const sendsBefore = fake.callsOf('sendMessage').length;
    await first.close();

    harness.clock.advance(TEN_MINUTES);
    const callsBefore = fake.calls.length;
    const second = await vigie();
    // The new bot is long polling with nothing to fetch: updates handled before the restart are not handled again.
    await vi.waitFor(() => expect(fake.pollsWaiting).toBe(1));
    expect(fake.calls.slice(callsBefore).filter((c) => c.method === 'getUpdates' && (c.result as unknown[]).length > 0)).toEqual([]);
    const report = await second.cycle();
    // Re-read, and recognised as the body read before the restart: nothing parsed, nothing sent.
    expect(report).toMatchObject({ polled: 1, unchanged: 1, items: 0, alerts: 0 });
    expect(harness.feeds.hits('/presse.xml')).toBe(2);
    expect(await second.app.delivery.drain()).toMatchObject({ sent: 0, failed: 0 });
    expect(fake.callsOf('sendMessage')).toHaveLength(sendsBefore);
  });

  it('renders hostile feed text (markup, stray &, @everyone, 10,000 characters) as valid Telegram HTML within 4096 characters', async () => {
    harness.serve('presse', [hostileAttack()]);
    const running = await vigie();
    const chat = group(-1005009, 'Veille');
    await addTo(chat);

    expect((await running.cycle())?.alerts).toBe(1);
    expect(fake.callsOf('sendMessage').filter((c) => isSendTo(c, chat) && !c.ok)).toEqual([]);
    const [alert] = alertsIn(chat);
    const text = String(alert!.payload.text);
    expect(telegramHtmlError(text)).toBeUndefined();
    expect(visibleLength(text)).toBeLessThanOrEqual(4096);
    expect(text).not.toMatch(/<script/i);
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).not.toContain('alert(3)'); // a real <script> element of the feed's HTML is dropped, not shown
    expect(text).toContain('Montclar');
    expect(text).toContain('@everyone');
    expect(text).not.toMatch(/&(?!(?:lt|gt|amp|quot|#\d+);)/);
  });
});
