import { describe, expect, it } from 'vitest';
import { findStory, fingerprint } from '../../src/core/cluster.js';
import { dateRange, mayBeWithin, pairScores, replayClusters } from '../../src/core/cluster/evaluate.js';
import { fingerprintOf, itemOf, loadRows, replayItems, row } from '../fixtures/clusters/load.js';
import { classifier } from './classify/setup.js';

const rows = loadRows();
const storyOf = replayClusters(replayItems(rows));
const together = (a: string, b: string): boolean => storyOf.get(a) === storyOf.get(b);
const at = (id: string): number => Date.parse(row(rows, id).date);

describe('story clustering on hand-written French incidents (classifier entities given)', () => {
  it('has enough material: 40+ items, incidents told by 3 to 5 outlets', () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
    const sizes = new Map<string, number>();
    for (const r of rows) if (r.event !== '') sizes.set(r.event, (sizes.get(r.event) ?? 0) + 1);
    expect([...sizes.values()].filter((n) => n >= 3).length).toBeGreaterThanOrEqual(6);
  });

  it('puts every outlet of each incident in one story and never mixes incidents', () => {
    const scores = pairScores(rows, storyOf);
    expect(scores.pair_precision).toBe(1);
    expect(scores.pair_recall).toBe(1);
  });

  it('keeps two hospitals hit the same week apart (Montluçon, Brest, Quimperlé)', () => {
    expect(together('hospa-1', 'hospa-4')).toBe(true);
    expect(together('hospa-1', 'hospb-1')).toBe(false);
    expect(together('hospb-1', 'solo-4')).toBe(false);
  });

  it('keeps two telecom outages two days apart separate (Télécom Azur, Fibrelia)', () => {
    expect(together('tela-1', 'tela-5')).toBe(true);
    expect(together('tela-1', 'telb-1')).toBe(false);
    expect(together('tela-2', 'pay-1')).toBe(false);
  });

  it('opens a new story when the same victim is attacked again months later', () => {
    expect(together('vz1-1', 'vz1-3')).toBe(true);
    expect(together('vz2-1', 'vz2-2')).toBe(true);
    expect(together('vz1-1', 'vz2-1')).toBe(false);
  });

  it('takes a cyberattack\'s follow-up six weeks later, not an operator\'s outage three weeks after the last', () => {
    expect(together('vz1-1', 'vz1-4')).toBe(true);
    expect(together('tela-1', 'telc-1')).toBe(false);
  });

  it('keeps an outage later revealed as a cyberattack in its story, claim and leak included', () => {
    expect(row(rows, 'crz-1').label).toBe('outage');
    expect(['crz-2', 'crz-3', 'crz-4'].every((id) => together('crz-1', id))).toBe(true);
  });

  it('does not merge two cities hit by the same DDoS group on consecutive days', () => {
    expect(together('nice-1', 'nice-3')).toBe(true);
    expect(together('nice-1', 'toulon-1')).toBe(false);
  });

  it('keeps apart incidents whose towns share only a generic part (Saint-…, Villeneuve-…)', () => {
    expect(together('ste-1', 'ste-2')).toBe(true);
    expect(together('stm-1', 'stm-2')).toBe(true);
    expect(together('ste-1', 'stm-1')).toBe(false);
    expect(together('vdl-1', 'vdl-2')).toBe(true);
    expect(together('vda-1', 'vdl-1')).toBe(false);
  });

  it('joins a vague article to the worldwide outage of the same hours, not to another one', () => {
    expect(together('wld-1', 'wld-2')).toBe(true);
    expect(together('wld-1', 'wld-3')).toBe(false);
    expect(together('wld-2', 'wld-3')).toBe(false);
  });

  it('merges an English report with the French ones', () => {
    expect(together('tela-4', 'tela-1')).toBe(true);
  });

  it('joins an item given only its URL slug as title', () => {
    expect(together('hex-3', 'hex-1')).toBe(true);
    expect(together('syl-3', 'syl-1')).toBe(true);
  });

  it('findStory with real timestamps matches the replay: Vierzon in June finds no January story', () => {
    const january = ['vz1-1', 'vz1-2', 'vz1-3'].map((id) => ({ alertId: 'vierzon-jan', fingerprint: fingerprintOf(row(rows, id)), createdAt: at(id) }));
    expect(findStory(fingerprintOf(row(rows, 'vz2-1')), january, at('vz2-1'))).toBeUndefined();
    expect(findStory(fingerprintOf(row(rows, 'vz1-2')), january.slice(0, 1), at('vz1-2'))?.alertId).toBe('vierzon-jan');
  });
});

