/**
 * What the pipeline knows of a platform: its capabilities, never its name. Also the data a command
 * exchange carries (replies, chat events, `/status` figures).
 */
import type { Alert, IncidentCategory, Lang, Platform } from './types.js';

/** What a platform can do; the command layer and delivery read these instead of comparing names. */
export interface PlatformCapabilities {
  /** Users type commands in its chats (`/latest`, `/subscribe` …). */
  readonly commands: boolean;
  /**
   * Alerts go to channels an administrator picks with `/setup` inside a server (the destination's
   * `groupId`): joining a server registers nothing, and leaving it removes its channels.
   */
  readonly channelChoice: boolean;
  /** A role can be mentioned on major alerts (`/pingrole`). */
  readonly roles: boolean;
  /** A posted message can be edited (new sources); otherwise a short follow-up message is posted. */
  readonly edits: boolean;
  /** A message can answer an earlier one (story changes); otherwise a follow-up message is posted. */
  readonly replies: boolean;
  /** Alerts render as rich cards (embeds, blocks) rather than text only. */
  readonly embeds: boolean;
  /** Most characters of one message's main text. */
  readonly maxMessageLength: number;
  /**
   * The bot can leave a chat it was added to (the whole server, where channels are chosen): private
   * mode (ALLOWED_CHATS) refuses a chat it does not serve by leaving it.
   */
  readonly leaves: boolean;
}

/**
 * A chat private mode serves (ALLOWED_CHATS): its id, or its server's where channels are chosen in a
 * server (capability `channelChoice`).
 */
export interface AllowedChat {
  platform: Platform;
  id: string;
}

/** Which follow-up a message without edit or reply carries: new sources, or a change of the story. */
export type FollowUp = 'sources' | 'story';

/** A permission the bot needs in a channel to post alerts there (channel-choice platforms). */
export type PostPermission = 'view_channel' | 'send_messages' | 'embed_links';

/** A command's answer: plain text (escaped by the platform) and optionally alerts to render. */
export interface CommandReply {
  text: string;
  alerts?: Alert[];
  /** Visible only to the caller (where the platform can do that). */
  ephemeral?: boolean;
  /** Language of the reply (the chat's), for platform-rendered parts such as the alert list; 'fr' when absent. */
  lang?: Lang;
  /**
   * Private mode refused the chat. `leave`: the platform leaves it (or its server) after the reply.
   * `quiet`: it was told moments ago: send nothing where no answer is owed.
   */
  refusal?: { leave: boolean; quiet: boolean };
}

/** Figures `/status` reports. */
export interface StatusInfo {
  feeds: number;
  failingFeeds: { id: string; error: string }[];
  lastCycleAt?: number;
  lastAlertAt?: number;
}

/** A chat or channel the bot was added to, removed from, or that moved (Telegram group → supergroup). */
export interface ChatInfo {
  platform: Platform;
  chatId: string;
  groupId?: string;
  title?: string;
  /** A one-to-one chat with a user (the bot cannot leave it). */
  direct?: boolean;
}

/**
 * A destination declared in configuration rather than chosen in a chat (the console, a webhook):
 * its settings come from there and are applied at every start.
 */
export interface ConfiguredDestination {
  chatId: string;
  title?: string;
  categories?: Record<IncidentCategory, boolean>;
  keywords?: string[];
  exclusions?: string[];
  lang?: Lang;
  /**
   * Identifies the target without revealing it (a webhook URL's hash): a destination deactivated
   * because the target was gone stays off until this changes.
   */
  fingerprint?: string;
}

/** True for an absolute http(s) URL (platform settings, webhook targets). */
export function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
