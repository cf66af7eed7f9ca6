import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { ChatCommands, commandSpec } from '../../../src/pipeline/commands/index.js';
import { DeliveryWorker } from '../../../src/pipeline/delivery.js';
import { createDiscordBot, type DiscordBot } from '../../../src/platforms/discord/bot.js';
import { openStore } from '../../../src/store/open-store.js';
import type { Store } from '../../../src/ports.js';
import { FakeDiscord, discordErrors, type FakeGuild } from '../../helpers/fake-discord.js';
import { makeAlert, silentLogger, TestClock } from '../../helpers/builders.js';
import { registryCapabilities } from '../../helpers/capabilities.js';

const GUILD = '720000000000000001';
const GENERAL = '720000000000000002';
const ALERTS = '720000000000000003';
const NO_EMBEDS = '720000000000000004';
const MANAGE_GUILD = 1n << 5n;
const ADMINISTRATOR = 1n << 3n;
const MEMBER = (1n << 10n) | (1n << 11n);
const EMBED_LINKS = 1n << 14n;

function guild(): FakeGuild {
  return {
    id: GUILD, name: 'Mairie de Valmont — DSI', systemChannelId: GENERAL, memberCount: 57,
    channels: [
      { id: GENERAL, name: 'general' },
      { id: ALERTS, name: 'alertes-cyber' },
      { id: NO_EMBEDS, name: 'annonces', overwrites: [{ id: GUILD, type: 0, allow: '0', deny: String(EMBED_LINKS) }] },
    ],
  };
}

let fake: FakeDiscord;
let store: Store;
let bot: DiscordBot;
let controller: AbortController;
const clock = new TestClock(1_700_000_000_000);

async function startBot(options: { deferAfterMs?: number; statusDelayMs?: number } = {}): Promise<void> {
  const commands = new ChatCommands({ capabilities: registryCapabilities,
    destinations: store.destinations, alerts: store.alerts, clock, logger: silentLogger,
    status: async () => {
      if (options.statusDelayMs) await new Promise((r) => setTimeout(r, options.statusDelayMs));
      return { feeds: 12, failingFeeds: [] };
    },
  });
  bot = createDiscordBot({
    token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, commands,
    logger: silentLogger, clock,
    ...(options.deferAfterMs === undefined ? {} : { deferAfterMs: options.deferAfterMs }),
  });
  controller = new AbortController();
  await bot.start(controller.signal);
}

beforeEach(async () => {
  fake = await new FakeDiscord({ guilds: [guild()], heartbeatMs: 50 }).start();
  store = await openStore('memory://', { retentionMs: 86_400_000, logger: silentLogger, now: () => clock.now() });
});

afterEach(async () => {
  controller?.abort();
  await bot?.stop();
  await fake.close();
  await store.close();
});

async function command(name: string, permissions: bigint, options: { name: string; type: number; value: string }[] = []) {
  const { id } = fake.invoke({ name, guildId: GUILD, channelId: GENERAL, permissions, options });
  return fake.answer(id);
}

const salon = (channelId: string) => [{ name: 'salon', type: 7, value: channelId }];

