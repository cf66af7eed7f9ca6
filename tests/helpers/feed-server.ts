/**
 * A real HTTP server on 127.0.0.1 (random port) serving feeds for tests and benchmarks.
 *
 *   const server = await startFeedServer({ '/a.xml': { body: xml, etag: '"v1"' } });
 *   server.url('/a.xml');            // http://127.0.0.1:PORT/a.xml
 *   server.route('/slow', { body: xml, delayMs: 500 });
 *   server.hits('/a.xml');           // requests received on that path
 *   server.maxInFlight();            // most requests open at once (per Host header with an argument)
 *   await server.close();
 *
 * Unknown paths answer 404. Routes match on the path with its query first, then on the path alone.
 * `loadFeedFixture(name)` reads a fixture feed; `maxOverlap(records)` measures concurrency across servers.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

/** The bytes of a fixture feed in tests/fixtures/feeds (e.g. `loadFeedFixture('atom.xml')`). */
export function loadFeedFixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url));
}

/** How one path answers. Every field is optional; `{ body }` alone is a 200 with that body. */
export interface FeedRoute {
  /** Status code; default 200 (302 with `redirect`). */
  status?: number;
  /** Extra response headers. Content-Type defaults to `application/rss+xml` (no charset). */
  headers?: Record<string, string>;
  /** Response body; strings are sent as UTF-8, Buffers byte for byte. */
  body?: string | Buffer;
  /** Wait this long before answering (ms). */
  delayMs?: number;
  /** Sends this ETag and answers 304 (no body) when If-None-Match matches it. */
  etag?: string;
  /** Sends this Last-Modified and answers 304 when If-Modified-Since equals it. */
  lastModified?: string;
  /** Redirects to this Location (relative or absolute). */
  redirect?: string;
  /** Compresses the body and sets Content-Encoding. */
  encoding?: 'gzip' | 'deflate' | 'br';
  /** No Content-Length header (chunked transfer). */
  chunked?: boolean;
  /** Never answers: the request stays open until the client gives up or the server closes. */
  hang?: boolean;
  /** Sends headers at once, then the body `chunkBytes` at a time every `intervalMs`. */
  drip?: { chunkBytes: number; intervalMs: number };
  /** Full control; the fields above are ignored when present. */
  handler?: (req: IncomingMessage, res: ServerResponse) => void;
}

/** One request as the server saw it; times are `performance.now()` milliseconds. */
export interface RequestRecord {
  method: string;
  /** Path with query. */
  path: string;
  /** Host header. */
  host: string;
  headers: IncomingHttpHeaders;
  startedAt: number;
  /** When the response finished or the connection closed. */
  endedAt?: number;
  status?: number;
}

/** A running feed server. */
export interface FeedServer {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  readonly port: number;
  /** Every request received, in arrival order. */
  readonly requests: RequestRecord[];
  /** Absolute URL of a path on this server. */
  url(path: string): string;
  /** Adds or replaces a route. */
  route(path: string, route: FeedRoute): void;
  /** Requests received on `path`: exact path+query, or, for a `path` without query, that path with any query. */
  hits(path: string): number;
  /** Requests open right now. */
  inFlight(): number;
  /** Most requests open at the same time so far, overall or for one Host header value. */
  maxInFlight(host?: string): number;
  /** Forgets the request log and the counters (routes stay). */
  resetLog(): void;
  /** Closes every connection (hanging ones too) and stops listening. */
  close(): Promise<void>;
}

