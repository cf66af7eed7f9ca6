/**
 * Story clustering speed: fingerprints per second for 1–2 KB French items, and the time
 * `findStory` takes for one new item against 1,000 recent alerts, compared one by one and through
 * the `StoryIndex` the pipeline uses.
 */
import { findStory, fingerprint, StoryIndex } from '../src/core/cluster.js';
import type { StoryCandidate } from '../src/core/cluster.js';
import type { Classification, NewsItem } from '../src/core/types.js';

const SYLLABLES = ['val', 'mont', 'ber', 'lan', 'cor', 'tré', 'sau', 'vil', 'roc', 'fon', 'gar', 'mé', 'lu', 'bra', 'pel', 'sor'];

/** A distinct, pronounceable place name per index ("Valmontber"), so every bench incident has its own victim. */
function townName(i: number): string {
  const s = (k: number): string => SYLLABLES[k % SYLLABLES.length] as string;
  const name = `${s(i)}${s(Math.floor(i / 16) + 3)}${s(Math.floor(i / 256) + 7)}`;
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

function benchItem(i: number): { item: NewsItem; c: Classification } {
  const town = townName(i);
  const victim = `${KINDS[i % KINDS.length] as string} ${town}`;
  const title = (TEMPLATES[i % TEMPLATES.length] as (v: string) => string)(victim);
  const picked = Array.from({ length: 8 + (i % 6) }, (_, k) => SENTENCES[(i * 7 + k * 5 + k * k) % SENTENCES.length]);
  const summary = `${title}. Depuis dimanche, ${victim} ne peut plus utiliser ses logiciels. ${picked.join(' ')} ${picked.reverse().join(' ')}`;
  const item: NewsItem = { id: `bench-${i}`, feedId: 'bench', source: `Journal ${i % 7}`, title, summary, categories: [] };
  const c: Classification = {
    category: i % 3 === 2 ? 'outage' : 'cyberattack', score: 0.9, subtype: null, cause: 'confirmed', severity: 2,
    evidence: [], entities: { victim, place: town, actors: [] },
  };
  return { item, c };
}

/** Prints fingerprints/s and findStory latency against 1,000 recent alerts. */
export async function run(): Promise<void> {
  const inputs = Array.from({ length: 5_000 }, (_, i) => benchItem(i));
  const avgBytes = inputs.reduce((n, x) => n + Buffer.byteLength(x.item.summary), 0) / inputs.length;
  for (let i = 0; i < 500; i++) fingerprint(inputs[i]!.item, inputs[i]!.c); // warm-up
  let started = performance.now();
  const fps = inputs.map((x) => fingerprint(x.item, x.c));
  const fpSeconds = (performance.now() - started) / 1000;
  console.log(`fingerprint: ${Math.round(inputs.length / fpSeconds).toLocaleString('en')} items/s (items of ~${Math.round(avgBytes)} B, lead 400 chars)`);

  const now = Date.UTC(2025, 3, 15);
  const candidates: StoryCandidate[] = fps.slice(0, 1_000).map((fp, i) => ({ alertId: `a${i}`, fingerprint: fp, createdAt: now - (i % 72) * 3_600_000 }));
  const probes = fps.slice(1_000, 1_500);
  started = performance.now();
  const index = new StoryIndex();
  for (const c of candidates) index.add(c);
  const buildMs = performance.now() - started;
  for (const [label, pool] of [['one by one', candidates], ['StoryIndex', index]] as const) {
    let joined = 0;
    let same = 0;
    started = performance.now();
    // Half the probes are a second outlet's report of a candidate's incident, half are new incidents.
    for (const [k, fp] of probes.entries()) if (findStory(k % 2 === 0 ? fps[k]! : fp, pool, now) !== undefined) joined++;
    const perItemMs = (performance.now() - started) / probes.length;
    if (pool === index) same = probes.filter((fp, k) => findStory(k % 2 === 0 ? fps[k]! : fp, index, now)?.alertId === findStory(k % 2 === 0 ? fps[k]! : fp, candidates, now)?.alertId).length;
    console.log(`findStory vs 1,000 alerts (${label}): ${perItemMs.toFixed(3)} ms per item (${probes.length} probes, ${joined} joined)`
      + (pool === index ? `; index built in ${buildMs.toFixed(0)} ms, same answer as one by one for ${same}/${probes.length}` : ''));
  }
  const stored = JSON.stringify(candidates[0]!.fingerprint).length;
  console.log(`stored fingerprint: ~${stored} bytes of JSON`);
}
