/**
 * HttpFeedSource over a real local server on damaged and hostile bodies: what is salvaged, what is
 * refused in Vigie's own words, and the parse budget. Every case here failed or froze before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedError } from '../../src/core/errors.js';
import { checkFeeds, formatFeedTable } from '../../src/feeds/check.js';
import { HttpFeedSource } from '../../src/feeds/http-feed-source.js';
import type { FeedConfig, FeedReadResult, FetchOptions } from '../../src/core/feed-types.js';
import { silentLogger } from '../helpers/builders.js';
import { type FeedServer, startFeedServer } from '../helpers/feed-server.js';
import { endOfItem, frenchAtom, frenchItem, frenchRss, hostileCorpus } from '../helpers/hostile-feeds.js';

const options: FetchOptions = { timeoutMs: 10_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5, userAgent: 'VigieBot/test', concurrency: 8, perHost: 8, parseBudgetMs: 2000 };
const ten = frenchRss(10);
const afterFour = endOfItem(ten, 4);
let server: FeedServer;
let source: HttpFeedSource;

beforeAll(async () => {
  server = await startFeedServer({
    '/truncated-mid-item.xml': { body: ten.slice(0, afterFour + 150) },
    '/truncated-final-gt.xml': { body: ten.slice(0, ten.lastIndexOf('>')) },
    '/truncated-atom.xml': { body: frenchAtom(5).slice(0, endOfItem(frenchAtom(5), 3, '</entry>') + 40), headers: { 'content-type': 'application/atom+xml' } },
    '/php-notice.xml': { body: `<br />\n<b>Notice</b>:  Undefined variable: x in <b>/srv/flux.php</b> on line <b>3</b><br />\n${ten}` },
    '/xhtml-doctype.xml': { body: `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n${ten.slice(ten.indexOf('<rss'))}` },
    '/no-channel.xml': { body: `<?xml version="1.0"?><rss version="2.0">${frenchItem(1)}${frenchItem(2)}</rss>` },
    '/doctype-bomb.xml': { body: `<!DOCTYPE rss [${'[a]'.repeat(40)}[ ${ten.slice(ten.indexOf('<rss'))}` },
    '/unclosed-comment.xml': { body: `${ten.slice(0, afterFour)}${'<!-- x '.repeat(45_000)}` },
    '/unclosed-cdata.xml': { body: `${ten.slice(0, afterFour)}<item><title>${'<![CDATA[ y '.repeat(25_000)}` },
    '/lt-storm.xml': { body: frenchRss(2, 0, [frenchItem(0), `<item><title>Orage</title><link>https://e.fr/o</link><description><![CDATA[${'<a'.repeat(150_000)}]]></description></item>`]) },
    '/damaged-mid-feed.xml': { body: ten.slice(0, afterFour) + ten.slice(afterFour).replace('</title>', '') },
    '/html.xml': { body: '<!DOCTYPE html><html><head><title>Accueil</title></head><body><p>Bienvenue</p></body></html>', headers: { 'content-type': 'text/html' } },
    '/sitemap.xml': { body: '<?xml version="1.0"?><urlset><url><loc>https://e.fr/</loc></url></urlset>' },
    '/broken.xml': { body: '<?xml version="1.0"?><rss version="2.0"><channel><title>Cassé</title><link>x</lnk></channel></rss>' },
    '/large.xml': { body: frenchRss(4000) },
  });
  source = new HttpFeedSource(options, silentLogger);
});
afterAll(async () => server.close());

function feed(path: string): FeedConfig {
  return { id: path.replace(/\W/g, ''), name: 'Flux abîmé', url: server.url(path), tags: [] };
}

async function read(path: string, from = source): Promise<Extract<FeedReadResult, { kind: 'ok' }>> {
  const result = await from.read(feed(path), undefined, new AbortController().signal);
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${result.kind}`);
  return result;
}

async function failure(path: string, from = source): Promise<FeedError> {
  const error = await from.read(feed(path), undefined, new AbortController().signal).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(FeedError);
  return error as FeedError;
}

const titles = (result: { items: { title: string }[] }) => result.items.map((i) => i.title);
const expectedTitles = (count: number) => Array.from({ length: count }, (_, n) => expect.stringContaining(`(n° ${n})`));

describe('salvage of damaged documents', () => {
  it('reads every item complete before a cut in the middle of an item, and says the feed is partial', async () => {
    const result = await read('/truncated-mid-item.xml');
    expect(titles(result)).toEqual(expectedTitles(4));
    expect(result.partial).toMatch(/^cut at line \d+, column \d+ \(unclosed root tag\): 4 entries read before it$/);
  });

  it('reads a document missing only its final ">"', async () => {
    expect(titles(await read('/truncated-final-gt.xml'))).toEqual(expectedTitles(10));
  });

  it('salvages Atom entries before a cut', async () => {
    const result = await read('/truncated-atom.xml');
    expect(result.items).toHaveLength(3);
    expect(result.partial).toBeDefined();
  });

  it('keeps the items before a damaged item (an unclosed tag) and drops what follows the damage', async () => {
    const result = await read('/damaged-mid-feed.xml');
    expect(titles(result)).toEqual(expectedTitles(4));
    expect(result.partial).toContain('unexpected close tag');
  });

  it('skips a PHP notice printed before the feed', async () => {
    const result = await read('/php-notice.xml');
    expect(titles(result)).toEqual(expectedTitles(10));
    expect(result.partial).toBeUndefined();
  });

  it('lets the root element decide, not an XHTML DOCTYPE before <rss>', async () => {
    expect(titles(await read('/xhtml-doctype.xml'))).toEqual(expectedTitles(10));
  });

  it('reads an <rss> holding its items without <channel>', async () => {
    expect(titles(await read('/no-channel.xml'))).toEqual([expect.stringContaining('(n° 1)'), expect.stringContaining('(n° 2)')]);
  });
});

describe('hostile bodies are read in linear time', () => {
  it('reads a feed behind a DOCTYPE of 40 unbalanced brackets (exponential backtracking before)', async () => {
    expect(titles(await read('/doctype-bomb.xml'))).toEqual(expectedTitles(10));
  });

  it('keeps the items before 300 KB of unclosed comments or CDATA sections (quadratic before)', async () => {
    expect(titles(await read('/unclosed-comment.xml'))).toEqual(expectedTitles(4));
    expect(titles(await read('/unclosed-cdata.xml'))).toEqual(expectedTitles(4));
  });

  it('reads a description of 150,000 "<" without ">" (quadratic snippet regex before)', async () => {
    const result = await read('/lt-storm.xml');
    expect(result.items.map((i) => i.title)).toEqual([expect.stringContaining('(n° 0)'), 'Orage']);
  });

  it('recovers every item of the generated hostile corpus that a careful reader can', async () => {
    const corpus = hostileCorpus().filter((body) => body.name !== 'huge-valid');
    for (const body of corpus) server.route(`/corpus/${body.name}.xml`, { body: body.body, headers: { 'content-type': body.contentType } });
    const counts = await Promise.all(corpus.map(async (body) => [body.name, (await read(`/corpus/${body.name}.xml`)).items.length] as const));
    expect(Object.fromEntries(counts)).toEqual(Object.fromEntries(corpus.map((body) => [body.name, body.expectedItems])));
  });
});

describe('parse budget', () => {
  it('fails a feed whose parse outruns its budget with a too_slow FeedError, and other reads go on', async () => {
    const tight = new HttpFeedSource({ ...options, parseBudgetMs: 5 }, silentLogger);
    const [slow, small] = await Promise.allSettled([
      tight.read(feed('/large.xml'), undefined, new AbortController().signal),
      tight.read(feed('/no-channel.xml'), undefined, new AbortController().signal),
    ]);
    expect(slow.status).toBe('rejected');
    const error = (slow as PromiseRejectedResult).reason as FeedError;
    expect(error).toBeInstanceOf(FeedError);
    expect(error).toMatchObject({ kind: 'too_slow', status: 200 });
    expect(error.message).toBe('feed largexml: parsing took more than 5 ms; the feed is skipped and retried later');
    expect(small.status).toBe('fulfilled');
  });

  it('reads the same large feed within the default budget', async () => {
    expect((await read('/large.xml')).items).toHaveLength(4000);
  });
});

describe('errors in Vigie’s own words', () => {
  it('names what the body is when it is no feed, and where XML is malformed', async () => {
    expect((await failure('/html.xml')).message).toBe('feed htmlxml: an HTML page, not a feed (content-type text/html)');
    expect((await failure('/sitemap.xml')).message).toBe('feed sitemapxml: XML but neither RSS nor Atom (root <urlset>)');
    const broken = await failure('/broken.xml');
    expect(broken.kind).toBe('invalid_xml');
    expect(broken.message).toMatch(/^feed brokenxml: malformed XML at line 1, column \d+: unexpected close tag, and no complete entry before it$/);
    expect(broken.cause).toBeInstanceOf(Error);
  });
});

describe('vigie feeds check', () => {
  it('shows a feed read in part as partial, with its items, not as failed', async () => {
    const rows = await checkFeeds([feed('/truncated-mid-item.xml'), feed('/php-notice.xml')], source, () => Date.now(), new AbortController().signal);
    expect(rows[0]).toMatchObject({ items: 4, status: 200 });
    expect(rows[0]?.error).toBeUndefined();
    expect(rows[0]?.partial).toContain('4 entries read before it');
    const table = formatFeedTable(rows);
    expect(table).toMatch(/truncatedmiditemxml +200 +4 .*partial: cut at line \d+/);
  });
});

describe('item identity', () => {
  it('reads items sharing one link under different guids as distinct items (a podcast page)', async () => {
    const episodes = Array.from({ length: 6 }, (_, n) => frenchItem(n, { link: 'https://podcast.example/emission', guid: `episode-${n}` }));
    server.route('/podcast.xml', { body: frenchRss(6, 0, episodes) });
    const result = await read('/podcast.xml');
    expect(titles(result)).toEqual(expectedTitles(6));
    expect(new Set(result.items.map((i) => i.id)).size).toBe(6);
    expect(result.items.every((i) => i.link === 'https://podcast.example/emission' && i.sharedLink === true)).toBe(true);
  });

  it('still reads one item listed twice (same link, same guid) once', async () => {
    server.route('/twice.xml', { body: frenchRss(2, 0, [frenchItem(0), frenchItem(0), frenchItem(1)]) });
    expect(titles(await read('/twice.xml'))).toEqual(expectedTitles(2));
  });
});
