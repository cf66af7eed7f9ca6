import { describe, expect, it } from 'vitest';
import {
  ATTACK_FOLLOW_UP_WINDOW_MS, categoriesCompatible, compareFingerprints, findStory, fingerprint, fixedShape, FOLLOW_UP_WINDOW_MS, STORY_WINDOW_MS,
} from '../../src/core/cluster.js';
import type { StoryCandidate, StoryFingerprint } from '../../src/core/cluster.js';
import { bigramMinhash, fewestEqual, minhashSimilarity, similarityReaches } from '../../src/core/cluster/minhash.js';
import { entityStems, stem, termSequence } from '../../src/core/cluster/terms.js';
import { affectedServices } from '../../src/core/cluster/service.js';
import { countriesOf } from '../../src/core/cluster/country.js';
import { sameUnit } from '../../src/core/cluster/evidence.js';
import { holds, oneEditApart, stemSet } from '../../src/core/cluster/fuzzy.js';
import { leadOf } from '../../src/core/cluster.js';
import type { Classification, NewsItem } from '../../src/core/types.js';

/** The word pairs of a sequence, as "first second" (its lone word when it has one): what a signature is made of. */
const pairs = (seq: readonly string[]): string[] => (seq.length === 1 ? [seq[0] as string] : seq.slice(1).map((w, i) => `${seq[i] as string} ${w}`));

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 2, 10, 8, 0);

function item(title: string, summary: string, source = 'Le Quotidien'): NewsItem {
  return { id: `${source}:${title}`, feedId: 'f', source, title, summary, categories: [] };
}

function cls(overrides: Partial<Classification> = {}, entities: Partial<Classification['entities']> = {}): Classification {
  return {
    category: 'cyberattack', score: 0.9, subtype: 'ransomware', cause: 'confirmed', severity: 2, evidence: [],
    ...overrides, entities: { actors: [], ...entities },
  };
}

const hospitalTitle = 'Cyberattaque : le centre hospitalier de Valmont paralysé';
const hospitalLead = "Le centre hospitalier de Valmont est victime d'une attaque par rançongiciel depuis lundi. Les urgences fonctionnent en mode dégradé.";
const hospital = fingerprint(
  item(hospitalTitle, hospitalLead),
  cls({}, { victim: 'centre hospitalier de Valmont', place: 'Valmont', sector: 'santé' }),
);

const candidate = (fp: StoryFingerprint, alertId = 'a1', createdAt = T0): StoryCandidate => ({ alertId, fingerprint: fp, createdAt });

