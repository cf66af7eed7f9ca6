/**
 * Telegram's registry entry: its capabilities, its settings read from the environment, and its
 * factory (grammY is loaded only when Telegram is configured).
 */
import { isHttpUrl } from '../../core/platform.js';
import type { PlatformConfigContext, PlatformDefinition } from '../../ports.js';
import { TELEGRAM_CAPABILITIES } from './capabilities.js';

/** Telegram settings from the environment. */
export interface TelegramSettings {
  token: string;
  apiRoot?: string;
  webhook?: { url: string; port: number; secretToken: string };
}

/** Reads TELEGRAM_*; undefined when no token is set. The token itself is never echoed. */
export function readTelegramConfig({ env, problem }: PlatformConfigContext): TelegramSettings | undefined {
  const token = env('TELEGRAM_BOT_TOKEN');
  const apiRoot = env('TELEGRAM_API_ROOT');
  const webhookUrl = env('TELEGRAM_WEBHOOK_URL');
  if (apiRoot !== undefined && !isHttpUrl(apiRoot)) problem('TELEGRAM_API_ROOT', 'not an http(s) URL');
  if (token === undefined) {
    if (webhookUrl !== undefined) problem('TELEGRAM_WEBHOOK_URL', 'set, but TELEGRAM_BOT_TOKEN is missing');
    return undefined;
  }
  if (!/^\d{3,20}:[A-Za-z0-9_-]{20,100}$/.test(token)) {
    problem('TELEGRAM_BOT_TOKEN', 'does not look like a bot token (expected <digits>:<35 characters>, from @BotFather)');
  }
  const telegram: TelegramSettings = { token };
  if (apiRoot !== undefined) telegram.apiRoot = apiRoot.replace(/\/+$/, '');
  if (webhookUrl !== undefined) {
    if (!isHttpUrl(webhookUrl)) problem('TELEGRAM_WEBHOOK_URL', 'not an http(s) URL');
    const portText = env('TELEGRAM_WEBHOOK_PORT') ?? '8443';
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 1 || port > 65_535) problem('TELEGRAM_WEBHOOK_PORT', `"${portText}" is not a TCP port`);
    const secretToken = env('TELEGRAM_WEBHOOK_SECRET');
    // Without a secret anyone who finds the URL can post forged updates (fake chats, fake admins).
    if (secretToken === undefined) {
      problem('TELEGRAM_WEBHOOK_SECRET', 'required with TELEGRAM_WEBHOOK_URL (16+ characters among A-Z, a-z, 0-9, _ and -)');
    } else if (!/^[A-Za-z0-9_-]{16,256}$/.test(secretToken)) {
      problem('TELEGRAM_WEBHOOK_SECRET', 'use 16–256 characters among A-Z, a-z, 0-9, _ and -');
    }
    telegram.webhook = { url: webhookUrl, port, secretToken: secretToken ?? '' };
  }
  return telegram;
}

/** Telegram chats: commands, edits, replies; chats register themselves when the bot is added. */
export const telegramPlatform: PlatformDefinition<TelegramSettings> = {
  id: 'telegram',
  capabilities: TELEGRAM_CAPABILITIES,
  readConfig: readTelegramConfig,
  async create(settings, deps) {
    const { createTelegramBot } = await import('./bot.js');
    const bot = createTelegramBot({
      token: settings.token, commands: deps.commands, logger: deps.logger.child({ part: 'telegram' }), clock: deps.clock,
      ...(settings.apiRoot ? { apiRoot: settings.apiRoot } : {}),
      ...(settings.webhook ? { webhook: settings.webhook } : {}),
      ...(deps.schedule ? { schedule: deps.schedule } : {}),
    });
    // Webhook updates may reach any instance; long polling must be one instance's (the leader's).
    return Object.assign(bot, { receivesEverywhere: settings.webhook !== undefined });
  },
};
