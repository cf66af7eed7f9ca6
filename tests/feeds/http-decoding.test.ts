/** HttpFeedSource over a real local server: text that was garbled before reaches the items intact. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpFeedSource } from '../../src/feeds/http-feed-source.js';
import type { FeedConfig, FetchOptions } from '../../src/core/feed-types.js';
import { silentLogger } from '../helpers/builders.js';
import { type FeedServer, startFeedServer } from '../helpers/feed-server.js';

const options: FetchOptions = { timeoutMs: 5000, maxBytes: 1_000_000, maxRedirects: 5, userAgent: 'VigieBot/test', concurrency: 8, perHost: 8 };
const item = (title: string, description = '') =>
  `<item><title>${title}</title><link>https://e.fr/a</link><description>${description}</description></item>`;
const rss = (items: string, prolog = '<?xml version="1.0"?>') => `${prolog}<rss version="2.0"><channel><title>Flux</title>${items}</channel></rss>`;
let server: FeedServer;
let source: HttpFeedSource;

beforeAll(async () => {
  const c1 = (code: number) => String.fromCharCode(code);
  server = await startFeedServer({
    // windows-1252 punctuation stored as C1 control characters, raw (UTF-8 encoded) or as references.
    '/c1-raw.xml': { body: rss(item(`l${c1(0x92)}h${'ô'}pital au c${c1(0x9c)}ur de l${c1(0x92)}attaque ${c1(0x96)} ${c1(0x85)}`)), headers: { 'content-type': 'application/rss+xml; charset=utf-8' } },
    '/c1-refs.xml': { body: rss(item('l&#146;h&#244;pital au c&#156;ur de l&#x92;attaque &#150; &#133;', 'c&amp;#156;ur &amp;#147;chiffr&amp;eacute;&amp;#148;')) },
    '/entity-mojibake.xml': { body: rss(item('Fuite de donn&Atilde;&copy;es &#195;&#160; la mairie', '&lt;p&gt;donn&amp;Atilde;&amp;copy;es vol&amp;#195;&amp;#169;es&lt;/p&gt;')) },
    '/quoted-charset.xml': { body: Buffer.from(rss(item('Données médicales dérobées à l’hôpital')), 'utf8'), headers: { 'content-type': "text/xml; charset='us-ascii'" } },
    '/lying-utf16.xml': { body: Buffer.from(rss(item('Panne géante chez l’opérateur'), '<?xml version="1.0" encoding="UTF-16"?>'), 'utf8'), headers: { 'content-type': 'text/xml' } },
    '/lying-big5.xml': { body: Buffer.from(rss(item('Panne géante chez l’opérateur')), 'utf8'), headers: { 'content-type': 'text/xml; charset=big5' } },
    '/utf32.xml': { body: utf32le(`\uFEFF${rss(item('Rançongiciel à l’hôpital'))}`), headers: { 'content-type': 'text/xml' } },
  });
  source = new HttpFeedSource(options, silentLogger);
});
afterAll(async () => server.close());

function utf32le(text: string): Buffer {
  const codes = Array.from(text, (ch) => ch.codePointAt(0) ?? 0);
  const out = Buffer.alloc(codes.length * 4);
  codes.forEach((code, i) => out.writeUInt32LE(code, i * 4));
  return out;
}

async function first(path: string): Promise<{ title: string; summary: string }> {
  const feed: FeedConfig = { id: path.replace(/\W/g, ''), name: 'Flux', url: server.url(path), tags: [] };
  const result = await source.read(feed, undefined, new AbortController().signal);
  if (result.kind !== 'ok' || result.items[0] === undefined) throw new Error('no item');
  return result.items[0];
}

describe('decoding text garbled before', () => {
  it('reads raw C1 control characters as the windows-1252 punctuation and letters they stand for', async () => {
    expect((await first('/c1-raw.xml')).title).toBe('l’hôpital au cœur de l’attaque – …');
  });

  it('reads C1 character references, in the XML and in escaped HTML, as windows-1252 characters', async () => {
    const { title, summary } = await first('/c1-refs.xml');
    expect(title).toBe('l’hôpital au cœur de l’attaque – …');
    expect(summary).toBe('cœur “chiffré”');
  });

  it('repairs UTF-8 mojibake written as entities, once they are decoded', async () => {
    const { title, summary } = await first('/entity-mojibake.xml');
    expect(title).toBe('Fuite de données à la mairie');
    expect(summary).toBe('données volées');
  });

  it('reads a single-quoted charset label, and trusts valid UTF-8 bytes over a us-ascii label', async () => {
    expect((await first('/quoted-charset.xml')).title).toBe('Données médicales dérobées à l’hôpital');
  });

  it('trusts the bytes when the declared charset cannot be right (UTF-16 without NUL bytes, big5 on valid UTF-8)', async () => {
    expect((await first('/lying-utf16.xml')).title).toBe('Panne géante chez l’opérateur');
    expect((await first('/lying-big5.xml')).title).toBe('Panne géante chez l’opérateur');
  });

  it('reads UTF-32 with a byte order mark', async () => {
    expect((await first('/utf32.xml')).title).toBe('Rançongiciel à l’hôpital');
  });
});
