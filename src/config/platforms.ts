/**
 * The platform registry: one entry per platform (its id, capabilities, configuration reader and
 * factory). Configuration and `app.ts` read it; adding a platform is one folder and one line here.
 */
import type { ConfigIssue } from '../core/errors.js';
import type { PlatformCapabilities } from '../core/platform.js';
import type { Platform } from '../core/types.js';
import { consolePlatform } from '../platforms/console/platform.js';
import { discordPlatform } from '../platforms/discord/platform.js';
import { telegramPlatform } from '../platforms/telegram/platform.js';
import { webhookPlatform } from '../platforms/webhook/platform.js';
import type { PlatformDefinition } from '../ports.js';
import { envGetter } from './env.js';

/** Every platform Vigie can post to, in start order. */
export const PLATFORMS: readonly PlatformDefinition[] = [
  telegramPlatform, discordPlatform, webhookPlatform, consolePlatform,
];

/** Each platform's capabilities, by id. */
export function capabilitiesTable(): Record<Platform, PlatformCapabilities> {
  return Object.fromEntries(PLATFORMS.map((p) => [p.id, p.capabilities]));
}

/** Reads every platform's settings; the configured ones by id, problems pushed to `issues`. */
export function readPlatforms(
  env: NodeJS.ProcessEnv, paths: { configDir: string; cwd: string }, issues: ConfigIssue[],
): Record<Platform, unknown> {
  const context = { env: envGetter(env), problem: (where: string, message: string) => void issues.push({ where, message }), ...paths };
  const settings: Record<Platform, unknown> = {};
  for (const platform of PLATFORMS) {
    const read = platform.readConfig(context);
    if (read !== undefined) settings[platform.id] = read;
  }
  return settings;
}

/** The configured platforms other than the fallback (the console), for logs. */
export function chatPlatforms(settings: Readonly<Record<Platform, unknown>>): Platform[] {
  return PLATFORMS.filter((p) => !p.fallback && settings[p.id] !== undefined).map((p) => p.id);
}

/** The settings of the fallback platform (the console) alone: chat platforms configured for the bot left out. */
export function fallbackOnly(settings: Readonly<Record<Platform, unknown>>): Record<Platform, unknown> {
  return Object.fromEntries(PLATFORMS.filter((p) => p.fallback && settings[p.id] !== undefined).map((p) => [p.id, settings[p.id]]));
}
