/** Identity and source records of alerts, derived from the items that make them. Pure: no I/O. */
import type { StoryFingerprint } from './cluster/fingerprint.js';
import { fnv1a64 } from './hash.js';
import type { AlertSource, NewsItem } from './types.js';

/**
 * Deterministic alert id of an item (`a` + 16 hex digits of FNV-1a 64 over its id), so that a
 * re-run after a crash rebuilds the same alert and its claim, owned by this id, resumes.
 */
export function alertIdFor(item: NewsItem): string {
  return `a${fnv1a64(`alert\n${item.id}`)}`;
}

/**
 * The story fingerprint of one source of an alert, stored beside the alert and written once: an
 * alert listing a fingerprint per outlet grew by about 2 KB with each, and every join rewrites it.
 */
export interface StoryPrint {
  alertId: string;
  itemId: string;
  fingerprint: StoryFingerprint;
}

/**
 * The source record of an item creating or joining a story, as shown. Its fingerprint is a
 * `StoryPrint` of its own (records of alerts stored before that hold it as `fingerprint`).
 */
export function sourceOf(item: NewsItem, now: number): AlertSource {
  return {
    itemId: item.id, source: item.source, title: item.title, addedAt: now,
    ...(item.link ? { link: item.link } : {}),
    ...(item.publishedAt !== undefined ? { publishedAt: item.publishedAt } : {}),
  };
}