describe('fingerprint', () => {
  it('is plain JSON: a stored and reloaded fingerprint is equal and still matches', () => {
    const reloaded = JSON.parse(JSON.stringify(hospital)) as StoryFingerprint;
    expect(reloaded).toEqual(hospital);
    expect(findStory(hospital, [candidate(reloaded)], T0)?.alertId).toBe('a1');
  });

  it('has one key order whatever it holds, and fixedShape gives a stored one that order with the same JSON', () => {
    const plain = fingerprint(item('Panne chez un opérateur', 'Le réseau est coupé.'), cls({ category: 'outage', subtype: 'network', cause: null }));
    const full = fingerprint(item('Nouvelle panne mondiale du paiement par carte en Belgique', 'Les paiements par carte sont impossibles en Belgique.'),
      cls({ category: 'outage', subtype: 'payment', cause: null }));
    expect(full).toMatchObject({ worldwide: true, renewed: true, service: ['paiement-carte'], countries: ['be'] });
    expect(plain.service).toBeUndefined();
    expect(Object.keys(plain)).toEqual(Object.keys(full));
    // JSON leaves the absent fields out: a stored fingerprint comes back in a shape of its own.
    expect(Object.keys(JSON.parse(JSON.stringify(plain)) as object).length).toBeLessThan(Object.keys(plain).length);
    for (const fp of [plain, full, hospital]) {
      const stored = JSON.parse(JSON.stringify(fp)) as StoryFingerprint;
      expect(Object.keys(fixedShape(stored))).toEqual(Object.keys(fp));
      expect(JSON.stringify(fixedShape(stored))).toBe(JSON.stringify(fp));
    }
  });

  it('is deterministic: the same item gives the same signature, with fixed hash seeds', () => {
    const again = fingerprint(
      item('Cyberattaque : le centre hospitalier de Valmont paralysé', "Le centre hospitalier de Valmont est victime d'une attaque par rançongiciel depuis lundi. Les urgences fonctionnent en mode dégradé."),
      cls({}, { victim: 'centre hospitalier de Valmont', place: 'Valmont', sector: 'santé' }),
    );
    expect(again).toEqual(hospital);
    // Stored fingerprints stay comparable only while these values never change.
    expect(bigramMinhash(['centre', 'hospitalier']).slice(0, 3)).toEqual([3662243230, 2613657491, 3969701498]);
  });

  it('bigramMinhash() gives the signatures of the unsigned reference over word pairs, on random word sequences', () => {
    // The definition stored signatures were made with: unsigned FNV-1a, then fmix32 of it xor each seed.
    const fnv = (s: string): number => {
      let h = 0x811c9dc5;
      for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
      return h;
    };
    const fmix = (x: number): number => {
      let h = x >>> 0;
      h = (h ^ (h >>> 16)) >>> 0;
      h = Math.imul(h, 0x85ebca6b) >>> 0;
      h = (h ^ (h >>> 13)) >>> 0;
      h = Math.imul(h, 0xc2b2ae35) >>> 0;
      return (h ^ (h >>> 16)) >>> 0;
    };
    const seeds = Array.from({ length: 64 }, (_, i) => fmix(0x9e3779b9 + i * 0x632be5ab));
    const reference = (list: string[]): number[] => (list.length === 0 ? [] : seeds.map((seed) => Math.min(...list.map((s) => fmix(fnv(s) ^ seed)))));
    let state = 7;
    const next = (n: number): number => { state = (Math.imul(state, 1103515245) + 12345) >>> 0; return state % n; };
    const alphabet = 'abcdeéèàçôz0123456789-’';
    for (let run = 0; run < 300; run++) {
      const seq = Array.from({ length: next(12) }, () => Array.from({ length: next(9) }, () => alphabet[next(alphabet.length)]).join(''));
      expect(bigramMinhash(seq)).toEqual(reference(pairs(seq)));
    }
  });

  it('marks headlines telling of a new incident on their subject, not a new victim or a recovery', () => {
    const renewed = (title: string): boolean | undefined => fingerprint(item(title, ''), cls()).renewed;
    for (const t of ['Nouvelle cyberattaque contre la mairie de Valmont', 'Des pirates s’en prennent de nouveau au port de Valmont',
      'Le CHU de Valmont à nouveau paralysé', 'Valmont encore victime de pirates', 'Nouvelles cyber-attaques sur les sites de l’État',
      'Encore une panne chez Télécom Azur']) expect(renewed(t), t).toBe(true);
    for (const t of ['Valmont : nouvelle victime d’une cyberattaque massive', 'Les services de Valmont fonctionnent à nouveau',
      'Valmont : l’hôpital visé par un rançongiciel']) expect(renewed(t), t).toBeUndefined();
  });

  it('folds case, accents and elisions, and keeps only distinctive stems', () => {
    expect(termSequence("L'HÔPITAL de Montluçon paralysé")).toEqual(['hopital', 'montlucon', 'paralys']);
    expect(termSequence('Les hôpitaux de Montluçon')).toEqual(['hopital', 'montlucon']);
    expect(stem('piratées')).toBe(stem('piraté'));
  });

  it('reduces the victim to what names it: "centre hospitalier de Valmont" → valmont', () => {
    expect(hospital.victim).toEqual(['valmont']);
    expect(entityStems('AP-HP')).toEqual(['ap-hp']);
  });

  it('keeps a hyphenated place name as one unit and drops generic place words standing alone', () => {
    expect(entityStems('Mairie de Saint-Malo')).toEqual(['saint-malo']);
    expect(entityStems("mairie de Villeneuve-d'Ascq")).toEqual(['villeneuv-ascq']);
    expect(entityStems('centre hospitalier de Boulogne-sur-Mer')).toEqual(['boulogn-mer']);
    expect(entityStems('Saint Étienne')).toEqual(['etienn']);
  });

  it('counts the parts of a compound victim among the names', () => {
    const fp = fingerprint(item('La mairie de Saint-Sornin piratée', ''), cls({}, { victim: 'mairie de Saint-Sornin' }));
    expect(fp.victim).toEqual(['saint-sornin']);
    expect(fp.names).toEqual(expect.arrayContaining(['saint', 'sornin']));
  });

  it('marks a headline of worldwide scale, and only then', () => {
    const world = fingerprint(item('Panne informatique mondiale : des écrans bleus partout', ''), cls({ category: 'outage', cause: null }));
    const whole = fingerprint(item('Des ordinateurs bloqués dans le monde entier', ''), cls({ category: 'outage', cause: null }));
    expect(world.worldwide).toBe(true);
    expect(whole.worldwide).toBe(true);
    expect(hospital.worldwide).toBeUndefined();
    expect(JSON.parse(JSON.stringify(hospital))).not.toHaveProperty('worldwide');
  });

  it('joins a name and its number written apart ("APT 28" and "APT28" meet)', () => {
    expect(termSequence('les méthodes d’APT 28')).toContain('apt28');
  });

  it('unglues slug elisions only in lowercase slug titles', () => {
    const slug = fingerprint(item('panne des numeros durgence chez lanssi', ''), cls({ category: 'outage', cause: null }));
    expect(slug.titleTerms).toContain('urgenc');
    const title = fingerprint(item('Dominique Durgence nommé', ''), cls());
    expect(title.titleTerms).not.toContain('urgenc');
  });

  it('records proper names, including inner capitals (OVHcloud) and the classifier entities', () => {
    const fp = fingerprint(item('Incendie chez OVHcloud à Strasbourg', 'Le site de Strasbourg est détruit.'), cls({ category: 'outage', cause: null }, { actors: ['LockBit'] }));
    expect(fp.names).toEqual(expect.arrayContaining(['ovhcloud', 'strasbourg', 'lockbit']));
    expect(fp.actors).toEqual(['lockbit']);
  });
});

