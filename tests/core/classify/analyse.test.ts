/**
 * The lean path (sentences analysed only as deep as their words require, no entities, severity or
 * evidence for a 'none') must decide exactly as the full path: same verdict, same trained-layer
 * features, same alert, evidence and summary, over varied generated items.
 */
import { describe, expect, it } from 'vitest';
import { loadModelFile } from '../../../src/config/model.js';
import { analyseItem } from '../../../src/core/analysis.js';
import { analyseSentences, collectDeepenedHits, collectHits, deepen } from '../../../src/core/classify/analyse.js';
import { compileLexicon, toStream } from '../../../src/core/classify/compile.js';
import { createClassifier } from '../../../src/core/classify/index.js';
import { FeatureScratch } from '../../../src/core/classify/features.js';
import { DEFAULT_FEATURES } from '../../../src/core/classify/fit.js';
import { classifierFor, itemFeatures, ruleView, withModel } from '../../../src/core/classify/trained.js';
import { modelFromFile } from '../../../src/core/classify/model.js';
import { lexWordTable } from '../../../src/core/classify/words.js';
import { tokenize } from '../../../src/core/tokens.js';
import { createSummariser } from '../../../src/core/summarise.js';
import type { Classification, ClassifierInput } from '../../../src/core/types.js';
import { makeItem } from '../../helpers/builders.js';
import { classifier as rules, lexicon } from './setup.js';

