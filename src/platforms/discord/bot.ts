/**
 * The Discord edge: a discord.js client per gateway session (Guilds intent only) turning guild events
 * and slash commands into command-layer calls, plus the notifier with a REST client of its own. With
 * `apiUrl` set, REST and (through `GET /gateway/bot`) the gateway are whatever that server says — a
 * proxy or a test fake.
 */
import { once } from 'node:events';
import {
  ChannelType, Client, DiscordAPIError, Events, GatewayIntentBits, PermissionFlagsBits, REST, Routes,
  type Guild, type NonThreadGuildBasedChannel, type DMChannel,
} from 'discord.js';
import { ConfigError, VigieError } from '../../core/errors.js';
import type { Clock, CommandHandler, Logger } from '../../ports.js';
import { escapeReplyText, LIMITS, truncate } from './format.js';
import { handleChatInput } from './interactions.js';
import { DiscordNotifier } from './notifier.js';
import { slashCommandBodies } from './slash-commands.js';
import { handleReportMenu, reportMenuBody } from './message-menu.js';

/** What the Discord bot needs. */
export interface DiscordBotOptions {
  token: string;
  applicationId: string;
  /** REST base such as `http://127.0.0.1:8080/api` (the client appends `/v10`); Discord's by default. */
  apiUrl?: string;
  /** Register the slash commands in this server only (instant, for development). */
  devGuildId?: string;
  commands: CommandHandler;
  logger: Logger;
  clock: Clock;
  /** Commands slower than this (ms) are deferred, then edited. Default 2000 (Discord allows 3 s). */
  deferAfterMs?: number;
  /** Longest wait for login and the gateway at start-up (ms, default 30 s): a dead API fails, not hangs. */
  startupTimeoutMs?: number;
}

/** A running (or startable) Discord bot. */
export interface DiscordBot {
  readonly notifier: DiscordNotifier;
  /** Logs in and resolves once the gateway is ready; aborting the signal stops the bot. */
  start(signal: AbortSignal): Promise<void>;
  stop(): Promise<void>;
  /** Registers the slash commands: globally, or in `devGuildId` when set. Needs no gateway connection. */
  registerCommands(): Promise<void>;
}

/**
 * Creates the bot; nothing connects before `start` (REST calls work at once). Each `start` logs in a
 * new discord.js client: a destroyed one cannot become ready again (an instance that stops leading
 * and leads again later must get a gateway session again).
 */
export function createDiscordBot(options: DiscordBotOptions): DiscordBot {
  const { logger } = options;
  const api = options.apiUrl?.replace(/\/+$/, '').replace(/\/v\d+$/, '');
  // The notifier's REST client outlives the gateway sessions: delivery goes on in every instance.
  const rest = new REST(api ? { api } : {}).setToken(options.token);
  let client = sessionClient(options, api);
  let used = false;
  const notifier = new DiscordNotifier({ rest, logger, noticeChannel: (id) => postableSystemChannel(client, id) });

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await client.destroy();
  };
  return {
    notifier,
    async start(signal) {
      if (signal.aborted) return;
      if (used) client = sessionClient(options, api);
      used = true;
      stopped = false;
      const timeoutMs = options.startupTimeoutMs ?? 30_000;
      const timeout = AbortSignal.timeout(timeoutMs);
      const ready = once(client, Events.ClientReady, { signal: AbortSignal.any([signal, timeout]) });
      try {
        const login = client.login(options.token);
        login.catch(() => undefined); // reported through the race; a late rejection is not unhandled
        await Promise.race([login.then(() => ready), ready]);
      } catch (error) {
        ready.catch(() => undefined);
        await stop();
        if (signal.aborted) return;
        if (timeout.aborted) throw new VigieError(`discord: no gateway session within ${timeoutMs / 1000} s (check DISCORD_API_URL and the network)`, { cause: error });
        throw loginError(error);
      }
      signal.addEventListener('abort', () => void stop(), { once: true });
    },
    stop,
    async registerCommands() {
      const route = options.devGuildId
        ? Routes.applicationGuildCommands(options.applicationId, options.devGuildId)
        : Routes.applicationCommands(options.applicationId);
      const body = [...slashCommandBodies(), reportMenuBody()];
      try {
        await rest.put(route, { body });
      } catch (error) {
        throw loginError(error, 'registering the slash commands');
      }
      logger.info({ count: body.length, guild: options.devGuildId ?? 'global' }, 'discord: slash commands registered');
    },
  };
}

