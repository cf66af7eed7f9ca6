/**
 * Vigie on Discord, end to end: the app built by `createApp` (real discord.js client over the fake
 * REST + gateway, real poll pipeline over a local feed server, real SQLite file); then both platforms
 * in one process sharing one store and one dedup.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeDiscord, discordErrors, type FakeGuild } from '../helpers/fake-discord.js';
import { FakeTelegram, type FakeChat, type FakeUser } from '../helpers/fake-telegram.js';
import {
  DISCORD_TOKEN, E2eHarness, hospitalAttack, hostileAttack, TELEGRAM_TOKEN, townHallAttack, type RunningVigie,
} from './support.js';

const GUILD = '730000000000000001';
const GENERAL = '730000000000000002';
const ALERTS = '730000000000000003';
const SOC = '730000000000000004';
const MANAGE_GUILD = 1n << 5n;
const MEMBER = (1n << 10n) | (1n << 11n); // view channel, send messages
const TEN_MINUTES = 600_000;
const ZWJ = '\u200d';

function guild(): FakeGuild {
  return {
    id: GUILD, name: 'Centre hospitalier — DSI', systemChannelId: GENERAL,
    channels: [{ id: GENERAL, name: 'general' }, { id: ALERTS, name: 'alertes-cyber' }, { id: SOC, name: 'soc' }],
  };
}

let harness: E2eHarness;
let discord: FakeDiscord;
const fakes: { close(): Promise<void> }[] = [];

beforeEach(async () => {
  harness = await E2eHarness.start();
});

afterEach(async () => {
  await harness.close();
  while (fakes.length > 0) await fakes.pop()!.close();
});

/** Starts the fake Discord, already in the test guild unless `inGuild` is false. */
async function startDiscord(inGuild = true): Promise<FakeDiscord> {
  discord = await new FakeDiscord({ token: DISCORD_TOKEN, guilds: inGuild ? [guild()] : [] }).start();
  fakes.push(discord);
  return discord;
}

/** Starts the fake Discord and a Vigie connected to it, polling the feed `presse`. */
async function vigie(options: { inGuild?: boolean } = {}): Promise<RunningVigie> {
  await startDiscord(options.inGuild ?? true);
  return harness.vigie({ DISCORD_TOKEN, DISCORD_APPLICATION_ID: discord.applicationId, DISCORD_API_URL: discord.apiUrl }, ['presse']);
}

/** Invokes a slash command in a channel and waits for its final answer. */
async function slash(name: string, permissions: bigint, channelId = GENERAL, options: { name: string; type: number; value: string | number }[] = []) {
  const { id } = discord.invoke({ name, guildId: GUILD, channelId, permissions, options });
  return discord.answer(id);
}

/** `/setup salon:#channel` by someone with Manage Server; resolves once registered. */
async function setUp(channelId: string): Promise<void> {
  const answer = await slash('setup', MANAGE_GUILD, GENERAL, [{ name: 'salon', type: 7, value: channelId }]);
  expect(answer.data.content).toContain(`<#${channelId}>`);
}

/** Messages Vigie posted in a channel that carry an alert embed. */
function embedsIn(channelId: string): any[] {
  return discord.channelMessages(channelId).filter((m) => (m.embeds ?? []).length > 0);
}

