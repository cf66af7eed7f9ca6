import { describe, expect, it } from 'vitest';
import { COMMON_TERM_HOLDERS, commonTerms, compareFingerprints, findStory, fingerprint, StoryIndex } from '../../../src/core/cluster.js';
import type { StoryCandidate, StoryFingerprint } from '../../../src/core/cluster.js';
import type { Classification } from '../../../src/core/types.js';

const T0 = Date.UTC(2025, 5, 2, 8, 0);
const outage: Classification = { category: 'outage', score: 0.9, subtype: null, cause: null, severity: 2, evidence: [], entities: { actors: [] } };
const fp = (title: string, summary = ''): StoryFingerprint => fingerprint({ id: title, feedId: 'f', source: 's', title, summary, categories: [] }, outage);

// Two reports that only the text rule links: four shared stems, no name, no victim.
const first = fp('coupure geante du reseau electrique regional ce soir', 'transformateurs grilles tramway arrete quartiers sombres');
const second = fp('coupure geante ce soir apres un transformateur grille', 'tramway arrete quartiers sombres pendant des heures');
// Other stories of the season, each holding the same four stems ("tramway arrete quartiers sombres").
const season = (n: number): StoryFingerprint[] =>
  Array.from({ length: n }, (_, i) => fp(`incident numero ${1000 + i} du jour`, `tramway arrete quartiers sombres secteur ${2000 + i}`));

describe('common stems', () => {
  it('are the stems of an item held by more than the limit of the pool, and none in a small pool', () => {
    expect([...commonTerms(second, [first, ...season(COMMON_TERM_HOLDERS - 1)])]).toEqual([]);
    expect([...commonTerms(second, [first, ...season(COMMON_TERM_HOLDERS)])].sort()).toEqual(['arret', 'quartier', 'sombr', 'tramway']);
  });

  it('count a name\'s holders one typo away, as shared names are counted', () => {
    const named = fingerprint({ id: 'n', feedId: 'f', source: 's', title: 'Panne chez Cloudflare', summary: '', categories: [] }, outage);
    const typos = Array.from({ length: COMMON_TERM_HOLDERS + 1 }, (_, i) => fp(`la panne cloudfare numero ${100 + i}`));
    expect(commonTerms(named, typos).has('cloudflar')).toBe(true);
  });

  it('never count as shared: two reports sharing only common stems are two stories, in a busy pool only', () => {
    const pool = (extra: number): StoryCandidate[] => [first, ...season(extra)].map((f, i) => ({ alertId: `a${i}`, fingerprint: f, createdAt: T0 }));
    expect(findStory(second, pool(10), T0 + 3_600_000)?.alertId).toBe('a0');
    const busy = pool(COMMON_TERM_HOLDERS);
    const common = commonTerms(second, busy.map((c) => c.fingerprint));
    expect(compareFingerprints(second, first, common).shared).not.toContain('tramway');
    expect(findStory(second, busy, T0 + 3_600_000)).toBeUndefined();
    const index = new StoryIndex();
    for (const c of busy) index.add(c);
    expect(findStory(second, index, T0 + 3_600_000)).toBeUndefined();
  });
});