describe('story clustering with the classifier’s own entities', () => {
  const classified = replayClusters(rows.map((r) => {
    const item = itemOf(r);
    const c = { ...classifier.classify({ title: item.title, text: item.summary }), category: r.label };
    return { id: r.id, fingerprint: fingerprint(item, c), date: dateRange(r.date) };
  }));

  it('clusters the fixtures as well as with the labelled entities', () => {
    const scores = pairScores(rows, classified);
    expect(scores.pair_precision).toBe(1);
    expect(scores.pair_recall).toBe(1);
  });

  it('reads the victims the stories hinge on', () => {
    const victim = (id: string): string | undefined => classifier.classify({ title: itemOf(row(rows, id)).title, text: row(rows, id).summary }).entities.victim;
    expect(victim('tela-1')).toBe('Télécom Azur');
    expect(victim('toulon-1')).toBe('métropole de Toulon');
    expect(victim('nice-3')).toBe('Nice');
    expect(victim('vda-1')).toBe('mairie de Villeneuve-d\'Ascq');
  });
});

describe('story clustering from text alone (no entities)', () => {
  const textOnly = replayClusters(replayItems(rows, { entities: false }));
  const same = (a: string, b: string): boolean => textOnly.get(a) === textOnly.get(b);

  it('still gathers multi-outlet incidents by their shared names', () => {
    expect(same('hospa-1', 'hospa-3')).toBe(true);
    expect(same('tela-1', 'tela-4')).toBe(true);
    expect(same('hex-1', 'hex-4')).toBe(true);
  });

  it('still keeps the look-alike incidents apart', () => {
    expect(same('hospa-1', 'hospb-1')).toBe(false);
    expect(same('hospb-1', 'solo-4')).toBe(false);
    expect(same('tela-1', 'telb-1')).toBe(false);
    expect(same('vz1-1', 'vz2-1')).toBe(false);
  });
});

describe('replay dates', () => {
  it('reads day, month, year and date-time precision, and nothing else', () => {
    expect(dateRange('2025-03-10')).toEqual({ from: Date.UTC(2025, 2, 10), to: Date.UTC(2025, 2, 11) });
    expect(dateRange('2025-03')).toEqual({ from: Date.UTC(2025, 2, 1), to: Date.UTC(2025, 3, 1) });
    expect(dateRange('2025-03-10T08:00:00Z')).toEqual({ from: Date.UTC(2025, 2, 10, 8), to: Date.UTC(2025, 2, 10, 8) });
    expect(dateRange('')).toBeUndefined();
    expect(dateRange('mars 2025')).toBeUndefined();
  });

  it('lets a vague date meet anything it may be close to, and an unknown date meet everything', () => {
    const day = 86_400_000;
    expect(mayBeWithin(dateRange('2025-03'), dateRange('2025-03-28'), 3 * day)).toBe(true);
    expect(mayBeWithin(dateRange('2025-03'), dateRange('2025-04-05'), 3 * day)).toBe(false);
    expect(mayBeWithin(undefined, dateRange('2020-01-01'), 3 * day)).toBe(true);
  });

  it('joins an undated item to another only as a copy of the same dispatch: nothing else places it in time', () => {
    const dated = rows.filter((r) => r.date !== '');
    const first = dated[0]!;
    const sibling = dated.find((r) => r.id !== first.id && r.event === first.event)!;
    const undated = [{ ...first, date: '' }, sibling].map((r) => ({ ...r }));
    const [a, b] = replayItems(undated);
    expect(findStory(a!.fingerprint, [{ alertId: 'b', fingerprint: b!.fingerprint, createdAt: 0 }], 0)).toBeDefined();
    const replayed = replayClusters(replayItems(undated));
    expect(replayed.get(first.id)).not.toBe(replayed.get(sibling.id));
    const copy = replayClusters(replayItems([{ ...first, date: '' }, { ...first, id: `${first.id}-copy`, source_domain: 'copie.example' }]));
    expect(copy.get(first.id)).toBe(copy.get(`${first.id}-copy`));
  });
});
