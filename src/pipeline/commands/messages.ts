/**
 * The command layer's view of the vocabulary and of platform capabilities: the words of a language
 * and what a platform unknown to the lookup is assumed to be (a plain chat with commands).
 */
import type { PlatformCapabilities } from '../../core/platform.js';
import type { Lang, Platform } from '../../core/types.js';
import { vocabulary, type Vocabulary } from '../../core/vocabulary/index.js';

/** The words of a language (the vocabulary lives in core/vocabulary). */
export function messagesFor(lang: Lang): Vocabulary {
  return vocabulary(lang);
}

/** A plain chat: commands typed where alerts arrive, no channel choice, no roles, edits and replies. */
export const PLAIN_CHAT: PlatformCapabilities = {
  commands: true, channelChoice: false, roles: false, edits: true, replies: true, embeds: false, maxMessageLength: 4096, leaves: false,
};

/** Looks up what a platform can do. */
export type CapabilityLookup = (platform: Platform) => PlatformCapabilities | undefined;

/** A lookup from a table of capabilities per platform id. */
export function capabilityTable(table: Readonly<Record<Platform, PlatformCapabilities>>): CapabilityLookup {
  return (platform) => (Object.hasOwn(table, platform) ? table[platform] : undefined);
}
