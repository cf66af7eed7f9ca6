/** HttpFeedSource's HTTP behaviour: conditional GET, headers, compression, redirects, limits, aborts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedError } from '../../src/core/errors.js';
import { nextFeedState } from '../../src/core/feed-state.js';
import { HttpFeedSource } from '../../src/feeds/http-feed-source.js';
import type { Logger } from '../../src/ports.js';
import type { FeedConfig, FetchOptions } from '../../src/core/feed-types.js';
import { silentLogger } from '../helpers/builders.js';
import { type FeedServer, loadFeedFixture, maxOverlap, startFeedServer } from '../helpers/feed-server.js';

const options: FetchOptions = { timeoutMs: 5000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5, userAgent: 'VigieBot/0.1 (+https://vigie.example/bot)', concurrency: 8, perHost: 2 };
const ACCENTS = loadFeedFixture('rss2-accents.xml');
const LAST_MODIFIED = 'Mon, 12 Feb 2024 09:00:00 GMT';
let server: FeedServer;
let other: FeedServer;

beforeAll(async () => {
  other = await startFeedServer({ '/moved.xml': { body: ACCENTS, etag: '"final"' } });
  server = await startFeedServer({
    '/etag.xml': { body: ACCENTS, etag: '"v1"' },
    '/modified.xml': { body: ACCENTS, lastModified: LAST_MODIFIED },
    '/gzip.xml': { body: ACCENTS, encoding: 'gzip' },
    '/deflate.xml': { body: ACCENTS, encoding: 'deflate' },
    '/br.xml': { body: ACCENTS, encoding: 'br' },
    '/hop-1.xml': { redirect: 'hop-2.xml', status: 301 },
    '/hop-2.xml': { redirect: '/hop-3.xml', status: 307 },
    '/hop-3.xml': { redirect: other.url('/moved.xml'), status: 308 },
    '/to-ftp.xml': { redirect: 'ftp://files.example.fr/feed.xml' },
    '/hang.xml': { hang: true },
  });
});
afterAll(async () => {
  await server.close();
  await other.close();
});

const feed = (id: string, url: string): FeedConfig => ({ id, name: id, url, tags: [] });
const signal = (): AbortSignal => new AbortController().signal;

/** A logger that records messages, to tell a parsed response from an unparsed one. */
function recordingLogger(lines: string[]): Logger {
  const log = (obj: object | string, msg?: string): void => void lines.push(msg ?? String(obj));
  const logger: Logger = { debug: log, info: log, warn: log, error: log, child: () => logger };
  return logger;
}

describe('conditional GET', () => {
  it('sends If-None-Match from the stored ETag and returns not_modified on 304 without parsing', async () => {
    const lines: string[] = [];
    const source = new HttpFeedSource(options, recordingLogger(lines));
    const f = feed('etag', server.url('/etag.xml'));
    const first = await source.read(f, undefined, signal());
    expect(first).toMatchObject({ kind: 'ok', status: 200, etag: '"v1"' });
    const state = nextFeedState(undefined, first, Date.UTC(2024, 1, 12), 300_000);
    lines.length = 0;
    const second = await source.read(f, state, signal());
    expect(second).toEqual({ kind: 'not_modified', status: 304, etag: '"v1"' });
    expect(server.requests.filter((r) => r.path === '/etag.xml').map((r) => r.headers['if-none-match'])).toEqual([undefined, '"v1"']);
    expect(lines).toContain('feed not modified');
    expect(lines).not.toContain('feed read');
  });

  it('sends If-Modified-Since from the stored Last-Modified', async () => {
    const source = new HttpFeedSource(options, silentLogger);
    const f = feed('modified', server.url('/modified.xml'));
    const first = await source.read(f, undefined, signal());
    expect(first).toMatchObject({ kind: 'ok', lastModified: LAST_MODIFIED });
    const second = await source.read(f, nextFeedState(undefined, first, 0, 1000), signal());
    expect(second.kind).toBe('not_modified');
    expect(server.requests.filter((r) => r.path === '/modified.xml').at(-1)?.headers['if-modified-since']).toBe(LAST_MODIFIED);
  });

  it('reads the full feed again when the ETag no longer matches', async () => {
    const source = new HttpFeedSource(options, silentLogger);
    const result = await source.read(feed('etag', server.url('/etag.xml')), { failures: 0, initialised: true, etag: '"v0"' }, signal());
    expect(result).toMatchObject({ kind: 'ok', status: 200, etag: '"v1"' });
  });
});

