/**
 * Keyword fan-out: one alert matched against 100,000 keyword subscriptions (20,000 destinations ×
 * 5 keywords, with phrases, prefixes and exclusions) plus 2,000 keyword-free chats. Prints the index build
 * time and the time per alert (target < 5 ms). Synthetic data generated here, deterministic.
 */
import { buildRecipientIndex } from '../src/core/filters.js';
import type { Alert, Destination } from '../src/core/types.js';

const DESTINATIONS = 20_000;
/** Chats without keywords (they receive every alert of their categories), on top of the above. */
const OPEN_DESTINATIONS = 2_000;
const KEYWORDS_EACH = 5;
const ALERTS = 2_000;

const COMMON = [
  'hôpital', 'centre hospitalier', 'mairie', 'conseil départemental', 'région', 'université', 'lycée',
  'ransom*', 'rançongiciel', 'LockBit', 'fuite de données', 'DDoS', 'hameçonnage', 'Orange', 'SFR', 'Free',
  'Bouygues Telecom', 'SNCF', 'La Poste', 'CAF', 'France Travail', 'Ameli', 'banque', 'clinique',
  'Marseille', 'Lyon', 'Lille', 'Toulouse', 'Bordeaux', 'Nantes', 'Strasbourg', 'Rennes', 'Grenoble',
  'panne', 'cloud', 'OVHcloud', 'Microsoft', 'paiement', 'carte bancaire', 'aéroport', 'collectivité*',
];
const SYLLABLES = [
  'ber', 'mont', 'val', 'sur', 'lac', 'ville', 'roc', 'bois', 'port', 'saint', 'cha', 'tel', 'neu', 'gre',
  'lan', 'mer', 'cour', 'fon', 'ta', 'ri', 'ven', 'dol', 'pi', 'bre',
];

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(42);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

function placeName(): string {
  const n = 2 + Math.floor(rand() * 2);
  return Array.from({ length: n }, () => pick(SYLLABLES)).join('');
}

/** Mostly specific names (towns, firms), some common terms, a few phrases, prefixes and exclusions. */
function destination(i: number): Destination {
  const keywords: string[] = [];
  if (i < DESTINATIONS) {
    for (let k = 0; k < KEYWORDS_EACH; k += 1) {
      const r = rand();
      keywords.push(r < 0.25 ? pick(COMMON) : r < 0.85 ? placeName() : r < 0.95 ? `mairie de ${placeName()}` : `${placeName()}*`);
    }
  }
  return {
    key: `telegram:${i}`, platform: 'telegram', chatId: String(i), active: i % 50 !== 0, paused: i % 97 === 0,
    categories: { cyberattack: i % 7 !== 0, outage: true }, keywords,
    exclusions: i % 9 === 0 ? ['exercice'] : [], lang: 'fr', createdAt: 0, updatedAt: 0,
  };
}

function alert(i: number): Alert {
  const place = placeName();
  const victim = pick(['le centre hospitalier', 'la mairie', 'le conseil départemental', 'l’université', 'la clinique']);
  const title = `${i % 2 === 0 ? 'Cyberattaque' : 'Panne informatique'} : ${victim} de ${place} à l’arrêt`;
  const summary = `Depuis lundi, ${victim} de ${place} subit ${pick(['un rançongiciel', 'une attaque DDoS', 'une panne de serveurs', 'une fuite de données'])}. ` +
    `Les services sont perturbés et les équipes de ${pick(COMMON)} sont mobilisées, selon la préfecture. Une plainte a été déposée.`;
  return {
    id: `b${i}`,
    item: { id: `u${i}`, feedId: 'f', source: pick(['Le Monde', 'Ouest-France', 'ZDNet', 'France Info']), title, summary, categories: [] },
    classification: {
      category: i % 2 === 0 ? 'cyberattack' : 'outage', score: 0.9, subtype: 'other', cause: null, severity: 2, evidence: [],
      entities: { victim: `${victim} de ${place}`, place, sector: 'santé', actors: i % 5 === 0 ? ['LockBit'] : [] },
    },
    summary, createdAt: i, sources: [{ itemId: `u${i}`, source: 'Le Monde', title }],
  };
}

/** Runs the scenario and prints its figures. */
export async function run(): Promise<void> {
  const destinations = Array.from({ length: DESTINATIONS + OPEN_DESTINATIONS }, (_, i) => destination(i));
  const alerts = Array.from({ length: ALERTS }, (_, i) => alert(i));
  const subscriptions = destinations.reduce((n, d) => n + d.keywords.length, 0);
  const exclusions = destinations.reduce((n, d) => n + d.exclusions.length, 0);
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const index = buildRecipientIndex(destinations);
  const buildMs = performance.now() - started;
  globalThis.gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;

  for (const a of alerts.slice(0, 200)) index.match(a); // warm-up
  const times: number[] = [];
  let recipients = 0;
  for (const a of alerts) {
    const t = performance.now();
    recipients += index.match(a).length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((s, t) => s + t, 0) / times.length;
  const p99 = times[Math.floor(times.length * 0.99)] ?? 0;
  console.log(`destinations: ${destinations.length} (${index.size} active and unpaused), keyword subscriptions: ${subscriptions}, exclusions: ${exclusions}, distinct terms: ${index.terms}`);
  console.log(`index build: ${buildMs.toFixed(1)} ms, index heap ≈ ${heapMb.toFixed(1)} MB`);
  console.log(`match per alert over ${ALERTS} alerts: mean ${mean.toFixed(3)} ms, p50 ${(times[times.length >> 1] ?? 0).toFixed(3)} ms, p99 ${p99.toFixed(3)} ms (target < 5 ms)`);
  console.log(`recipients per alert (mean): ${(recipients / ALERTS).toFixed(0)}`);
}
