/**
 * The recently polled items' text, on top of a `Backend`. Key layout: `recent:<hash of the
 * normalised URL>` holds a `RecentItem` and expires after `RECENT_ITEM_TTL_MS` (no index: items are
 * only ever read by URL).
 */
import type { SetEntry } from './backend.js';
import { RECENT_ITEM_TTL_MS, recentItemKey, type RecentItem } from '../core/recent-items.js';
import type { RecentItemLog } from '../ports.js';
import type { RepoContext } from './repositories.js';

/** Recently polled items in the backend. */
export class KeyvRecentItemLog implements RecentItemLog {
  constructor(private readonly ctx: RepoContext, private readonly ttlMs = RECENT_ITEM_TTL_MS) {}

  /** The rows of `items` (those whose URL has a key), written with the seen marks (see KeyvStore.markTaken). */
  entries(items: readonly RecentItem[]): SetEntry[] {
    return items.flatMap((item) => {
      const key = recentItemKey(item.url);
      return key === undefined ? [] : [{ key, value: item, ttlMs: this.ttlMs }];
    });
  }

  async get(url: string): Promise<RecentItem | undefined> {
    const key = recentItemKey(url);
    if (key === undefined) return undefined;
    return this.ctx.guard('recentItems.get', async () => this.ctx.backend.get<RecentItem>(key));
  }
}
