/** HttpFeedSource over a real local server: feed formats, French text, quirks and charsets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewsItem } from '../../src/core/types.js';
import { HttpFeedSource } from '../../src/feeds/http-feed-source.js';
import type { FeedConfig, FetchOptions } from '../../src/core/feed-types.js';
import { silentLogger } from '../helpers/builders.js';
import { type FeedServer, loadFeedFixture, startFeedServer } from '../helpers/feed-server.js';

const options: FetchOptions = { timeoutMs: 5000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5, userAgent: 'VigieBot/test', concurrency: 8, perHost: 2 };
const RSS = 'application/rss+xml';
let server: FeedServer;
let source: HttpFeedSource;

beforeAll(async () => {
  server = await startFeedServer({
    '/accents.xml': { body: loadFeedFixture('rss2-accents.xml'), headers: { 'content-type': `${RSS}; charset=utf-8` } },
    '/quirks.xml': { body: loadFeedFixture('rss2-quirks.xml') },
    '/atom.xml': { body: loadFeedFixture('atom.xml'), headers: { 'content-type': 'application/atom+xml' } },
    '/rdf.xml': { body: loadFeedFixture('rdf.xml'), headers: { 'content-type': 'application/rdf+xml' } },
    '/google.xml': { body: loadFeedFixture('google-news.xml') },
    '/rss091.xml': { body: loadFeedFixture('rss091-doctype.xml'), headers: { 'content-type': 'text/xml' } },
    '/latin1-header.xml': { body: loadFeedFixture('latin1-bare.xml'), headers: { 'content-type': 'text/xml; charset=ISO-8859-1' } },
    '/latin1-prolog.xml': { body: loadFeedFixture('latin1-prolog.xml'), headers: { 'content-type': RSS } },
    '/latin1-undeclared.xml': { body: loadFeedFixture('latin1-bare.xml'), headers: { 'content-type': RSS } },
    '/latin1-lying-header.xml': { body: loadFeedFixture('latin1-prolog.xml'), headers: { 'content-type': `${RSS}; charset=utf-8` } },
    '/cp1252-prolog.xml': { body: loadFeedFixture('cp1252.xml'), headers: { 'content-type': RSS } },
    '/cp1252-header.xml': { body: loadFeedFixture('cp1252-bare.xml'), headers: { 'content-type': 'text/xml; charset=windows-1252' } },
    '/cp1252-undeclared.xml': { body: loadFeedFixture('cp1252-bare.xml'), headers: { 'content-type': 'text/xml' } },
    '/mislabelled.xml': { body: loadFeedFixture('mislabelled-utf8.xml') },
    '/mixed.xml': { body: loadFeedFixture('mixed-bytes.xml'), headers: { 'content-type': `${RSS}; charset=utf-8` } },
    '/mojibake.xml': { body: loadFeedFixture('mojibake.xml') },
    '/no-items.xml': { body: '<?xml version="1.0"?><rss version="2.0"><channel><title>Calme plat</title></channel></rss>' },
    '/no-version.xml': { body: '<rss><channel><item><title>Sans version</title><link>https://e.fr/a</link></item></channel></rss>' },
  });
  source = new HttpFeedSource(options, silentLogger);
});
afterAll(async () => server.close());

function feed(path: string, id = path.replace(/\W/g, '')): FeedConfig {
  return { id, name: 'Flux de test', url: server.url(path), tags: [] };
}

async function items(path: string, config = feed(path)): Promise<NewsItem[]> {
  const result = await source.read(config, undefined, new AbortController().signal);
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${result.kind}`);
  return result.items;
}

describe('feed formats', () => {
  it('reads an RSS 2.0 feed: accents, CDATA, HTML descriptions, content:encoded and categories', async () => {
    const list = await items('/accents.xml');
    expect(list).toHaveLength(3);
    const [hospital, outage, leak] = list;
    expect(hospital).toMatchObject({
      id: 'https://www.leveilleur-numerique.fr/securite/cyberattaque-hopital-armentieres-rancongiciel',
      title: 'Cyberattaque : le centre hospitalier d’Armentières paralysé par un rançongiciel',
      categories: ['Rançongiciel', 'Santé'],
      publishedAt: Date.UTC(2024, 1, 12, 8, 41),
      source: 'Flux de test',
      feedId: 'accentsxml',
    });
    expect(hospital?.summary).toBe(
      'Les urgences ont été délestées vers les établissements voisins après l’attaque survenue dans la nuit de dimanche à lundi.\n'
      + 'La direction a déposé plainte et l’ANSSI est mobilisée. « Aucune donnée patient n’a été exfiltrée à ce stade », assure l’établissement.',
    );
    expect(outage?.link).toBe('https://www.leveilleur-numerique.fr/reseaux/panne-numeros-urgence');
    expect(outage?.summary).toBe("Le 15, le 17, le 18 et le 112 ne répondaient plus dans plusieurs départements de l'Ouest.");
    expect(leak?.title).toBe("Fuite de données chez Assurances Mutuelles du Littoral : 1,2 million d'adhérents concernés");
    expect(leak?.summary).toBe("Noms, adresses et IBAN : l'assureur confirme une exfiltration de données.");
  });

  it('reads an Atom feed: HTML titles, html and xhtml content, category terms, French dates', async () => {
    const [sms, advice, firewall] = await items('/atom.xml');
    expect(sms).toMatchObject({
      title: 'Hameçonnage : de faux SMS de l’Assurance maladie circulent',
      link: 'https://www.assistance-cyber.example.gouv.fr/actualites/faux-sms-assurance-maladie',
      categories: ['Hameçonnage', 'Alerte'],
      publishedAt: Date.UTC(2024, 1, 12, 7, 30),
    });
    expect(sms?.summary).toBe('Une campagne d’hameçonnage usurpe l’identité de l’Assurance maladie pour dérober des coordonnées bancaires.\nNe cliquez pas sur le lien\nSignalez le SMS au 33700');
    expect(advice?.publishedAt).toBe(Date.UTC(2024, 1, 9, 14, 0));
    expect(firewall).toMatchObject({
      id: 'tag:assistance-cyber.example.gouv.fr,2024:alerte-17',
      summary: 'Une vulnérabilité critique est activement exploitée.',
      publishedAt: Date.UTC(2024, 1, 5, 14, 30),
    });
    expect(firewall?.link).toBeUndefined();
  });

  it('reads an RDF (RSS 1.0) feed with Dublin Core dates and subjects', async () => {
    const [forge, conference] = await items('/rdf.xml');
    expect(forge).toMatchObject({
      title: 'Panne de la forge logicielle nationale : les dépôts inaccessibles depuis mardi',
      publishedAt: Date.UTC(2024, 1, 7, 10, 20),
      categories: ['Infrastructure'],
    });
    expect(conference?.categories).toEqual(['Événement']);
  });

  it('reads an RSS 0.91 feed with a DTD reference, in ISO-8859-1', async () => {
    const [item] = await items('/rss091.xml');
    expect(item).toMatchObject({
      title: 'Le site de la préfecture de nouveau accessible après une panne',
      link: 'https://portail-ancien.example.fr/nouvelles/prefecture-panne.php?id=812',
    });
  });

  it('reads an <rss> without version as RSS 2.0', async () => {
    expect((await items('/no-version.xml')).map((i) => i.title)).toEqual(['Sans version']);
  });

  it('returns no items, not an error, for a valid feed with an empty channel', async () => {
    expect(await items('/no-items.xml')).toEqual([]);
  });
});

describe('broken feeds that are repaired, not lost', () => {
  it('survives bare "&", HTML entities and control characters, and drops same-feed duplicates', async () => {
    const list = await items('/quirks.xml');
    expect(list.map((i) => i.title)).toEqual([
      'Orange & SFR : perturbations sur les appels vers le 112',
      'Rançongiciel : la mairie de Saint-Aubin-des-Prés dépose plainte',
      'Brève sans lien : coupure du réseau fibre à Vannes',
      'Note de la rédaction : ni lien ni identifiant',
      'Panne de la billettique du réseau de bus à Nantes',
    ]);
    expect(list[0]?.summary).toBe('Les appels débordent vers d’autres centres : la préfecture recommande d’utiliser le SMS au 114. Plus d\'infos »');
    expect(list[0]?.link).toBe('https://www.actu-reseaux.example.fr/breves/orange-sfr-112');
    expect(list[4]?.summary).toBe('Les valideurs sont hors service depuis ce matin : les voyages sont gratuits.');
  });

  it('identifies an item without link by its guid and one without both by a stable synthetic id', async () => {
    const first = await items('/quirks.xml');
    const second = await items('/quirks.xml');
    const noLink = first[2];
    expect(noLink?.id).toBe('urn:actu-reseaux:breve:8812');
    expect(noLink?.link).toBeUndefined();
    expect(first[3]?.id).toMatch(/^urn:vigie:[0-9a-f]{16}$/);
    expect(second[3]?.id).toBe(first[3]?.id);
  });

  it('repairs double-encoded UTF-8 ("Ã©")', async () => {
    const [item] = await items('/mojibake.xml');
    expect(item?.title).toBe('Cyberattaque : l’hôpital de Thônes déclenche son plan blanc');
    expect(item?.summary).toBe('Les équipes sont passées en mode dégradé ; « aucune opération n’a été annulée », précise la direction.');
  });
});

describe('Google News feeds', () => {
  it('unwraps decodable links, strips the publisher from titles and names the publisher as source', async () => {
    const list = await items('/google.xml', { id: 'gn', name: 'Google Actualités', url: `${server.url('/google.xml')}`, tags: [] });
    expect(list.map((i) => [i.source, i.title, i.link])).toEqual([
      ['Ouest-France', 'Cyberattaque : le centre hospitalier de Cornouaille paralysé par un rançongiciel',
        'https://www.ouest-france.fr/bretagne/quimper-29000/cyberattaque-le-centre-hospitalier-de-cornouaille-paralyse-par-un-rancongiciel-7f3a2c10'],
      ['La Montagne', 'Clermont-Ferrand : la mairie visée par une cyberattaque, les services en ligne coupés',
        'https://www.lamontagne.fr/clermont-ferrand-63000/actualites/la-mairie-visee-par-une-cyberattaque_14512345'],
      ['Midi Libre', "Piratage : ce que l'on sait de la fuite de données du club de rugby",
        'https://news.google.com/rss/articles/CBMiMEFVX3lxTE50WTJodmMyVnVMWFJ2YTJWdUxXNXZkQzFrWldOdlpHRmliR1V0WVhRdFlXeHM'],
      ['France 3 Régions', 'Panne informatique géante au CHU : les rendez-vous reportés',
        'https://france3-regions.francetvinfo.fr/occitanie/panne-informatique-geante-au-chu.html'],
    ]);
    expect(list.every((i) => i.summary === '')).toBe(true);
  });
});

describe('charsets', () => {
  const CHATEAUBRIANT = "Cyberattaque à l'hôtel de ville de Châteaubriant : les élus réunis en urgence";
  const CARD = 'Panne de paiement par carte : “des files d’attente interminables” aux caisses';
  const CARD_SUMMARY = 'Un incident chez le prestataire de paiement a bloqué les terminaux pendant deux heures… Les commerçants ont perdu des centaines d’euros ; l’œuvre d’un bug, pas d’une attaque — coût estimé : 40 000 €.';

  it.each([
    ['declared only in the HTTP header', '/latin1-header.xml'],
    ['declared only in the XML prolog', '/latin1-prolog.xml'],
    ['not declared at all', '/latin1-undeclared.xml'],
    ['declared UTF-8 by a wrong header', '/latin1-lying-header.xml'],
  ])('reads an ISO-8859-1 feed %s', async (_how, path) => {
    const list = await items(path);
    expect(list[0]?.title).toBe(CHATEAUBRIANT);
    expect(list[1]?.title).toBe('Grève des contrôleurs aériens : quels vols annulés à Nantes-Atlantique ?');
  });

  it.each([
    ['declared in the XML prolog', '/cp1252-prolog.xml'],
    ['declared in the HTTP header', '/cp1252-header.xml'],
    ['not declared at all', '/cp1252-undeclared.xml'],
  ])('reads a windows-1252 feed %s, curly quotes, €, œ and … included', async (_how, path) => {
    const [item] = await items(path);
    expect(item?.title).toBe(CARD);
    expect(item?.summary).toBe(CARD_SUMMARY);
  });

  it('reads UTF-8 bytes labelled ISO-8859-1 as UTF-8', async () => {
    expect((await items('/mislabelled.xml'))[0]?.title).toBe(CHATEAUBRIANT);
  });

  it('reads a UTF-8 feed with one item in Latin-1 bytes correctly throughout', async () => {
    const list = await items('/mixed.xml');
    expect(list.map((i) => i.title)).toEqual([CHATEAUBRIANT, 'Grève des contrôleurs aériens : quels vols annulés à Nantes-Atlantique ?']);
  });
});
