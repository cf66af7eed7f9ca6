/**
 * Story clustering speed: fingerprints per second for 1–2 KB French items, the time `findStory`
 * takes for one new item against 1,000 and 10,000 recent alerts, through the `StoryIndex` the
 * pipeline uses and compared one by one (the two must give the same story), and the CPU of linking
 * the poll bench's incidents one after another as their stories grow (`BENCH_SEASON` sizes).
 */
import { fileURLToPath } from 'node:url';
import { loadLexicon } from '../src/config/lexicon.js';
import { loadModelFile } from '../src/config/model.js';
import { DEFAULT_THRESHOLDS, findStory, fingerprint, StoryIndex } from '../src/core/cluster.js';
import { classifierFor } from '../src/core/classify/trained.js';
import { htmlToText } from '../src/core/html.js';
import { describe, headline, town } from './_poll-items.js';
import type { StoryCandidate, StoryFingerprint } from '../src/core/cluster.js';
import type { Classification, NewsItem } from '../src/core/types.js';

// Three-letter syllables, pairwise two letters apart: four of them make a town no other is one typo
// (or a prefix) away from, so 65,536 bench incidents each have their own victim.
const SYLLABLES = ['bal', 'cor', 'dun', 'fig', 'gam', 'hol', 'jup', 'kir', 'lom', 'mab', 'nep', 'pid', 'rul', 'tov', 'vik', 'zan'];

/** A distinct, pronounceable place name per index ("Balcordunfig"), so every bench incident has its own victim. */
function townName(i: number): string {
  const name = [0, 4, 8, 12].map((shift) => SYLLABLES[(i >> shift) & 15] as string).join('');
  return name.charAt(0).toUpperCase() + name.slice(1);
}
const KINDS = ['la mairie de', 'le centre hospitalier de', 'le conseil départemental de', 'l’université de', 'la métropole de'];
const TEMPLATES = [
  (v: string) => `Cyberattaque : ${v} paralysé(e), les services à l’arrêt`,
  (v: string) => `${v} victime d’un rançongiciel, une plainte déposée`,
  (v: string) => `Panne informatique géante pour ${v} depuis ce matin`,
];
// Sentences an incident article may carry; each bench item draws its own mix, as outlets word things differently.
const SENTENCES = [
  'Les équipes techniques sont mobilisées depuis la nuit.', 'Un point sera fait en fin de journée avec les élus.',
  'Les usagers sont invités à reporter leurs démarches non urgentes.', 'La préfecture suit la situation de près.',
  'Une plainte a été déposée auprès de la gendarmerie.', 'Le retour à la normale pourrait prendre plusieurs jours.',
  'Les agents travaillent sur papier en attendant.', 'Aucune demande de rançon n’a été rendue publique.',
  'Le maire a tenu une conférence de presse ce midi.', 'Les écoles et les crèches restent ouvertes.',
  'Le standard téléphonique est saturé depuis le matin.', 'Des prestataires spécialisés ont été appelés en renfort.',
  'La direction appelle les habitants à la patience.', 'Les paiements en ligne sont suspendus jusqu’à nouvel ordre.',
  'Les sauvegardes seraient intactes selon un responsable.', 'Le syndicat des agents dénonce un manque de moyens.',
  'Plusieurs rendez-vous ont été annulés dans la matinée.', 'Le site internet affiche une page de maintenance.',
];

/** Incident `i` as reported by outlet `outlet` (another template, sentence mix and source for each outlet). */
function benchItem(i: number, outlet = 0): { item: NewsItem; c: Classification } {
  const town = townName(i);
  const victim = `${KINDS[i % KINDS.length] as string} ${town}`;
  const title = (TEMPLATES[(i + outlet) % TEMPLATES.length] as (v: string) => string)(victim);
  const picked = Array.from({ length: 8 + ((i + outlet) % 6) }, (_, k) => SENTENCES[(i * 7 + outlet * 3 + k * 5 + k * k) % SENTENCES.length]);
  const summary = `${title}. Depuis dimanche, ${victim} ne peut plus utiliser ses logiciels. ${picked.join(' ')} ${picked.reverse().join(' ')}`;
  const item: NewsItem = { id: `bench-${i}-${outlet}`, feedId: 'bench', source: `Journal ${(i + outlet) % 7}`, title, summary, categories: [] };
  const c: Classification = {
    category: i % 3 === 2 ? 'outage' : 'cyberattack', score: 0.9, subtype: null, cause: 'confirmed', severity: 2,
    evidence: [], entities: { victim, place: town, actors: [] },
  };
  return { item, c };
}