const TITLES = [
  'Cyberattaque contre la mairie de Gap : les services paralysés', 'Le CHU de Brest victime d’un rançongiciel',
  'Panne géante chez Orange : les numéros d’urgence inaccessibles', 'Attaque DDoS revendiquée par NoName057(16) contre des sites publics',
  'Panne informatique : il ne s’agit pas d’une cyberattaque, assure l’hébergeur', 'Fuite de données chez un assureur : 2 millions de clients concernés',
  'Une cyberattaque ? La commune dément', 'Qu’est-ce qu’un rançongiciel ? Définition', 'Comment éviter une cyberattaque : nos conseils',
  'Cyber Monday : les meilleures offres', 'Ligue 1 : l’attaque marseillaise brille face à Lens', 'Exercice : une cyberattaque simulée à la préfecture',
  'Budget : le conseil régional adopte ses orientations', 'Météo : du gel attendu ce week-end', 'Le préfet signe un arrêté sur la sécheresse',
  'Coupure d’électricité géante dans le Var', 'Le site de la mairie à l’arrêt après une mise à jour défectueuse', 'LockBit revendique l’attaque du groupe Nuxe',
  'Les cyberattaques se multiplient, selon un baromètre', 'Grève à la SNCF : le trafic perturbé', '', 'CYBERATTAQUE!!! 🚨🚨',
  // Hard-negative context, an outage, some markers and a victim: whether the context is overridden can hang on the victim.
  'Match annulé : panne de la billetterie du stade de Lens lundi', 'Étude : le site de la mairie de Brest inaccessible mardi',
  'Festival : panne du réseau chez Orange à Rennes ce matin', 'Ligue 1 : le site du club de Nantes en panne',
  'Étude : le site de la mairie de Brest inaccessible', 'Rapport annuel : la panne de la billetterie du club de Lens',
];
const SENTENCES = [
  'Les équipes techniques travaillent depuis la nuit pour rétablir les serveurs.', 'Une plainte a été déposée et l’ANSSI est sur place.',
  'La piste d’une attaque informatique n’est pas écartée.', 'Il ne s’agirait pas d’une cyberattaque selon la direction.',
  'Aucune demande de rançon n’a été reçue.', 'Les services municipaux nient cette possibilité.', 'Le site de la ville est inaccessible depuis lundi.',
  'Les paiements par carte bancaire sont impossibles dans les magasins.', 'Des milliers d’abonnés sont privés d’internet et de téléphone.',
  'Le conseil municipal a voté le budget jeudi soir.', 'Les supporters ont fêté la victoire au stade.', 'La préfecture a publié un arrêté limitant l’usage de l’eau.',
  'Le festival accueille deux cents exposants ce week-end.', 'Les températures resteront basses jusqu’à dimanche.',
  'Une mise à jour défectueuse serait à l’origine de la panne.', 'Un incendie dans le datacenter a provoqué la coupure.',
  'Le groupe de pirates LockBit a revendiqué l’attaque sur son site.', 'Les données de 2 millions de clients pourraient avoir été dérobées.',
  'N’ouvrez pas ce mail frauduleux, prévient la gendarmerie.', 'Pourquoi les hôpitaux sont-ils visés ?', 'La panne est-elle liée à une cyberattaque ?',
  'Selon M. Durand, 1.5 million d’usagers sont concernés.', 'Une précédente cyberattaque avait touché la ville en 2021.',
  'Orange évoque un incident technique sur un équipement du réseau.', 'Le réseau électrique a été rétabli dans la soirée.',
  'Les trains ne circulent plus entre Lyon et Paris.', 'Le film raconte une cyberattaque contre une banque.',
  'Il vous reste 70% de cet article à lire.', 'Laisser un commentaire',
];
/** Headlines with no incident term (IT vocabulary, politics, sport, culture). */
const QUIET_TITLES = [
  'La mairie lance son application mobile', 'Budget : le conseil régional adopte ses orientations', 'Orange ouvre une boutique en centre-ville',
  'Ligue 1 : Lens s’impose face à Nantes', 'Le festival de la BD dévoile son affiche', 'Numérique : les écoles équipées de tablettes',
];
/** Words of IT, telecom, payment, technical causes or known operators, with no incident in them. */
const IT_ONLY = [
  'La mairie lance une application mobile pour signaler les nids-de-poule.', 'Le site internet de l’office de tourisme détaille le programme.',
  'Les abonnés Orange recevront un SMS avant la fin du mois.', 'Microsoft présente une nouvelle version de Windows et de Teams.',
  'Le paiement par carte bancaire sera accepté sur le marché.', 'Le datacenter de la région emploie cinquante techniciens.',
  'Une mise à jour défectueuse du logiciel de caisse a été corrigée en juin.', 'Le réseau de fibre optique couvre désormais tout le canton.',
  'Les données de la billetterie sont hébergées dans le cloud.', 'Free et SFR déploient la 5G dans la vallée.',
  'Le courriel de confirmation arrive sous 24 heures.', 'Un incendie a détruit une grange près du village.',
  'La piscine ferme pour une opération de maintenance.', 'Orange sponsorise le club de rugby cette saison.', 'SFR soutient le festival de jazz.', 'Le portail des démarches en ligne propose un nouveau formulaire.',
];
/** Hostile fragments: odd Unicode, no spaces, markup remnants, runs of punctuation, very long words. */
const HOSTILE = [
  '\u200b\u200bcyber\u00adattaque\u200b', 'l’’’attaque', 'CYBER-ATTAQUE;;;;PANNE', '<b>panne</b>&nbsp;&amp;', 'https://example.org/cyberattaque-mairie?x=1',
  'ａｔｔａｑｕｅ', 'x'.repeat(300), '.'.repeat(50), '« » “ ” — – …', 'l\'', '\'', 'Ι Ω Ж 漢字 cyberattaque', '1.2.3.4 ... 5', '?!?!', '\n\n\n',
];

/** A deterministic mix of incidents, near misses, non-incidents and hostile text. */
function generate(count: number): ClassifierInput[] {
  let seed = 7;
  const next = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor(seed / 65536) % n; };
  const draw = <T>(list: readonly T[]): T => list[next(list.length)] as T;
  const items: ClassifierInput[] = [];
  for (let i = 0; i < count; i += 1) {
    // One item in three is built from words that hold no attack or outage term at all.
    const quiet = next(3) === 0;
    const title = next(8) === 0 ? draw(HOSTILE) : quiet ? draw(QUIET_TITLES) : draw(TITLES);
    const parts: string[] = [];
    for (let k = next(9); k > 0; k -= 1) parts.push(next(6) === 0 ? draw(HOSTILE) : quiet ? draw(IT_ONLY) : draw(SENTENCES));
    if (next(5) === 0) parts.splice(next(parts.length + 1), 0, title); // pages often repeat the headline
    items.push({ title, text: parts.join(next(3) === 0 ? '\n' : ' ') });
  }
  return items;
}