describe('minhash', () => {
  it('estimates 1 for identical shingle sets and little for unrelated ones', () => {
    const a = bigramMinhash(['panne', 'geante', 'chez', 'telecom', 'azur']);
    const b = bigramMinhash(['incendie', 'datacenter', 'roubaix', 'hexanet', 'nuit']);
    expect(minhashSimilarity(a, a)).toBe(1);
    expect(minhashSimilarity(a, b)).toBeLessThan(0.2);
    expect(minhashSimilarity([], a)).toBe(0);
  });

  it('similarityReaches() answers exactly as minhashSimilarity() >= threshold', () => {
    const base = ['panne', 'geante', 'chez', 'telecom', 'azur', 'depuis', 'ce', 'matin', 'abonnes', 'privés', 'de', 'reseau'];
    const signatures = base.map((_, k) => bigramMinhash([...base.slice(k), ...base.slice(0, k / 2)]));
    for (const a of signatures) {
      for (const b of [...signatures, []]) {
        for (const t of [0, 0.25, 0.5, 0.51, 0.75, 1]) expect(similarityReaches(a, b, t)).toBe(minhashSimilarity(a, b) >= t);
      }
    }
  });

  it('fewestEqual() gives the least count reaching the threshold, as counting up from 0 does', () => {
    const counted = (size: number, t: number): number => {
      for (let need = 0; need <= size; need++) if (need / size >= t) return need;
      return size + 1;
    };
    const thresholds = [-1, 0, 1e-9, 0.1, 0.2, 0.3, 1 / 3, 0.5, 0.51, 0.7, 2 / 3, 0.9, 0.99, 1, 1.01, Infinity, -Infinity, Number.NaN];
    for (let size = 0; size <= 130; size++) {
      for (const t of [...thresholds, ...Array.from({ length: 20 }, (_, k) => (k + 0.5) / 20)]) expect(fewestEqual(size, t)).toBe(counted(size, t));
      // Thresholds that are exactly a count over the size, where rounding could put the answer one off.
      for (let k = 0; k <= size; k++) expect(fewestEqual(size, k / size)).toBe(counted(size, k / size));
    }
  });
});