describe('Discord bot over the fake gateway', () => {
  it('finds the gateway through GET /gateway/bot, identifies with the Guilds intent only and keeps heartbeating', async () => {
    await startBot();
    expect(fake.calls.some((c) => c.method === 'GET' && c.path === '/gateway/bot')).toBe(true);
    expect(fake.identifies).toHaveLength(1);
    expect(fake.identifies[0]).toMatchObject({ token: fake.token, intents: 1, compress: false, shard: [0, 1] });
    await fake.waitFor(() => fake.heartbeats >= 2);
  });

  it('posts how to start in the system channel when added to a server, and registers no channel', async () => {
    await startBot();
    fake.joinGuild({ id: '720000000000000101', name: 'Clinique', systemChannelId: '720000000000000102',
      channels: [{ id: '720000000000000102', name: 'accueil' }] });
    const [hint] = await fake.waitFor(() => fake.channelMessages('720000000000000102').length > 0 && fake.channelMessages('720000000000000102'));
    expect(hint.content).toContain('/setup salon:#canal');
    expect(hint.allowed_mentions).toEqual({ parse: [] });
    expect(await store.destinations.list({ platform: 'discord' })).toEqual([]);
  });

  it('stays silent when the system channel is closed to the bot', async () => {
    await startBot();
    const closed = '720000000000000202';
    fake.joinGuild({ id: '720000000000000201', name: 'Fermé', systemChannelId: closed,
      channels: [{ id: closed, name: 'accueil', overwrites: [{ id: '720000000000000201', type: 0, allow: '0', deny: String(1n << 11n) }] }] });
    fake.joinGuild({ id: '720000000000000301', name: 'Ouvert', systemChannelId: '720000000000000302',
      channels: [{ id: '720000000000000302', name: 'accueil' }] });
    await fake.waitFor(() => fake.channelMessages('720000000000000302').length > 0);
    expect(fake.channelMessages(closed)).toEqual([]);
  });

  it('registers the channel chosen by an administrator with /setup, answering only to them', async () => {
    await startBot();
    const answer = await command('setup', MANAGE_GUILD | MEMBER, salon(ALERTS));
    expect(answer.data.flags).toBe(64);
    expect(answer.data.content).toContain(`<#${ALERTS}>`);
    expect(answer.data.allowed_mentions).toEqual({ parse: [] });
    expect(await store.destinations.get(`discord:${ALERTS}`)).toMatchObject({ active: true, groupId: GUILD });
  });

  it('accepts the Administrator permission as well as Manage Server', async () => {
    await startBot();
    await command('setup', ADMINISTRATOR, salon(ALERTS));
    expect((await store.destinations.get(`discord:${ALERTS}`))?.active).toBe(true);
  });

  it('refuses /setup from a member without Manage Server', async () => {
    await startBot();
    const answer = await command('setup', MEMBER, salon(ALERTS));
    expect(answer.data.content).toContain('Refusé');
    expect(answer.data.flags).toBe(64);
    expect((await store.destinations.get(`discord:${ALERTS}`))?.active ?? false).toBe(false);
  });

  it('refuses /setup on a channel where the bot may not embed links, naming what is missing', async () => {
    await startBot();
    const answer = await command('setup', MANAGE_GUILD, salon(NO_EMBEDS));
    expect(answer.data.content).toContain('intégrer des liens');
    expect(await store.destinations.get(`discord:${NO_EMBEDS}`)).toBeUndefined();
  });

  it('answers /subscribe in the channel and keeps the keywords', async () => {
    await startBot();
    const { id } = fake.invoke({ name: 'subscribe', guildId: GUILD, channelId: ALERTS, permissions: MANAGE_GUILD,
      options: [{ name: 'mots-cles', type: 3, value: 'hôpital, "mairie de Valmont"' }] });
    const answer = await fake.answer(id);
    expect(answer.data.flags).toBe(64);
    expect(answer.data.content).toContain('hôpital');
    expect((await store.destinations.get(`discord:${ALERTS}`))?.keywords).toEqual(['hôpital', 'mairie de Valmont']);
  });

  it('answers /latest for everyone with the recent alerts as embeds', async () => {
    await startBot();
    await store.alerts.save(makeAlert({ id: 'latest-1', createdAt: clock.now() }));
    const answer = await command('latest', MEMBER, [{ name: 'nombre', type: 4, value: 3 as never }]);
    expect(answer.data.flags ?? 0).toBe(0);
    expect(answer.data.embeds).toHaveLength(1);
    expect(answer.data.embeds[0].title).toContain('Valmont');
    expect(answer.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('defers a slow command and edits the deferred reply', async () => {
    await startBot({ deferAfterMs: 10, statusDelayMs: 200 });
    const answer = await command('status', MEMBER);
    expect(answer.deferred).toBe(true);
    expect(answer.data.content).toContain('12');
  });

  it('deactivates a destination whose channel is deleted', async () => {
    await startBot();
    await command('setup', MANAGE_GUILD, salon(ALERTS));
    fake.deleteChannel(GUILD, ALERTS);
    await vi.waitFor(async () => expect((await store.destinations.get(`discord:${ALERTS}`))?.active).toBe(false));
  });

  it('keeps the destinations of a server that is only unavailable (Discord outage)', async () => {
    await startBot();
    await command('setup', MANAGE_GUILD, salon(ALERTS));
    fake.leaveGuild(GUILD, { unavailable: true });
    await command('latest', MEMBER); // gateway events arrive in order: the outage was handled before
    expect((await store.destinations.get(`discord:${ALERTS}`))?.active).toBe(true);
  });

  it('resumes the session after the gateway drops the connection and keeps answering', async () => {
    await startBot();
    fake.dropConnections(4000);
    await fake.waitFor(() => fake.resumes.length > 0);
    expect(fake.identifies).toHaveLength(1);
    const answer = await command('help', MEMBER);
    expect(answer.data.content).toContain('/setup');
  });

  it('deactivates every destination of a server the bot is removed from', async () => {
    await startBot();
    await command('setup', MANAGE_GUILD, salon(ALERTS));
    await command('setup', MANAGE_GUILD, salon(GENERAL));
    fake.leaveGuild(GUILD);
    await vi.waitFor(async () => {
      const active = await store.destinations.list({ platform: 'discord', active: true });
      expect(active).toEqual([]);
    });
  });

  it('delivers a matching alert as exactly one embed, then deactivates the channel on 50013', async () => {
    await startBot();
    await command('setup', MANAGE_GUILD, salon(ALERTS));
    const worker = new DeliveryWorker({
      outbox: store.outbox, destinations: store.destinations, alerts: store.alerts,
      notifiers: { discord: bot.notifier }, membership: new ChatCommands({ capabilities: registryCapabilities,
        destinations: store.destinations, alerts: store.alerts, clock, logger: silentLogger,
        status: async () => ({ feeds: 0, failingFeeds: [] }),
      }), clock, logger: silentLogger,
    });
    const key = `discord:${ALERTS}`;
    const entry = (alertId: string) => ({ id: `send:${key}:${alertId}`, kind: 'send' as const, destinationKey: key, alertId,
      status: 'pending' as const, attempts: 0, notBefore: 0, createdAt: clock.now() });
    await store.alerts.save(makeAlert({ id: 'e2e-1', createdAt: clock.now() }));
    await store.outbox.enqueue([entry('e2e-1')]);
    await worker.drain();
    const posted = fake.channelMessages(ALERTS);
    expect(posted).toHaveLength(1);
    expect(posted[0].embeds).toHaveLength(1);
    expect(posted[0].allowed_mentions.parse).toEqual([]);

    fake.failNext('POST', new RegExp(`/channels/${ALERTS}/messages`), discordErrors.missingPermissions);
    await store.alerts.save(makeAlert({ id: 'e2e-2', createdAt: clock.now() }));
    await store.outbox.enqueue([entry('e2e-2')]);
    await worker.drain();
    expect((await store.destinations.get(key))?.active).toBe(false);
    expect(fake.channelMessages(GENERAL).some((m) => m.content.includes(`<#${ALERTS}>`))).toBe(true);
  });

  it('rejects a token Discord refuses with a configuration error', async () => {
    const commands = new ChatCommands({ capabilities: registryCapabilities, destinations: store.destinations, alerts: store.alerts, clock, logger: silentLogger,
      status: async () => ({ feeds: 0, failingFeeds: [] }) });
    bot = createDiscordBot({ token: 'wrong-token', applicationId: fake.applicationId, apiUrl: fake.apiUrl, commands, logger: silentLogger, clock });
    controller = new AbortController();
    const error = await bot.start(controller.signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).not.toContain('wrong-token');
  });
});

describe('slash command registration', () => {
  function registrar(devGuildId?: string): DiscordBot {
    const commands = new ChatCommands({ capabilities: registryCapabilities, destinations: store.destinations, alerts: store.alerts, clock, logger: silentLogger,
      status: async () => ({ feeds: 0, failingFeeds: [] }) });
    return createDiscordBot({ token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, commands,
      logger: silentLogger, clock, ...(devGuildId ? { devGuildId } : {}) });
  }

  it('registers in the development server when one is set, without connecting to the gateway', async () => {
    await registrar(GUILD).registerCommands();
    const put = fake.calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${fake.applicationId}/guilds/${GUILD}/commands`);
    expect(fake.identifies).toEqual([]);
  });

  it('registers globally by default, with French localisations and Manage Server on settings commands and the report menu', async () => {
    await registrar().registerCommands();
    const put = fake.calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${fake.applicationId}/commands`);
    // Slash commands (type 1); the message menu entry (type 3) reports an alert as wrong.
    const byName = new Map((put.body as any[]).filter((c) => c.type === 1).map((c) => [c.name, c]));
    const menu = (put.body as any[]).filter((c) => c.type === 3);
    expect(menu).toEqual([expect.objectContaining({ name: 'Report: not an incident', name_localizations: { fr: 'Signaler : pas un incident' }, default_member_permissions: '32' })]);
    expect(byName.has('wrong')).toBe(false);
    expect([...byName.keys()].sort()).toEqual(expect.arrayContaining(
      ['latest', 'subscribe', 'unsubscribe', 'subscriptions', 'categories', 'pause', 'resume', 'status', 'setup', 'help']));
    for (const c of byName.values()) {
      expect(c.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
      if (c.name_localizations) expect(c.name_localizations.fr).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
      expect(c.description.length).toBeLessThanOrEqual(100);
      expect(c.description_localizations.fr.length).toBeLessThanOrEqual(100);
      for (const o of c.options) expect(o.name).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
    }
    expect(commandSpec('latest').aliases).toContain(byName.get('latest').name_localizations.fr);
    expect(byName.get('setup').default_member_permissions).toBe('32');
    expect(byName.get('subscribe').default_member_permissions).toBe('32');
    expect(byName.get('latest').default_member_permissions).toBeNull();
    expect(byName.get('setup').options[0]).toMatchObject({ name: 'salon', type: 7, channel_types: [0, 5] });
  });

  it('rejects registration with a refused token as a configuration error', async () => {
    const commands = new ChatCommands({ capabilities: registryCapabilities, destinations: store.destinations, alerts: store.alerts, clock, logger: silentLogger,
      status: async () => ({ feeds: 0, failingFeeds: [] }) });
    const bad = createDiscordBot({ token: 'nope', applicationId: fake.applicationId, apiUrl: fake.apiUrl, commands, logger: silentLogger, clock });
    await expect(bad.registerCommands()).rejects.toBeInstanceOf(ConfigError);
  });
});
