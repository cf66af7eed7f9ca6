import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFeeds, type FeedCheckRow, formatFeedTable } from '../../src/feeds/check.js';
import { HttpFeedSource } from '../../src/feeds/http-feed-source.js';
import type { FeedConfig } from '../../src/core/feed-types.js';
import { silentLogger, TestClock } from '../helpers/builders.js';
import { type FeedServer, loadFeedFixture, startFeedServer } from '../helpers/feed-server.js';

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer({
    '/accents.xml': { body: loadFeedFixture('rss2-accents.xml'), etag: '"v1"' },
    '/empty-channel.xml': { body: '<rss version="2.0"><channel><title>Rien</title></channel></rss>' },
    '/gone.xml': { status: 410, body: 'Gone' },
    '/page.html': { body: loadFeedFixture('html-page.html'), headers: { 'content-type': 'text/html' } },
  });
});
afterAll(async () => server.close());

const feeds = (): FeedConfig[] => [
  { id: 'veilleur', name: 'Le Veilleur numérique', url: server.url('/accents.xml'), tags: [] },
  { id: 'calme', name: 'Calme plat', url: server.url('/empty-channel.xml'), tags: [] },
  { id: 'disparu', name: 'Flux disparu', url: server.url('/gone.xml'), tags: [] },
  { id: 'page', name: 'Page web', url: server.url('/page.html'), tags: [] },
];

describe('checkFeeds', () => {
  it('reads every feed once and reports status, items, newest date or the typed error, in feed order', async () => {
    const source = new HttpFeedSource({ timeoutMs: 5000, maxBytes: 1e6, maxRedirects: 5, userAgent: 'VigieBot/test', concurrency: 4, perHost: 2 }, silentLogger);
    const rows = await checkFeeds(feeds(), source, () => Date.now(), new AbortController().signal);
    expect(rows.map(({ latencyMs: _l, ...rest }) => rest)).toEqual([
      { id: 'veilleur', name: 'Le Veilleur numérique', status: 200, items: 3, newestItemAt: Date.UTC(2024, 1, 12, 8, 41) },
      { id: 'calme', name: 'Calme plat', status: 200, items: 0 },
      { id: 'disparu', name: 'Flux disparu', status: 410, error: 'http_status: HTTP 410 Gone' },
      { id: 'page', name: 'Page web', status: 200, error: 'not_a_feed: an HTML page, not a feed (content-type text/html)' },
    ]);
    for (const row of rows) expect(row.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('sends no conditional headers, so a feed with an ETag is read in full', async () => {
    const source = new HttpFeedSource({ timeoutMs: 5000, maxBytes: 1e6, maxRedirects: 5, userAgent: 'VigieBot/test', concurrency: 4, perHost: 2 }, silentLogger);
    await checkFeeds(feeds().slice(0, 1), source, () => 0, new AbortController().signal);
    expect(server.requests.filter((r) => r.path === '/accents.xml').every((r) => r.headers['if-none-match'] === undefined)).toBe(true);
  });

  it('measures latency with the given clock', async () => {
    const clock = new TestClock(1000);
    const slowSource = { read: async () => { clock.advance(250); return { kind: 'ok' as const, status: 200, items: [] }; } };
    const [row] = await checkFeeds(feeds().slice(0, 1), slowSource, () => clock.now(), new AbortController().signal);
    expect(row?.latencyMs).toBe(250);
  });
});

describe('formatFeedTable', () => {
  const rows: FeedCheckRow[] = [
    { id: 'cert-fr', name: 'CERT-FR', status: 200, items: 42, newestItemAt: Date.UTC(2024, 1, 12, 8, 41), latencyMs: 123 },
    { id: 'zataz', name: 'ZATAZ', status: 404, latencyMs: 45, error: 'http_status: HTTP 404 Not Found' },
    { id: 'lent', name: 'Lent', latencyMs: 15000, error: 'timeout: no complete response within 15000 ms' },
  ];

  it('prints a header, a rule and one aligned line per feed', () => {
    const lines = formatFeedTable(rows).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^feed\s+status\s+items\s+newest item \(UTC\)\s+latency\s+error$/);
    expect(lines[1]).toMatch(/^-+( +-+)+$/);
    expect(lines[2]).toBe('cert-fr     200     42  2024-02-12 08:41     123 ms');
    expect(lines[3]).toBe('zataz       404      -  -                     45 ms  http_status: HTTP 404 Not Found');
    expect(lines[4]).toBe('lent          -      -  -                  15000 ms  timeout: no complete response within 15000 ms');
  });

  it('aligns every column start across lines', () => {
    const lines = formatFeedTable(rows).split('\n');
    const statusEnd = (line: string | undefined): number => (line ?? '').indexOf('status') + 'status'.length;
    expect(lines[2]?.slice(0, statusEnd(lines[0])).endsWith('200')).toBe(true);
    expect(lines[3]?.slice(0, statusEnd(lines[0])).endsWith('404')).toBe(true);
  });

  it('prints only the header and rule for no feeds', () => {
    expect(formatFeedTable([]).split('\n')).toHaveLength(2);
  });
});
