/** What a webhook outlet can do (kept apart from the notifier so the registry loads nothing heavy). */
import type { PlatformCapabilities } from '../../core/platform.js';

/**
 * An incoming webhook: no commands (its settings come from the webhooks file), no edits and no
 * replies (follow-ups are short messages of their own), rich cards; 3000 characters (Slack's section limit).
 */
export const WEBHOOK_CAPABILITIES: PlatformCapabilities = {
  commands: false, channelChoice: false, roles: false, edits: false, replies: false, embeds: true, maxMessageLength: 3000, leaves: false,
};

/** The payload formats an outlet can be sent. */
export const WEBHOOK_FORMATS = ['slack', 'mattermost', 'teams', 'json'] as const;

/** One of `WEBHOOK_FORMATS`. */
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
