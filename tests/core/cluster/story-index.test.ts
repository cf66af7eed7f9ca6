import { describe, expect, it } from 'vitest';
import { compareFingerprints, DEFAULT_THRESHOLDS, findStory, fingerprint, matchReason, StoryIndex } from '../../../src/core/cluster.js';
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
      const found = new Set(index.candidatesFor(a, DEFAULT_THRESHOLDS).map((c) => c.fingerprint));
      for (const b of fps) {
        if (matchReason(compareFingerprints(a, b)) === undefined) continue;
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
