/**
 * Classifier and summariser speed: items per second on one core for 1.5 KB French items (a
 * headline and a page extract with some junk), mostly general news with some near misses and
 * incidents, treated as a poll does, with the shipped lexicon and trained layer.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadLexicon } from '../src/config/lexicon.js';
import { createClassifier } from '../src/core/classify/index.js';
import { loadModelFile } from '../src/config/model.js';
import { classifierFor } from '../src/core/classify/trained.js';
import { createSummariser } from '../src/core/summarise.js';
import { interleave, loadVersion } from './_classify-ab.js';
import { compileCopy, compileRevision, runCompiled } from './_compiled.js';
import type { ClassifierInput } from '../src/core/types.js';

/** Incident headlines and sentences (about one item in ten of a general news feed). */
const INCIDENT_TITLES = [
  'Cyberattaque : la mairie de Valmont paralysée, les services à l’arrêt',
  'Le centre hospitalier de Bercor victime d’un rançongiciel, une plainte déposée',
  'Panne informatique géante chez un opérateur : des milliers d’abonnés privés d’internet',
  'Les sites de plusieurs préfectures inaccessibles après une attaque DDoS revendiquée',
  'Panne chez un hébergeur : il ne s’agit pas d’une cyberattaque, assure la direction',
];
const INCIDENT_SENTENCES = [
  'Les équipes techniques sont mobilisées depuis la nuit pour rétablir les serveurs.',
  'Un point sera fait en fin de journée avec les élus et les services de l’État.',
  'Les usagers sont invités à reporter leurs démarches non urgentes.',
  'Une plainte a été déposée et l’ANSSI accompagne la collectivité.',
  'Le retour à la normale pourrait prendre plusieurs jours, selon la direction.',
  'La piste d’une attaque informatique n’est pas écartée à ce stade.',
  'Les agents travaillent sur papier en attendant le rétablissement du réseau.',
  'Aucune demande de rançon n’a été rendue publique pour l’instant.',
  'Le standard téléphonique est saturé depuis le début de la matinée.',
  'L’opérateur évoque un incident technique sur un équipement du cœur de réseau.',
  'Selon M. Martin, directeur des systèmes d’information, 1.5 million d’usagers sont concernés.',
  'Les données personnelles de milliers de patients pourraient avoir été dérobées.',
];
/** Items that share some vocabulary with incidents without being one (sport, shopping, exercises, advice). */
const NEAR_MISS_TITLES = [
  'Ligue 1 : l’attaque lyonnaise enfin efficace face à Nantes',
  'Cyber Monday : les meilleures offres sur les ordinateurs portables',
  'Une cyberattaque simulée pour tester la cellule de crise de la préfecture',
  'Comment protéger son téléphone contre les arnaques par SMS : nos conseils',
];
const NEAR_MISS_SENTENCES = [
  'Les supporters ont salué la victoire de leur équipe au stade samedi soir.',
  'Les promotions se poursuivent jusqu’à lundi sur le site du distributeur.',
  'L’exercice a mobilisé une trentaine d’agents pendant toute la matinée.',
  'Les experts recommandent de ne jamais cliquer sur un lien reçu par message.',
  'L’entraîneur a salué le travail de ses attaquants après la rencontre.',
  'Un scénario fictif a été préparé par les services de la préfecture.',
];
/** General news: politics, economy, local life, weather, culture, sport (most items of a feed). */
const NEWS_TITLES = [
  'Budget 2027 : le gouvernement présente ses arbitrages devant les députés',
  'Météo : un épisode de gel attendu sur le nord-est en fin de semaine',
  'Municipales : la liste d’union de la gauche dévoile son programme à Valmont',
  'Le prix du gazole repart à la hausse dans les stations-service',
  'Festival de la bande dessinée : les lauréats de l’édition annoncés',
  'Immobilier : les ventes de logements anciens reculent encore au troisième trimestre',
  'Tour de France : le parcours de la prochaine édition dévoilé à Paris',
  'Éducation : la réforme du collège entre en vigueur à la rentrée',
  'Agriculture : les éleveurs inquiets après une saison de sécheresse',
  'Le musée des Beaux-Arts rouvre ses portes après deux ans de travaux',
];
const NEWS_SENTENCES = [
  'Le conseil municipal a adopté le budget primitif à une large majorité jeudi soir.',
  'La ministre a rappelé que les dépenses publiques devront être maîtrisées l’an prochain.',
  'Les températures devraient rester inférieures aux normales de saison jusqu’à dimanche.',
  'Selon l’Insee, le pouvoir d’achat des ménages a légèrement progressé au dernier trimestre.',
  'Les commerçants du centre-ville espèrent une fréquentation en hausse pour les fêtes.',
  'Le maire a inauguré la nouvelle médiathèque en présence des élus du département.',
  'Plus de deux cents exposants sont attendus au parc des expositions ce week-end.',
  'Les travaux de rénovation de la place centrale devraient s’achever au printemps.',
  'Le syndicat des éleveurs réclame des aides d’urgence pour compenser les pertes.',
  'La préfecture a publié un arrêté limitant les usages de l’eau dans plusieurs communes.',
  'Le projet de contournement routier fait l’objet d’une enquête publique jusqu’en mars.',
  'L’association organise une collecte de jouets au profit des familles en difficulté.',
  'Les entreprises du bâtiment peinent toujours à recruter des apprentis qualifiés.',
  'Le coureur a remporté l’étape au sprint devant deux compatriotes.',
  'Le tribunal administratif a rejeté le recours déposé par les riverains.',
  'Les résultats définitifs seront publiés au Journal officiel dans les prochains jours.',
  'Un nouveau parcours cyclable reliera la gare au campus universitaire d’ici 2028.',
  'La fréquentation touristique a dépassé les niveaux d’avant la crise sanitaire.',
  'Selon M. Durand, président de la chambre d’agriculture, les rendements ont chuté de 30 %.',
  'Le conservatoire propose des ateliers gratuits pour les enfants pendant les vacances.',
];
const JUNK = [
  'Laisser un commentaire',
  'A lire également : Les 5 règles d’or de la sécurité numérique',
  'Il vous reste 70% de cet article à lire.',
  'Certains liens présents dans cet article peuvent être affiliés.',
];

