import { describe, expect, it } from 'vitest';
import { canonicalUrl, decodeGoogleNewsToken, isGoogleNewsUrl, stripPublisherSuffix } from '../../src/core/url.js';

/** An old-format Google News token: base64url of {1: 19, 4: url} as protobuf, like Google's. */
function googleToken(url: string): string {
  const bytes = Buffer.from(url, 'utf8');
  const length = bytes.length < 128 ? [bytes.length] : [(bytes.length & 0x7f) | 0x80, bytes.length >> 7];
  return Buffer.from([0x08, 0x13, 0x22, ...length, ...bytes, 0xd2, 0x01, 0x00]).toString('base64url');
}

describe('canonicalUrl: tracking and variants', () => {
  it.each([
    ['utm_* parameters', 'https://www.zataz.com/fuite-clinique/?utm_source=rss&utm_medium=rss&utm_campaign=fuite', 'https://www.zataz.com/fuite-clinique'],
    ['xtor in the query', 'https://www.lemonde.fr/pixels/article/2024/02/12/panne.html?xtor=RSS-3208', 'https://www.lemonde.fr/pixels/article/2024/02/12/panne.html'],
    ['xtor in the fragment', 'http://www.leparisien.fr/high-tech/panne-orange.php#xtor=RSS-1481423633', 'http://www.leparisien.fr/high-tech/panne-orange.php'],
    ['fbclid and gclid', 'https://actu.fr/a/b?fbclid=IwAR0abc&gclid=Cj0KCQ&id=4', 'https://actu.fr/a/b?id=4'],
    ['src=rss', 'https://news.example.fr/article-12?src=rss', 'https://news.example.fr/article-12'],
    ['sessionId in any case', 'https://lecture.example.fr/livre?ref=12&sessionId=A81F3C', 'https://lecture.example.fr/livre?ref=12'],
    ['print=print', 'https://www.silicon.fr/panne-cloud-423?print=print', 'https://www.silicon.fr/panne-cloud-423'],
    ['the :443 default port', 'https://www.purebreak.com:443/news/article', 'https://www.purebreak.com/news/article'],
    ['an upper-case host', 'https://WWW.Numerama.COM/cyberguerre/123-attaque', 'https://www.numerama.com/cyberguerre/123-attaque'],
    ['a trailing slash', 'https://www.zataz.com/une-fuite/', 'https://www.zataz.com/une-fuite'],
    ['a trailing /amp segment', 'https://www.bfmtv.com/tech/panne-sfr_AN-2024.html/amp/', 'https://www.bfmtv.com/tech/panne-sfr_AN-2024.html'],
    ['a leading /amp/ segment', 'https://www.example-presse.fr/amp/faits-divers/attaque-mairie', 'https://www.example-presse.fr/faits-divers/attaque-mairie'],
    ['?amp', 'https://www.20minutes.fr/high-tech/4071234-panne?amp', 'https://www.20minutes.fr/high-tech/4071234-panne'],
    ['an .amp.html suffix', 'https://www.example-presse.fr/article-123.amp.html', 'https://www.example-presse.fr/article-123.html'],
    ['an amp. host prefix', 'https://amp.lefigaro.fr/secteur/high-tech/cyberattaque-2024', 'https://www.lefigaro.fr/secteur/high-tech/cyberattaque-2024'],
    ['Le Monde Informatique lireamp-', 'https://www.lemondeinformatique.fr/actualites/lireamp-un-rancongiciel-frappe-92345.html', 'https://www.lemondeinformatique.fr/actualites/lire-un-rancongiciel-frappe-92345.html'],
    ['credentials', 'https://user:secret@example.fr/a', 'https://example.fr/a'],
  ])('removes %s', (_what, input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });

  it('keeps the parameters that select the article, in their order and encoding', () => {
    expect(canonicalUrl('https://portail.example.fr/index.php?id=812&cat=s%C3%A9curit%C3%A9&utm_term=x')).toBe(
      'https://portail.example.fr/index.php?id=812&cat=s%C3%A9curit%C3%A9',
    );
  });

  it('upper-cases percent escapes so both spellings of an accented path agree', () => {
    expect(canonicalUrl('https://example.fr/s%c3%a9curit%c3%a9')).toBe(canonicalUrl('https://example.fr/sécurité'));
  });

  it('keeps the root path and a meaningful ?src value', () => {
    expect(canonicalUrl('https://example.fr/')).toBe('https://example.fr/');
    expect(canonicalUrl('https://example.fr/img?src=photo.jpg')).toBe('https://example.fr/img?src=photo.jpg');
  });

  it('resolves a relative link against the feed URL', () => {
    expect(canonicalUrl('/securite/article-1?utm_source=rss', 'https://www.example.fr/feed/')).toBe('https://www.example.fr/securite/article-1');
  });

  it('returns undefined for non-http schemes, garbage and empty strings', () => {
    expect(canonicalUrl('javascript:alert(1)')).toBeUndefined();
    expect(canonicalUrl('mailto:redaction@example.fr')).toBeUndefined();
    expect(canonicalUrl('pas une url')).toBeUndefined();
    expect(canonicalUrl('   ')).toBeUndefined();
  });

  it('gives back a link already in canonical form, and any other as parsing it gives (20,000 generated links)', () => {
    // A fragment sends a link through the parser and is always removed there: the oracle.
    let state = 11;
    const next = (): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 4294967296;
    };
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
    const LABELS = ['presse-1', 'www', 'amp', 'xn--bcher-kva', '123', 'google', 'bing', 'news', 'com', 'fr', 'example', '-x', 'EXAMPLE', '0x1', '1', 'a'];
    const SEGMENTS = ['articles', '12', 'a.b', '.', '..', 'amp', 'AMP', 'lireamp-x', 'x.amp', 'x.amp.html', '~u', 'A_b-c', '%41', '', 'index.html', 'url', 'é'];
    let plain = 0;
    for (let n = 0; n < 20_000; n++) {
      const host = Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(LABELS)).join('.');
      const path = Array.from({ length: Math.floor(next() * 4) }, () => `/${pick(SEGMENTS)}`).join('') + (next() < 0.1 ? '/' : '');
      const link = `${pick(['https', 'http', 'HTTP'])}://${host}${path}`;
      const expected = canonicalUrl(`${link}#f`, 'https://base.example/feed');
      expect(canonicalUrl(link, 'https://base.example/feed'), link).toBe(expected);
      if (expected === link) plain += 1;
    }
    expect(plain).toBeGreaterThan(2000);
  });

  it('is idempotent', () => {
    const once = canonicalUrl('https://AMP.example-presse.fr/amp/a/b/?utm_source=x#top');
    expect(once).toBeDefined();
    expect(canonicalUrl(once ?? '')).toBe(once);
  });
});

