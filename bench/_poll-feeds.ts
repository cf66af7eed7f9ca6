/**
 * Child process for bench/poll.ts: serves `FEEDS` generated feeds of `ITEMS` items each on
 * 127.0.0.1 with ETags (so a second cycle gets 304s), and prints its port on stdout.
 * One item in ten reports an incident; each incident is a distinct story (its own victim, town
 * and details), so that every one of them is announced: the worst case for a cycle.
 */
import { startFeedServer, type FeedRoute } from '../tests/helpers/feed-server.js';
import { describe, headline, town } from './_poll-items.js';

const feeds = Number(process.env.FEEDS ?? 200);
const items = Number(process.env.ITEMS ?? 50);
const now = Date.now();

function item(f: number, i: number): string {
  const n = f * items + i;
  const incident = n % 10 === 0;
  const place = town(incident ? n / 10 : n);
  const title = headline(n, incident, place);
  const description = describe(n, incident, place);
  return `<item><title><![CDATA[${title}]]></title><link>https://presse-${f}.example/articles/${i}</link>`
    + `<guid>https://presse-${f}.example/articles/${i}</guid><description><![CDATA[${description}]]></description>`
    + `<pubDate>${new Date(now - (i + 1) * 600_000).toUTCString()}</pubDate></item>`;
}

const routes: Record<string, FeedRoute> = {};
for (let f = 0; f < feeds; f++) {
  const body = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Presse ${f}</title>`
    + `<link>https://presse-${f}.example/</link><description>bench</description>`
    + `${Array.from({ length: items }, (_, i) => item(f, i)).join('')}</channel></rss>`;
  routes[`/feed-${f}.xml`] = { body, etag: `"f${f}-v1"` };
}
const server = await startFeedServer(routes);
process.stdout.write(`${server.port}\n`);
