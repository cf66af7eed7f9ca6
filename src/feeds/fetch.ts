/**
 * One feed request over undici's dispatcher (keep-alive connection pools the caller owns):
 * conditional headers, manual redirects with loop detection, a total timeout that aborts the body
 * too, the caller's AbortSignal, decompression, and a size cap counted on the decompressed bytes.
 * Every failure is a typed FeedError. Node's http client cost about twice undici's CPU per request
 * and Node's `fetch` several times that (web streams, a promise per chunk): at thousands of feeds a
 * cycle is mostly requests. A request is cancelled through a plain callback set, not an AbortSignal
 * of its own: an 'abort' listener per request cost half as much again and set off full collections.
 */
import { Agent } from 'undici';
import { FeedError } from '../core/errors.js';
import type { FetchOptions } from '../core/feed-types.js';
import { onAbort } from './abort.js';
import { ResponseReader, type Exchange, type ResponseHeaders } from './response-reader.js';

export type { ResponseHeaders } from './response-reader.js';

/** A response whose body was read completely (empty for 304). */
export interface FetchedBody {
  status: number;
  /** Final URL after redirects. */
  url: string;
  headers: ResponseHeaders;
  /** The body as it arrived, in pieces (hashing needs no copy); `bodyOf` joins them. */
  chunks: readonly Buffer[];
  /** Its length in bytes. */
  bytes: number;
  redirects: number;
}

/** The body of a response in one piece. */
export function bodyOf(response: FetchedBody): Uint8Array {
  return response.chunks.length === 1 ? response.chunks[0]! : Buffer.concat(response.chunks as Buffer[], response.bytes);
}

/** Validators from the previous successful read. */
export interface Conditional {
  etag?: string;
  lastModified?: string;
}

/** Where a URL's requests go, parsed once. */
interface RequestTarget {
  protocol: string;
  /** scheme://host[:port], credentials left out. */
  origin: string;
  path: string;
}

/** The connection pools requests go through (per origin); `close` ends their sockets. */
export class FeedAgents {
  readonly dispatcher: Agent;
  /** Feed URLs parsed once (the same URLs every cycle), at most a few thousand kept. */
  private readonly targets = new Map<string, RequestTarget>();

  /** `connectTimeoutMs`: how long a connection may take to open (the request's own timeout still applies). */
  constructor(maxSocketsPerHost: number, connectTimeoutMs = 10_000) {
    // A poll cycle reuses its connections; idle ones are closed after 30 s (or by the server), and
    // never keep the process alive (undici unrefs idle sockets). Timeouts are the request's own.
    this.dispatcher = new Agent({
      connections: Math.max(1, maxSocketsPerHost),
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 30_000,
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: { timeout: connectTimeoutMs },
    });
  }

  /** The request target of a URL; throws when it does not parse. */
  target(url: string): RequestTarget {
    let target = this.targets.get(url);
    if (target === undefined) {
      const u = new URL(url);
      target = { protocol: u.protocol, origin: `${u.protocol}//${u.host}`, path: `${u.pathname}${u.search}` };
      if (this.targets.size >= 10_000) this.targets.clear();
      this.targets.set(url, target);
    }
    return target;
  }

  close(): void {
    this.dispatcher.destroy().catch(() => undefined);
  }
}

const ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5';
const TIMEOUT = Symbol('timeout');

/** GETs `url`, following at most `options.maxRedirects` redirects; 2xx and 304 resolve, the rest rejects. */
export async function fetchFeedBody(
  feedId: string,
  url: string,
  conditional: Conditional,
  options: FetchOptions,
  signal: AbortSignal,
  agents: FeedAgents,
): Promise<FetchedBody> {
  if (signal.aborted) throw new FeedError(feedId, 'aborted', 'aborted before the request', { cause: signal.reason });
  const cancel = new Cancel();
  const unlink = onAbort(signal, () => cancel.fire(signal.reason));
  const timer = setTimeout(() => cancel.fire(TIMEOUT), options.timeoutMs);
  try {
    return await follow(feedId, url, requestHeaders(conditional, options), options, cancel, agents);
  } catch (error) {
    throw translate(feedId, error, cancel, options);
  } finally {
    clearTimeout(timer);
    unlink();
  }
}

/** Stops one request's work (the caller aborted, or the timeout passed): callbacks run once, with the reason. */
class Cancel {
  fired = false;
  reason: unknown;
  private readonly hooks = new Set<(reason: unknown) => void>();

