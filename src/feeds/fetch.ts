/**
 * One feed request over Node's fetch (undici): conditional headers, manual redirects with loop
 * detection, a total timeout that aborts the body too, the caller's AbortSignal, and a size cap
 * counted on the decompressed stream. Every failure is a typed FeedError.
 */
import { FeedError } from '../core/errors.js';
import type { FetchOptions } from '../core/feed-types.js';
import { onAbort } from './abort.js';

/** A response whose body was read completely (empty for 304). */
export interface FetchedBody {
  status: number;
  /** Final URL after redirects. */
  url: string;
  headers: Headers;
  body: Uint8Array;
  redirects: number;
}

/** Validators from the previous successful read. */
export interface Conditional {
  etag?: string;
  lastModified?: string;
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
): Promise<FetchedBody> {
  if (signal.aborted) throw new FeedError(feedId, 'aborted', 'aborted before the request', { cause: signal.reason });
  const controller = new AbortController();
  const unlink = onAbort(signal, () => controller.abort(signal.reason));
  const timer = setTimeout(() => controller.abort(TIMEOUT), options.timeoutMs);
  try {
    return await follow(feedId, url, requestHeaders(conditional, options), options, controller.signal);
  } catch (error) {
    throw translate(feedId, error, controller.signal, options);
  } finally {
    clearTimeout(timer);
    unlink();
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
  signal: AbortSignal,
): Promise<FetchedBody> {
  const visited = new Set<string>([start]);
  let current = start;
  for (let redirects = 0; ; redirects += 1) {
    const response = await fetch(current, { headers, redirect: 'manual', signal });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && response.status !== 304 && location !== null) {
      await discard(response);
      const next = resolveLocation(feedId, location, current);
      if (visited.has(next)) throw new FeedError(feedId, 'too_many_redirects', `redirect loop at ${next}`);
      if (redirects >= options.maxRedirects) {
        throw new FeedError(feedId, 'too_many_redirects', `more than ${options.maxRedirects} redirects (last ${next})`);
      }
      visited.add(next);
      current = next;
      continue;
    }
    if (response.status === 304) {
      await discard(response);
      return { status: 304, url: current, headers: response.headers, body: new Uint8Array(0), redirects };
    }
    if (response.status < 200 || response.status >= 300) {
      await discard(response);
      const text = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
      throw new FeedError(feedId, 'http_status', text, { status: response.status });
    }
    const body = await readCapped(feedId, response, options.maxBytes);
    return { status: response.status, url: current, headers: response.headers, body, redirects };
  }
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

async function readCapped(feedId: string, response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  const tooLarge = (): FeedError =>
    new FeedError(feedId, 'too_large', `body larger than ${maxBytes} bytes`, { status: response.status });
  if (Number.isFinite(declared) && declared > maxBytes && !response.headers.has('content-encoding')) {
    await discard(response);
    throw tooLarge();
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

function translate(feedId: string, error: unknown, signal: AbortSignal, options: FetchOptions): FeedError {
  if (error instanceof FeedError) return error;
  if (signal.aborted && signal.reason === TIMEOUT) {
    return new FeedError(feedId, 'timeout', `no complete response within ${options.timeoutMs} ms`, { cause: error });
  }
  if (signal.aborted) return new FeedError(feedId, 'aborted', 'request aborted', { cause: error });
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new FeedError(feedId, 'network', `network error: ${detail}`, { cause: error });
}
