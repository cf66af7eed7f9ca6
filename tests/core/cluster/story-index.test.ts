import { describe, expect, it } from 'vitest';
import {
  COMMON_TERM_HOLDERS, commonTerms, DEFAULT_THRESHOLDS, findStory, fingerprint, sameStoryReason, StoryIndex,
} from '../../../src/core/cluster.js';
import type { StoryCandidate, StoryFingerprint } from '../../../src/core/cluster.js';
import type { Classification, NewsItem } from '../../../src/core/types.js';
import { classificationOf, itemOf, loadRows, type ClusterRow } from '../../fixtures/clusters/load.js';

const T0 = Date.UTC(2025, 2, 10, 8, 0);

/** Swaps two letters in the middle of every long capitalised word: the typos clustering forgives. */
function typo(text: string): string {
  return text.replace(/\b(\p{Lu}\p{Ll}{3})(\p{Ll})(\p{Ll})(\p{Ll}*)/gu, (_m, a: string, b: string, c: string, d: string) => `${a}${c}${b}${d}`);
}

/** Fingerprints of the fixture rows, plus variants: typos in names, slug headlines, no entities. */
function corpus(): StoryFingerprint[] {
  const rows = loadRows();
  const variants = rows.flatMap((r): Array<[NewsItem, Classification]> => {
    const item = itemOf(r);
    return [
      [item, classificationOf(r)],
      [{ ...item, title: typo(item.title), summary: typo(item.summary) }, classificationOf(r)],
      [{ ...item, title: item.title.toLowerCase() }, classificationOf(r, { entities: false })],
      [{ ...item, summary: '' }, classificationOf(withVictimPrefix(r))],
    ];
  });
  return variants.map(([item, c]) => fingerprint(item, c));
}

/** A row whose victim is cut to its name's first five letters ("OVHcloud" → "OVHcl"): prefix matches. */
function withVictimPrefix(r: ClusterRow): ClusterRow {
  const victim = r.entities.victim;
  return victim === undefined ? r : { ...r, entities: { ...r.entities, victim: victim.split(' ').map((w) => (w.length > 6 ? w.slice(0, 5) : w)).join(' ') } };
}

const fingerprintOf = (x: { item: NewsItem; c: Classification }): StoryFingerprint => fingerprint(x.item, x.c);

const candidates = (fps: readonly StoryFingerprint[]): StoryCandidate[] =>
  fps.map((fingerprint, i) => ({ alertId: `a${i % 97}`, fingerprint, createdAt: T0 + i * 60_000 }));

function indexOf(list: readonly StoryCandidate[]): StoryIndex {
  const index = new StoryIndex();
  for (const c of list) index.add(c);
  return index;
}

describe('StoryIndex', () => {
  const fps = corpus();
  const list = candidates(fps);
  const index = indexOf(list);

  it('returns every candidate the same-story rules accept (over 200 fingerprints, all pairs)', () => {
    let accepted = 0;
    for (const a of fps) {
      const { pool, common } = index.lookup(a, DEFAULT_THRESHOLDS);
      const found = new Set(pool.map((c) => c.fingerprint));
      expect(common).toEqual(commonTerms(a, fps));
      for (const b of fps) {
        if (sameStoryReason(a, b, common) === undefined) continue;
        accepted++;
        expect(found.has(b), `${a.titleTerms.join(' ')} ↔ ${b.titleTerms.join(' ')}`).toBe(true);
      }
    }
    expect(accepted).toBeGreaterThan(fps.length);
  });

  it('leaves out most unrelated stories', () => {
    const returned = fps.reduce((sum, a) => sum + index.candidatesFor(a, DEFAULT_THRESHOLDS).length, 0);
    expect(fps.length).toBeGreaterThan(200);
    expect(returned / (fps.length * fps.length)).toBeLessThan(0.35);
  });

  it('gives findStory the same answer as comparing every candidate', () => {
    for (const [i, fp] of fps.entries()) {
      const now = T0 + i * 60_000;
      expect(findStory(fp, index, now)).toEqual(findStory(fp, list, now));
    }
  });

  it('finds a copy of the same dispatch by its text alone (no name, few shared stems counted)', () => {
    const text = 'les serveurs de la plateforme de paiement sont tombes hier soir et les commercants ne peuvent plus encaisser';
    const slug = (title: string): NewsItem => ({ id: title, feedId: 'f', source: 's', title, summary: text, categories: [] });
    const outage: Classification = { category: 'outage', score: 0.9, subtype: null, cause: null, severity: 2, evidence: [], entities: { actors: [] } };
    const a = fingerprint(slug('panne geante des caisses du magasin'), outage);
    const b = fingerprint(slug('panne geante des caisses du magasin central'), outage);
    const strict = { ...DEFAULT_THRESHOLDS, textShared: 1000 };
    const alone = indexOf([{ alertId: 'b', fingerprint: b, createdAt: T0 }]);
    expect(alone.candidatesFor(a, strict).map((c) => c.alertId)).toEqual(['b']);
    expect(alone.candidatesFor(a, { ...strict, nearDuplicate: 1.01 })).toEqual([]);
  });

  it('returns candidates in the order they were added, and each story\'s fingerprints by alert', () => {
    const found = index.candidatesFor(fps[0] as StoryFingerprint, DEFAULT_THRESHOLDS);
    const order = found.map((c) => list.indexOf(c));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(index.ofAlert('a3')).toEqual(list.filter((c) => c.alertId === 'a3'));
    expect(index.ofAlert('nobody')).toEqual([]);
    expect(index.size).toBe(list.length);
  });
});