  fire(reason: unknown): void {
    if (this.fired) return;
    this.fired = true;
    this.reason = reason;
    for (const hook of [...this.hooks]) hook(reason);
    this.hooks.clear();
  }

  /** Runs `hook` when fired (at once when already fired); returns a function that removes it. */
  on(hook: (reason: unknown) => void): () => void {
    if (this.fired) {
      hook(this.reason);
      return () => undefined;
    }
    this.hooks.add(hook);
    return () => void this.hooks.delete(hook);
  }
}

function requestHeaders(conditional: Conditional, options: FetchOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': options.userAgent,
    accept: ACCEPT,
    'accept-encoding': 'gzip, deflate, br',
    'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5',
  };
  if (conditional.etag) headers['if-none-match'] = conditional.etag;
  if (conditional.lastModified) headers['if-modified-since'] = conditional.lastModified;
  return headers;
}

async function follow(
  feedId: string,
  start: string,
  headers: Record<string, string>,
  options: FetchOptions,
  cancel: Cancel,
  agents: FeedAgents,
): Promise<FetchedBody> {
  const visited = new Set<string>([start]);
  let current = start;
  for (let redirects = 0; ; redirects += 1) {
    const response = await exchange(feedId, current, headers, options.maxBytes, cancel, agents);
    const { status } = response;
    const location = response.headers.get('location');
    if (status >= 300 && status < 400 && status !== 304 && location !== null) {
      const next = resolveLocation(feedId, location, current);
      if (visited.has(next)) throw new FeedError(feedId, 'too_many_redirects', `redirect loop at ${next}`);
      if (redirects >= options.maxRedirects) {
        throw new FeedError(feedId, 'too_many_redirects', `more than ${options.maxRedirects} redirects (last ${next})`);
      }
      visited.add(next);
      current = next;
      continue;
    }
    if (status === 304) return { status: 304, url: current, headers: response.headers, chunks: [], bytes: 0, redirects };
    if (status < 200 || status >= 300) {
      const text = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
      throw new FeedError(feedId, 'http_status', text, { status });
    }
    return { status, url: current, headers: response.headers, chunks: response.chunks, bytes: response.bytes, redirects };
  }
}

/**
 * Sends one GET and reads its whole response. The body of a 2xx is decompressed and kept, failing
 * as soon as it grows past `maxBytes`; any other body (a 304, a redirect, an error page) is drained
 * unread, so its connection can serve the next request.
 */
function exchange(feedId: string, url: string, headers: Record<string, string>, maxBytes: number, cancel: Cancel, agents: FeedAgents): Promise<Exchange> {
  let target: RequestTarget;
  try {
    target = agents.target(url);
  } catch (error) {
    return Promise.reject(new FeedError(feedId, 'network', `invalid feed URL ${JSON.stringify(url)}`, { cause: error }));
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return Promise.reject(new FeedError(feedId, 'network', `unsupported scheme ${target.protocol}`));
  }
  return new Promise((resolve, reject) => {
    const reader = new ResponseReader(feedId, maxBytes, resolve, reject);
    reader.off = cancel.on((reason) => reader.cancel(reason));
    if (reader.settled) return;
    agents.dispatcher.dispatch({ origin: target.origin, path: target.path, method: 'GET', headers }, reader);
  });
}

function resolveLocation(feedId: string, location: string, base: string): string {
  let next: URL;
  try {
    next = new URL(location, base);
  } catch (error) {
    throw new FeedError(feedId, 'network', `invalid redirect location ${JSON.stringify(location.slice(0, 200))}`, { cause: error });
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new FeedError(feedId, 'network', `redirect to unsupported scheme ${next.protocol}`);
  }
  return next.href;
}

function translate(feedId: string, error: unknown, cancel: Cancel, options: FetchOptions): FeedError {
  if (error instanceof FeedError) return error;
  if (cancel.fired && cancel.reason === TIMEOUT) {
    return new FeedError(feedId, 'timeout', `no complete response within ${options.timeoutMs} ms`, { cause: error });
  }
  if (cancel.fired) return new FeedError(feedId, 'aborted', 'request aborted', { cause: error });
  // Node's socket errors carry their code themselves (ECONNREFUSED, ENOTFOUND, CERT_HAS_EXPIRED…).
  const own = (error as { code?: unknown } | undefined)?.code;
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const detail = (typeof own === 'string' ? own : undefined) ?? cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new FeedError(feedId, 'network', `network error: ${detail}`, { cause: error });
}
