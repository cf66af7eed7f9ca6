/** The FeedSource over HTTP: bounded concurrency, per-host limits, fetch → hash → decode → parse → normalise. */
import { createHash } from 'node:crypto';
import pLimit, { type LimitFunction } from 'p-limit';
import { FeedError } from '../core/errors.js';
import type { FeedSource, Logger } from '../ports.js';
import type { FeedConfig, FeedReadResult, FeedState, FetchOptions } from '../core/feed-types.js';
import { onAbort } from './abort.js';
import { decodeFeedBody, type DecodedBody } from './decode.js';
import { bodyOf, FeedAgents, fetchFeedBody } from './fetch.js';
import { parseItems, type ParsedItems, type ParseJob } from './items.js';

/**
 * Reads feeds over HTTP(S). At most `options.concurrency` requests run at once overall and at most
 * `options.perHost` per host (host:port of the feed URL); a read waiting for a slot still honours
 * its AbortSignal. Every failure rejects with a `FeedError` naming the feed.
 */
export class HttpFeedSource implements FeedSource {
  private readonly global: LimitFunction;
  private readonly hosts = new Map<string, LimitFunction>();
  private readonly agents: FeedAgents;

  /** `parse` turns a body into items (default: on this thread; the app passes its worker pool's). */
  constructor(
    private readonly options: FetchOptions,
    private readonly logger: Logger,
    private readonly parse: (job: ParseJob, known?: (seenMark: string) => boolean) => Promise<ParsedItems> = parseItems,
  ) {
    this.global = pLimit(Math.max(1, options.concurrency));
    this.agents = new FeedAgents(options.perHost, options.timeoutMs);
  }

  /** Closes the idle connections kept for the next requests. */
  close(): void {
    this.agents.close();
  }

  /** Fetches and parses one feed; conditional on `state`'s ETag / Last-Modified (304 → `not_modified`). */
  read(feed: FeedConfig, state: FeedState | undefined, signal: AbortSignal, known?: (seenMark: string) => boolean): Promise<FeedReadResult> {
    let host: string;
    try {
      host = new URL(feed.url).host;
    } catch (error) {
      return Promise.reject(new FeedError(feed.id, 'network', `invalid feed URL ${JSON.stringify(feed.url)}`, { cause: error }));
    }
    // Host slot first, then a global slot: a feed waiting on a busy host never holds a global slot.
    const task = this.hostLimit(host)(() => this.global(() => this.readNow(feed, state, signal, known).catch(typed(feed.id))));
    return raceAbort(feed.id, task, signal);
  }

  private hostLimit(host: string): LimitFunction {
    let limit = this.hosts.get(host);
    if (limit === undefined) {
      limit = pLimit(Math.max(1, this.options.perHost));
      this.hosts.set(host, limit);
    }
    return limit;
  }

  private async readNow(feed: FeedConfig, state: FeedState | undefined, signal: AbortSignal, known?: (seenMark: string) => boolean): Promise<FeedReadResult> {
    // No child logger per read: most reads log nothing, and a child costs its bindings' serialisation.
    const log = this.logger;
    const id = feed.id;
    const body = await this.fetchDecoded(feed, state, signal);
    if (body.kind !== 'changed') return body;
    const { status, contentType, decoded } = body;
    const budgetMs = this.options.parseBudgetMs;
    const job = { feed, text: decoded.text, ...(contentType ? { contentType } : {}), ...(budgetMs !== undefined ? { budgetMs } : {}), status };
    const { items, report, partial, known: flags } = await this.parse(job, known);
    const repaired = report.controlChars + report.c1Controls + report.bareAmpersands + decoded.mojibakeRepairs;
    log.debug({ feed: id, status, bytes: body.bytes, items: items.length, charset: decoded.charset, charsetFrom: decoded.from, redirects: body.redirects }, 'feed read');
    if (repaired > 0) log.debug({ feed: id, ...report, mojibake: decoded.mojibakeRepairs }, 'feed text repaired');
    if (partial !== undefined) log.warn({ feed: id, items: items.length, partial }, 'feed read in part');
    const result: FeedReadResult = {
      kind: 'ok', status, items, bodyHash: body.bodyHash, ...(partial !== undefined ? { partial } : {}), ...(flags !== undefined ? { known: flags } : {}),
    };
    return withValidators(result, body.etag, body.lastModified);
  }

  /**
   * The response, and for a body not seen last time its decoded text. The body's bytes are let go
   * before the parse: held across its pauses they would outlive the young generation and stay
   * allocated (off the JS heap) until a full collection.
   */
  private async fetchDecoded(feed: FeedConfig, state: FeedState | undefined, signal: AbortSignal): Promise<FeedReadResult | ChangedBody> {
    const conditional = { ...(state?.etag ? { etag: state.etag } : {}), ...(state?.lastModified ? { lastModified: state.lastModified } : {}) };
    const response = await fetchFeedBody(feed.id, feed.url, conditional, this.options, signal, this.agents);
    const etag = response.headers.get('etag') ?? undefined;
    const lastModified = response.headers.get('last-modified') ?? undefined;
    if (response.status === 304) {
      this.logger.debug({ feed: feed.id, status: 304 }, 'feed not modified');
      return withValidators({ kind: 'not_modified', status: 304 }, etag, lastModified);
    }
    const contentType = response.headers.get('content-type') ?? undefined;
    const bodyHash = hashBody(response.chunks, contentType);
    if (bodyHash === state?.bodyHash) {
      this.logger.debug({ feed: feed.id, status: response.status, bytes: response.bytes }, 'feed body unchanged');
      return withValidators({ kind: 'unchanged', status: response.status, bodyHash }, etag, lastModified);
    }
    const decoded = decodeFeedBody(bodyOf(response), contentType);
    return { kind: 'changed', status: response.status, contentType, bodyHash, etag, lastModified, decoded, bytes: response.bytes, redirects: response.redirects };
  }
}

/** A response whose body changed since the last read, decoded. */
interface ChangedBody {
  kind: 'changed';
  status: number;
  contentType: string | undefined;
  bodyHash: string;
  etag: string | undefined;
  lastModified: string | undefined;
  decoded: DecodedBody;
  bytes: number;
  redirects: number;
}

/**
 * Identifies a body with the content type it came with (its charset decides how it decodes).
 * SHA-1 is not for security here: only equality with the previous body of the same feed matters.
 */
function hashBody(chunks: readonly Uint8Array[], contentType: string | undefined): string {
  const hash = createHash('sha1').update(contentType ?? '').update('\n');
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest('base64url');
}

function withValidators<T extends FeedReadResult>(result: T, etag: string | undefined, lastModified: string | undefined): T {
  if (etag !== undefined) result.etag = etag;
  if (lastModified !== undefined) result.lastModified = lastModified;
  return result;
}

/** Keeps FeedErrors; anything else (a bug while processing the text) becomes one, with its cause. */
function typed(feedId: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof FeedError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new FeedError(feedId, 'invalid_xml', `could not process the feed: ${message}`, { cause: error });
  };
}

/** Rejects as soon as `signal` aborts, even while the task still waits for a concurrency slot. */
function raceAbort<T>(feedId: string, task: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(new FeedError(feedId, 'aborted', 'aborted', { cause: signal.reason }));
    if (signal.aborted) abort();
    const unlink = signal.aborted ? () => undefined : onAbort(signal, abort);
    task.then(resolve, reject).finally(unlink);
  });
}
