/** Dedup keys of news items (long ones hashed with `fnv1a64`). Pure: no I/O. */
import { fnv1a64 } from './hash.js';
import { fold, words } from './text.js';
import type { NewsItem } from './types.js';

/** Keys longer than this are replaced by a hash (store keys stay short). */
const MAX_KEY_BODY = 96;
/** A folded title needs this many words to identify a story across outlets. */
export const MIN_TITLE_WORDS = 6;

/**
 * The keys under which an item is claimed in the seen log; the item is new only when none was
 * claimed before. `u:` the canonical link without scheme and `www.`, when the link is the item's
 * own (not `sharedLink`); `g:<feedId>:<guid>` for items with a guid, `g:<feedId>:<id>` for the others
 * without a link of their own; `t:` the folded title when it has at least six words, so wire
 * copies with different links collide. Long keys are hashed. The keys of an item with its own link
 * and no guid, or no link, are those of earlier versions; a guid only adds its `g:` key.
 */
export function dedupKeys(item: NewsItem): string[] {
  const keys: string[] = [];
  if (ownLink(item)) keys.push(key('u', urlKeyBody(item.link as string)));
  if (item.guid !== undefined) keys.push(key('g', `${item.feedId}:${item.guid}`));
  else if (!ownLink(item)) keys.push(key('g', `${item.feedId}:${item.id}`));
  const title = titleKeyBody(item.title);
  if (title !== undefined) keys.push(key('t', title));
  return keys;
}

/**
 * The key marking an item as taken in (analysed, and claimed when an incident), from its first
 * dedup key: a later poll that finds it skips the item before any analysis. Distinct from the
 * claim keys, which only incidents take and whose owners a resumed claim reads.
 */
export function seenMarkKey(item: NewsItem): string {
  return ownLink(item) ? key('h:u', urlKeyBody(item.link as string)) : key('h:g', `${item.feedId}:${item.guid ?? item.id}`);
}

/** Whether a key is an item mark made by `seenMarkKey` (never one of an item's claim keys). */
export function isSeenMark(key: string): boolean {
  return key.startsWith('h:');
}

/** True when the item's link identifies it (other items of its feed do not share it). */
function ownLink(item: NewsItem): boolean {
  return item.link !== undefined && item.sharedLink !== true;
}

/** The folded title used by title keys ("Cyberattaque : l'hôpital…" → "cyberattaque hopital …"), or undefined when too short. */
export function titleKeyBody(title: string): string | undefined {
  const list = words(fold(title));
  return list.length >= MIN_TITLE_WORDS ? list.join(' ') : undefined;
}

function urlKeyBody(link: string): string {
  return link.replace(/^https?:\/\//i, '').replace(/^www\./i, '');
}

function key(prefix: string, body: string): string {
  return body.length > MAX_KEY_BODY ? `${prefix}:#${fnv1a64(body)}` : `${prefix}:${body}`;
}