describe('findStory', () => {
  const sameVictim = fingerprint(
    item('Valmont : l’hôpital visé par un rançongiciel, des opérations déprogrammées', "Des opérations ont été déprogrammées à l'hôpital de Valmont après l'attaque.", 'Autre Journal'),
    cls({}, { victim: 'hôpital de Valmont', place: 'Valmont' }),
  );

  it('takes an outage\'s follow-ups for 14 days only: the operator\'s next outage is another incident', () => {
    const outage = (title: string, lead: string): StoryFingerprint => fingerprint(item(title, lead),
      cls({ category: 'outage', subtype: 'service_down', cause: null }, { victim: 'Télécom Azur' }));
    const first = outage('Panne géante chez Télécom Azur : internet coupé dans tout le Var', 'Les abonnés de Télécom Azur sont privés d\'internet depuis ce matin.');
    const later = outage('Télécom Azur : les abonnés privés d\'internet seront dédommagés', 'Télécom Azur promet un geste commercial après la panne.');
    expect(findStory(later, [candidate(first)], T0 + FOLLOW_UP_WINDOW_MS - HOUR)).toMatchObject({ alertId: 'a1', reason: 'victim' });
    expect(findStory(later, [candidate(first)], T0 + FOLLOW_UP_WINDOW_MS + HOUR)).toBeUndefined();
  });

  it('takes a headline telling of a new attack on the victim as a follow-up for 14 days only', () => {
    const again = fingerprint(
      item('Valmont : l’hôpital de nouveau visé par un rançongiciel', "L'hôpital de Valmont subit une nouvelle attaque.", 'Autre Journal'),
      cls({}, { victim: 'hôpital de Valmont', place: 'Valmont' }),
    );
    expect(again.renewed).toBe(true);
    expect(findStory(again, [candidate(hospital)], T0 + FOLLOW_UP_WINDOW_MS - HOUR)?.alertId).toBe('a1');
    expect(findStory(again, [candidate(hospital)], T0 + FOLLOW_UP_WINDOW_MS + HOUR)).toBeUndefined();
  });

  it('joins the same victim with a similar title, and says why', () => {
    expect(findStory(sameVictim, [candidate(hospital)], T0 + 3 * HOUR)).toMatchObject({ alertId: 'a1', reason: 'victim' });
  });

  it('after 72 hours takes only follow-ups naming the victim in a headline: a cyberattack for 90 days', () => {
    expect(findStory(sameVictim, [candidate(hospital)], T0 + STORY_WINDOW_MS - HOUR)?.alertId).toBe('a1');
    expect(findStory(sameVictim, [candidate(hospital)], T0 + STORY_WINDOW_MS + HOUR)).toMatchObject({ alertId: 'a1', reason: 'victim' });
    expect(findStory(sameVictim, [candidate(hospital)], T0 + FOLLOW_UP_WINDOW_MS + HOUR)).toMatchObject({ alertId: 'a1', reason: 'victim' });
    expect(findStory(sameVictim, [candidate(hospital)], T0 + ATTACK_FOLLOW_UP_WINDOW_MS - HOUR)?.alertId).toBe('a1');
    expect(findStory(sameVictim, [candidate(hospital)], T0 + ATTACK_FOLLOW_UP_WINDOW_MS + HOUR)).toBeUndefined();
    // A copy of the same dispatch is a story item within 72 h, not a follow-up a week later.
    const copy = fingerprint(item(hospitalTitle, hospitalLead, 'Autre Journal'), cls());
    expect(findStory(copy, [candidate(hospital)], T0 + HOUR)?.reason).toBe('near_duplicate');
    expect(findStory(copy, [candidate(hospital)], T0 + 7 * 24 * HOUR)).toBeUndefined();
  });

  it('never joins two different victims, even with near-identical wording', () => {
    const other = fingerprint(
      item('Cyberattaque : le centre hospitalier de Morteau paralysé', "Le centre hospitalier de Morteau est victime d'une attaque par rançongiciel depuis lundi. Les urgences fonctionnent en mode dégradé."),
      cls({}, { victim: 'centre hospitalier de Morteau', place: 'Morteau' }),
    );
    expect(compareFingerprints(other, hospital).victim).toBe('conflict');
    expect(findStory(other, [candidate(hospital)], T0 + HOUR)).toBeUndefined();
  });

  it('joins a verbatim wire copy even when its victim was read differently', () => {
    const copy = fingerprint(
      item('Cyberattaque : le centre hospitalier de Valmont paralysé', "Le centre hospitalier de Valmont est victime d'une attaque par rançongiciel depuis lundi. Les urgences fonctionnent en mode dégradé.", 'Agrégateur'),
      cls({}, { victim: 'ARS Bourgogne' }),
    );
    expect(findStory(copy, [candidate(hospital)], T0 + HOUR)).toMatchObject({ reason: 'near_duplicate' });
  });

  it('keeps categories apart unless the later item settles the cause', () => {
    const outage = { category: 'outage' as const };
    expect(categoriesCompatible({ category: 'cyberattack', cause: 'suspected' }, outage)).toBe(false);
    expect(categoriesCompatible({ category: 'cyberattack', cause: 'confirmed' }, outage)).toBe(true);
    expect(categoriesCompatible({ category: 'outage', cause: 'denied' }, { category: 'cyberattack' })).toBe(true);
    expect(categoriesCompatible({ category: 'none', cause: null }, outage)).toBe(false);
  });

  it('does not join an outage item to an attack story when the cause is not discussed', () => {
    const outage = fingerprint(
      item('Valmont : panne informatique à l’hôpital', "L'hôpital de Valmont subit une panne de ses logiciels.", 'Autre'),
      cls({ category: 'outage', cause: null, subtype: 'software_bug' }, { victim: 'hôpital de Valmont' }),
    );
    expect(findStory(outage, [candidate(hospital)], T0 + HOUR)).toBeUndefined();
  });

  it('prefers the story with the stronger evidence when an item matches several', () => {
    const textOnly = fingerprint(
      item('Valmont : les urgences en mode dégradé après la cyberattaque', "Les urgences fonctionnent en mode dégradé depuis lundi, rançongiciel, opérations déprogrammées.", 'X'),
      cls({}, {}),
    );
    const match = findStory(sameVictim, [candidate(textOnly, 'weak'), candidate(hospital, 'strong')], T0 + HOUR);
    expect(match?.alertId).toBe('strong');
  });

  it('does not count a shared threat actor as the same incident', () => {
    const a = fingerprint(item('Nuxe victime de LockBit', 'LockBit menace de publier les fichiers de Nuxe.'), cls({}, { victim: 'Nuxe', actors: ['LockBit'] }));
    const b = fingerprint(item('LockBit frappe Valmécan', 'Les fichiers de Valmécan seront publiés par LockBit.'), cls({}, { victim: 'Valmécan', actors: ['LockBit'] }));
    expect(compareFingerprints(a, b).sharedNames).toEqual([]);
    expect(findStory(b, [candidate(a)], T0)).toBeUndefined();
  });

  it('ignores stored fingerprints of another format version', () => {
    const future = { ...hospital, v: 2 } as unknown as StoryFingerprint;
    expect(findStory(sameVictim, [candidate(future)], T0)).toBeUndefined();
  });

  it('returns undefined when there is no candidate', () => {
    expect(findStory(hospital, [], T0)).toBeUndefined();
  });
});

