/**
 * Generated French feeds for robustness tests and the feed-corpus benchmark: a realistic RSS feed
 * builder, a seeded random generator, and a corpus of damaged and hostile bodies, each with the
 * number of items a careful reader recovers from it. Everything here is written for Vigie.
 *
 *   const xml = frenchRss(12);                  // 12 complete items
 *   const corpus = hostileCorpus();             // [{ name, body, contentType, expectedItems }]
 */
import { seededRandom } from '../../src/core/cv.js';

const TITLES = [
  'Cyberattaque : le centre hospitalier de Dax paralysé par un rançongiciel',
  'Panne géante chez un hébergeur : des milliers de sites inaccessibles',
  'Fuite de données à la mairie de Lunel : 12 000 administrés concernés',
  'Attaque DDoS revendiquée contre les sites de plusieurs préfectures',
  'Le réseau mobile d’un opérateur coupé pendant six heures en Bretagne',
  'Intrusion dans le système d’information d’un conseil départemental',
  'Hameçonnage : de faux SMS de l’Assurance maladie circulent à nouveau',
  'Les urgences délestées après l’incident informatique de la nuit',
  'Un rançongiciel chiffre les serveurs d’une communauté de communes',
  'Coupure d’électricité et de fibre : les commerces de Brest à l’arrêt',
];
const LEADS = [
  'Les équipes techniques sont mobilisées depuis la nuit de dimanche à lundi ; l’ANSSI a été prévenue.',
  'La direction a déposé plainte. « Aucune donnée patient n’a été exfiltrée à ce stade », assure-t-elle.',
  'Le service a été rétabli en fin de matinée, selon l’opérateur, qui évoque une « erreur de configuration ».',
  'Des noms, adresses et IBAN figurent dans l’échantillon publié par le groupe de hackers sur son site vitrine.',
];

/** One item of a generated feed. */
export interface GeneratedItem {
  title: string;
  link: string;
  guid?: string;
}

/** The project's seeded generator (mulberry32), under the name the feed tests use. */
export const seeded = seededRandom;

/** The `<item>` element of item number `n` (title, link, guid, date, HTML description, categories). */
export function frenchItem(n: number, options: { link?: string; guid?: string } = {}): string {
  const title = `${TITLES[n % TITLES.length]} (n° ${n})`;
  const link = options.link ?? `https://www.veille-exemple.fr/actualites/${2024 + (n % 2)}/article-${n}.html?utm_source=rss`;
  const guid = options.guid ?? `https://www.veille-exemple.fr/?p=${1000 + n}`;
  const date = new Date(Date.UTC(2024, 2, 1 + (n % 28), 8, n % 60)).toUTCString();
  const lead = LEADS[n % LEADS.length] ?? '';
  return [
    '<item>',
    `<title>${escapeXml(title)}</title>`,
    `<link>${escapeXml(link)}</link>`,
    `<guid isPermaLink="false">${escapeXml(guid)}</guid>`,
    `<pubDate>${date}</pubDate>`,
    `<description><![CDATA[<p>${lead}</p><p>Lire la suite &rarr; <a href="${link}">ici</a></p>]]></description>`,
    `<category>Cybersécurité</category><category>Région &amp; territoires</category>`,
    '</item>',
  ].join('\n');
}

/** A complete RSS 2.0 feed of `count` items, numbered from `first`. */
export function frenchRss(count: number, first = 0, items?: string[]): string {
  const body = items ?? Array.from({ length: count }, (_, i) => frenchItem(first + i));
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n`
    + '<title>La Veille d’exemple — sécurité &amp; pannes</title>\n<link>https://www.veille-exemple.fr/</link>\n'
    + '<description>Actualités cyber et pannes informatiques</description>\n<language>fr-FR</language>\n'
    + `${body.join('\n')}\n</channel>\n</rss>\n`;
}

/** A complete Atom feed of `count` entries. */
export function frenchAtom(count: number): string {
  const entries = Array.from({ length: count }, (_, n) => [
    '<entry>',
    `<title type="html">${escapeXml(TITLES[n % TITLES.length] ?? '')} (n° ${n})</title>`,
    `<link rel="alternate" href="https://www.veille-exemple.fr/atom/${n}"/>`,
    `<id>tag:veille-exemple.fr,2024:${n}</id>`,
    `<updated>2024-03-${String(1 + (n % 28)).padStart(2, '0')}T08:00:00Z</updated>`,
    `<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>${escapeXml(LEADS[n % LEADS.length] ?? '')}</p></div></content>`,
    '</entry>',
  ].join('\n'));
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<title>Veille Atom</title>\n${entries.join('\n')}\n</feed>\n`;
}

