import { describe, expect, it } from 'vitest';
import { commonTerms, compareFingerprints, findStory, fingerprint, StoryIndex } from '../../../src/core/cluster.js';
import type { StoryCandidate, StoryFingerprint, StoryMatch } from '../../../src/core/cluster.js';
import { titledVictim } from '../../../src/core/cluster/evidence.js';
import { contradicted, placedElsewhere, StorySummaries } from '../../../src/core/cluster/story-summary.js';
import type { Classification, NewsItem } from '../../../src/core/types.js';

const T0 = Date.UTC(2025, 5, 2, 6, 0);
const STEP = 4 * 60_000;

// A season written for this test, in which stories grow large: outages of one affected service told
// without a victim (they join into one story on the service), the same service at named towns, some
// abroad; attacks on a few towns reported again and again; worldwide outages of a few brands.
const SYLLABLES = ['bar', 'cel', 'dor', 'fam', 'gil', 'hun', 'jep', 'kal', 'lup', 'mir', 'nob', 'pav', 'ruc', 'sol', 'tib', 'vez'];
const town = (i: number): string => {
  const name = [0, 4, 8].map((shift) => SYLLABLES[(i >> shift) & 15] as string).join('');
  return name.charAt(0).toUpperCase() + name.slice(1);
};
const STOCK = [
  'Les équipes techniques sont mobilisées depuis la nuit.', 'Un point sera fait en fin de journée avec les élus.',
  'Les usagers sont invités à reporter leurs démarches.', 'Le retour à la normale pourrait prendre plusieurs jours.',
  'Le standard téléphonique est saturé depuis le matin.', 'Des prestataires spécialisés ont été appelés en renfort.',
  'Les commerces du centre ont baissé le rideau.', 'Une cellule de crise se réunit chaque matin.',
  'Les écoles restent ouvertes malgré tout.', 'Les pompiers ont été prévenus par précaution.',
  'Aucune date de retour n’a été donnée.', 'Les plaintes se multiplient sur les forums.',
];
const SOURCES = ['la préfecture', 'l’opérateur', 'les pompiers', 'un élu local', 'la gendarmerie'];
const ABROAD = ['', '', '', ' en Belgique', ' en Suisse', ' en France'];
const WORLDWIDE = ['des écrans bleus partout', 'la Banque {t} touchée', 'les aéroports à l’arrêt', 'des hôpitaux privés de logiciels', 'les caisses des magasins bloquées'];

function seasonItem(k: number): { item: NewsItem; c: Classification } {
  const place = town(k % 97);
  const figures = [(k * 37) % 900, (k * 53) % 700, (k * 71) % 500].map((n) => 100 + n);
  const lead = `${figures[0] as number} foyers, ${figures[1] as number} entreprises et ${figures[2] as number} écoles privés de réseau selon ${SOURCES[k % SOURCES.length] as string}. `
    + `${STOCK[k % STOCK.length] as string} ${STOCK[(k * 5 + 1) % 11] as string}`;
  const shape = k % 6;
  let title: string;
  let victim: string | undefined;
  let category: Classification['category'] = 'outage';
  let summary: string;
  if (shape <= 1) {
    title = `Panne géante : des milliers d'abonnés privés d'accès à internet${ABROAD[Math.floor(k / 6) % ABROAD.length] as string}`;
    summary = `${title}. À ${place}, la mairie signale l'incident. ${lead}`;
  } else if (shape === 2) {
    victim = `la commune de ${town(k % 13)}`;
    title = `Panne : ${victim} privée d'accès à internet${ABROAD[Math.floor(k / 12) % ABROAD.length] as string}`;
    summary = `${title}. ${lead}`;
  } else if (shape <= 4) {
    victim = `la mairie de ${town(k % 11)}`;
    category = 'cyberattack';
    title = `Cyberattaque : ${victim} paralysée, les services à l'arrêt`;
    summary = `${title}. ${k % 4 === 0 ? `La commune de ${town((k + 1) % 11)} avait été visée le mois dernier. ` : ''}${lead}`;
  } else {
    title = `Panne informatique mondiale : ${WORLDWIDE[Math.floor(k / 6) % WORLDWIDE.length] as string}`.replace('{t}', town(k % 7));
    summary = `${title}. ${lead}`;
  }
  const item: NewsItem = { id: `g${k}`, feedId: 'f', source: `Média ${k % 9}`, title, summary, categories: [] };
  const c: Classification = {
    category, score: 0.9, subtype: null, cause: null, severity: 2, evidence: [],
    entities: { victim, place: victim === undefined ? undefined : place, actors: [] },
  };
  return { item, c };
}