describe('typo tolerance', () => {
  it('accepts one insertion, deletion, substitution or swap in long words only', () => {
    expect(oneEditApart('cloudfare', 'cloudflare')).toBe(true);
    expect(oneEditApart('montlucon', 'montlucom')).toBe(true);
    expect(oneEditApart('viamedis', 'vaimedis')).toBe(true);
    expect(oneEditApart('free', 'fret')).toBe(false);
    expect(oneEditApart('bramontgar', 'bermontgar')).toBe(false);
  });

  it('finds a one-edit stem through the variant index but rejects two-edit look-alikes', () => {
    const set = stemSet(['cloudflar', 'bermontgar']);
    expect(holds(set, 'cloudfar')).toBe(true);
    expect(holds(set, 'bramontgar')).toBe(false);
  });

  it('holds() finds exactly the stems one edit away, whichever letter the edit touches', () => {
    const stems = ['cloudflar', 'montlucon', 'viamedis', 'orange', 'hopital', 'free', 'bermontgar', 'abcdef'];
    const set = stemSet(stems);
    const letters = 'abcdelmnostuz';
    const probes = new Set<string>();
    for (const w of stems) {
      for (let i = 0; i <= w.length; i++) {
        if (i < w.length) probes.add(w.slice(0, i) + w.slice(i + 1)); // deletion
        if (i + 1 < w.length) probes.add(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2)); // swap
        for (const c of letters) {
          probes.add(w.slice(0, i) + c + w.slice(i)); // insertion
          if (i < w.length) probes.add(w.slice(0, i) + c + w.slice(i + 1)); // substitution
        }
      }
    }
    probes.add('bramontgar');
    let found = 0;
    for (const t of probes) {
      const expected = stems.includes(t) || stems.some((s) => oneEditApart(t, s));
      expect(holds(set, t), t).toBe(expected);
      if (expected) found++;
    }
    expect(found).toBeGreaterThan(1000);
  });

  it('lets a misspelt name in one article meet the right spelling in another', () => {
    const misspelt = fingerprint(item('principales pannes technologiques de ces dernieres annees', 'La société Cloudfare a été touchée par une panne mondiale mardi.'), cls({ category: 'outage', cause: null }));
    const right = fingerprint(item('Panne Cloudflare : des milliers de sites inaccessibles', 'Cloudflare a confirmé une panne mondiale.'), cls({ category: 'outage', cause: null }));
    expect(compareFingerprints(misspelt, right).shared).toContain('cloudfar');
  });
});

describe('the lead', () => {
  it('is cut at a word boundary within the limit', () => {
    expect(leadOf('Une panne touche Orange depuis ce matin.', 400)).toBe('Une panne touche Orange depuis ce matin.');
    expect(leadOf('Une panne touche Orange depuis ce matin.', 20)).toBe('Une panne touche');
  });
});

describe('victims and headlines', () => {
  const outage = (title: string, summary: string, victim?: string, place?: string): StoryFingerprint =>
    fingerprint(item(title, summary), cls({ category: 'outage', cause: null }, { ...(victim ? { victim } : {}), ...(place ? { place } : {}) }));

  it('joins one outage of several services even when each article picked a different victim', () => {
    const a = outage('Panne mondiale : Facebook, Instagram et WhatsApp inaccessibles', 'Les applications du groupe Meta sont en panne depuis 17 h 45.', 'WhatsApp');
    const b = outage('Facebook et Instagram en panne dans le monde entier', 'Impossible de se connecter à Facebook et Instagram depuis la fin d’après-midi.', 'Facebook');
    expect(findStory(b, [candidate(a)], T0)?.alertId).toBe('a1');
  });

  it('treats an article that only recalls another victim as a different incident', () => {
    const nice = fingerprint(item('Les sites de la ville de Nice inaccessibles après une attaque DDoS', 'Le collectif NoName057(16) a revendiqué l’attaque contre Nice.'), cls({ subtype: 'ddos' }, { victim: 'ville de Nice', place: 'Nice', actors: ['NoName057(16)'] }));
    const toulon = fingerprint(item('Après Nice, la métropole de Toulon visée par une attaque DDoS', 'Au lendemain de Nice, NoName057(16) revendique une attaque contre Toulon.'), cls({ subtype: 'ddos' }, { victim: 'métropole de Toulon', place: 'Toulon', actors: ['NoName057(16)'] }));
    expect(compareFingerprints(toulon, nice).victim).toBe('conflict');
    expect(findStory(toulon, [candidate(nice)], T0)).toBeUndefined();
  });

  it('accepts two names of one victim when one article names the other and both are in the same place', () => {
    const chu = fingerprint(item('Le CHU de Brest visé par une cyberattaque', 'Le CHU de Brest a détecté une intrusion mercredi.'), cls({}, { victim: 'CHU de Brest', place: 'Brest' }));
    const site = fingerprint(item('Brest : l’hôpital de la Cavale-Blanche touché par une attaque', 'Une attaque vise depuis mercredi le CHU de Brest et son site de la Cavale-Blanche.'), cls({}, { victim: 'hôpital de la Cavale-Blanche', place: 'Brest' }));
    expect(compareFingerprints(site, chu).victim).toBe('same');
    expect(findStory(site, [candidate(chu)], T0)?.alertId).toBe('a1');
  });

  it('does not take a country or an agency quoted in both articles for the story', () => {
    const a = fingerprint(item('La Russie accusée d’espionnage par la France', 'Selon l’ANSSI, la Russie mène une campagne.'), cls({ subtype: 'espionage' }));
    const b = fingerprint(item('Panne chez Hexanet : l’ANSSI écarte une attaque', 'L’ANSSI et la Russie ne sont pas en cause selon Hexanet.'), cls({ subtype: 'espionage' }));
    expect(compareFingerprints(a, b).sharedNames).toEqual([]);
    expect(findStory(b, [candidate(a)], T0)).toBeUndefined();
  });

  it('keeps apart two operators’ outages that share only incident vocabulary', () => {
    const a = outage('Panne géante du réseau mobile de Télécom Azur', 'Appels et données mobiles coupés pour les abonnés depuis ce matin.', 'Télécom Azur');
    const b = outage('Fibrelia : panne du réseau fixe en Bretagne', 'Internet et téléphone fixe coupés pour les abonnés depuis ce matin.', 'Fibrelia', 'Bretagne');
    expect(findStory(b, [candidate(a)], T0 + 2 * HOUR)).toBeUndefined();
  });

  it('changes category only on evidence about the headline, not on shared words alone', () => {
    const story = outage('Creuse : une panne informatique paralyse le département', 'Les agents du conseil départemental de la Creuse n’ont plus accès à leurs outils.', 'conseil départemental de la Creuse', 'Creuse');
    const confirmed = fingerprint(item('Le département de la Creuse confirme une cyberattaque', 'La panne était en réalité une cyberattaque, confirme le président du département.'), cls({}, { victim: 'département de la Creuse', place: 'Creuse' }));
    expect(findStory(confirmed, [candidate(story)], T0 + 8 * HOUR)).toMatchObject({ alertId: 'a1', reason: 'victim' });
    // Shared words and a name in the leads only: enough within one category, not to change it.
    const vague = outage('Panne informatique : les services à l’arrêt', 'Les agents de la Creuse n’ont plus accès à leurs outils depuis lundi.');
    const asOutage = outage('Un collège privé de ses outils numériques', 'Un collège de la Creuse a perdu l’accès à ses outils depuis lundi.');
    const asAttack = fingerprint(item('Un collège privé de ses outils numériques', 'Un collège de la Creuse a perdu l’accès à ses outils depuis lundi.'), cls({}, {}));
    expect(findStory(asOutage, [candidate(vague)], T0)).toMatchObject({ reason: 'name_and_text' });
    expect(findStory(asAttack, [candidate(vague)], T0)).toBeUndefined();
  });
});