/** Offset just past the `n`-th `</item>` (or `</entry>`) of `xml`; 0 for n = 0. */
export function endOfItem(xml: string, n: number, close = '</item>'): number {
  let at = 0;
  for (let i = 0; i < n; i += 1) at = xml.indexOf(close, at) + close.length;
  return at;
}

/** One body of the hostile corpus. */
export interface HostileBody {
  name: string;
  body: Buffer;
  contentType: string;
  /** Items a careful reader recovers from it. */
  expectedItems: number;
}

/** Damaged and hostile bodies, each built around realistic French items. */
export function hostileCorpus(): HostileBody[] {
  const rss = 'application/rss+xml';
  const ten = frenchRss(10);
  const afterFour = endOfItem(ten, 4);
  const corpus: [string, string | Buffer, number, string?][] = [
    ['doctype-brackets-40', `<!DOCTYPE rss [${'[a]'.repeat(40)}[ ${ten.slice(ten.indexOf('<rss'))}`, 10],
    ['doctype-brackets-5000', `<!DOCTYPE rss [${'[a]'.repeat(5000)}[ ${ten.slice(ten.indexOf('<rss'))}`, 10],
    ['unclosed-comment-300k', `${ten.slice(0, afterFour)}\n${'<!-- a '.repeat(45_000)}`, 4],
    ['unclosed-cdata-300k', `${ten.slice(0, afterFour)}\n<item><description>${'<![CDATA[ b '.repeat(25_000)}`, 4],
    ['unclosed-pi-300k', `${ten.slice(0, afterFour)}\n${'<?x '.repeat(75_000)}`, 4],
    ['lt-storm-in-description', frenchRss(3, 0, [frenchItem(0), `<item><title>Orage</title><link>https://e.fr/o</link><description><![CDATA[${'<a'.repeat(150_000)}]]></description></item>`, frenchItem(2)]), 3],
    ['unclosed-xhtml-atom', `${frenchAtom(3).replace('</feed>', '')}${'<content type="xhtml"><div>'.repeat(20_000)}`, 3, 'application/atom+xml'],
    ['deep-nesting', frenchRss(2, 0, [frenchItem(0), `<item><title>Profond</title><link>https://e.fr/p</link><description>${'<div>'.repeat(20_000)}x${'</div>'.repeat(20_000)}</description></item>`]), 2],
    ['entity-flood', frenchRss(2, 0, [frenchItem(0), `<item><title>Entités</title><link>https://e.fr/e</link><description>${'&eacute;&nbsp;&#233;'.repeat(60_000)}</description></item>`]), 2],
    ['ampersand-flood', frenchRss(2, 0, [frenchItem(0), `<item><title>Esperluettes</title><link>https://e.fr/a</link><description>${'&&#&x;&abc'.repeat(60_000)}</description></item>`]), 2],
    ['truncated-mid-item', ten.slice(0, afterFour + 180), 4],
    ['truncated-no-final-gt', ten.slice(0, ten.lastIndexOf('>')), 10],
    ['php-notice-before-xml', `<br />\n<b>Notice</b>:  Undefined index: lang in <b>/var/www/flux.php</b> on line <b>12</b><br />\n${ten}`, 10],
    ['xhtml-doctype-before-rss', `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n${ten.slice(ten.indexOf('<rss'))}`, 10],
    ['rss-without-channel', `<rss version="2.0">${Array.from({ length: 5 }, (_, i) => frenchItem(i)).join('')}</rss>`, 5],
    ['trailing-junk', `${ten}<b>Warning</b>: mysql_close()`, 10],
    ['unclosed-tag-mid-feed', ten.slice(0, afterFour) + ten.slice(afterFour).replace('</title>', ''), 4],
    ['duplicated-close', ten.slice(0, afterFour) + ten.slice(afterFour).replace('</item>', '</item></item>'), 5],
    ['attribute-without-quote-end', `${ten.slice(0, afterFour)}<item><link href="${'x'.repeat(200_000)}`, 4],
    ['huge-valid', frenchRss(3000), 3000],
  ];
  return corpus.map(([name, body, expectedItems, contentType]) => ({
    name, body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), contentType: contentType ?? rss, expectedItems,
  }));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