/** A discord.js client for one gateway session, turning guild events and slash commands into command-layer calls. */
function sessionClient(options: DiscordBotOptions, api: string | undefined): Client {
  const { logger, commands } = options;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...(api ? { rest: { api } } : {}),
  });
  const leave = (guildId: string): Promise<boolean> => leaveGuild(client, guildId, logger);
  const guarded = (what: string, run: () => Promise<unknown>): void => {
    run().catch((error: unknown) => logger.error({ err: error }, `discord: ${what} failed`));
  };
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord: client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord: warning'));
  client.on(Events.ClientReady, (c) => logger.info({ user: c.user.tag, guilds: c.guilds.cache.size }, 'discord: ready'));
  client.on(Events.GuildCreate, (guild) => guarded('guild join', () => welcome(client, guild, commands, logger)));
  client.on(Events.GuildDelete, (guild) => guarded('guild leave', () => commands.left('discord', guild.id, 'bot removed from the server')));
  client.on(Events.ChannelDelete, (channel: DMChannel | NonThreadGuildBasedChannel) => {
    if (!channel.isDMBased()) guarded('channel delete', () => commands.left('discord', channel.id, 'channel deleted'));
  });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isMessageContextMenuCommand()) guarded('report menu', () => handleReportMenu(interaction, { commands, logger, deferAfterMs: 0, leave }));
    if (!interaction.isChatInputCommand()) return;
    guarded('command', () => handleChatInput(interaction, { commands, logger, deferAfterMs: options.deferAfterMs ?? 2000, leave }));
  });
  return client;
}

/**
 * Posts the command layer's welcome in the system channel, when there is one the bot may write in. A
 * server private mode refuses gets the refusal in a channel the bot may write in (if any) and is left.
 */
async function welcome(client: Client, guild: Guild, commands: CommandHandler, logger: Logger): Promise<void> {
  const reply = await commands.joined({ platform: 'discord', chatId: guild.systemChannelId ?? guild.id, groupId: guild.id, title: guild.name });
  if (reply.refusal) {
    const channelId = reply.refusal.quiet ? undefined : postableSystemChannel(client, guild.id) ?? firstPostableChannel(client, guild.id);
    if (channelId) await postText(client, channelId, reply.text).catch((error: unknown) => logger.warn({ err: error, guild: guild.id }, 'discord: refusal not posted'));
    if (reply.refusal.leave) await leaveGuild(client, guild.id, logger);
    return;
  }
  const channelId = postableSystemChannel(client, guild.id);
  if (!channelId) {
    logger.info({ guild: guild.id }, 'discord: joined a server without a system channel the bot may post in');
    return;
  }
  await postText(client, channelId, reply.text);
}

/** Posts plain text in a channel, escaped, pinging no one. */
async function postText(client: Client, channelId: string, text: string): Promise<void> {
  await client.rest.post(Routes.channelMessages(channelId), {
    body: { content: truncate(escapeReplyText(text), LIMITS.content), allowed_mentions: { parse: [] } },
  });
}

/** Leaves a server (DELETE /users/@me/guilds/:id); false when it could not (logged). */
async function leaveGuild(client: Client, guildId: string, logger: Logger): Promise<boolean> {
  try {
    const guild = client.guilds.cache.get(guildId);
    if (guild) await guild.leave();
    else await client.rest.delete(Routes.userGuild(guildId));
    logger.info({ guild: guildId }, 'discord: left the server');
    return true;
  } catch (error) {
    logger.warn({ guild: guildId, err: error }, 'discord: could not leave the server');
    return false;
  }
}

/** The first text channel (by position) the bot may view and write in, when the system channel is not one. */
function firstPostableChannel(client: Client, guildId: string): string | undefined {
  const guild = client.guilds.cache.get(guildId);
  const me = guild?.members.me;
  if (!guild || !me) return undefined;
  const channels = [...guild.channels.cache.values()]
    .filter((c) => c.type === ChannelType.GuildText || c.type === ChannelType.GuildAnnouncement)
    .sort((a, b) => ('position' in a && 'position' in b ? a.position - b.position : 0) || (a.id < b.id ? -1 : 1));
  return channels.find((c) => c.permissionsFor(me).has([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages]))?.id;
}

/** The guild's system channel when the bot may view it and post there. */
function postableSystemChannel(client: Client, guildId: string): string | undefined {
  const guild = client.guilds.cache.get(guildId);
  const channel = guild?.systemChannel;
  const me = guild?.members.me;
  if (!channel || !me) return undefined;
  const can = channel.permissionsFor(me).has([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages]);
  return can ? channel.id : undefined;
}

/** A startup failure as one readable error; an invalid token is a configuration problem. */
function loginError(error: unknown, doing = 'connecting to Discord'): VigieError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'TokenInvalid' || (error instanceof DiscordAPIError && error.status === 401)) {
    return new ConfigError([{ where: 'DISCORD_TOKEN', message: `rejected by Discord while ${doing}` }], { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new VigieError(`discord: ${doing} failed: ${detail}`, { cause: error });
}
