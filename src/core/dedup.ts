/** Dedup keys of news items, and the small stable hash they use. Pure: no I/O. */
import { fold, words } from './text.js';
import type { NewsItem } from './types.js';

/** Keys longer than this are replaced by a hash (store keys stay short). */
const MAX_KEY_BODY = 96;
/** A folded title needs this many words to identify a story across outlets. */
export const MIN_TITLE_WORDS = 6;

/** FNV-1a 64-bit hash of the UTF-8 bytes of `text`, as 16 lower-case hex digits. Stable across runs. */
export function fnv1a64(text: string): string {
  // The 64-bit state as four 16-bit limbs (l3 the highest), so that every product stays a small
  // integer; prime = 2^40 + 0x1b3, i.e. 0x1b3 at limb 0 and 0x100 at limb 2. UTF-8 is encoded as
  // it is read (a lone surrogate as U+FFFD, as TextEncoder writes it), without an encoded copy.
  let l0 = 0x2325;
  let l1 = 0x8422;
  let l2 = 0x9ce4;
  let l3 = 0xcbf2;
  const n = text.length;
  for (let i = 0; i < n; i += 1) {
    const c = text.charCodeAt(i);
    let bytes: number; // the code point's UTF-8 bytes, the first in the lowest 8 bits
    let count: number;
    if (c < 0x80) {
      bytes = c;
      count = 1;
    } else if (c < 0x800) {
      bytes = (0xc0 | (c >> 6)) | ((0x80 | (c & 63)) << 8);
      count = 2;
    } else {
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i += 1;
        bytes = (0xf0 | (cp >> 18)) | ((0x80 | ((cp >> 12) & 63)) << 8) | ((0x80 | ((cp >> 6) & 63)) << 16) | ((0x80 | (cp & 63)) << 24);
        count = 4;
      } else {
        const u = c >= 0xd800 && c <= 0xdfff ? 0xfffd : c;
        bytes = (0xe0 | (u >> 12)) | ((0x80 | ((u >> 6) & 63)) << 8) | ((0x80 | (u & 63)) << 16);
        count = 3;
      }
    }
    for (let k = 0; k < count; k += 1) {
      l0 ^= (bytes >>> (8 * k)) & 0xff;
      const t0 = l0 * 0x1b3;
      const t1 = l1 * 0x1b3 + (t0 >>> 16);
      const t2 = l2 * 0x1b3 + (l0 << 8) + (t1 >>> 16);
      const t3 = l3 * 0x1b3 + (l1 << 8) + (t2 >>> 16);
      l0 = t0 & 0xffff;
      l1 = t1 & 0xffff;
      l2 = t2 & 0xffff;
      l3 = t3 & 0xffff;
    }
  }
  return hex8((l3 << 16) | l2) + hex8((l1 << 16) | l0);
}

function hex8(x: number): string {
  return (x >>> 0).toString(16).padStart(8, '0');
}

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
