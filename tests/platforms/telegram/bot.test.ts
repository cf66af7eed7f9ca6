import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/core/types.js';
import { ChatCommands } from '../../../src/pipeline/commands/index.js';
import { createTelegramBot, type TelegramBot } from '../../../src/platforms/telegram/bot.js';
import type { Store } from '../../../src/ports.js';
import { openStore } from '../../../src/store/open-store.js';
import { makeAlert, makeItem, silentLogger } from '../../helpers/builders.js';
import { ANONYMOUS_ADMIN, FakeTelegram, type FakeChat, type FakeUser, type RecordedCall } from '../../helpers/fake-telegram.js';

const clock = { now: () => Date.now() };
const ADMIN: FakeUser = { id: 501, is_bot: false, first_name: 'Amélie' };
const MEMBER: FakeUser = { id: 502, is_bot: false, first_name: 'Bruno' };
const group = (id: number, title = 'Cellule SSI'): FakeChat => ({ id, type: 'supergroup', title });

let fake: FakeTelegram;
let store: Store;
let bot: TelegramBot;
const running = new AbortController();

beforeAll(async () => {
  fake = await FakeTelegram.start();
  store = await openStore('memory://', { retentionMs: 7 * 86_400_000, logger: silentLogger });
  const commands = new ChatCommands({
    destinations: store.destinations, alerts: store.alerts, clock, logger: silentLogger,
    status: async () => ({ feeds: 12, failingFeeds: [] }),
  });
  bot = createTelegramBot({ token: fake.token, apiRoot: fake.apiRoot, commands, logger: silentLogger, clock });
  await bot.start(running.signal);
});

afterAll(async () => {
  running.abort();
  await bot.stop();
  await store.close();
  await fake.close();
});

/** Posts a message as `from` and waits for the bot's reply to it. */
async function say(chat: FakeChat, from: FakeUser, text: string): Promise<RecordedCall> {
  const id = fake.message(chat, from, text);
  return fake.waitForCall((c) => c.method === 'sendMessage' && c.ok && c.payload.chat_id === String(chat.id)
    && (c.payload.reply_parameters as { message_id?: number } | undefined)?.message_id === id);
}

/** Adds the bot to a chat and waits for the welcome. */
async function addTo(chat: FakeChat, by: FakeUser = ADMIN, status = 'member'): Promise<RecordedCall> {
  const before = fake.sentTo(chat.id).length;
  fake.botStatus(chat, by, 'left', status);
  return fake.waitForCall((c) => c.method === 'sendMessage' && c.ok && c.payload.chat_id === String(chat.id) && fake.sentTo(chat.id).length > before);
}

describe('Telegram bot start', () => {
  it('registers the commands in French (default and fr) and English and polls with getUpdates', async () => {
    const registered = fake.commands();
    const byLang = new Map(registered.map((r) => [r.language_code as string, r.commands as { command: string; description: string }[]]));
    expect([...byLang.keys()].sort()).toEqual(['', 'en', 'fr']);
    expect(byLang.get('fr')!.find((c) => c.command === 'latest')?.description).toMatch(/dernières alertes/i);
    expect(byLang.get('en')!.find((c) => c.command === 'latest')?.description).toMatch(/latest alerts/i);
    expect(byLang.get('')).toEqual(byLang.get('fr'));
    expect(byLang.get('fr')!.map((c) => c.command)).not.toContain('setup'); // Discord only
    expect(fake.callsOf('deleteWebhook')).toHaveLength(1);
    await waitUntil(async () => fake.pollsWaiting === 1);
  });
});

