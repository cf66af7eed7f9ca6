import { describe, expect, it } from 'vitest';
import { alertTexts, buildRecipientIndex, compileKeywordFilter } from '../../src/core/filters.js';
import type { Alert, Destination } from '../../src/core/types.js';
import { makeAlert, makeDestination, makeItem } from '../helpers/builders.js';

/** An alert whose only text is the given title (empty summary, no entities, neutral source name). */
function titled(title: string, category: Alert['classification']['category'] = 'cyberattack'): Alert {
  const base = makeAlert({ item: makeItem({ title, summary: '', source: 'Source' }) });
  return {
    ...base,
    summary: '',
    classification: { ...base.classification, category, entities: { actors: [] } },
    sources: [{ itemId: base.item.id, source: 'Source', title }],
  };
}

function dest(chatId: string, overrides: Partial<Destination> = {}): Destination {
  return makeDestination({ platform: 'telegram', chatId, ...overrides });
}

/** Whether a destination with these keywords receives an alert titled `title`. */
function receives(keywords: string[], title: string, exclusions: string[] = []): boolean {
  return buildRecipientIndex([dest('1', { keywords, exclusions })]).match(titled(title)).length === 1;
}

describe('keyword matching rules', () => {
  it('ignores case and accents on both sides', () => {
    expect(receives(['hôpital'], 'Cyberattaque à l’HOPITAL de Valmont')).toBe(true);
    expect(receives(['HOPITAL'], 'Un hôpital paralysé')).toBe(true);
    expect(receives(['Œuvre'], 'Les oeuvres sociales piratées')).toBe(true);
  });

  it('matches whole words only: hôpital does not match hôpitalier', () => {
    expect(receives(['hôpital'], 'Le personnel hospitalier et hôpitalier en grève')).toBe(false);
    expect(receives(['SFR'], 'Panne géante chez SFRX')).toBe(false);
  });

  it('matches a prefix with *: hôpital* matches hôpitalier, ransom* matches ransomware', () => {
    expect(receives(['hôpital*'], 'Le personnel hôpitalier touché')).toBe(true);
    expect(receives(['ransom*'], 'Le ransomware LockBit revendique l’attaque')).toBe(true);
    expect(receives(['ransom*'], 'Une rançon demandée')).toBe(false);
  });

  it("tolerates elisions: hôpital matches l'hôpital and d’hôpital", () => {
    expect(receives(['hôpital'], "Panne informatique à l'hôpital Nord")).toBe(true);
    expect(receives(['hôpital'], 'Directeur d’hôpital inquiet')).toBe(true);
    expect(receives(["l'hôpital"], 'Un hôpital touché')).toBe(true);
  });

  it('tolerates French plurals: hôpitaux, hôpitals, -s, -x', () => {
    expect(receives(['hôpital'], 'Trois hôpitaux visés par des pirates')).toBe(true);
    expect(receives(['hôpitaux'], 'Un hôpital visé')).toBe(true);
    expect(receives(['hôpital'], 'Des hôpitals (sic) touchés')).toBe(true);
    expect(receives(['mairie'], 'Plusieurs mairies bloquées')).toBe(true);
    expect(receives(['réseau'], 'Des réseaux coupés')).toBe(true);
  });

  it('matches phrases as consecutive words, across punctuation and hyphens', () => {
    expect(receives(['mairie de Marseille'], 'La Mairie de Marseille visée par une attaque')).toBe(true);
    expect(receives(['mairie de Marseille'], 'La mairie annonce que Marseille est touchée')).toBe(false);
    expect(receives(['Île-de-France'], 'Le conseil régional d’Île de France piraté')).toBe(true);
    expect(receives(['centre hosp*'], 'Le centre hospitalier de Valmont')).toBe(true);
  });

  it('treats regex syntax in keywords as plain text', () => {
    expect(receives(['c.t'], 'Un chat, un cat, un cut')).toBe(false);
    expect(receives(['.*'], 'Tout texte')).toBe(false);
  });

  it('drops a destination when any exclusion occurs, even one with no keywords', () => {
    expect(receives([], 'Exercice de cyberattaque simulée', ['exercice'])).toBe(false);
    expect(receives(['hôpital'], 'Exercices de crise à l’hôpital', ['exercice'])).toBe(false);
    expect(receives(['hôpital'], 'Attaque contre un hôpital', ['exercice'])).toBe(true);
  });
});

