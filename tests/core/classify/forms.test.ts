import { describe, expect, it } from 'vitest';
import { compileDistinctForms, distinctStem } from '../../../src/core/classify/forms.js';
import { tokenize } from '../../../src/core/tokens.js';
import { classifier, classify } from './setup.js';

/** Every term and cue the rule engine matched in a title and a text, as "kind:label". */
function matched(title: string, text = ''): Set<string> {
  const out = new Set<string>();
  classifier.classify({ title, text }, {
    trace: (t) => {
      for (const s of t.sentences) {
        for (const m of [...s.main, ...s.aux]) for (const p of m.payloads) out.add(`${p.kind}:${p.label}`);
      }
    },
  });
  return out;
}

describe('distinct forms', () => {
  const forms = compileDistinctForms(['arrêté', 'double', 'mai']);
  const stemOf = (text: string): string => {
    const [t] = tokenize(text);
    return t ? distinctStem(forms, t.stem, text, t.start, t.end) : '';
  };

  it('gives a listed form a stem of its own, whatever its case, and leaves the other forms of the stem alone', () => {
    expect(stemOf('arrêté')).not.toBe(stemOf('arrêt'));
    expect(stemOf('ARRÊTÉ')).toBe(stemOf('arrêté'));
    expect(stemOf('arrêt')).toBe('arret');
    expect(stemOf('arrêts')).toBe('arret');
  });

  it('tells forms apart by their accents: "double" is listed, "doublé" is not', () => {
    expect(stemOf('doublé')).toBe('doubl');
    expect(stemOf('double')).not.toBe('doubl');
    expect(stemOf('mais')).toBe('mai');
    expect(stemOf('mai')).not.toBe('mai');
  });
});

describe('word forms the stemmer would confuse with a term', () => {
  it('does not read a decree or an arrest as a service "à l\'arrêt"', () => {
    const title = 'Antennes relais : un arrêté municipal suspend l’installation de la 5G';
    const text = 'Le maire a pris un arrêté ce lundi. L’opérateur conteste l’arrêté devant le tribunal administratif.';
    expect(classify(title, text).category).toBe('none');
    expect(matched(title, text)).not.toContain("outage:à l'arrêt");
    expect(matched('Un arrêté préfectoral encadre l’usage des drones', 'Deux suspects ont été arrêtés et les serveurs saisis.')).not.toContain("outage:à l'arrêt");
  });

  it('still reads a service at a standstill as an outage', () => {
    const down = classify('Le site est à l’arrêt depuis la panne', 'Les serveurs de la plateforme sont inaccessibles depuis ce matin.');
    expect(down.category).toBe('outage');
    expect(matched('Les serveurs de la régie sont à l’arrêt')).toContain("outage:à l'arrêt");
  });

  it('does not read "donné" (given) as "données" (data)', () => {
    expect(classify('Donné favori, le Parti pirate espère une percée aux législatives').category).toBe('none');
    expect(matched('Donné favori, le candidat a piraté la campagne de son rival')).not.toContain('attack:données … piratées');
    expect(matched('Les données des adhérents piratées lors de l’incident')).toContain('attack:données … piratées');
  });

  // [a sentence with the look-alike, the term or cue it must not match, a sentence where it must match]
  const pairs: [string, string, string][] = [
    ['Des dysfonctionnements notés depuis deux jours sur le réseau', 'negation:not', 'The outage is not related to an attack'],
    ['Une attaque par déni de service vise la mairie', 'negation:denies', 'The company denies any intrusion'],
    ['La panne du 12 mai a privé la ville de réseau', 'breaker:mais', 'Le site est inaccessible, mais les données sont intactes'],
    ['La coupure, rapporte le quotidien, a duré deux heures', 'neg:rapport', 'Un rapport sur les attaques informatiques'],
    ['L’élu a commenté la panne du réseau', 'neg:comment', 'Comment choisir sa box internet'],
    ['Un groupe appelé Lune Noire revendique l’attaque', 'it:appels', 'Les appels vers les numéros d’urgence impossibles'],
    ['La méfiance vis-à-vis des messages frauduleux grandit', 'marker:visé', 'Le serveur visé par les hackers'],
    ['Le double de sites piratés cette année', 'neg:doublé', 'Un doublé historique pour le club'],
    ['Une panne qui interpelle les élus', 'neg:interpellé', 'Un suspect interpellé après le piratage'],
    ['Un niveau de risque élevé pour les hôpitaux', 'sectorHint:élèves', 'Les élèves privés de leur espace numérique'],
    ['Un incident commun à plusieurs opérateurs', 'orgNoun:commune', 'La commune de Valbois visée par un rançongiciel'],
    ['Les jours qui précèdent la panne', 'backgroundLocal:précédente', 'Une précédente cyberattaque avait visé la ville'],
  ];
  for (const [lookAlike, term, intended] of pairs) {
    it(`does not match ${term} in "${lookAlike}", but does in "${intended}"`, () => {
      expect(matched(lookAlike)).not.toContain(term);
      expect(matched(intended)).toContain(term);
    });
  }
});