describe('Telegram chats and commands', () => {
  it('registers a group it is added to and posts the welcome', async () => {
    const chat = group(-1001001);
    const welcome = await addTo(chat);
    expect(String(welcome.payload.text)).toContain('Vigie surveille la presse');
    expect(welcome.payload.parse_mode).toBe('HTML');
    const dest = await store.destinations.get('telegram:-1001001');
    expect(dest).toMatchObject({ active: true, platform: 'telegram', chatId: '-1001001', title: 'Cellule SSI', keywords: [] });
    const poll = fake.callsOf('getUpdates', true).find((c) => (c.result as unknown[]).length > 0)!;
    expect(poll.payload).toMatchObject({ timeout: 30, allowed_updates: ['message', 'channel_post', 'my_chat_member'] });
  });

  it("confirms an administrator's /subscribe hôpital, replying to the command", async () => {
    const chat = group(-1001002);
    await addTo(chat);
    fake.setMember(chat.id, ADMIN.id, 'administrator');
    const reply = await say(chat, ADMIN, '/subscribe hôpital');
    expect(String(reply.payload.text)).toContain('Ajouté : « hôpital »');
    expect(reply.payload.link_preview_options).toEqual({ is_disabled: true });
    expect((await store.destinations.get('telegram:-1001002'))!.keywords).toEqual(['hôpital']);
  });

  it("refuses a plain member's /subscribe and says why", async () => {
    const chat = group(-1001003);
    await addTo(chat);
    fake.setMember(chat.id, MEMBER.id, 'member');
    const reply = await say(chat, MEMBER, '/abonner hôpital');
    expect(String(reply.payload.text)).toMatch(/Refusé : seuls les administrateurs/);
    expect((await store.destinations.get('telegram:-1001003'))!.keywords).toEqual([]);
  });

  it('lets a member use /subscriptions without asking Telegram who they are', async () => {
    const chat = group(-1001004);
    await addTo(chat);
    const lookups = fake.callsOf('getChatMember').length;
    const reply = await say(chat, MEMBER, '/subscriptions');
    expect(String(reply.payload.text)).toContain('Réglages de cette conversation');
    expect(fake.callsOf('getChatMember')).toHaveLength(lookups);
  });

  it('treats the anonymous group administrator as an administrator', async () => {
    const chat = group(-1001005);
    await addTo(chat);
    const reply = await say(chat, ANONYMOUS_ADMIN, '/categories cyber');
    expect(String(reply.payload.text)).toContain('Catégories : cyberattaques seulement');
    expect((await store.destinations.get('telegram:-1001005'))!.categories).toEqual({ cyberattack: true, outage: false });
  });

  it('asks getChatMember once for two commands in a row (cached)', async () => {
    const chat = group(-1001006);
    await addTo(chat);
    fake.setMember(chat.id, ADMIN.id, 'creator');
    await say(chat, ADMIN, '/subscribe mairie');
    await say(chat, ADMIN, '/subscribe -exercice');
    const lookups = fake.callsOf('getChatMember').filter((c) => c.payload.chat_id === chat.id);
    expect(lookups).toHaveLength(1);
    expect((await store.destinations.get('telegram:-1001006'))!.exclusions).toEqual(['exercice']);
  });

  it('answers /cmd@ThisBot and ignores /cmd@OtherBot and unknown bare commands in groups', async () => {
    const chat = group(-1001007);
    await addTo(chat);
    fake.message(chat, MEMBER, '/latest@AutreBot');
    fake.message(chat, MEMBER, '/weather Paris');
    const reply = await say(chat, MEMBER, `/help@${fake.bot.username}`);
    expect(String(reply.payload.text)).toContain('Commandes :');
    expect(fake.sentTo(chat.id)).toHaveLength(2); // the welcome and the /help reply only
  });

  it('runs commands posted in a channel, the poster being an administrator', async () => {
    const channel: FakeChat = { id: -1002001, type: 'channel', title: 'Veille cyber' };
    await addTo(channel, ADMIN, 'administrator');
    const id = fake.channelPost(channel, '/subscribe ransom*');
    const reply = await fake.waitForCall((c) => c.method === 'sendMessage' && c.payload.chat_id === String(channel.id)
      && (c.payload.reply_parameters as { message_id?: number } | undefined)?.message_id === id);
    expect(String(reply.payload.text)).toContain('« ransom* »');
    expect((await store.destinations.get('telegram:-1002001'))!.keywords).toEqual(['ransom*']);
  });

  it('answers in a private chat, where the user administers the conversation', async () => {
    const me: FakeChat = { id: ADMIN.id, type: 'private', first_name: 'Amélie' };
    const reply = await say(me, ADMIN, '/subscribe panne');
    expect(String(reply.payload.text)).toContain('Ajouté : « panne »');
    const unknown = await say(me, ADMIN, '/meteo');
    expect(String(unknown.payload.text)).toContain('Commande inconnue');
  });

  it('moves the settings when a group migrates to a supergroup', async () => {
    const old: FakeChat = { id: -3003, type: 'group', title: 'Ancien groupe' };
    await addTo(old);
    await say(old, ANONYMOUS_ADMIN, '/subscribe collectivité');
    fake.migrate(old, group(-1003003), ADMIN);
    await waitUntil(async () => (await store.destinations.get('telegram:-1003003')) !== undefined);
    expect((await store.destinations.get('telegram:-1003003'))!.keywords).toEqual(['collectivité']);
    // The old id forwards: entries queued for it go to the supergroup.
    expect(await store.destinations.get('telegram:-3003')).toMatchObject({ active: false, movedTo: 'telegram:-1003003' });
    expect(await store.destinations.get('telegram:-1003003')).toMatchObject({ active: true, movedFrom: 'telegram:-3003' });
  });

  it('deactivates a chat that kicked the bot', async () => {
    const chat = group(-1001008);
    await addTo(chat);
    fake.botStatus(chat, ADMIN, 'member', 'kicked');
    await waitUntil(async () => (await store.destinations.get('telegram:-1001008'))?.active === false);
    expect((await store.destinations.get('telegram:-1001008'))!.active).toBe(false);
  });

  it('forgets a private chat whose user blocked the bot, and welcomes them anew after /start', async () => {
    const me: FakeChat = { id: 7070, type: 'private', first_name: 'Léa' };
    const lea: FakeUser = { id: 7070, is_bot: false, first_name: 'Léa' };
    await addTo(me, lea);
    expect((await store.destinations.get('telegram:7070'))?.active).toBe(true);
    fake.botStatus(me, lea, 'member', 'kicked');
    await waitUntil(async () => (await store.destinations.get('telegram:7070')) === undefined);
    fake.botStatus(me, lea, 'kicked', 'member');
    await waitUntil(async () => (await store.destinations.get('telegram:7070'))?.active === true);
  });

  it('lists the alerts saved in the store on /latest, escaped', async () => {
    const chat = group(-1001009);
    await addTo(chat);
    const alerts: Alert[] = [
      makeAlert({ id: 'l1', createdAt: clock.now() - 60_000, item: makeItem({ id: 'i1', link: 'https://presse.example/valmont', source: 'Ouest <Info>' }) }),
      makeAlert({ id: 'l2', createdAt: clock.now() - 30_000, item: makeItem({ id: 'i2', title: 'Panne géante chez un opérateur', link: 'https://presse.example/panne' }) }),
    ];
    alerts[1]!.classification = { ...alerts[1]!.classification, category: 'outage', subtype: 'telecom', entities: { victim: 'Opérateur & Cie', actors: [] } };
    for (const a of alerts) await store.alerts.save(a);
    const reply = await say(chat, MEMBER, '/latest 2');
    const text = String(reply.payload.text);
    expect(text).toContain('Les 2 dernières alertes');
    expect(text).toContain('🔌 <a href="https://presse.example/panne">Opérateur &amp; Cie</a> (télécoms)');
    expect(text).toContain('Ouest &lt;Info&gt;');
    expect(text.indexOf('Opérateur')).toBeLessThan(text.indexOf('Valmont'));
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
