/** The bundled demo feeds (demo/feeds) parse over HTTP, with their date placeholders filled in. */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dedupKeys } from '../../src/core/dedup.js';
import type { NewsItem } from '../../src/core/types.js';
import { HttpFeedSource } from '../../src/feeds/http-feed-source.js';
import type { FeedConfig } from '../../src/core/feed-types.js';
import { silentLogger } from '../helpers/builders.js';
import { type FeedServer, startFeedServer } from '../helpers/feed-server.js';

const DIR = new URL('../../demo/feeds/', import.meta.url);
const NOW = Date.UTC(2024, 10, 4, 12, 0);
const HOUR = 3_600_000;
const files = readdirSync(DIR).filter((name) => /\.(xml|rdf)$/.test(name)).sort();
let server: FeedServer;
const byFile = new Map<string, NewsItem[]>();

/** Fills `{{HOURS_AGO:n}}` the way demo/feeds/README.md asks (bytes kept: the ISO-8859-1 file stays so). */
function fill(body: Buffer): Buffer {
  const text = body.toString('latin1').replace(/\{\{HOURS_AGO:(\d+(?:\.\d+)?)\}\}/g, (_m, hours: string) => new Date(NOW - Number(hours) * HOUR).toUTCString());
  return Buffer.from(text, 'latin1');
}

beforeAll(async () => {
  server = await startFeedServer(Object.fromEntries(files.map((name) => [`/${name}`, { body: fill(readFileSync(new URL(name, DIR))) }])));
  const source = new HttpFeedSource({ timeoutMs: 5000, maxBytes: 1e6, maxRedirects: 5, userAgent: 'VigieBot/test', concurrency: 8, perHost: 2 }, silentLogger);
  for (const name of files) {
    const config: FeedConfig = { id: name.replace(/\.\w+$/, ''), name, url: server.url(`/${name}`), tags: ['demo'] };
    const result = await source.read(config, undefined, new AbortController().signal);
    byFile.set(name, result.kind === 'ok' ? result.items : []);
  }
});
afterAll(async () => server.close());

describe('demo feeds', () => {
  it('has 6 to 8 feeds with about 40 items in all, every item titled, linked and dated in the past', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
    expect(files.length).toBeLessThanOrEqual(8);
    const all = [...byFile.values()].flat();
    expect(all.length).toBeGreaterThanOrEqual(36);
    expect(all.length).toBeLessThanOrEqual(45);
    for (const item of all) {
      expect(item.title.length).toBeGreaterThan(10);
      expect(item.link).toMatch(/^https:\/\//);
      expect(item.publishedAt).toBeLessThan(NOW);
      expect(item.publishedAt).toBeGreaterThanOrEqual(NOW - 72 * HOUR);
    }
    for (const [name, items] of byFile) expect(items.length, name).toBeGreaterThan(0);
  });

  it('covers RSS 2.0, Atom, RDF and an ISO-8859-1 feed whose accents read right', () => {
    const raw = (name: string): string => readFileSync(new URL(name, DIR), 'latin1');
    expect(files.some((f) => raw(f).includes('<rss version="2.0"'))).toBe(true);
    expect(files.some((f) => raw(f).includes('<feed xmlns="http://www.w3.org/2005/Atom"'))).toBe(true);
    expect(files.some((f) => raw(f).includes('<rdf:RDF'))).toBe(true);
    const latin = files.find((f) => raw(f).includes('encoding="ISO-8859-1"'));
    expect(latin).toBeDefined();
    const titles = (byFile.get(latin ?? '') ?? []).map((i) => i.title).join('\n');
    expect(titles).toContain("l'hôpital touché par une cyberattaque, les urgences en mode dégradé");
    expect(titles).not.toMatch(/[\ufffdÃ]/);
  });

  it('carries one story in three outlets, and an article re-served with tracking that canonicalises to one URL', () => {
    const all = [...byFile.values()].flat();
    const hospital = all.filter((i) => /Val-de-Brenne/.test(i.title) && /(cyberattaque|rançongiciel)/i.test(i.title));
    expect(new Set(hospital.map((i) => i.feedId)).size).toBe(3);
    const ministry = all.filter((i) => i.link === 'https://www.linfo-en-continu.example/politique/cyberattaque-messagerie-ministere-interieur_6612211.html');
    expect(ministry).toHaveLength(2);
    expect(dedupKeys(ministry[0] as NewsItem)[0]).toBe(dedupKeys(ministry[1] as NewsItem)[0]);
  });

  it('includes a wire story republished word for word, which shares a title key', () => {
    const all = [...byFile.values()].flat();
    const wire = all.filter((i) => i.title.startsWith('Des sites de collectivités françaises visés'));
    expect(wire).toHaveLength(2);
    const titleKey = (item: NewsItem) => dedupKeys(item).find((key) => key.startsWith('t:'));
    expect(titleKey(wire[0] as NewsItem)).toBeDefined();
    expect(titleKey(wire[0] as NewsItem)).toBe(titleKey(wire[1] as NewsItem));
  });
});