function postsTo(channelId: string): number {
  return discord.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${channelId}/messages`).length;
}

/** Characters Discord counts towards an embed's 6000. */
function embedLength(e: any): number {
  return (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.author?.name?.length ?? 0) + (e.footer?.text?.length ?? 0)
    + (e.fields ?? []).reduce((n: number, f: any) => n + f.name.length + f.value.length, 0);
}

describe('Vigie on Discord, end to end', () => {
  it('posts how to start in the system channel when added to a server, with no mention parsed', async () => {
    await vigie({ inGuild: false });
    discord.joinGuild(guild());
    const [hint] = await discord.waitFor(() => discord.channelMessages(GENERAL).length > 0 && discord.channelMessages(GENERAL));
    expect(hint.content).toContain('/setup salon:#canal');
    expect(hint.allowed_mentions).toEqual({ parse: [] });
  });

  it('registers the channel an administrator chooses with /setup, answering only to them', async () => {
    const { app } = await vigie();
    const answer = await slash('setup', MANAGE_GUILD, GENERAL, [{ name: 'salon', type: 7, value: ALERTS }]);
    expect(answer.data.flags).toBe(64);
    expect(answer.data.content).toContain(`<#${ALERTS}>`);
    expect(await app.store.destinations.get(`discord:${ALERTS}`)).toMatchObject({ active: true, groupId: GUILD, keywords: [] });
  });

  it('refuses /setup from a member without Manage Server and registers nothing', async () => {
    const { app } = await vigie();
    const answer = await slash('setup', MEMBER, GENERAL, [{ name: 'salon', type: 7, value: ALERTS }]);
    expect(answer.data.content).toContain('Refusé');
    expect(answer.data.flags).toBe(64);
    expect((await app.store.destinations.get(`discord:${ALERTS}`))?.active ?? false).toBe(false);
  });

  it('delivers a matching incident as exactly one embed in the set-up channel with no mention parsed, and answers /latest', async () => {
    harness.serve('presse', [hospitalAttack(), townHallAttack()]);
    const running = await vigie();
    await setUp(ALERTS);
    const subscribed = await slash('subscribe', MANAGE_GUILD, ALERTS, [{ name: 'mots-cles', type: 3, value: 'hôpital' }]);
    expect(subscribed.data.content).toContain('hôpital');

    expect((await running.cycle())?.alerts).toBe(2);
    const posted = discord.channelMessages(ALERTS);
    expect(posted).toHaveLength(1);
    expect(posted[0].embeds).toHaveLength(1);
    expect(posted[0].embeds[0].url).toBe('https://presse-regionale.example/2024/valbonne-hopital-cyberattaque');
    expect(posted[0].embeds[0].title).toContain('Valbonne-sur-Loir');
    expect(posted[0].allowed_mentions.parse).toEqual([]);
    expect(discord.channelMessages(GENERAL)).toEqual([]); // the system channel is not a destination
    expect(discord.channelMessages(SOC)).toEqual([]);

    const latest = await slash('latest', MEMBER, SOC);
    expect(latest.data.flags ?? 0).toBe(0);
    expect(latest.data.allowed_mentions).toEqual({ parse: [] });
    expect(latest.data.embeds.map((e: any) => e.url)).toEqual(expect.arrayContaining([
      'https://presse-regionale.example/2024/valbonne-hopital-cyberattaque',
      'https://presse-regionale.example/2024/saint-aubin-mairie-cyberattaque',
    ]));
  });

  it('deactivates a destination refused with 50013, says so once in the system channel and sends it no later alert', async () => {
    harness.serve('presse', [hospitalAttack()]);
    const running = await vigie();
    await setUp(ALERTS);
    await setUp(SOC);
    discord.failNext('POST', new RegExp(`^/channels/${ALERTS}/messages$`), discordErrors.missingPermissions);

    expect((await running.cycle())?.alerts).toBe(1);
    expect((await running.app.store.destinations.get(`discord:${ALERTS}`))?.active).toBe(false);
    expect(discord.channelMessages(ALERTS)).toEqual([]);
    expect(embedsIn(SOC)).toHaveLength(1);
    const notices = discord.channelMessages(GENERAL);
    expect(notices).toHaveLength(1);
    expect(notices[0].content).toContain(`<#${ALERTS}>`);
    expect(notices[0].allowed_mentions).toEqual({ parse: [] });

    const refusedPosts = postsTo(ALERTS);
    harness.serve('presse', [hospitalAttack(), townHallAttack()]);
    harness.clock.advance(TEN_MINUTES);
    expect((await running.cycle())?.alerts).toBe(1);
    expect(embedsIn(SOC)).toHaveLength(2);
    expect(postsTo(ALERTS)).toBe(refusedPosts);
    expect(discord.channelMessages(GENERAL)).toHaveLength(1);
  });

  it('renders hostile feed text within the embed limits, markdown escaped, and without any live mention', async () => {
    harness.serve('presse', [hostileAttack()]);
    const running = await vigie();
    await setUp(ALERTS);

    expect((await running.cycle())?.alerts).toBe(1);
    const [message] = discord.channelMessages(ALERTS);
    expect(message.content ?? '').toBe('');
    expect(message.allowed_mentions).toEqual({ parse: [] });
    const [embed] = message.embeds;
    expect(embed.title.length).toBeLessThanOrEqual(256);
    expect(embed.title).toMatch(/…$/); // the escaped title was longer: cut, not refused by Discord
    expect(embed.description.length).toBeLessThanOrEqual(4096);
    for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(1024);
    expect(embedLength(embed)).toBeLessThanOrEqual(6000);
    const text = JSON.stringify(embed);
    expect(text).not.toMatch(/@(everyone|here)/);
    expect(text).toContain(`@${ZWJ}everyone`);
    expect(text).not.toMatch(/<@&\d+>/);
    expect(embed.title).toContain('\\*\\*rançongiciel\\*\\*');
    expect(embed.title).toContain('\\[lien\\]');
    expect(text).not.toContain('alert(3)'); // a real <script> element of the feed's HTML is dropped
  });
});

describe('Vigie on Telegram and Discord in one process', () => {
  const ADMIN: FakeUser = { id: 8201, is_bot: false, first_name: 'Inès' };

  it('announces one incident carried by two feeds once on each platform, sharing one store and one dedup', async () => {
    const story = hospitalAttack();
    harness.serve('presse', [story]);
    harness.serve('agence', [{ ...story, link: 'https://agence-depeches.example/fil/123456' }]);
    const telegram = await FakeTelegram.start({ token: TELEGRAM_TOKEN });
    fakes.push(telegram);
    await startDiscord();
    const running = await harness.vigie({
      TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_API_ROOT: telegram.apiRoot,
      DISCORD_TOKEN, DISCORD_APPLICATION_ID: discord.applicationId, DISCORD_API_URL: discord.apiUrl,
    }, ['presse', 'agence']);
    const chat: FakeChat = { id: -1006001, type: 'supergroup', title: 'Cellule de crise' };
    telegram.botStatus(chat, ADMIN, 'left', 'member');
    await telegram.waitForCall((c) => c.method === 'sendMessage' && c.ok && String(c.payload.chat_id) === String(chat.id), 10_000);
    await setUp(ALERTS);

    const report = await running.cycle();
    expect(report).toMatchObject({ polled: 2, alerts: 1, duplicates: 1 });
    const telegramAlerts = telegram.sentTo(chat.id).filter((c) => String(c.payload.text).includes('Valbonne-sur-Loir'));
    expect(telegramAlerts).toHaveLength(1);
    expect(embedsIn(ALERTS)).toHaveLength(1);
    const destinations = await running.app.store.destinations.list({ active: true });
    expect(destinations.map((d) => d.key).sort()).toEqual([`discord:${ALERTS}`, `telegram:${chat.id}`]);
  });
});