describe('compound place names', () => {
  const attack = (title: string, summary: string, victim: string, place: string, source = 'Le Quotidien'): StoryFingerprint =>
    fingerprint(item(title, summary, source), cls({}, { victim, place }));

  it('compares compounds part by part, and a plain word only with a distinctive head', () => {
    expect(sameUnit('saint-etienn', 'saint-etienn')).toBe(true);
    expect(sameUnit('saint-etienn', 'saint-malo')).toBe(false);
    expect(sameUnit('villeneuv-ascq', 'villeneuv-loubet')).toBe(false);
    expect(sameUnit('montlucon', 'montlucon-neri-bain')).toBe(true);
    expect(sameUnit('villeneuv', 'villeneuv-loubet')).toBe(false);
    expect(sameUnit('boulogn-mer', 'boulogn-billancourt')).toBe(false);
    expect(sameUnit('ovh', 'ovhcloud')).toBe(true);
  });

  it('never joins Saint-Étienne and Saint-Malo, hit the same morning', () => {
    const chu = attack('CHU de Saint-Étienne paralysé par un rançongiciel', "Le CHU de Saint-Étienne est victime depuis dimanche d'une attaque par rançongiciel, les urgences sont en mode dégradé.", 'CHU de Saint-Étienne', 'Saint-Étienne');
    const mairie = attack("La mairie de Saint-Malo victime d'une attaque informatique", 'Les services de la mairie de Saint-Malo sont paralysés depuis lundi par une attaque informatique.', 'mairie de Saint-Malo', 'Saint-Malo');
    expect(compareFingerprints(mairie, chu).victim).toBe('conflict');
    expect(compareFingerprints(mairie, chu).sharedNames).not.toContain('saint');
    expect(findStory(mairie, [candidate(chu)], T0 + 2 * HOUR)).toBeUndefined();
  });

  it('never joins Villeneuve-d’Ascq and Villeneuve-Loubet, however alike the wording', () => {
    const ascq = attack("La mairie de Villeneuve-d'Ascq victime d'une cyberattaque", "Les services municipaux de Villeneuve-d'Ascq sont à l'arrêt après une cyberattaque.", "mairie de Villeneuve-d'Ascq", "Villeneuve-d'Ascq");
    const loubet = attack("Villeneuve-Loubet : la mairie victime d'une cyberattaque", "Les services municipaux de Villeneuve-Loubet sont à l'arrêt après une cyberattaque.", 'mairie de Villeneuve-Loubet', 'Villeneuve-Loubet');
    expect(compareFingerprints(loubet, ascq).victim).not.toBe('same');
    expect(findStory(loubet, [candidate(ascq)], T0 + HOUR)).toBeUndefined();
  });

  it('still joins two outlets on one compound-named victim, one giving its full name', () => {
    const a = attack('Le centre hospitalier de Saint-Sornin frappé par une cyberattaque', 'Le centre hospitalier de Saint-Sornin est la cible depuis samedi d’une attaque par rançongiciel.', 'centre hospitalier de Saint-Sornin', 'Saint-Sornin');
    const b = attack('Saint-Sornin : l’hôpital paralysé par un rançongiciel', 'Victime d’un rançongiciel, le centre hospitalier de Saint-Sornin tourne sans informatique.', 'hôpital de Saint-Sornin', 'Saint-Sornin', 'Radio Bocage');
    expect(findStory(b, [candidate(a)], T0 + HOUR)).toMatchObject({ alertId: 'a1', reason: 'victim' });
    const c = attack('Montluçon : l’hôpital toujours en mode dégradé', "L'hôpital de Montluçon-Néris-les-Bains reste privé de ses logiciels.", 'hôpital de Montluçon-Néris-les-Bains', 'Montluçon');
    const d = attack("L'hôpital de Montluçon paralysé par un rançongiciel", "L'hôpital de Montluçon est victime d'un rançongiciel.", 'hôpital de Montluçon', 'Montluçon', 'Autre');
    expect(compareFingerprints(c, d).victim).toBe('same');
  });
});

