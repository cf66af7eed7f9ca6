/** How a destination is named and what it starts with. */
import type { Destination, Platform } from '../../core/types.js';

/** The store key of a chat or channel: `${platform}:${chatId}`. */
export function destinationKey(platform: Platform, chatId: string): string {
  return `${platform}:${chatId}`;
}

/**
 * A new destination with the defaults: both categories, no keywords, French, not paused. Active unless
 * told otherwise (a Discord channel only becomes active through `/setup`).
 */
export function defaultDestination(
  platform: Platform,
  chatId: string,
  now: number,
  extra: { groupId?: string; title?: string; active?: boolean; lang?: Destination['lang'] } = {},
): Destination {
  return {
    key: destinationKey(platform, chatId),
    platform,
    chatId,
    ...(extra.groupId === undefined ? {} : { groupId: extra.groupId }),
    ...(extra.title === undefined ? {} : { title: extra.title }),
    active: extra.active ?? true,
    paused: false,
    categories: { cyberattack: true, outage: true },
    keywords: [],
    exclusions: [],
    lang: extra.lang ?? 'fr',
    createdAt: now,
    updatedAt: now,
  };
}
