/**
 * A local HTTP server for `vigie demo`: serves the bundled sample feeds on 127.0.0.1, with their
 * `{{HOURS_AGO:n}}` date placeholders rewritten relative to now so the stories always look fresh.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** One sample feed: the file under the demo folder and how it is served. */
export interface DemoFeedFile {
  id: string;
  name: string;
  file?: string;
  contentType?: string;
  /** Serve this HTTP status instead of the file (to show that one failing feed harms no other). */
  status?: number;
}

const PLACEHOLDER = /\{\{HOURS_AGO(?:_(ISO|RFC))?:(\d+(?:\.\d+)?)\}\}/g;
const ISO_TAGS = /<(updated|published|dc:date|atom:updated)[^>]*>\s*$/;

/** Replaces date placeholders: ISO 8601 inside Atom/Dublin Core date elements, RFC 1123 elsewhere. */
export function rewriteDates(body: Buffer, now: number): Buffer {
  // latin1 maps bytes 1:1, so UTF-8 and ISO-8859-1 files survive the round trip unchanged.
  const text = body.toString('latin1');
  const out = text.replace(PLACEHOLDER, (_m, format: string | undefined, hours: string, offset: number) => {
    const date = new Date(now - Number(hours) * 3_600_000);
    const iso = format === 'ISO' || (format === undefined && ISO_TAGS.test(text.slice(Math.max(0, offset - 40), offset)));
    return iso ? date.toISOString() : date.toUTCString();
  });
  return Buffer.from(out, 'latin1');
}

/** Starts the server; resolves its base URL and a close function. */
export async function startDemoServer(dir: string, feeds: DemoFeedFile[], now: () => number): Promise<{ baseUrl: string; server: Server; close(): Promise<void> }> {
  const byPath = new Map(feeds.map((f) => [`/${f.id}.xml`, f]));
  const server = createServer((req, res) => {
    const feed = byPath.get(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (!feed) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    if (feed.status !== undefined || !feed.file) {
      return void res.writeHead(feed.status ?? 500, { 'content-type': 'text/html' }).end('<html><body>Erreur interne</body></html>');
    }
    readFile(path.join(dir, feed.file)).then(
      (body) => res.writeHead(200, { 'content-type': feed.contentType ?? 'application/rss+xml; charset=utf-8' }).end(rewriteDates(body, now())),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
