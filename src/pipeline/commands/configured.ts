/** Destinations declared in configuration (console, webhooks): what to write so the store matches it. */
import type { ConfiguredDestination } from '../../core/platform.js';
import type { Destination, Platform } from '../../core/types.js';
import { defaultDestination, destinationKey } from './defaults.js';

/**
 * The destinations to write so that the platform's stored ones match its configuration: each listed
 * one registered or updated (its settings from the list), active unless it was deactivated because
 * its target was gone and its fingerprint has not changed since; the others deactivated.
 */
export function configuredChanges(
  platform: Platform, stored: readonly Destination[], listed: readonly ConfiguredDestination[], now: number,
): Destination[] {
  const byKey = new Map(stored.map((d) => [d.key, d]));
  const changes: Destination[] = [];
  const keep = new Set<string>();
  for (const entry of listed) {
    const key = destinationKey(platform, entry.chatId);
    keep.add(key);
    const existing = byKey.get(key);
    const base = existing ?? defaultDestination(platform, entry.chatId, now);
    // A target found gone stays off until the operator changes it (a new URL, a new fingerprint).
    const stillGone = entry.fingerprint !== undefined && existing !== undefined && !existing.active
      && existing.groupId === entry.fingerprint;
    const next: Destination = {
      ...base,
      ...(entry.title === undefined ? {} : { title: entry.title }),
      ...(entry.categories === undefined ? {} : { categories: entry.categories }),
      ...(entry.keywords === undefined ? {} : { keywords: entry.keywords }),
      ...(entry.exclusions === undefined ? {} : { exclusions: entry.exclusions }),
      ...(entry.lang === undefined ? {} : { lang: entry.lang }),
      ...(entry.fingerprint === undefined ? {} : { groupId: entry.fingerprint }),
      active: existing === undefined || !stillGone,
    };
    if (existing === undefined || JSON.stringify(next) !== JSON.stringify(existing)) changes.push({ ...next, updatedAt: now });
  }
  for (const d of stored) {
    if (!keep.has(d.key) && d.active) changes.push({ ...d, active: false, updatedAt: now });
  }
  return changes;
}