/** Kinds of items in the mix, one in ten an incident and one in ten a near miss. */
export type ItemKind = 'incident' | 'nearMiss' | 'news';

/**
 * Deterministic items of 1–2 KB (1.5 KB on average): a headline, sentences drawn in varying order
 * and a junk line or two. `kind` forces one kind; otherwise 80 % general news, 10 % near misses
 * (vocabulary shared with incidents) and 10 % incidents.
 */
export function makeItems(count: number, kind?: ItemKind): ClassifierInput[] {
  const items: ClassifierInput[] = [];
  let seed = 42;
  // High bits: the low bits of a power-of-two LCG repeat with a short period.
  const next = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor(seed / 65536) % n; };
  const draw = <T>(list: readonly T[]): T => list[next(list.length)] as T;
  for (let i = 0; i < count; i += 1) {
    const roll = next(10);
    const k: ItemKind = kind ?? (roll === 0 ? 'incident' : roll === 1 ? 'nearMiss' : 'news');
    const title = draw(k === 'incident' ? INCIDENT_TITLES : k === 'nearMiss' ? NEAR_MISS_TITLES : NEWS_TITLES);
    const target = 900 + next(1024); // with the last sentence, the junk and the title: 1.5 KB on average
    const parts: string[] = [];
    let size = 0;
    while (size < target) {
      // Near misses and incidents borrow general sentences too, as real articles do.
      const pool = k === 'news' || next(3) === 0 ? NEWS_SENTENCES : k === 'incident' ? INCIDENT_SENTENCES : NEAR_MISS_SENTENCES;
      const s = draw(pool);
      parts.push(next(5) === 0 ? `${s}\n` : s);
      size += s.length + 1;
    }
    parts.push(`\n${draw(JUNK)}`);
    items.push({ title, text: parts.join(' ').slice(0, 2048) });
  }
  return items;
}

/**
 * Runs `work` over every item, three rounds; prints the best round in items per second of CPU time
 * (the process's own, so other processes on the machine matter less) and of wall time.
 */
function rate(label: string, items: readonly ClassifierInput[], work: (item: ClassifierInput) => void): number {
  for (const item of items.slice(0, 2000)) work(item); // warm-up: let the JIT settle
  let best = { cpu: Infinity, wall: Infinity };
  for (let round = 0; round < 3; round += 1) {
    (globalThis as { gc?: () => void }).gc?.();
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    for (const item of items) work(item);
    const wall = (performance.now() - wall0) / 1000;
    const used = process.cpuUsage(cpu0);
    const cpu = (used.user + used.system) / 1e6;
    if (cpu < best.cpu) best = { cpu, wall };
  }
  const perCpuSecond = items.length / best.cpu;
  const fmt = (x: number): string => Math.round(x).toLocaleString('en-US').padStart(8);
  console.log(`${label.padEnd(44)} ${fmt(perCpuSecond)} items/s of CPU  ${fmt(items.length / best.wall)} items/s wall  (${(1e6 / perCpuSecond).toFixed(0)} µs CPU/item)`);
  return perCpuSecond;
}

