/** What Discord can do (kept apart from the notifier so the registry loads no SDK). */
import type { PlatformCapabilities } from '../../core/platform.js';

/** Discord channels: chosen with /setup in a server (which the bot can leave), roles, edits, replies, embeds; 2000-character content. */
export const DISCORD_CAPABILITIES: PlatformCapabilities = {
  commands: true, channelChoice: true, roles: true, edits: true, replies: true, embeds: true, maxMessageLength: 2000, leaves: true,
};
