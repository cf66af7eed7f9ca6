/** `vigie feeds check`: read every feed once (no state) and report its health as a table. */
import { FeedError } from '../core/errors.js';
import type { FeedSource } from '../ports.js';
import type { FeedConfig } from '../core/feed-types.js';

/** Health of one feed after one unconditional read. */
export interface FeedCheckRow {
  id: string;
  name: string;
  /** HTTP status when one was received (200, 304, 404 …). */
  status?: number;
  /** Items parsed (after removing same-feed duplicates). */
  items?: number;
  /** Newest item date (epoch ms), when any item is dated. */
  newestItemAt?: number;
  latencyMs: number;
  /** `<kind>: <message>` of the FeedError; absent when the read succeeded. */
  error?: string;
  /** Set when the feed was read only in part (the document broke off): where and why. */
  partial?: string;
}

/**
 * Reads every feed once, without ETag / Last-Modified, concurrently (the source enforces its own
 * limits); rows come back in the order of `feeds`. `now` is the clock in epoch ms.
 */
export async function checkFeeds(
  feeds: FeedConfig[],
  source: FeedSource,
  now: () => number,
  signal: AbortSignal,
): Promise<FeedCheckRow[]> {
  return Promise.all(feeds.map((feed) => checkOne(feed, source, now, signal)));
}

async function checkOne(feed: FeedConfig, source: FeedSource, now: () => number, signal: AbortSignal): Promise<FeedCheckRow> {
  const started = now();
  const row: FeedCheckRow = { id: feed.id, name: feed.name, latencyMs: 0 };
  try {
    const result = await source.read(feed, undefined, signal);
    row.status = result.status;
    if (result.kind === 'ok') {
      row.items = result.items.length;
      if (result.partial !== undefined) row.partial = result.partial;
      for (const { publishedAt } of result.items) {
        if (publishedAt !== undefined && (row.newestItemAt === undefined || publishedAt > row.newestItemAt)) row.newestItemAt = publishedAt;
      }
    }
  } catch (error) {
    if (error instanceof FeedError) {
      row.error = `${error.kind}: ${error.message.replace(`feed ${feed.id}: `, '')}`;
      if (error.status !== undefined) row.status = error.status;
    } else {
      row.error = error instanceof Error ? error.message : String(error);
    }
  }
  row.latencyMs = Math.max(0, Math.round(now() - started));
  return row;
}

const HEADERS = ['feed', 'status', 'items', 'newest item (UTC)', 'latency', 'error'] as const;

/**
 * An aligned plain-text table, one line per feed, columns feed, status, items, newest item, latency,
 * error (`partial: …` for a feed read only in part).
 */
export function formatFeedTable(rows: FeedCheckRow[]): string {
  const cells = rows.map((row) => [
    row.id,
    row.status === undefined ? '-' : String(row.status),
    row.items === undefined ? '-' : String(row.items),
    row.newestItemAt === undefined ? '-' : formatDate(row.newestItemAt),
    `${row.latencyMs} ms`,
    row.error ?? (row.partial !== undefined ? `partial: ${row.partial}` : ''),
  ]);
  const widths = HEADERS.map((header, col) => Math.max(header.length, ...cells.map((line) => (line[col] ?? '').length)));
  const right = new Set([1, 2, 4]);
  const render = (line: readonly string[]): string =>
    line
      .map((cell, col) => {
        const width = widths[col] ?? 0;
        return right.has(col) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [render(HEADERS), render(widths.map((w) => '-'.repeat(w))), ...cells.map(render)].join('\n');
}

function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}