describe('worldwide outages', () => {
  const outage = (title: string, summary: string, entities: Partial<Classification['entities']> = {}, cause: Classification['cause'] = null): StoryFingerprint =>
    fingerprint(item(title, summary), cls({ category: 'outage', cause, subtype: 'software_bug' }, entities));
  const global = outage('Panne informatique mondiale : des milliers d’entreprises à l’arrêt', 'Une mise à jour défectueuse de l’éditeur Nuvio bloque des ordinateurs dans le monde entier.', { victim: 'Nuvio' });
  const vague = outage('« Pas de piratage » derrière la panne planétaire, selon un chercheur', '', {}, 'denied');

  it('joins a vague article on a worldwide outage to the worldwide outage of the same hours', () => {
    expect(compareFingerprints(vague, global).shared).toEqual([]);
    expect(findStory(vague, [candidate(global)], T0 + 3 * HOUR)).toMatchObject({ alertId: 'a1', reason: 'worldwide' });
  });

  it('keeps apart two worldwide outages whose articles each name what the other never mentions', () => {
    const other = outage('Panne mondiale de la messagerie Parlo', 'Les utilisateurs de Parlo ne peuvent plus envoyer de messages, partout dans le monde.', { victim: 'Parlo' });
    expect(findStory(other, [candidate(global)], T0 + 5 * HOUR)).toBeUndefined();
  });

  it('does not let a vague member bridge its story to another worldwide outage', () => {
    const other = outage('Panne mondiale de la messagerie Parlo', 'Les utilisateurs de Parlo ne peuvent plus envoyer de messages, partout dans le monde.', { victim: 'Parlo' });
    expect(findStory(other, [candidate(vague)], T0 + 5 * HOUR)?.reason).toBe('worldwide');
    expect(findStory(other, [candidate(global), candidate(vague)], T0 + 5 * HOUR)).toBeUndefined();
  });

  it('needs both headlines to be worldwide and both items to be outages', () => {
    const local = outage('Panne informatique : des entreprises à l’arrêt', 'Des ordinateurs bloqués dans la région.');
    expect(findStory(local, [candidate(global)], T0)).toBeUndefined();
    const attack = fingerprint(item('Cyberattaque mondiale : des milliers d’ordinateurs chiffrés', ''), cls({ cause: 'confirmed' }));
    expect(compareFingerprints(attack, global).worldwideOutage).toBe(false);
  });
});