describe('request headers and compression', () => {
  it('names the bot in the User-Agent and asks for gzip, deflate and br', async () => {
    const source = new HttpFeedSource(options, silentLogger);
    await source.read(feed('gzip', server.url('/gzip.xml')), undefined, signal());
    const request = server.requests.find((r) => r.path === '/gzip.xml');
    expect(request?.headers['user-agent']).toBe('VigieBot/0.1 (+https://vigie.example/bot)');
    expect(request?.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(request?.headers.accept).toContain('application/rss+xml');
  });

  it.each(['/gzip.xml', '/deflate.xml', '/br.xml'])('decompresses %s', async (path) => {
    const result = await new HttpFeedSource(options, silentLogger).read(feed(path, server.url(path)), undefined, signal());
    expect(result.kind === 'ok' && result.items.map((i) => i.title)[0]).toBe('Cyberattaque : le centre hospitalier d’Armentières paralysé par un rançongiciel');
  });
});

describe('redirects', () => {
  it('follows relative and absolute redirects across hosts and keeps the final response validators', async () => {
    const result = await new HttpFeedSource(options, silentLogger).read(feed('hops', server.url('/hop-1.xml')), undefined, signal());
    expect(result).toMatchObject({ kind: 'ok', status: 200, etag: '"final"' });
    expect(other.hits('/moved.xml')).toBeGreaterThanOrEqual(1);
  });

  it('refuses to follow a redirect to a non-HTTP scheme', async () => {
    const read = new HttpFeedSource(options, silentLogger).read(feed('ftp', server.url('/to-ftp.xml')), undefined, signal());
    await expect(read).rejects.toMatchObject({ kind: 'network', message: expect.stringContaining('ftp:') });
  });

  it('counts redirects against maxRedirects', async () => {
    const read = new HttpFeedSource({ ...options, maxRedirects: 2 }, silentLogger).read(feed('hops', server.url('/hop-1.xml')), undefined, signal());
    await expect(read).rejects.toMatchObject({ kind: 'too_many_redirects' });
  });
});

describe('concurrency limits', () => {
  it('never has more than perHost requests in flight to one host', async () => {
    const busy = await startFeedServer({ '/feed.xml': { body: ACCENTS, delayMs: 300 } });
    try {
      const source = new HttpFeedSource({ ...options, concurrency: 10, perHost: 2 }, silentLogger);
      const feeds = Array.from({ length: 8 }, (_, i) => feed(`f${i}`, busy.url(`/feed.xml?n=${i}`)));
      const results = await Promise.all(feeds.map((f) => source.read(f, undefined, signal())));
      expect(results.every((r) => r.kind === 'ok')).toBe(true);
      expect(busy.requests).toHaveLength(8);
      expect(busy.maxInFlight()).toBe(2);
    } finally {
      await busy.close();
    }
  });

  it('never has more than `concurrency` requests in flight overall, across hosts', async () => {
    const servers = await Promise.all([0, 1, 2].map(() => startFeedServer({ '/feed.xml': { body: ACCENTS, delayMs: 100 } })));
    try {
      const source = new HttpFeedSource({ ...options, concurrency: 3, perHost: 2 }, silentLogger);
      const feeds = servers.flatMap((s, k) => Array.from({ length: 4 }, (_, i) => feed(`s${k}-${i}`, s.url(`/feed.xml?n=${i}`))));
      await Promise.all(feeds.map((f) => source.read(f, undefined, signal())));
      const all = servers.flatMap((s) => s.requests);
      expect(all).toHaveLength(12);
      expect(maxOverlap(all)).toBeLessThanOrEqual(3);
      for (const s of servers) expect(s.maxInFlight()).toBeLessThanOrEqual(2);
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  });

  it('a slow host does not hold back feeds of other hosts', async () => {
    const slow = await startFeedServer({ '/feed.xml': { hang: true } });
    try {
      const source = new HttpFeedSource({ ...options, timeoutMs: 3000, concurrency: 4, perHost: 2 }, silentLogger);
      let settled = 0;
      const stuck = [0, 1, 2, 3].map((i) => source.read(feed(`slow${i}`, slow.url(`/feed.xml?n=${i}`)), undefined, signal()));
      stuck.forEach((p) => p.catch(() => undefined).finally(() => void (settled += 1)));
      while (slow.inFlight() < 2) await new Promise((resolve) => setTimeout(resolve, 5));
      const fast = await source.read(feed('fast', server.url('/etag.xml')), undefined, signal());
      expect(fast.kind).toBe('ok');
      // The fast feed finished while every slow read was still pending: the two queued behind the
      // slow host's limit did not take global slots.
      expect(settled).toBe(0);
      expect(slow.requests).toHaveLength(2);
    } finally {
      await slow.close();
    }
  });
});

describe('aborts', () => {
  it('rejects with kind aborted when the caller aborts a request in flight', async () => {
    const controller = new AbortController();
    const read = new HttpFeedSource(options, silentLogger).read(feed('hang', server.url('/hang.xml')), undefined, controller.signal);
    setTimeout(() => controller.abort(new Error('shutdown')), 50);
    const error = await read.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedError);
    expect(error).toMatchObject({ kind: 'aborted', feedId: 'hang' });
  });

  it('rejects a read still waiting for a slot as soon as the caller aborts, without sending it', async () => {
    const queue = await startFeedServer({ '/feed.xml': { hang: true } });
    try {
      const source = new HttpFeedSource({ ...options, perHost: 1 }, silentLogger);
      const controller = new AbortController();
      const first = source.read(feed('first', queue.url('/feed.xml?n=1')), undefined, controller.signal);
      const second = source.read(feed('second', queue.url('/feed.xml?n=2')), undefined, controller.signal);
      await new Promise((resolve) => setTimeout(resolve, 50));
      controller.abort();
      await expect(second).rejects.toMatchObject({ kind: 'aborted', feedId: 'second' });
      await expect(first).rejects.toMatchObject({ kind: 'aborted', feedId: 'first' });
      expect(queue.hits('/feed.xml?n=2')).toBe(0);
    } finally {
      await queue.close();
    }
  });

  it('does not send anything when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const before = server.hits('/gzip.xml');
    await expect(new HttpFeedSource(options, silentLogger).read(feed('gz', server.url('/gzip.xml')), undefined, controller.signal))
      .rejects.toMatchObject({ kind: 'aborted' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.hits('/gzip.xml')).toBe(before);
  });
});