describe('buildRecipientIndex', () => {
  const alert = titled('Rançongiciel : le centre hospitalier de Valmont à l’arrêt');

  it('sends to destinations without keywords when their category is on', () => {
    const index = buildRecipientIndex([
      dest('1'), dest('2', { categories: { cyberattack: false, outage: true } }),
    ]);
    expect(index.match(alert).map((d) => d.chatId)).toEqual(['1']);
    expect(index.match(titled('Panne chez un opérateur', 'outage')).map((d) => d.chatId)).toEqual(['1', '2']);
  });

  it('skips inactive and paused destinations', () => {
    const index = buildRecipientIndex([dest('1', { active: false }), dest('2', { paused: true }), dest('3')]);
    expect(index.match(alert).map((d) => d.chatId)).toEqual(['3']);
    expect(index.size).toBe(1);
  });

  it('sends a keyword destination only a matching alert, once even when several keywords match', () => {
    const index = buildRecipientIndex([
      dest('1', { keywords: ['Valmont', 'centre hospitalier', 'rançongiciels'] }),
      dest('2', { keywords: ['Marseille'] }),
    ]);
    expect(index.match(alert).map((d) => d.chatId)).toEqual(['1']);
  });

  it('respects the category for keyword destinations too', () => {
    const index = buildRecipientIndex([dest('1', { keywords: ['Valmont'], categories: { cyberattack: false, outage: true } })]);
    expect(index.match(alert)).toEqual([]);
  });

  it('never sends a non-incident', () => {
    expect(buildRecipientIndex([dest('1')]).match(titled('Fête du village', 'none'))).toEqual([]);
  });

  it('returns destinations in the order given, mixing keyword and open ones', () => {
    const index = buildRecipientIndex([
      dest('a', { keywords: ['Valmont'] }), dest('b'), dest('c', { keywords: ['hospitalier'] }), dest('d', { keywords: ['Lyon'] }),
    ]);
    expect(index.match(alert).map((d) => d.chatId)).toEqual(['a', 'b', 'c']);
    // A second alert reuses the marks without leaking the first alert's hits.
    expect(index.match(titled('Attaque à Lyon')).map((d) => d.chatId)).toEqual(['b', 'd']);
  });

  it('shares one compiled term among destinations using different spellings of it', () => {
    const index = buildRecipientIndex([
      dest('1', { keywords: ['hôpital'] }), dest('2', { keywords: ['Hopitaux'] }), dest('3', { exclusions: ["l'hôpital"] }),
    ]);
    expect(index.terms).toBe(1);
    expect(index.match(titled('Un hôpital attaqué')).map((d) => d.chatId)).toEqual(['1', '2']);
  });

  it('matches the victim, place, sector, actors and source names, not only the title', () => {
    const base = titled('Une attaque informatique');
    const rich: Alert = {
      ...base,
      classification: {
        ...base.classification,
        entities: { victim: 'Clinique du Parc', place: 'Grenoble', sector: 'santé', actors: ['LockBit'] },
      },
      sources: [{ itemId: 'x', source: 'Le Dauphiné Libéré', title: 'x' }],
    };
    for (const keyword of ['clinique', 'Grenoble', 'santé', 'lockbit', 'dauphiné libéré']) {
      expect(buildRecipientIndex([dest('1', { keywords: [keyword] })]).match(rich)).toHaveLength(1);
    }
    expect(alertTexts(rich)).toContain('LockBit');
  });

  it('matches the summary but does not let a phrase span two fields', () => {
    const base = titled('Attaque contre la mairie');
    const alert2: Alert = { ...base, summary: 'de Marseille, selon la préfecture.' };
    expect(buildRecipientIndex([dest('1', { keywords: ['préfecture'] })]).match(alert2)).toHaveLength(1);
    expect(buildRecipientIndex([dest('1', { keywords: ['mairie de Marseille'] })]).match(alert2)).toHaveLength(0);
  });
});

describe('compileKeywordFilter', () => {
  it('applies the same rules to texts: keywords, exclusions, and all-pass when empty', () => {
    const filter = compileKeywordFilter({ keywords: ['hôpital', 'ransom*'], exclusions: ['exercice'] });
    expect(filter(['Les hôpitaux de Paris visés'])).toBe(true);
    expect(filter(['Un ransomware frappe'])).toBe(true);
    expect(filter(['Exercice à l’hôpital'])).toBe(false);
    expect(filter(['Panne de la mairie'])).toBe(false);
    expect(compileKeywordFilter({ keywords: [], exclusions: [] })(['n’importe quoi'])).toBe(true);
  });
});