describe('canonicalUrl: redirect wrappers', () => {
  it('unwraps an old-format Google News article link to the canonical publisher URL', () => {
    const target = 'https://www.ouest-france.fr/bretagne/cyberattaque-hopital-7f3a?utm_source=google';
    const link = `https://news.google.com/rss/articles/${googleToken(target)}?oc=5`;
    expect(canonicalUrl(link)).toBe('https://www.ouest-france.fr/bretagne/cyberattaque-hopital-7f3a');
  });

  it('unwraps tokens whose URL needs a two-byte length', () => {
    const target = `https://france3-regions.francetvinfo.fr/occitanie/${'panne-informatique-'.repeat(8)}chu.html`;
    expect(decodeGoogleNewsToken(googleToken(target))).toBe(target);
    expect(canonicalUrl(`https://news.google.com/articles/${googleToken(target)}`)).toBe(target);
  });

  it('keeps a newer undecodable Google News token as is, minus the oc parameter', () => {
    const token = Buffer.from([0x08, 0x13, 0x22, 0x10, ...Buffer.from('AU_yqLNtY2hvc2Vu')]).toString('base64url');
    const link = `https://news.google.com/rss/articles/${token}?oc=5&hl=fr`;
    expect(canonicalUrl(link)).toBe(`https://news.google.com/rss/articles/${token}?hl=fr`);
  });

  it('unwraps Bing News apiclick links from their url parameter', () => {
    const link = 'http://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=6f2c&url=https%3a%2f%2fwww.challenges.fr%2fentreprise%2fpanne-geante_881234%3futm_source%3dbing&c=1234&mkt=fr-fr';
    expect(canonicalUrl(link)).toBe('https://www.challenges.fr/entreprise/panne-geante_881234');
  });

  it('unwraps google.com/url redirects', () => {
    expect(canonicalUrl('https://www.google.com/url?rct=j&sa=t&url=https://www.zdnet.fr/actualites/panne-39912.htm&ct=ga')).toBe(
      'https://www.zdnet.fr/actualites/panne-39912.htm',
    );
  });

  it('leaves a Bing link without target alone', () => {
    expect(canonicalUrl('https://www.bing.com/news/apiclick.aspx?ref=FexRss')).toBe('https://www.bing.com/news/apiclick.aspx?ref=FexRss');
  });

  it('rejects tokens that are not the old protobuf layout', () => {
    expect(decodeGoogleNewsToken('bm90IGEgdG9rZW4')).toBeUndefined();
    expect(decodeGoogleNewsToken('!!!')).toBeUndefined();
  });

  it('recognises Google News URLs', () => {
    expect(isGoogleNewsUrl('https://news.google.com/rss/search?q=cyberattaque&hl=fr')).toBe(true);
    expect(isGoogleNewsUrl('https://www.google.com/search?q=news')).toBe(false);
  });
});

describe('stripPublisherSuffix', () => {
  it('removes the " - Publisher" suffix named by the source element', () => {
    expect(stripPublisherSuffix('Cyberattaque à la mairie de Caen - Ouest-France', 'Ouest-France')).toEqual({
      title: 'Cyberattaque à la mairie de Caen', publisher: 'Ouest-France',
    });
  });

  it('removes a short unknown suffix and returns it as the publisher', () => {
    expect(stripPublisherSuffix('Panne géante chez Free : ce que l’on sait - Le Monde')).toEqual({
      title: 'Panne géante chez Free : ce que l’on sait', publisher: 'Le Monde',
    });
  });

  it('keeps a hyphen inside the title and a suffix that is not the named source', () => {
    expect(stripPublisherSuffix('Saint-Malo : le port à l’arrêt', 'Le Télégramme')).toEqual({
      title: 'Saint-Malo : le port à l’arrêt', publisher: 'Le Télégramme',
    });
  });

  it('does not treat a long clause as a publisher', () => {
    const title = 'Cyberattaque - les hôpitaux de la région ont tous basculé en mode dégradé ce lundi';
    expect(stripPublisherSuffix(title)).toEqual({ title });
  });
});
