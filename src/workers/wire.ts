/** How results and errors cross the thread boundary: structured clone keeps plain data, not classes. */
import { FeedError, type FeedErrorKind } from '../core/errors.js';

/** An error as plain data. */
export interface WireError {
  message: string;
  feed?: { feedId: string; kind: FeedErrorKind; status?: number };
}

/** A task's outcome as plain data. */
export type Wire<T> = { ok: true; value: T } | { ok: false; error: WireError };

/** Runs `fn` and wraps its outcome (a FeedError keeps its feed, kind and status). */
export async function toWire<T>(fn: () => T | Promise<T>): Promise<Wire<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    if (error instanceof FeedError) {
      const feed = { feedId: error.feedId, kind: error.kind, ...(error.status !== undefined ? { status: error.status } : {}) };
      return { ok: false, error: { message: error.message, feed } };
    }
    return { ok: false, error: { message: error instanceof Error ? error.message : String(error) } };
  }
}

/** The value, or the error rebuilt (a FeedError again when it was one). */
export function fromWire<T>(wire: Wire<T>, where: string): T {
  if (wire.ok) return wire.value;
  const { message, feed } = wire.error;
  if (feed) {
    // FeedError prefixes "feed <id>: " itself.
    const prefix = `feed ${feed.feedId}: `;
    const bare = message.startsWith(prefix) ? message.slice(prefix.length) : message;
    throw new FeedError(feed.feedId, feed.kind, bare, feed.status !== undefined ? { status: feed.status } : {});
  }
  throw new Error(`${where} failed on a worker thread: ${message}`);
}