const fps = Array.from({ length: 540 }, (_, k) => { const x = seasonItem(k); return fingerprint(x.item, x.c); });

/** Replays the season as the pipeline links items: each joins the story found through the index, else opens its own. */
function replay(): { answers: Array<readonly [StoryMatch | undefined, StoryMatch | undefined]>; list: StoryCandidate[] } {
  const index = new StoryIndex();
  const list: StoryCandidate[] = [];
  const answers = fps.map((fp, k) => {
    const now = T0 + k * STEP;
    const answer = [findStory(fp, index, now), findStory(fp, list, now)] as const;
    const candidate = { alertId: answer[0]?.alertId ?? `g${k}`, fingerprint: fp, createdAt: now };
    index.add(candidate);
    list.push(candidate);
    return answer;
  });
  return { answers, list };
}

describe('story linking as stories grow to hundreds of items', () => {
  const { answers, list } = replay();

  it('gives findStory through the index the same story as comparing every candidate, item after item', () => {
    for (const [indexed, exhaustive] of answers) expect(indexed).toEqual(exhaustive);
  });

  it('grows large stories on a shared service and keeps apart what the rules keep apart', () => {
    const sizes = new Map<string, number>();
    for (const c of list) sizes.set(c.alertId, (sizes.get(c.alertId) ?? 0) + 1);
    expect(Math.max(...sizes.values())).toBeGreaterThan(100);
    const reasons = new Set(answers.map(([a]) => a?.reason));
    for (const r of ['service', 'victim', 'worldwide']) expect(reasons.has(r as StoryMatch['reason'])).toBe(true);
    // Items of the service told abroad, or at named towns, open stories of their own.
    const serviceStories = new Set(list.filter((c) => c.fingerprint.service?.includes('reseau-fixe') === true).map((c) => c.alertId));
    expect(serviceStories.size).toBeGreaterThan(3);
  });
});

describe('StorySummaries', () => {
  const { list } = replay();
  const summaries = new StorySummaries();
  for (const c of list) summaries.add(c.alertId, c.fingerprint);
  const stories = [...new Set(list.map((c) => c.alertId))].map((id) => [id, list.filter((c) => c.alertId === id).map((c) => c.fingerprint)] as const);
  const probes = fps.filter((_, k) => k % 3 === 0);

  /** `contradicted` as written before summaries: the probe compared with every item of the story. */
  const everyItemContradicts = (fp: StoryFingerprint, items: readonly StoryFingerprint[], service: boolean, common: ReadonlySet<string>): boolean =>
    items.some((o) => {
      const e = compareFingerprints(fp, o, common);
      return service ? e.victim === 'conflict' : (e.victim === 'conflict' && e.titleNames.length < 2) || e.namesUnmatched === 2;
    });

  it('keeps every item of a story, its titled items and its distinct country readings', () => {
    for (const [id, items] of stories) {
      const s = summaries.of(id);
      expect(s.items).toEqual(items);
      expect(s.titled).toEqual(items.filter((o) => titledVictim(o).length > 0));
      expect(s.places.length).toBeLessThanOrEqual(new Set(items.map((o) => JSON.stringify([o.countries, o.titleCountries]))).size);
    }
    expect(summaries.of('nobody').items).toEqual([]);
  });

  it('tells a story contradicted or placed elsewhere exactly as comparing each of its items does', () => {
    const seen = { contradicted: new Set<boolean>(), elsewhere: new Set<boolean>() };
    for (const fp of probes) {
      const common = commonTerms(fp, fps);
      for (const [id, items] of stories) {
        const s = summaries.of(id);
        for (const service of [true, false]) {
          const expected = everyItemContradicts(fp, items, service, common);
          expect(contradicted(fp, s, service, common)).toBe(expected);
          seen.contradicted.add(expected);
        }
        const elsewhere = items.some((o) => compareFingerprints(fp, o).countryConflict);
        expect(placedElsewhere(fp, s)).toBe(elsewhere);
        seen.elsewhere.add(elsewhere);
      }
    }
    expect(seen.contradicted.size).toBe(2);
    expect(seen.elsewhere.size).toBe(2);
  });
});
