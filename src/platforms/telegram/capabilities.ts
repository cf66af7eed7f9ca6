/** What a Telegram chat can do (kept apart from the notifier so the registry loads no SDK). */
import type { PlatformCapabilities } from '../../core/platform.js';

/** Telegram's limit on a message's text. */
export const TELEGRAM_MAX_TEXT = 4096;

/** A Telegram chat: commands where alerts arrive, edits, replies, HTML text of 4096 characters. */
export const TELEGRAM_CAPABILITIES: PlatformCapabilities = {
  commands: true, channelChoice: false, roles: false, edits: true, replies: true, embeds: false,
  maxMessageLength: TELEGRAM_MAX_TEXT, leaves: true,
};