// A busy season, written for this test: incidents at made-up towns, each told by one to three outlets
// in their own words, all drawing on the same stock sentences, so that many stems become common.
const SYLLABLES = ['bar', 'cel', 'dor', 'fam', 'gil', 'hun', 'jep', 'kal', 'lup', 'mir', 'nob', 'pav', 'ruc', 'sol', 'tib', 'vez'];
const town = (i: number): string => {
  const name = [0, 4, 8].map((shift) => SYLLABLES[(i >> shift) & 15] as string).join('');
  return name.charAt(0).toUpperCase() + name.slice(1);
};
const KINDS = ['la mairie de', "l'hôpital de", 'la clinique de', 'le département de', 'la communauté de communes de'];
const HEADLINES = [
  (v: string) => `Cyberattaque : ${v} paralysée, les services à l'arrêt`,
  (v: string) => `${v} victime d'un rançongiciel, une plainte déposée`,
  (v: string) => `Panne informatique géante pour ${v} depuis ce matin`,
];
const STOCK = [
  'Les équipes techniques sont mobilisées depuis la nuit.', 'Un point sera fait en fin de journée avec les élus.',
  'Les usagers sont invités à reporter leurs démarches.', 'La préfecture suit la situation de près.',
  'Le retour à la normale pourrait prendre plusieurs jours.', 'Les agents travaillent sur papier en attendant.',
  'Aucune demande de rançon n’a été rendue publique.', 'Les écoles et les crèches restent ouvertes.',
  'Le standard téléphonique est saturé depuis le matin.', 'Des prestataires spécialisés ont été appelés en renfort.',
];

function seasonItem(incident: number, outlet: number): { item: NewsItem; c: Classification } {
  const place = town(incident);
  // Every fifth outlet misspells the town: the typo stays linked.
  const written = outlet === 2 && incident % 5 === 0 ? `${place.slice(0, 4)}${place[5]}${place[4]}${place.slice(6)}` : place;
  const victim = `${KINDS[incident % KINDS.length] as string} ${written}`;
  const title = (HEADLINES[(incident + outlet) % HEADLINES.length] as (v: string) => string)(victim);
  const lead = Array.from({ length: 4 }, (_, k) => STOCK[(incident * 3 + outlet * 7 + k * 3) % STOCK.length]).join(' ');
  const item: NewsItem = { id: `s${incident}-${outlet}`, feedId: 'f', source: `Média ${outlet}`, title, summary: `${title}. ${lead}`, categories: [] };
  const c: Classification = {
    category: incident % 4 === 3 ? 'outage' : 'cyberattack', score: 0.9, subtype: null, cause: 'confirmed', severity: 2, evidence: [],
    entities: { victim, place: written, actors: [] },
  };
  return { item, c };
}

describe('StoryIndex over a busy season (common stems)', () => {
  const HOUR = 3_600_000;
  const stories = Array.from({ length: 700 }, (_, i) => i);
  const recent: StoryCandidate[] = stories.map((i) => ({ alertId: `s${i}`, fingerprint: fingerprintOf(seasonItem(i, 0)), createdAt: T0 + i * 360_000 }));
  const index = indexOf(recent);
  // Second and third outlets of recent incidents, and new incidents.
  const probes = [
    ...stories.filter((i) => i % 7 === 0).flatMap((i) => [seasonItem(i, 1), seasonItem(i, 2)]),
    ...Array.from({ length: 100 }, (_, k) => seasonItem(700 + k, 0)),
  ].map(fingerprintOf);
  const now = T0 + 71 * HOUR;

  it('has stems held by more than the common limit, left out of what counts as shared', () => {
    const { common } = index.lookup(probes[0] as StoryFingerprint, DEFAULT_THRESHOLDS);
    expect(common.size).toBeGreaterThan(3);
    for (const t of common) expect(recent.filter((c) => c.fingerprint.terms.includes(t)).length).toBeGreaterThan(COMMON_TERM_HOLDERS);
  });

  it('gives findStory the same story as comparing every candidate, for every probe', () => {
    const answers = probes.map((fp) => [findStory(fp, index, now), findStory(fp, recent, now)] as const);
    for (const [indexed, exhaustive] of answers) expect(indexed).toEqual(exhaustive);
    // Second outlets join their incident (typos included), new incidents open their own story.
    expect(answers.slice(0, 200).every(([a], k) => a?.alertId === `s${Math.floor(k / 2) * 7}`)).toBe(true);
    expect(answers.slice(200).every(([a]) => a === undefined)).toBe(true);
  });

  it('compares a handful of the 700 stories per item, whatever the stock sentences share', () => {
    const compared = probes.map((fp) => index.candidatesFor(fp, DEFAULT_THRESHOLDS).length);
    expect(Math.max(...compared)).toBeLessThanOrEqual(3);
  });
});