/** Starts a feed server with the given routes (path → route). */
export async function startFeedServer(routes: Record<string, FeedRoute> = {}): Promise<FeedServer> {
  const table = new Map(Object.entries(routes));
  const requests: RequestRecord[] = [];
  const open = new Map<string, number>();
  const peak = new Map<string, number>();
  let openAll = 0;
  let peakAll = 0;
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    const record: RequestRecord = {
      method: req.method ?? 'GET', path: req.url ?? '/', host: req.headers.host ?? '', headers: req.headers, startedAt: performance.now(),
    };
    requests.push(record);
    openAll += 1;
    peakAll = Math.max(peakAll, openAll);
    open.set(record.host, (open.get(record.host) ?? 0) + 1);
    peak.set(record.host, Math.max(peak.get(record.host) ?? 0, open.get(record.host) ?? 0));
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      record.endedAt = performance.now();
      record.status = res.statusCode;
      openAll -= 1;
      open.set(record.host, (open.get(record.host) ?? 1) - 1);
    };
    res.on('finish', end);
    res.on('close', end);
    const pathOnly = (req.url ?? '/').split('?')[0] ?? '/';
    const route = table.get(req.url ?? '/') ?? table.get(pathOnly);
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (route.handler) {
      route.handler(req, res);
      return;
    }
    const mine = new Set<NodeJS.Timeout>();
    res.on('close', () => {
      for (const timer of mine) {
        clearTimeout(timer);
        timers.delete(timer);
      }
    });
    const later = (ms: number, fn: () => void): void => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        mine.delete(timer);
        fn();
      }, ms);
      timers.add(timer);
      mine.add(timer);
    };
    if (route.hang) return;
    if (route.delayMs) later(route.delayMs, () => answer(req, res, route, later));
    else answer(req, res, route, later);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    port,
    requests,
    url: (path) => `${origin}${path.startsWith('/') ? path : `/${path}`}`,
    route: (path, route) => void table.set(path, route),
    hits: (path) => requests.filter((r) => r.path === path || (r.path.split('?')[0] === path && !path.includes('?'))).length,
    inFlight: () => openAll,
    maxInFlight: (host) => (host === undefined ? peakAll : (peak.get(host) ?? 0)),
    resetLog: () => {
      requests.length = 0;
      peak.clear();
      peakAll = openAll;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(
  req: IncomingMessage,
  res: ServerResponse,
  route: FeedRoute,
  later: (ms: number, fn: () => void) => void,
): void {
  const headers: Record<string, string> = { 'content-type': 'application/rss+xml', ...route.headers };
  if (route.etag) headers.etag = route.etag;
  if (route.lastModified) headers['last-modified'] = route.lastModified;
  if (route.redirect !== undefined) {
    res.writeHead(route.status ?? 302, { ...headers, location: route.redirect }).end();
    return;
  }
  const etagMatch = route.etag !== undefined && req.headers['if-none-match'] === route.etag;
  const dateMatch = route.lastModified !== undefined && req.headers['if-modified-since'] === route.lastModified;
  if (etagMatch || dateMatch) {
    delete headers['content-type'];
    res.writeHead(304, headers).end();
    return;
  }
  let body = typeof route.body === 'string' ? Buffer.from(route.body, 'utf8') : (route.body ?? Buffer.alloc(0));
  if (route.encoding) {
    body = compress(body, route.encoding);
    headers['content-encoding'] = route.encoding;
  }
  if (!route.chunked && !route.drip) headers['content-length'] = String(body.byteLength);
  res.writeHead(route.status ?? 200, headers);
  if (!route.drip) {
    res.end(body);
    return;
  }
  const { chunkBytes, intervalMs } = route.drip;
  let offset = 0;
  const step = (): void => {
    if (res.destroyed) return;
    if (offset >= body.byteLength) {
      res.end();
      return;
    }
    res.write(body.subarray(offset, offset + chunkBytes));
    offset += chunkBytes;
    later(intervalMs, step);
  };
  step();
}

function compress(body: Buffer, encoding: 'gzip' | 'deflate' | 'br'): Buffer {
  if (encoding === 'gzip') return gzipSync(body);
  if (encoding === 'deflate') return deflateSync(body);
  return brotliCompressSync(body);
}

/** Most requests that overlapped in time among `records` (e.g. from several servers together). */
export function maxOverlap(records: RequestRecord[]): number {
  const events = records.flatMap((r) => [
    { at: r.startedAt, delta: 1 },
    { at: r.endedAt ?? Number.POSITIVE_INFINITY, delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let best = 0;
  for (const event of events) {
    current += event.delta;
    best = Math.max(best, current);
  }
  return best;
}