describe('incidents without a named victim: the affected service', () => {
  const outage = (title: string, summary: string, subtype: Classification['subtype'] = 'payment', source = 'Le Quotidien'): StoryFingerprint =>
    fingerprint(item(title, summary, source), cls({ category: 'outage', cause: null, subtype }));

  it('reads the service from the wording, however each outlet phrases it', () => {
    expect(affectedServices('Plus aucun paiement par carte dans les commerces')).toEqual(['paiement-carte']);
    expect(affectedServices('Les terminaux de paiement des magasins en rade')).toEqual(['paiement-carte']);
    expect(affectedServices('Le réseau mobile coupé, les antennes-relais incendiées')).toEqual(['reseau-mobile']);
    expect(affectedServices("Impossible de joindre les numéros d'urgence")).toEqual(['numeros-urgence']);
    expect(affectedServices('Les sites gouvernementaux inaccessibles')).toEqual(expect.arrayContaining(['sites-publics', 'sites-en-nombre']));
    expect(affectedServices('Des sites de mairies défigurés')).toEqual(['sites-publics', 'sites-en-nombre']);
    expect(affectedServices('Le patron du club de football démissionne')).toEqual([]);
  });

  it('finds each service in a text that names it among other words, alone or with others', () => {
    const named: [string, string][] = [
      ['paiement-carte', 'impossible de payer par carte'], ['reseau-mobile', 'les antennes relais coupées'],
      ['reseau-fixe', "plus d'accès à internet"], ['numeros-urgence', "les lignes d'urgence saturées"],
      ['sites-publics', 'les sites web du gouvernement'], ['trafic-aerien', 'les vols de la matinée annulés'],
      ['trafic-ferroviaire', 'la circulation des trains interrompue'], ['ent-scolaire', 'les cours en ligne suspendus'],
      ['reseaux-sociaux', 'sur les réseaux sociaux'], ['sites-en-nombre', 'des centaines de sites web'],
      ['messagerie', 'les boîtes mail inaccessibles'], ['tiers-payant', 'le tiers payant suspendu'],
      ['distributeurs-billets', 'les distributeurs de billets vides'], ['declaration-en-ligne', 'la déclaration en ligne fermée'],
    ];
    for (const [key, phrase] of named) {
      expect(affectedServices(`Depuis ce matin, ${phrase}, selon la préfecture.`), phrase).toContain(key);
    }
    expect(affectedServices(named.map(([, phrase]) => phrase).join(' ; '))).toEqual(named.map(([key]) => key));
  });

  it('joins reports of one outage of card payments that name no common word but the service', () => {
    const a = outage('Les paiements par carte bloqués dans tout le pays', 'Commerçants et clients démunis aux caisses depuis midi.', 'payment', 'Journal A');
    const b = outage('Chaos dans les supermarchés : les terminaux de paiement en panne', 'Des files interminables, seuls les billets passent.', 'software_bug', 'Journal B');
    expect(compareFingerprints(b, a).sharedServices).toEqual(['paiement-carte']);
    expect(findStory(b, [candidate(a)], T0 + 3 * HOUR)).toMatchObject({ alertId: 'a1', reason: 'service' });
  });

  it('keeps apart the same service failing in two countries, or at two named victims, or of two kinds', () => {
    const here = outage('Belgique : les paiements par carte impossibles', 'Les commerçants belges refusent les cartes.');
    const there = outage('Suisse : panne du paiement par carte', 'Les magasins suisses ne prennent plus les cartes.');
    expect(compareFingerprints(there, here).countryConflict).toBe(true);
    expect(findStory(there, [candidate(here)], T0 + HOUR)).toBeUndefined();
    const bankA = fingerprint(item('Banque Azurine : les paiements par carte en panne', ''), cls({ category: 'outage', cause: null, subtype: 'payment' }, { victim: 'Banque Azurine' }));
    const bankB = fingerprint(item('Crédit Valmontais : les paiements par carte en panne', ''), cls({ category: 'outage', cause: null, subtype: 'payment' }, { victim: 'Crédit Valmontais' }));
    expect(findStory(bankB, [candidate(bankA)], T0 + HOUR)).toBeUndefined();
    const leak = fingerprint(item('Des pirates exposent les paiements par carte de clients', ''), cls({ subtype: 'data_breach' }));
    const ddos = fingerprint(item('Attaque DDoS : les paiements par carte impossibles', ''), cls({ subtype: 'ddos' }));
    expect(compareFingerprints(ddos, leak).sharedServices).toEqual([]);
  });

  it('never joins on a service beyond 72 hours', () => {
    const a = outage('Les paiements par carte bloqués dans tout le pays', 'Commerçants démunis.');
    const b = outage('Nouvelle panne des terminaux de paiement', 'Les caisses sont bloquées.');
    expect(findStory(b, [candidate(a)], T0 + STORY_WINDOW_MS + HOUR)).toBeUndefined();
  });
});

describe('countries', () => {
  it('reads country names and victim-side adjectives, not the attackers\' nationality', () => {
    expect(countriesOf('Orange Belgique : 850 000 clients touchés')).toEqual(['be']);
    expect(countriesOf("En Côte d'Ivoire et aux États-Unis")).toEqual(['ci', 'us']);
    expect(countriesOf('Des hackers russes et chinois visent les magasins suisses')).toEqual(['ch']);
  });

  it('reads no country from a word that only names a property of objects', () => {
    expect(countriesOf('The constructor of the toString prototype hasOwnProperty')).toEqual([]);
  });

  it('fingerprints the countries and services of the title and lead read together, as of their joined text', () => {
    const cases: Array<[string, string]> = [
      ['Orange Belgique : les paiements par carte impossibles', 'Les commerçants belges et suisses démunis.'],
      ['Panne du réseau mobile en Côte', "d'Ivoire : les antennes-relais muettes aux États-Unis"],
      ['', 'Les sites des ministères et le trafic aérien touchés au Royaume-Uni.'],
      ['Cyberattaque aux Pays', ''],
      ["Numéros d'urgence injoignables", "l'accès à internet coupé au Maroc"],
    ];
    for (const [title, lead] of cases) {
      const fp = fingerprint(item(title, lead), cls({ category: 'outage', subtype: null }));
      expect(fp.countries ?? []).toEqual(countriesOf(`${title} ${lead}`));
      expect(fp.titleCountries ?? []).toEqual(countriesOf(title));
      expect(fp.service ?? []).toEqual(affectedServices(`${title} ${lead}`));
    }
  });

  it('keeps a brand\'s subsidiary abroad apart from the brand at home', () => {
    const abroad = fingerprint(item('Cyberattaque chez Télécom Azur Belgique : des clients exposés', ''), cls({ subtype: 'data_breach' }, { victim: 'Télécom Azur' }));
    const home = fingerprint(item('Télécom Azur victime d’une cyberattaque', 'L’opérateur français confirme une intrusion.'), cls({ subtype: 'data_breach' }, { victim: 'Télécom Azur' }));
    expect(compareFingerprints(abroad, home).victim).toBe('same');
    expect(findStory(abroad, [candidate(home)], T0 + HOUR)).toBeUndefined();
  });
});

describe('short names', () => {
  it('keeps a letter and a digit as a name ("M6", "C8"), not other two-character words', () => {
    expect(termSequence('La chaîne M6 paralysée')).toEqual(['chain', 'm6', 'paralys']);
    expect(termSequence('Un 4G de plus')).toEqual([]);
  });
});
