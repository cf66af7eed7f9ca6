/**
 * Discord's registry entry: its capabilities, its settings read from the environment, and its
 * factory (discord.js, about 40 MB, is loaded only when Discord is configured).
 */
import { isHttpUrl } from '../../core/platform.js';
import type { PlatformConfigContext, PlatformDefinition } from '../../ports.js';
import { DISCORD_CAPABILITIES } from './capabilities.js';

/** Discord settings from the environment. */
export interface DiscordSettings {
  token: string;
  applicationId: string;
  apiUrl?: string;
  devGuildId?: string;
}

/** Reads DISCORD_*; undefined when no token is set. The token itself is never echoed. */
export function readDiscordConfig({ env, problem }: PlatformConfigContext): DiscordSettings | undefined {
  const token = env('DISCORD_TOKEN');
  const applicationId = env('DISCORD_APPLICATION_ID');
  const apiUrl = env('DISCORD_API_URL');
  const devGuildId = env('DISCORD_DEV_GUILD_ID');
  if (apiUrl !== undefined && !isHttpUrl(apiUrl)) problem('DISCORD_API_URL', 'not an http(s) URL');
  if (devGuildId !== undefined && !/^\d{5,25}$/.test(devGuildId)) problem('DISCORD_DEV_GUILD_ID', 'not a Discord id (digits)');
  if (token === undefined) {
    if (applicationId !== undefined) problem('DISCORD_TOKEN', 'missing while DISCORD_APPLICATION_ID is set');
    return undefined;
  }
  if (token.length < 30 || /\s/.test(token)) problem('DISCORD_TOKEN', 'does not look like a bot token');
  if (applicationId === undefined) problem('DISCORD_APPLICATION_ID', 'required with DISCORD_TOKEN (the application id, digits)');
  else if (!/^\d{5,25}$/.test(applicationId)) problem('DISCORD_APPLICATION_ID', 'not a Discord id (digits)');
  return {
    token,
    applicationId: applicationId ?? '',
    ...(apiUrl ? { apiUrl: apiUrl.replace(/\/+$/, '') } : {}),
    ...(devGuildId ? { devGuildId } : {}),
  };
}

/** Discord channels chosen with /setup; slash commands, embeds, roles. */
export const discordPlatform: PlatformDefinition<DiscordSettings> = {
  id: 'discord',
  capabilities: DISCORD_CAPABILITIES,
  readConfig: readDiscordConfig,
  async create(settings, deps) {
    const { createDiscordBot } = await import('./bot.js');
    return createDiscordBot({
      token: settings.token, applicationId: settings.applicationId, commands: deps.commands,
      logger: deps.logger.child({ part: 'discord' }), clock: deps.clock,
      ...(settings.apiUrl ? { apiUrl: settings.apiUrl } : {}),
      ...(settings.devGuildId ? { devGuildId: settings.devGuildId } : {}),
    });
  },
};