/** A plain loop over the characters of every item: the machine's speed, to read the figures against. */
function baseline(items: readonly ClassifierInput[]): void {
  const cpu0 = process.cpuUsage();
  let chars = 0;
  let sum = 0;
  for (let round = 0; round < 5; round += 1) {
    for (const item of items) {
      for (let i = 0; i < item.text.length; i += 1) sum += item.text.charCodeAt(i);
      chars += item.text.length;
    }
  }
  const used = process.cpuUsage(cpu0);
  console.log(`machine baseline: ${((used.user + used.system) * 1000 / chars).toFixed(2)} ns of CPU per character read (checksum ${sum % 10})`);
}

/**
 * Prints items per second for what a poll does with each item (a lean verdict, and a summary when
 * it alerts) over the realistic mix and over incidents only, then the parts on their own, and
 * whether the 20,000/s target (the mix, one core) is met. Runs the compiled sources in a plain
 * node child, as `npm start` runs them (see _compiled.ts).
 */
export async function run(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  // BENCH_AGAINST=REV: that revision's classifier measured beside this one (see _classify-ab.ts).
  const against = process.env.BENCH_AGAINST ? await compileRevision(process.env.BENCH_AGAINST) : undefined;
  const copy = await compileCopy([self, path.join(path.dirname(self), '_classify-ab.ts')]).catch((error: unknown) => {
    against?.dispose();
    throw error;
  });
  try {
    const env: Record<string, string> = against
      ? { BENCH_AGAINST_JS: against.js, BENCH_AGAINST_CONFIG: against.config, BENCH_AGAINST_COMMIT: against.commit.slice(0, 7) }
      : {};
    runCompiled(copy, copy.url(self), 'measure', ['--expose-gc'], env);
  } finally {
    copy.dispose();
    against?.dispose();
  }
}

/** The measurement itself (see run), in the compiled copy. */
export async function measure(): Promise<void> {
  // The compiled copy lives elsewhere: runCompiled names the project's root.
  const configDir = path.join(process.env.BENCH_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'), 'config');
  const t0 = performance.now();
  const lexicon = loadLexicon(configDir);
  const rules = createClassifier(lexicon);
  const model = loadModelFile(configDir);
  const classifier = classifierFor(lexicon, model);
  const summariser = createSummariser();
  console.log(`lexicon + model load + compile: ${(performance.now() - t0).toFixed(0)} ms (trained layer: ${model ? 'yes' : 'no model file'})`);
  const mix = makeItems(20_000);
  const incidents = makeItems(5_000, 'incident');
  const avg = mix.reduce((n, i) => n + i.title.length + i.text.length, 0) / mix.length;
  const alerted = mix.filter((i) => classifier.classify(i, { lean: true }).category !== 'none').length;
  console.log(`${mix.length.toLocaleString('en-US')} items, ${Math.round(avg)} characters on average, ${(100 * alerted / mix.length).toFixed(0)} % alerted; one core`);
  baseline(mix);
  // What the poll does with an item (core/analysis.ts): a lean verdict, a summary only for an alert.
  const analyse = (i: ClassifierInput): void => {
    if (classifier.classify(i, { lean: true }).category !== 'none') summariser.summarise(i);
  };
  const both = rate('verdict + summary of alerts, mix', mix, analyse);
  rate('verdict + summary of alerts, incidents only', incidents, analyse);
  rate('full verdict (evidence, entities), mix', mix, (i) => { classifier.classify(i); });
  rate('rules only, full verdict, mix', mix, (i) => { rules.classify(i); });
  rate('summarise only, incidents', incidents, (i) => { summariser.summarise(i); });
  console.log(`target ≥ 20,000 items/s (verdict + summary of alerts over the mix, one core): ${both >= 20_000 ? 'met' : 'NOT met'}`);
  const env = process.env;
  if (env.BENCH_AGAINST_JS && env.BENCH_AGAINST_CONFIG) {
    const js = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'); // this compiled copy's root
    const versions = [
      await loadVersion('working tree', js, configDir),
      await loadVersion(`revision ${env.BENCH_AGAINST_COMMIT ?? ''}`, env.BENCH_AGAINST_JS, env.BENCH_AGAINST_CONFIG),
    ];
    interleave(mix, versions, Number(env.BENCH_AB_ROUNDS ?? 12));
  }
}
