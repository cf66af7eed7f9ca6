/**
 * One feed request over Node's http/https clients (keep-alive agents the caller owns): conditional
 * headers, manual redirects with loop detection, a total timeout that aborts the body too, the
 * caller's AbortSignal, decompression, and a size cap counted on the decompressed stream. Every
 * failure is a typed FeedError. Node's `fetch` did the same at several times the CPU per request
 * (web streams, a promise per chunk): at thousands of feeds a cycle is mostly requests. A request
 * is cancelled through a plain callback set, not an AbortSignal of its own: an 'abort' listener
 * per request made Node's requests cost half as much again and set off full garbage collections.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { FeedError } from '../core/errors.js';
import type { FetchOptions } from '../core/feed-types.js';
import { onAbort } from './abort.js';

/** Response headers, read by name (case-insensitive), null when absent. */
export interface ResponseHeaders {
  get(name: string): string | null;
  has(name: string): boolean;
}

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
  secure: boolean;
  options: { protocol: string; hostname: string; port?: number; path: string };
}

/** The connection pools requests go through (one per scheme); `close` ends their idle sockets. */
export class FeedAgents {
  readonly http: HttpAgent;
  readonly https: HttpsAgent;
  /** Feed URLs parsed once (the same URLs every cycle), at most a few thousand kept. */
  private readonly targets = new Map<string, RequestTarget>();

  constructor(maxSocketsPerHost: number) {
    // A poll cycle reuses its connections; idle ones are closed after 30 s (or by the server), and
    // never keep the process alive (Node unrefs free sockets).
    const options = { keepAlive: true, keepAliveMsecs: 1000, maxSockets: Math.max(1, maxSocketsPerHost), timeout: 30_000 };
    this.http = new HttpAgent(options);
    this.https = new HttpsAgent(options);
  }

  /** The request target of a URL; throws when it does not parse. */
  target(url: string): RequestTarget {
    let target = this.targets.get(url);
    if (target === undefined) {
      const u = new URL(url);
      // IPv6 literals keep no brackets as a hostname; the credentials of a URL are not sent.
      const hostname = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
      const options = { protocol: u.protocol, hostname, path: `${u.pathname}${u.search}`, ...(u.port ? { port: Number(u.port) } : {}) };
      target = { protocol: u.protocol, secure: u.protocol === 'https:', options };
      if (this.targets.size >= 10_000) this.targets.clear();
      this.targets.set(url, target);
    }
    return target;
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
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
    const response = await send(feedId, current, headers, cancel, agents);
    const status = response.statusCode ?? 0;
    const responseHeaders = headersOf(response.headers);
    const location = responseHeaders.get('location');
    if (status >= 300 && status < 400 && status !== 304 && location !== null) {
      discard(response);
      const next = resolveLocation(feedId, location, current);
      if (visited.has(next)) throw new FeedError(feedId, 'too_many_redirects', `redirect loop at ${next}`);
      if (redirects >= options.maxRedirects) {
        throw new FeedError(feedId, 'too_many_redirects', `more than ${options.maxRedirects} redirects (last ${next})`);
      }
      visited.add(next);
      current = next;
      continue;
    }
    if (status === 304) {
      discard(response);
      return { status: 304, url: current, headers: responseHeaders, chunks: [], bytes: 0, redirects };
    }
    if (status < 200 || status >= 300) {
      discard(response);
      const text = `HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`;
      throw new FeedError(feedId, 'http_status', text, { status });
    }
    const { chunks, bytes } = await readCapped(feedId, response, responseHeaders, options.maxBytes, cancel);
    return { status, url: current, headers: responseHeaders, chunks, bytes, redirects };
  }
}

/** Sends one GET and resolves its response head; the body is read by the caller. */
function send(feedId: string, url: string, headers: Record<string, string>, cancel: Cancel, agents: FeedAgents): Promise<IncomingMessage> {
  let target: RequestTarget;
  try {
    target = agents.target(url);
  } catch (error) {
    return Promise.reject(new FeedError(feedId, 'network', `invalid feed URL ${JSON.stringify(url)}`, { cause: error }));
  }
  const { secure } = target;
  if (!secure && target.protocol !== 'http:') {
    return Promise.reject(new FeedError(feedId, 'network', `unsupported scheme ${target.protocol}`));
  }
  return new Promise((resolve, reject) => {
    const options = { ...target.options, method: 'GET', headers, agent: secure ? agents.https : agents.http };
    const req = (secure ? httpsRequest : httpRequest)(options, (response) => {
      off();
      resolve(response);
    });
    // Until the response head arrives; then the body's reader takes over.
    const off = cancel.on((reason) => req.destroy(reason instanceof Error ? reason : new Error('request cancelled', { cause: reason })));
    req.once('error', (error) => {
      off();
      reject(error);
    });
    req.end();
  });
}

/** Case-insensitive reads of Node's (lower-cased) header object; repeated headers are joined with ", ". */
function headersOf(raw: IncomingHttpHeaders): ResponseHeaders {
  const get = (name: string): string | null => {
    const value = raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  };
  return { get, has: (name) => get(name) !== null };
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

/** The decoders of a Content-Encoding, in the order to apply them; undefined when one is unknown. */
function decoders(encoding: string | null): (() => Readable & NodeJS.WritableStream)[] | undefined {
  if (encoding === null) return [];
  const out: (() => Readable & NodeJS.WritableStream)[] = [];
  for (const token of encoding.toLowerCase().split(',').map((t) => t.trim()).filter(Boolean).reverse()) {
    if (token === 'gzip' || token === 'x-gzip') out.push(createGunzip);
    else if (token === 'deflate') out.push(createInflate);
    else if (token === 'br') out.push(createBrotliDecompress);
    else if (token !== 'identity') return undefined;
  }
  return out;
}

/** Reads the whole body, decompressed, failing as soon as it grows past `maxBytes`. */
function readCapped(feedId: string, response: IncomingMessage, headers: ResponseHeaders, maxBytes: number, cancel: Cancel): Promise<{ chunks: Buffer[]; bytes: number }> {
  const tooLarge = (): FeedError => new FeedError(feedId, 'too_large', `body larger than ${maxBytes} bytes`, { status: response.statusCode });
  const encoding = headers.get('content-encoding');
  const declared = Number(headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes && encoding === null) {
    response.destroy();
    return Promise.reject(tooLarge());
  }
  // An unknown encoding is passed through as it came (the decoder then judges the bytes).
  const steps = decoders(encoding) ?? [];
  let stream: Readable = response;
  const streams: Readable[] = [response];
  for (const step of steps) {
    const next = step();
    stream = stream.pipe(next);
    streams.push(next);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    let off = (): void => undefined;
    const stop = (error: unknown): void => {
      if (settled) return;
      settled = true;
      off();
      for (const s of streams) s.destroy();
      reject(error);
    };
    off = cancel.on(stop);
    for (const s of streams) s.once('error', stop);
    response.once('close', () => {
      if (!response.complete) stop(new Error('the connection closed before the body ended'));
    });
    stream.on('data', (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > maxBytes) stop(tooLarge());
      else chunks.push(chunk);
    });
    stream.once('end', () => {
      if (settled) return;
      settled = true;
      off();
      resolve({ chunks, bytes: total });
    });
  });
}

/** Drops a response's body (a 304, a redirect, an error page): drained, so its socket can serve the next request. */
function discard(response: IncomingMessage): void {
  response.resume();
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
