/**
 * Child process for bench/poll.ts: serves `FEEDS` generated feeds of `ITEMS` items each on
 * 127.0.0.1 and prints its port on stdout. One item in ten reports an incident (one in
 * `BENCH_INCIDENT_EVERY`); each incident is a distinct story (its own victim, town and details), so
 * that every one of them is announced: the worst case for a cycle.
 *
 * `GET /_mode?m=…` switches what every feed answers:
 *   etag     the first body, with an ETag (304 to a matching If-None-Match)   — the default
 *   plain    the same bytes, without ETag or Last-Modified (as many news sites serve)
 *   changed  a new lastBuildDate and the items in another order, no validators: every item seen before;
 *            `&v=N` (default 1) picks the version, each one a different body (reversed, then rotated)
 *   fresh    bodies whose items are all new (other links, towns and details), no validators: a cycle
 *            where everything is new to a process that has already run (its code compiled)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, headline, town } from './_poll-items.js';

const feeds = Number(process.env.FEEDS ?? 200);
const items = Number(process.env.ITEMS ?? 50);
/** One item in this many reports an incident. */
const asked = Math.floor(Number(process.env.BENCH_INCIDENT_EVERY ?? 10));
const every = asked >= 1 ? asked : 10; // below 1 (or not a number): the default
const now = Date.now();

/** Item `i` of feed `f`; `round` 1 gives other items (links, towns and details) than round 0. */
function item(f: number, i: number, round = 0): string {
  const n = (round * feeds + f) * items + i;
  const incident = n % every === 0;
  const place = town(incident ? n / every : n);
  const title = headline(n, incident, place);
  const description = describe(n, incident, place);
  const slug = round === 0 ? String(i) : `${round}-${i}`;
  return `<item><title><![CDATA[${title}]]></title><link>https://presse-${f}.example/articles/${slug}</link>`
    + `<guid>https://presse-${f}.example/articles/${slug}</guid><description><![CDATA[${description}]]></description>`
    + `<pubDate>${new Date(now - (i + 1) * 600_000).toUTCString()}</pubDate></item>`;
}

function body(f: number, built: number, list: string[]): Buffer {
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Presse ${f}</title>`
    + `<link>https://presse-${f}.example/</link><description>bench</description><lastBuildDate>${new Date(built).toUTCString()}</lastBuildDate>`
    + `${list.join('')}</channel></rss>`);
}

const lists = Array.from({ length: feeds }, (_, f) => Array.from({ length: items }, (_, i) => item(f, i)));
const first = new Map<string, Buffer>();
for (let f = 0; f < feeds; f++) first.set(`/feed-${f}.xml`, body(f, now, lists[f]!));
/** The bodies of the current `changed` version (only one version is held at a time). */
let changed = new Map<string, Buffer>();

/** Version `v` of every changed body: a lastBuildDate `v` minutes later, the items reversed and rotated by `v - 1`. */
function changedBodies(v: number): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (let f = 0; f < feeds; f++) {
    const reversed = [...lists[f]!].reverse();
    const k = (v - 1) % reversed.length;
    out.set(`/feed-${f}.xml`, body(f, now + v * 60_000, [...reversed.slice(k), ...reversed.slice(0, k)]));
  }
  return out;
}

/** The bodies of `fresh`, built when first asked for. */
let fresh: Map<string, Buffer> | undefined;

let mode = 'etag';
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://bench');
  if (url.pathname === '/_mode') {
    mode = url.searchParams.get('m') ?? 'etag';
    if (mode === 'changed') changed = changedBodies(Number(url.searchParams.get('v') ?? 1));
    if (mode === 'fresh' && fresh === undefined) {
      fresh = new Map(Array.from({ length: feeds }, (_, f) => [`/feed-${f}.xml`, body(f, now, Array.from({ length: items }, (_, i) => item(f, i, 1)))]));
    }
    res.end(mode);
    return;
  }
  const bytes = (mode === 'changed' ? changed : mode === 'fresh' ? fresh! : first).get(url.pathname);
  if (!bytes) {
    res.statusCode = 404;
    res.end();
    return;
  }
  const etag = `"${url.pathname}-v1"`;
  if (mode === 'etag' && req.headers['if-none-match'] === etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.setHeader('content-type', 'application/rss+xml; charset=utf-8');
  if (mode === 'etag') res.setHeader('etag', etag);
  res.end(bytes);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
