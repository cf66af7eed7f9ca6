/** Every way a feed can fail gives a typed FeedError for that feed, and the other feeds keep working. */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedError, type FeedErrorKind } from '../../src/core/errors.js';
import { HttpFeedSource } from '../../src/feeds/http-feed-source.js';
import type { FeedConfig, FeedReadResult, FetchOptions } from '../../src/core/feed-types.js';
import { silentLogger } from '../helpers/builders.js';
import { type FeedServer, loadFeedFixture, startFeedServer } from '../helpers/feed-server.js';

const MAX_BYTES = 1024 * 1024;
// The timeout leaves room for a loaded CI machine; slow routes are far slower than it.
const options: FetchOptions = { timeoutMs: 3000, maxBytes: MAX_BYTES, maxRedirects: 5, userAgent: 'VigieBot/test', concurrency: 16, perHost: 16 };
let server: FeedServer;
let refusedUrl: string;

/** A 10,000-item RSS feed, about 3 MB. */
function hugeFeed(count: number): string {
  const items: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const date = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toUTCString();
    items.push(`<item><title>Dépêche n°${i} : incident réseau signalé à Lyon</title><link>https://depeches.example.fr/${i}</link>`
      + `<guid>https://depeches.example.fr/${i}</guid><pubDate>${date}</pubDate>`
      + `<description><![CDATA[<p>Texte de la dépêche ${i}, avec des <b>accents</b> é à ç.</p>]]></description></item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Fil</title>${items.join('\n')}</channel></rss>`;
}

beforeAll(async () => {
  const bomb = gzipSync(Buffer.alloc(MAX_BYTES * 20, 0x20)); // ~20 KB on the wire, 20 MB inflated
  const loop: Record<string, { redirect: string }> = {};
  for (let i = 0; i < 8; i += 1) loop[`/chain/${i}`] = { redirect: `/chain/${i + 1}` };
  server = await startFeedServer({
    '/good-1.xml': { body: loadFeedFixture('rss2-accents.xml') },
    '/good-2.xml': { body: loadFeedFixture('atom.xml') },
    '/missing.xml': { status: 404, body: 'Not Found', headers: { 'content-type': 'text/plain' } },
    '/broken.xml': { status: 500, body: '<html><body>Erreur interne</body></html>', headers: { 'content-type': 'text/html' } },
    '/slow.xml': { body: loadFeedFixture('rss2-accents.xml'), delayMs: 10_000 },
    '/hang.xml': { hang: true },
    '/drip.xml': { body: loadFeedFixture('rss2-accents.xml'), drip: { chunkBytes: 32, intervalMs: 200 } },
    '/loop-a.xml': { redirect: '/loop-b.xml', status: 301 },
    '/loop-b.xml': { redirect: '/loop-a.xml', status: 302 },
    ...loop,
    '/huge-declared.xml': { body: Buffer.alloc(MAX_BYTES + 10, 0x20) },
    '/huge-chunked.xml': { body: Buffer.alloc(MAX_BYTES * 2, 0x20), chunked: true },
    '/gzip-bomb.xml': { handler: (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/xml' }).end(bomb) },
    '/page.html': { body: loadFeedFixture('html-page.html'), headers: { 'content-type': 'text/html; charset=utf-8' } },
    '/page-as-xml.xml': { body: loadFeedFixture('html-page.html'), headers: { 'content-type': 'application/rss+xml' } },
    '/empty.xml': { body: '' },
    '/blank.xml': { body: '  \n\t  ' },
    '/invalid.xml': { body: loadFeedFixture('invalid.xml') },
    '/sitemap.xml': { body: loadFeedFixture('not-a-feed.xml') },
    '/json.xml': { body: '{"version":"https://jsonfeed.org/version/1.1","items":[]}', headers: { 'content-type': 'application/feed+json' } },
    '/text.xml': { body: 'Service temporairement indisponible', headers: { 'content-type': 'text/plain' } },
    '/billion-laughs.xml': { body: loadFeedFixture('billion-laughs.xml') },
    '/xxe.xml': { body: loadFeedFixture('xxe.xml') },
    '/huge-feed.xml': { body: hugeFeed(10_000) },
  });
  const dead = await startFeedServer();
  refusedUrl = dead.url('/refused.xml');
  await dead.close();
});
afterAll(async () => server.close());

const feed = (id: string, url: string): FeedConfig => ({ id, name: id, url, tags: [] });

describe('typed per-feed errors while other feeds keep working', () => {
  const cases: [string, string, FeedErrorKind, number?][] = [
    ['a 404', '/missing.xml', 'http_status', 404],
    ['a 500', '/broken.xml', 'http_status', 500],
    ['a server slower than the timeout', '/slow.xml', 'timeout'],
    ['a server that never answers', '/hang.xml', 'timeout'],
    ['a body that trickles in past the timeout', '/drip.xml', 'timeout'],
    ['a redirect loop', '/loop-a.xml', 'too_many_redirects'],
    ['a chain of more than 5 redirects', '/chain/0', 'too_many_redirects'],
    ['a body larger than the cap (Content-Length)', '/huge-declared.xml', 'too_large'],
    ['a body larger than the cap (chunked)', '/huge-chunked.xml', 'too_large'],
    ['a gzip bomb', '/gzip-bomb.xml', 'too_large'],
    ['an HTML page', '/page.html', 'not_a_feed'],
    ['an HTML page served as RSS', '/page-as-xml.xml', 'not_a_feed'],
    ['a sitemap', '/sitemap.xml', 'not_a_feed'],
    ['a JSON document', '/json.xml', 'not_a_feed'],
    ['plain text', '/text.xml', 'not_a_feed'],
    ['an empty body', '/empty.xml', 'empty'],
    ['a blank body', '/blank.xml', 'empty'],
    ['invalid XML', '/invalid.xml', 'invalid_xml'],
    ['a billion-laughs entity bomb', '/billion-laughs.xml', 'entity_attack'],
    ['an external entity (XXE)', '/xxe.xml', 'entity_attack'],
  ];
  let results: Map<string, PromiseSettledResult<FeedReadResult>>;

  beforeAll(async () => {
    const source = new HttpFeedSource(options, silentLogger);
    const feeds = [
      feed('good-1', server.url('/good-1.xml')),
      ...cases.map(([, path]) => feed(path, server.url(path))),
      feed('refused', refusedUrl),
      feed('good-2', server.url('/good-2.xml')),
    ];
    const signal = new AbortController().signal;
    const settled = await Promise.allSettled(feeds.map((f) => source.read(f, undefined, signal)));
    results = new Map(feeds.map((f, i) => [f.id, settled[i] as PromiseSettledResult<FeedReadResult>]));
  });

  function errorOf(id: string): FeedError {
    const result = results.get(id);
    if (result?.status !== 'rejected') throw new Error(`${id} did not fail`);
    expect(result.reason).toBeInstanceOf(FeedError);
    return result.reason as FeedError;
  }

  it.each(cases)('%s gives its own typed error', (_what, path, kind, status) => {
    const error = errorOf(path);
    expect(error.kind).toBe(kind);
    expect(error.feedId).toBe(path);
    expect(error.message).toContain(`feed ${path}:`);
    if (status !== undefined) expect(error.status).toBe(status);
  });

  it('connection refused gives a network error that keeps its cause', () => {
    const error = errorOf('refused');
    expect(error.kind).toBe('network');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.cause).toBeDefined();
  });

  it('timeouts and parse errors keep their cause', () => {
    expect(errorOf('/hang.xml').cause).toBeDefined();
    expect(errorOf('/invalid.xml').cause).toBeInstanceOf(Error);
  });

  it('the healthy feeds read in the same batch still return their items', () => {
    const good1 = results.get('good-1');
    const good2 = results.get('good-2');
    expect(good1?.status === 'fulfilled' && good1.value.kind === 'ok' && good1.value.items.length).toBe(3);
    expect(good2?.status === 'fulfilled' && good2.value.kind === 'ok' && good2.value.items.length).toBe(3);
  });

  it('a redirect loop stops as soon as a URL repeats', () => {
    expect(errorOf('/loop-a.xml').message).toContain('redirect loop');
    expect(server.hits('/loop-a.xml')).toBe(1);
    expect(server.hits('/loop-b.xml')).toBe(1);
  });

  it('a redirect chain stops after the sixth answer (five redirects followed)', () => {
    expect(server.hits('/chain/5')).toBe(1);
    expect(server.hits('/chain/6')).toBe(0);
  });
});

describe('large feeds', () => {
  it('parses a feed of 10,000 items completely', async () => {
    // Completeness, not speed: a budget the slowest machine meets.
    const source = new HttpFeedSource({ ...options, timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024, parseBudgetMs: 60_000 }, silentLogger);
    const result = await source.read(feed('huge', server.url('/huge-feed.xml')), undefined, new AbortController().signal);
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    expect(result.items).toHaveLength(10_000);
    expect(result.items[9_999]).toMatchObject({
      id: 'https://depeches.example.fr/9999',
      title: 'Dépêche n°9999 : incident réseau signalé à Lyon',
      summary: 'Texte de la dépêche 9999, avec des accents é à ç.',
      publishedAt: Date.UTC(2024, 0, 1) + 9_999 * 60_000,
    });
  });
});

describe('invalid feed URLs', () => {
  it('rejects a feed whose URL does not parse with a network FeedError', async () => {
    const source = new HttpFeedSource(options, silentLogger);
    await expect(source.read(feed('bad-url', 'pas une url'), undefined, new AbortController().signal)).rejects.toMatchObject({
      kind: 'network', feedId: 'bad-url',
    });
  });
});
