/** `vigie discord register`: registers the slash commands from the command line. */
import { loadConfig } from '../config/index.js';
import { ConfigError } from '../core/errors.js';
import { createLogger } from '../logger.js';
import { ChatCommands } from '../pipeline/commands/index.js';
import { createDiscordBot } from '../platforms/discord/bot.js';
import type { DiscordSettings } from '../platforms/discord/platform.js';
import { openStore } from '../store/open-store.js';
import type { CliIo } from './commands.js';

/** Registers globally, or in DISCORD_DEV_GUILD_ID when set. */
export async function runDiscordRegister(_argv: string[], io: CliIo): Promise<number> {
  const config = loadConfig({ env: io.env, cwd: io.cwd });
  const discord = config.platforms['discord'] as DiscordSettings | undefined;
  if (!discord) throw new ConfigError([{ where: 'DISCORD_TOKEN', message: 'required to register the Discord commands' }]);
  const logger = createLogger(config.logLevel, io.stderr);
  const clock = { now: () => Date.now() };
  const store = await openStore('memory://', { retentionMs: config.store.retentionMs, logger, now: clock.now });
  try {
    const commands = new ChatCommands({
      destinations: store.destinations, alerts: store.alerts, clock, logger,
      status: async () => ({ feeds: config.feeds.length, failingFeeds: [] }),
    });
    const bot = createDiscordBot({
      token: discord.token, applicationId: discord.applicationId, commands,
      logger, clock,
      ...(discord.apiUrl ? { apiUrl: discord.apiUrl } : {}),
      ...(discord.devGuildId ? { devGuildId: discord.devGuildId } : {}),
    });
    await bot.registerCommands();
    io.stdout.write(discord.devGuildId
      ? `Slash commands registered in server ${discord.devGuildId}.\n`
      : 'Slash commands registered globally (Discord may take up to an hour to show them everywhere).\n');
    return 0;
  } finally {
    await store.close();
  }
}