const fingerprintOf = (x: { item: NewsItem; c: Classification }): StoryFingerprint => fingerprint(x.item, x.c);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Per-item linking time against `stories` recent alerts: through the index, and (when asked) one by one. */
function linking(stories: number, probes: number, exhaustive: boolean): void {
  const now = Date.UTC(2025, 3, 15);
  const candidates: StoryCandidate[] = Array.from({ length: stories }, (_, i) => ({
    alertId: `a${i}`, fingerprint: fingerprintOf(benchItem(i)), createdAt: now - (i % 72) * 3_600_000,
  }));
  // Half the probes are a second outlet's report of a recent incident, half are new incidents.
  const step = Math.max(1, Math.floor(stories / probes));
  const queries = Array.from({ length: probes }, (_, k) => fingerprintOf(k % 2 === 0 ? benchItem(k * step, 1) : benchItem(stories + k)));
  let started = performance.now();
  const index = new StoryIndex();
  for (const c of candidates) index.add(c);
  const buildMs = performance.now() - started;
  const pools: [string, StoryIndex | StoryCandidate[]][] = exhaustive ? [['StoryIndex', index], ['one by one', candidates]] : [['StoryIndex', index]];
  const answers = new Map<string, (string | undefined)[]>();
  for (const [label, pool] of pools) {
    const runs: number[] = [];
    let found: (string | undefined)[] = [];
    for (let run = 0; run < 3; run++) {
      started = performance.now();
      found = queries.map((fp) => findStory(fp, pool, now)?.alertId);
      runs.push((performance.now() - started) / queries.length);
    }
    answers.set(label, found);
    const joined = found.filter((a) => a !== undefined).length;
    const compared = label === 'StoryIndex' ? `, ${(queries.reduce((n, fp) => n + index.candidatesFor(fp, DEFAULT_THRESHOLDS).length, 0) / queries.length).toFixed(1)} candidates compared per item` : '';
    console.log(`findStory vs ${stories.toLocaleString('en')} alerts (${label}): ${median(runs).toFixed(3)} ms per item, median of 3 (${queries.length} probes, ${joined} joined${compared})`
      + (label === 'StoryIndex' ? `; index built in ${buildMs.toFixed(0)} ms` : ''));
  }
  const a = answers.get('StoryIndex');
  const b = answers.get('one by one');
  if (a && b) console.log(`  same story as one by one for ${a.filter((x, k) => x === b[k]).length}/${a.length} probes`);
}

/**
 * Links the poll bench's first `count` incidents (one item in ten of its feeds) as a poll does:
 * each classified and fingerprinted, then joining the story `findStory` finds through the index,
 * else opening its own. Its made-up towns repeat past about 1,000 incidents, so stories grow (one
 * outage of a mobile network told without a victim gathers hundreds); the cost per incident should not.
 */
function pollSeason(counts: readonly number[]): void {
  const configDir = fileURLToPath(new URL('../config/', import.meta.url));
  const classifier = classifierFor(loadLexicon(configDir), loadModelFile(configDir));
  const fps: StoryFingerprint[] = [];
  for (let k = 0; k < Math.max(...counts); k++) {
    const title = headline(k * 10, true, town(k));
    const summary = htmlToText(describe(k * 10, true, town(k)));
    const c = classifier.classify({ title, text: summary }, { lean: true });
    if (c.category !== 'none') fps.push(fingerprint({ id: `p${k}`, feedId: 'bench', source: 'bench', title, summary, categories: [] }, c));
  }
  const now = Date.UTC(2025, 3, 15);
  // The first pass only warms the code up.
  for (const [pass, count] of [Math.min(1_000, ...counts), ...counts].entries()) {
    const index = new StoryIndex();
    const sizes = new Map<string, number>();
    const started = process.cpuUsage();
    fps.slice(0, count).forEach((fp, i) => {
      const alertId = findStory(fp, index, now)?.alertId ?? `s${i}`;
      sizes.set(alertId, (sizes.get(alertId) ?? 0) + 1);
      index.add({ alertId, fingerprint: fp, createdAt: now });
    });
    const cpu = process.cpuUsage(started);
    const linked = Math.min(count, fps.length);
    if (pass > 0) console.log(`linking the poll bench's incidents, ${linked.toLocaleString('en')} one after another: ${((cpu.user + cpu.system) / linked).toFixed(0)} µs of CPU per incident`
      + ` (${(linked - sizes.size).toLocaleString('en')} joined a story, the largest ${Math.max(...sizes.values())} items)`);
  }
}

/** Prints fingerprints/s, the per-item linking time against 1,000 and 10,000 recent alerts (BENCH_STORIES to change) and the poll season's. */
export async function run(): Promise<void> {
  const inputs = Array.from({ length: 5_000 }, (_, i) => benchItem(i));
  const avgBytes = inputs.reduce((n, x) => n + Buffer.byteLength(x.item.summary), 0) / inputs.length;
  for (let i = 0; i < 500; i++) fingerprintOf(inputs[i]!); // warm-up
  const started = performance.now();
  const fps = inputs.map(fingerprintOf);
  const fpSeconds = (performance.now() - started) / 1000;
  console.log(`fingerprint: ${Math.round(inputs.length / fpSeconds).toLocaleString('en')} items/s (items of ~${Math.round(avgBytes)} B, lead 400 chars)`);
  const sizes = (process.env['BENCH_STORIES'] ?? '1000,10000').split(',').map(Number);
  for (const n of sizes) linking(n, 500, n <= 10_000);
  console.log(`stored fingerprint: ~${JSON.stringify(fps[0]).length} bytes of JSON`);
  pollSeason((process.env['BENCH_SEASON'] ?? '1000,5000,10000').split(',').map(Number));
}