const items = generate(700);
const model = loadModelFile(new URL('../../../config/', import.meta.url).pathname);
const verdict = (c: Classification): unknown => [c.category, c.score, c.subtype, c.cause, c.severity];

describe('lean analysis', () => {
  it('analyses a sentence only as deep as its words require, and then as a full pass does', () => {
    const lex = compileLexicon(lexicon);
    const text = 'Le conseil municipal a voté le budget. Le site de la mairie est inaccessible depuis lundi.';
    const lean = analyseSentences(lex, 'Budget voté', text, { lean: true });
    const full = analyseSentences(lex, 'Budget voté', text);
    // Nothing the lexicon counts; a hard-negative term only ("conseil municipal", "vote"); an IT term.
    expect(lean.map((s) => s.depth)).toEqual(['tokens', 'negatives', 'full']);
    expect(full.every((s) => s.depth === 'full')).toBe(true);
    expect(lean[1]?.main).toEqual(full[1]?.main);
    expect(lean[1]?.main.length).toBeGreaterThan(0);
    expect(lean[2]?.main).toEqual(full[2]?.main);
    expect(lean[2]?.aux).toEqual(full[2]?.aux);
  });

  it('gives every sentence, matched or not, the stream a full pass gives it', () => {
    const lex = compileLexicon(lexicon);
    let unmatched = 0;
    for (const [n, input] of items.slice(0, 200).entries()) {
      const lean = analyseSentences(lex, input.title, input.text, { lean: true });
      const full = analyseSentences(lex, input.title, input.text);
      unmatched += lean.filter((s) => s.depth === 'tokens').length;
      // A sentence with nothing the lexicon counts makes its stream when read, and deepening reads it.
      expect(lean.map((s) => s.stream), `item ${n}`).toEqual(full.map((s) => s.stream));
      expect(deepen(lex, lean).map((s) => [s.main, s.aux, s.clause]), `item ${n}`).toEqual(full.map((s) => [s.main, s.aux, s.clause]));
    }
    expect(unmatched).toBeGreaterThan(100);
  });

  it('takes the hits of sentences already analysed in full as they are when it deepens the others', () => {
    const lex = compileLexicon(lexicon);
    let reused = 0;
    for (const [n, input] of items.entries()) {
      const lean = analyseSentences(lex, input.title, input.text, { lean: true });
      const hits = collectHits(lex, lean);
      const deep = deepen(lex, lean);
      expect(collectDeepenedHits(lex, deep, lean, hits), `item ${n}`).toEqual(collectHits(lex, deep));
      if (hits.length > 0 && deep.some((s, i) => s !== lean[i])) reused += 1;
    }
    expect(reused).toBeGreaterThan(50); // items with hits kept and sentences deepened
  });

  it('gives the same features with one scratch kept over many items as with a fresh one per item', () => {
    const scratch = new FeatureScratch(DEFAULT_FEATURES.dim);
    for (const [n, input] of [...items, ...items].entries()) { // twice: rule keys then come from the scratch
      const view = ruleView(rules, input, n % 2 === 0);
      expect(itemFeatures({ features: DEFAULT_FEATURES }, view, scratch), `item ${n}`).toEqual(itemFeatures({ features: DEFAULT_FEATURES }, view));
    }
  });

  it('gives the trained layer the same features as a full pass, item by item', () => {
    for (const [n, input] of items.entries()) {
      const lean = itemFeatures({ features: DEFAULT_FEATURES }, ruleView(rules, input, true));
      const full = itemFeatures({ features: DEFAULT_FEATURES }, ruleView(rules, input, false));
      expect([lean.index, lean.value], `item ${n}: ${input.title}`).toEqual([full.index, full.value]);
    }
  });

  for (const [name, classifier] of [['rules alone', rules], ['rules + shipped model', classifierFor(lexicon, model)]] as const) {
    it(`decides as the full path with ${name}: same verdict, and for an alert the same evidence and entities`, () => {
      let alerts = 0;
      for (const [n, input] of items.entries()) {
        const lean = classifier.classify(input, { lean: true });
        const full = classifier.classify(input);
        expect(verdict(lean), `item ${n}: ${input.title}`).toEqual(verdict(full));
        if (full.category === 'none') continue;
        alerts += 1;
        expect(lean.evidence, `item ${n}`).toEqual(full.evidence);
        expect(lean.entities, `item ${n}`).toEqual(full.entities);
      }
      expect(alerts).toBeGreaterThan(100); // the mix holds plenty of incidents and plenty of others
      expect(alerts).toBeLessThan(items.length - 100);
    });
  }

  it('makes the poll\'s analysis (verdict, then summary of alerts) identical to a full verdict with its summary', () => {
    const classifier = classifierFor(lexicon, model);
    const summariser = createSummariser();
    for (const [n, input] of items.entries()) {
      const item = makeItem({ title: input.title, summary: input.text });
      const a = analyseItem(item, { classifier, summariser });
      const full = classifier.classify(input);
      expect(verdict(a.classification), `item ${n}`).toEqual(verdict(full));
      expect(a.summary, `item ${n}`).toBe(full.category === 'none' ? undefined : summariser.summarise(input));
      if (full.category !== 'none') expect(a.classification.evidence, `item ${n}`).toEqual(full.evidence);
    }
  });
});

