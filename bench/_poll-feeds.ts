/**
 * Child process for bench/poll.ts: serves `FEEDS` generated feeds of `ITEMS` items each on
 * 127.0.0.1 with ETags (so a second cycle gets 304s), and prints its port on stdout.
 */
import { startFeedServer, type FeedRoute } from '../tests/helpers/feed-server.js';

const feeds = Number(process.env.FEEDS ?? 200);
const items = Number(process.env.ITEMS ?? 50);
const now = Date.now();

const INCIDENTS = [
  'Cyberattaque : le centre hospitalier de {town} paralysé par un rançongiciel',
  'Panne géante chez un hébergeur : des centaines de sites inaccessibles depuis ce matin à {town}',
  'Fuite de données : les informations de 40 000 clients d’une mutuelle de {town} mises en vente',
  'La mairie de {town} victime d’une cyberattaque, les services municipaux à l’arrêt',
];
const OTHERS = [
  'Cyber Monday : les meilleures offres sur les ordinateurs portables à {town}',
  'Football : {town} attaque fort et s’impose 3-0 à domicile',
  'Un salon de la cybersécurité ouvre ses portes à {town}',
  'Grippe : le virus circule activement dans la région de {town}',
  'Comment bien choisir son forfait mobile en 2026',
  'Le conseil municipal de {town} vote le budget du numérique scolaire',
];
const FILLER = 'Les équipes techniques ont été mobilisées toute la journée et un point de situation sera fait demain matin. '
  + 'Les habitants sont invités à consulter le site officiel pour suivre l’évolution de la situation. ';

function item(f: number, i: number): string {
  const town = `Ville-${f}-${i}`;
  const pool = (f * items + i) % 10 === 0 ? INCIDENTS : OTHERS;
  const title = pool[(f + i) % pool.length]!.replace('{town}', town);
  const description = `${title}. ${FILLER.repeat(4)}`;
  return `<item><title><![CDATA[${title}]]></title><link>https://presse-${f}.example/articles/${i}</link>`
    + `<guid>https://presse-${f}.example/articles/${i}</guid><description><![CDATA[<p>${description}</p>]]></description>`
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
