import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedIdFrom, feedsToOpml, opmlToFeeds } from '../../src/cli/opml.js';
import { tempDir } from '../helpers/app.js';
import { runCli } from '../helpers/cli.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => { tmp = tempDir('vigie-opml-'); });
afterAll(() => tmp.remove());

const FEEDS = `feeds:
  - id: certfr-alertes
    name: CERT-FR (alertes)
    url: https://www.cert.ssi.gouv.fr/alerte/feed/
    tags: [officiel, cyber]
  - id: presse
    name: "Presse & Cie <régionale>"
    url: https://presse.example/rss?x=1&y=2
  - id: zataz
    name: ZATAZ
    url: https://www.zataz.com/feed/
    tags: [cyber]
`;

describe('vigie feeds export / import', { timeout: 60_000 }, () => {
  it('round trip: export → import gives the same names, URLs and tags, and that YAML exports the same OPML', async () => {
    writeFileSync(path.join(tmp.dir, 'feeds.yaml'), FEEDS);
    const exported = await runCli(['feeds', 'export', '--feeds', 'feeds.yaml'], { cwd: tmp.dir });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0">/);
    expect(exported.stdout).toContain('xmlUrl="https://presse.example/rss?x=1&amp;y=2"');
    writeFileSync(path.join(tmp.dir, 'export.opml'), exported.stdout);

    const imported = await runCli(['feeds', 'import', 'export.opml', '--out', 'imported.yaml'], { cwd: tmp.dir });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('export.opml: 3 feeds imported into imported.yaml');
    const yaml = parse(readFileSync(path.join(tmp.dir, 'imported.yaml'), 'utf8')) as { feeds: { id: string; name: string; url: string; tags?: string[] }[] };
    const original = parse(FEEDS) as typeof yaml;
    expect(yaml.feeds.map(({ name, url, tags }) => ({ name, url, tags: tags ?? [] })))
      .toEqual(original.feeds.map(({ name, url, tags }) => ({ name, url, tags: tags ?? [] })));
    expect(yaml.feeds.map((f) => f.id)).toEqual(['cert-fr-alertes', 'presse-cie-regionale', 'zataz']);

    const again = await runCli(['feeds', 'export', '--feeds', 'imported.yaml'], { cwd: tmp.dir });
    const undated = (opml: string) => opml.replace(/<dateCreated>.*<\/dateCreated>/, '');
    expect(undated(again.stdout)).toBe(undated(exported.stdout));
  });

  it('import reports non-http URLs, repeated URLs and repeated titles with their lines; folders become tags', async () => {
    writeFileSync(path.join(tmp.dir, 'reader.opml'), `<?xml version="1.0"?>
<opml version="1.0"><head><title>Export</title></head><body>
<outline text="Sécurité">
  <outline text="Le Monde Informatique" type="rss" xmlUrl="https://www.lemondeinformatique.fr/flux-rss/"/>
  <outline text="Gopher" type="rss" xmlUrl="gopher://old.example/feed"/>
  <outline text="Le Monde Informatique" type="rss" xmlUrl="https://www.lemondeinformatique.fr/flux-rss/thematique/securite/rss.xml"/>
</outline>
<outline title="Doublon" text="Doublon" type="rss" xmlUrl="https://www.lemondeinformatique.fr/flux-rss/"/>
<outline text="javascript" type="rss" xmlUrl="javascript:alert(1)"/>
</body></opml>
`);
    const run = await runCli(['feeds', 'import', 'reader.opml'], { cwd: tmp.dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('reader.opml: line 5: "Gopher" skipped: not an http(s) URL (gopher://old.example/feed)');
    expect(run.stderr).toContain('reader.opml: line 6: "Le Monde Informatique": id "le-monde-informatique" already taken, named "le-monde-informatique-2"');
    expect(run.stderr).toContain('reader.opml: line 8: "Doublon" skipped: same URL as line 4');
    expect(run.stderr).toContain('line 9: "javascript" skipped: not an http(s) URL');
    expect(run.stderr).toContain('2 feeds imported, 3 skipped');
    const yaml = parse(run.stdout) as { feeds: { id: string; tags: string[] }[] };
    expect(yaml.feeds).toEqual([
      { id: 'le-monde-informatique', name: 'Le Monde Informatique', url: 'https://www.lemondeinformatique.fr/flux-rss/', tags: ['securite'] },
      { id: 'le-monde-informatique-2', name: 'Le Monde Informatique', url: 'https://www.lemondeinformatique.fr/flux-rss/thematique/securite/rss.xml', tags: ['securite'] },
    ]);
  });

  it('import refuses a file that is not OPML', async () => {
    writeFileSync(path.join(tmp.dir, 'page.html'), '<html><body>hello</body></html>');
    const run = await runCli(['feeds', 'import', 'page.html'], { cwd: tmp.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('page.html is not an OPML document');
  });
});

describe('opml helpers', { timeout: 60_000 }, () => {
  it('feedIdFrom folds accents and punctuation into a config id', () => {
    expect(feedIdFrom('Sécurité & Réseaux — Île-de-France')).toBe('securite-reseaux-ile-de-france');
    expect(feedIdFrom('!!!')).toBe('flux');
  });

  it('feedsToOpml escapes names and URLs; opmlToFeeds reads them back', () => {
    const feeds = [{ id: 'a', name: 'A "quote" <b>', url: 'https://a.example/?q=1&r=2', tags: ['x'] }];
    const back = opmlToFeeds(feedsToOpml(feeds, new Date(0)));
    expect(back.feeds).toEqual([{ id: 'a-quote-b', name: 'A "quote" <b>', url: 'https://a.example/?q=1&r=2', tags: ['x'] }]);
  });
});
