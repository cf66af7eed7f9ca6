/**
 * Classifier and summariser speed: items classified and summarised per second on one core, for
 * 1–2 KB French items (a headline and a page extract with some junk), with the shipped lexicon.
 */
import { fileURLToPath } from 'node:url';
import { loadLexicon } from '../src/config/lexicon.js';
import { createClassifier } from '../src/core/classify/index.js';
import { loadModelFile } from '../src/config/model.js';
import { classifierFor } from '../src/core/classify/trained.js';
import { createSummariser } from '../src/core/summarise.js';
import type { ClassifierInput } from '../src/core/types.js';

const TITLES = [
  'Cyberattaque : la mairie de Valmont paralysée, les services à l’arrêt',
  'Le centre hospitalier de Bercor victime d’un rançongiciel, une plainte déposée',
  'Panne informatique géante chez un opérateur : des milliers d’abonnés privés d’internet',
  'Les sites de plusieurs préfectures inaccessibles après une attaque DDoS revendiquée',
  'Panne chez un hébergeur : il ne s’agit pas d’une cyberattaque, assure la direction',
  'Ligue 1 : l’attaque lyonnaise enfin efficace face à Nantes',
  'Cyber Monday : les meilleures offres sur les ordinateurs portables',
  'Une cyberattaque simulée pour tester la cellule de crise de la préfecture',
];
const SENTENCES = [
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
const JUNK = [
  'Laisser un commentaire',
  'A lire également : Les 5 règles d’or de la sécurité numérique',
  'Il vous reste 70% de cet article à lire.',
  'Certains liens présents dans cet article peuvent être affiliés.',
];

/** Deterministic items of 1–2 KB: a headline, sentences drawn in varying order, and a junk line or two. */
export function makeItems(count: number): ClassifierInput[] {
  const items: ClassifierInput[] = [];
  let seed = 42;
  const next = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (let i = 0; i < count; i += 1) {
    const target = 1024 + next(1024);
    const parts: string[] = [];
    let size = 0;
    while (size < target) {
      const s = SENTENCES[next(SENTENCES.length)] as string;
      parts.push(next(5) === 0 ? `${s}\n` : s);
      size += s.length + 1;
    }
    parts.push(`\n${JUNK[next(JUNK.length)] as string}`);
    items.push({ title: TITLES[next(TITLES.length)] as string, text: parts.join(' ').slice(0, 2048) });
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
  console.log(`${label.padEnd(24)} ${fmt(perCpuSecond)} items/s of CPU  ${fmt(items.length / best.wall)} items/s wall  (${(1e6 / perCpuSecond).toFixed(0)} µs CPU/item)`);
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

/** Prints items per second for classify, summarise and both, and whether the 5,000/s target is met. */
export async function run(): Promise<void> {
  const configDir = fileURLToPath(new URL('../config/', import.meta.url));
  const t0 = performance.now();
  const lexicon = loadLexicon(configDir);
  const rules = createClassifier(lexicon);
  const model = loadModelFile(configDir);
  const classifier = classifierFor(lexicon, model);
  const summariser = createSummariser();
  console.log(`lexicon + model load + compile: ${(performance.now() - t0).toFixed(0)} ms (trained layer: ${model ? 'yes' : 'no model file'})`);
  const items = makeItems(10_000);
  const avg = items.reduce((n, i) => n + i.title.length + i.text.length, 0) / items.length;
  console.log(`${items.length.toLocaleString('en-US')} items, ${Math.round(avg)} characters on average, one core`);
  baseline(items);
  rate('rules only', items, (i) => { rules.classify(i); });
  rate('classify only (rules + trained layer)', items, (i) => { classifier.classify(i); });
  rate('summarise only', items, (i) => { summariser.summarise(i); });
  const both = rate('classify + summarise', items, (i) => { classifier.classify(i); summariser.summarise(i); });
  console.log(`target ≥ 5,000 items/s (classify + summarise, one core): ${both >= 5000 ? 'met' : 'NOT met'}`);
}
