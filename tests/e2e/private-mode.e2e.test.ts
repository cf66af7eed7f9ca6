/**
 * Private mode (ALLOWED_CHATS) end to end: the app built by `createApp` on a SQLite file, the real
 * grammY and discord.js clients against the fake Bot API and the fake Discord, which record leaveChat
 * and DELETE /users/@me/guilds/:id.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeDiscord, type FakeGuild } from '../helpers/fake-discord.js';
import { FakeTelegram, type FakeChat, type FakeUser, type RecordedCall } from '../helpers/fake-telegram.js';
import { DISCORD_TOKEN, E2eHarness, hospitalAttack, TELEGRAM_TOKEN, type RunningVigie } from './support.js';

const ADMIN: FakeUser = { id: 8101, is_bot: false, first_name: 'Claire' };
const STRANGER: FakeUser = { id: 8109, is_bot: false, first_name: 'Inconnu' };
const LISTED: FakeChat = { id: -1006001, type: 'supergroup', title: 'SOC — autorisé' };
const UNLISTED: FakeChat = { id: -1006002, type: 'supergroup', title: 'Groupe inconnu' };
const REFUSAL = 'Cette instance de Vigie est privée';

let harness: E2eHarness;
const fakes: { close(): Promise<void> }[] = [];

beforeEach(async () => {
  harness = await E2eHarness.start();
});
afterEach(async () => {
  await harness.close();
  while (fakes.length > 0) await fakes.pop()!.close();
});

/** Lets the updates already fetched finish (the quiet refusal sends nothing there is to wait for). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

describe('private mode on Telegram', () => {
  let fake: FakeTelegram;
  beforeEach(async () => {
    fake = await FakeTelegram.start({ token: TELEGRAM_TOKEN });
    fakes.push(fake);
  });

  const vigie = (allowed?: string): Promise<RunningVigie> => harness.vigie({
    TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, ...(allowed ? { ALLOWED_CHATS: allowed } : {}),
  }, ['presse']);
  const sendsTo = (chat: FakeChat | number): RecordedCall[] =>
    fake.callsOf('sendMessage').filter((c) => String(c.payload.chat_id) === String(typeof chat === 'number' ? chat : chat.id));
  const leaves = (chat: FakeChat | number): RecordedCall[] =>
    fake.callsOf('leaveChat').filter((c) => String(c.payload.chat_id) === String(typeof chat === 'number' ? chat : chat.id));
  const addTo = async (chat: FakeChat): Promise<RecordedCall> => {
    fake.setMember(chat.id, ADMIN.id, 'administrator');
    fake.botStatus(chat, ADMIN, 'left', 'member');
    return fake.waitForCall((c) => c.method === 'sendMessage' && String(c.payload.chat_id) === String(chat.id), 10_000);
  };

  it('serves a listed group; an unlisted one gets exactly one refusal and a leaveChat, never an alert', async () => {
    harness.serve('presse', [hospitalAttack(harness.clock.now())]);
    const running = await vigie(`telegram:${LISTED.id}`);
    expect(String((await addTo(LISTED)).payload.text)).toContain('Commandes');

    fake.setMember(UNLISTED.id, ADMIN.id, 'administrator');
    fake.botStatus(UNLISTED, ADMIN, 'left', 'member');
    fake.message(UNLISTED, ADMIN, '/status'); // already on its way when the bot leaves
    await fake.waitForCall((c) => c.method === 'leaveChat' && String(c.payload.chat_id) === String(UNLISTED.id), 10_000);
    await settle();
    fake.message(UNLISTED, STRANGER, '/latest'); // after the leave: Telegram would not even deliver it
    await settle();

    expect(sendsTo(UNLISTED)).toHaveLength(1);
    expect(String(sendsTo(UNLISTED)[0]!.payload.text)).toContain(REFUSAL);
    expect(String(sendsTo(UNLISTED)[0]!.payload.text)).toContain('je me retire');
    expect(leaves(UNLISTED)).toHaveLength(1);
    expect(await running.app.store.destinations.get(`telegram:${UNLISTED.id}`)).toBeUndefined();

    expect((await running.cycle())?.alerts).toBe(1);
    expect(sendsTo(LISTED).filter((c) => String(c.payload.text).includes('Valbonne-sur-Loir'))).toHaveLength(1);
    expect(sendsTo(UNLISTED)).toHaveLength(1);
  }, 60_000);

  it('refuses a private chat with an unlisted user without leaving it; a listed user is served', async () => {
    await vigie(`telegram:${LISTED.id},telegram:${ADMIN.id}`);
    const stranger: FakeChat = { id: STRANGER.id, type: 'private', first_name: STRANGER.first_name };
    fake.botStatus(stranger, STRANGER, 'left', 'member'); // the user presses Start…
    fake.message(stranger, STRANGER, '/start'); // …which also sends /start
    await fake.waitForCall((c) => c.method === 'sendMessage' && String(c.payload.chat_id) === String(STRANGER.id), 10_000);
    await settle();
    expect(sendsTo(STRANGER.id)).toHaveLength(1);
    expect(String(sendsTo(STRANGER.id)[0]!.payload.text)).toContain(REFUSAL);
    expect(String(sendsTo(STRANGER.id)[0]!.payload.text)).not.toContain('je me retire');
    expect(fake.callsOf('leaveChat')).toHaveLength(0);

    const own: FakeChat = { id: ADMIN.id, type: 'private', first_name: ADMIN.first_name };
    fake.message(own, ADMIN, '/start');
    const reply = await fake.waitForCall((c) => c.method === 'sendMessage' && String(c.payload.chat_id) === String(ADMIN.id), 10_000);
    expect(String(reply.payload.text)).not.toContain(REFUSAL);
  }, 60_000);

  it('at a start with ALLOWED_CHATS, a stored group it does not list is deactivated, gets no alert, and is left at its next command', async () => {
    const before = await vigie();
    await addTo(UNLISTED);
    await before.close();

    harness.serve('presse', [hospitalAttack(harness.clock.now())]);
    const running = await vigie(`telegram:${LISTED.id}`);
    expect(await running.app.store.destinations.get(`telegram:${UNLISTED.id}`)).toMatchObject({ active: false, excluded: true });
    expect((await running.cycle())?.alerts).toBe(1);
    expect(sendsTo(UNLISTED)).toHaveLength(1); // the welcome of the first start, no alert

    fake.message(UNLISTED, ADMIN, '/latest');
    await fake.waitForCall((c) => c.method === 'leaveChat' && String(c.payload.chat_id) === String(UNLISTED.id), 10_000);
    expect(sendsTo(UNLISTED)).toHaveLength(2);
    expect(String(sendsTo(UNLISTED)[1]!.payload.text)).toContain(REFUSAL);
  }, 60_000);
});

describe('private mode on Discord', () => {
  const LISTED_GUILD = '760000000000000001';
  const server = (n: number, extra: Partial<FakeGuild> = {}): FakeGuild => {
    const id = `76000000000000${String(n).padStart(2, '0')}00`;
    return {
      id, name: `Serveur ${n}`, systemChannelId: `${id.slice(0, -2)}01`,
      channels: [{ id: `${id.slice(0, -2)}01`, name: 'general' }, { id: `${id.slice(0, -2)}02`, name: 'alertes' }], ...extra,
    };
  };
  let discord: FakeDiscord;
  const leaves = (guildId: string) => discord.calls.filter((c) => c.method === 'DELETE' && c.path === `/users/@me/guilds/${guildId}`);
  const postsIn = (channelId: string) => discord.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${channelId}/messages`);
  const start = async (guilds: FakeGuild[]): Promise<RunningVigie> => {
    discord = await new FakeDiscord({ token: DISCORD_TOKEN, guilds }).start();
    fakes.push(discord);
    return harness.vigie({
      DISCORD_TOKEN, DISCORD_APPLICATION_ID: discord.applicationId, DISCORD_API_URL: discord.apiUrl, ALLOWED_CHATS: `discord:${LISTED_GUILD}`,
    }, ['presse']);
  };

  it('a server joined that the list does not name gets the refusal in a channel it may write in, then is left; a listed one is welcomed', async () => {
    await start([]);
    const listed = { ...server(1), id: LISTED_GUILD };
    discord.joinGuild(listed);
    await discord.waitFor(() => postsIn(listed.systemChannelId!).length > 0);

    const other = server(2);
    discord.joinGuild(other);
    await discord.waitFor(() => leaves(other.id).length > 0);
    expect(postsIn(other.systemChannelId!)).toHaveLength(1);
    expect(postsIn(other.systemChannelId!)[0]!.body.content).toContain(REFUSAL);

    // No system channel: the first text channel the bot may write in.
    const noSystem = server(3, { systemChannelId: null });
    discord.joinGuild(noSystem);
    await discord.waitFor(() => leaves(noSystem.id).length > 0);
    expect(postsIn(noSystem.channels[0]!.id)[0]?.body.content).toContain(REFUSAL);

    // Nowhere to write: left without a word.
    const mute = server(4, { everyonePermissions: 0n });
    discord.joinGuild(mute);
    await discord.waitFor(() => leaves(mute.id).length > 0);
    expect(mute.channels.flatMap((c) => postsIn(c.id))).toHaveLength(0);

    expect(leaves(LISTED_GUILD)).toHaveLength(0);
    expect(String(postsIn(listed.systemChannelId!)[0]!.body.content)).not.toContain(REFUSAL);
  }, 60_000);

  it('a slash command in an unlisted server the bot was already in is answered with the refusal, then the bot leaves it', async () => {
    const old = server(5);
    const running = await start([old]);
    const { id } = discord.invoke({ name: 'setup', guildId: old.id, channelId: old.channels[1]!.id, permissions: 1n << 5n });
    const answer = await discord.answer(id);
    expect(answer.data.content).toContain(REFUSAL);
    await discord.waitFor(() => leaves(old.id).length > 0);
    expect(leaves(old.id)).toHaveLength(1);
    expect(await running.app.store.destinations.list()).toEqual([]);
  }, 60_000);
});