// Outages of one affected service ("l'accès à internet") at many made-up towns, written for this test:
// whether a shared service may join two items turns on whether both headlines name a victim.
function serviceItem(incident: number, outlet: number, shape: 'titled' | 'untitled' | 'none'): { item: NewsItem; c: Classification } {
  const victim = `la commune de ${town(incident)}`;
  const title = shape === 'titled' ? `Panne : ${victim} privée d'accès à internet depuis ce matin`
    : `Panne géante : des milliers d'abonnés privés d'accès à internet (source ${outlet})`;
  const lead = Array.from({ length: 3 }, (_, k) => STOCK[(incident * 3 + outlet * 7 + k * 3) % STOCK.length]).join(' ');
  const summary = shape === 'untitled' ? `${title}. À ${town(incident)}, la mairie signale l'incident. ${lead}` : `${title}. ${lead}`;
  const item: NewsItem = { id: `p${incident}-${outlet}`, feedId: 'f', source: `Média ${outlet}`, title, summary, categories: [] };
  const c: Classification = {
    category: 'outage', score: 0.9, subtype: null, cause: null, severity: 2, evidence: [],
    entities: { victim: shape === 'none' ? undefined : victim, place: shape === 'none' ? undefined : town(incident), actors: [] },
  };
  return { item, c };
}

describe('StoryIndex over outages of one affected service', () => {
  const HOUR = 3_600_000;
  const shapes = ['titled', 'titled', 'titled', 'untitled', 'none'] as const;
  const recent: StoryCandidate[] = Array.from({ length: 300 }, (_, i) => ({
    alertId: `p${i}`, fingerprint: fingerprintOf(serviceItem(i, 0, shapes[i % shapes.length] as 'titled')), createdAt: T0 + i * 600_000,
  }));
  const index = indexOf(recent);
  // Every shape of probe against every shape of story: other outlets of recent outages and new towns.
  const probes = shapes.flatMap((shape) => [
    ...Array.from({ length: 20 }, (_, k) => serviceItem(k * 15, 1, shape)),
    ...Array.from({ length: 20 }, (_, k) => serviceItem(300 + k, 0, shape)),
  ]).map(fingerprintOf);
  const now = T0 + 50 * HOUR;

  it('names the service in every fingerprint', () => {
    expect(recent.every((c) => c.fingerprint.service?.includes('reseau-fixe') === true)).toBe(true);
  });

  it('gives findStory the same story as comparing every candidate, for every probe', () => {
    const answers = probes.map((fp) => [findStory(fp, index, now), findStory(fp, recent, now)] as const);
    for (const [indexed, exhaustive] of answers) expect(indexed).toEqual(exhaustive);
    // The service alone joins where a headline names no victim; two headlines naming towns stay apart.
    const storyShape = (alertId: string): string => shapes[Number(alertId.slice(1)) % shapes.length] as string;
    expect(answers.filter(([a]) => a?.reason === 'service').length).toBeGreaterThan(20);
    expect(answers.slice(20, 40).some(([a]) => a?.reason === 'service')).toBe(true);
    expect(answers.slice(20, 40).every(([a]) => a?.reason !== 'service' || storyShape(a.alertId) !== 'titled')).toBe(true);
  });

  it('leaves out the stories whose headline names another victim when the item\'s headline names one', () => {
    const titledProbes = probes.slice(20, 40);
    const compared = titledProbes.map((fp) => index.candidatesFor(fp, DEFAULT_THRESHOLDS).length);
    const untitledStories = recent.filter((_, i) => shapes[i % shapes.length] !== 'titled').length;
    expect(Math.max(...compared)).toBeLessThanOrEqual(untitledStories + 3);
  });
});