describe('interned words', () => {
  it('give every sentence the tokens (made on first read) and the matching stream of the plain tokeniser, however small the table', () => {
    const lex = compileLexicon(lexicon);
    for (const max of [1, 16, 100_000]) {
      const words = lexWordTable(lex, max);
      for (const [n, input] of items.entries()) {
        for (const s of analyseSentences(lex, input.title, input.text, { lean: n % 2 === 0, words })) {
          const tokens = tokenize(s.src, s.start, s.end);
          expect(s.words.map((_, i) => s.isElided(i)), `item ${n}`).toEqual(tokens.map((t) => t.elided)); // before the tokens are made
          expect(s.tokens, `item ${n}`).toEqual(tokens);
          expect(s.tokens).toBe(s.tokens); // made once
          expect(s.words.map((w) => w.surface)).toEqual(tokens.map((t) => s.src.slice(t.start, t.end)));
          const { opens, ...stream } = s.stream;
          expect(stream, `item ${n}`).toEqual(toStream(tokens, lex, s.src));
          expect(opens).toEqual(stream.stems.map((st) => (lex.main.opens(st) ? 1 : 0) | (lex.aux.opens(st) ? 2 : 0)));
          if (s.depth !== 'tokens') expect(s.main, `item ${n}`).toEqual(lex.main.scanLongest(s.stream.stems)); // the tries asked
          if (s.depth === 'full') expect(s.aux, `item ${n}`).toEqual(lex.aux.scanAll(s.stream.stems));
        }
      }
      if (max < 100_000) expect(words.clears).toBeGreaterThan(0);
    }
  });

  it('change no verdict, feature, evidence or entity when the table is emptied mid-run', () => {
    const small = createClassifier(lexicon, { wordTableMax: 16 });
    const pairs = [[rules, small], [classifierFor(lexicon, model), withModel(small, modelFromFile(model!))]] as const;
    for (const [n, input] of [...items, ...items].entries()) { // twice: words then come from the table
      for (const [a, b] of pairs) {
        for (const lean of [true, false]) expect(b.classify(input, { lean }), `item ${n}`).toEqual(a.classify(input, { lean }));
      }
      const f = itemFeatures({ features: DEFAULT_FEATURES }, ruleView(small, input, n % 2 === 0));
      expect(f, `item ${n}`).toEqual(itemFeatures({ features: DEFAULT_FEATURES }, ruleView(rules, input, n % 2 === 0)));
    }
  });
});
