/**
 * The trained layer's fast paths (typed-array vectors in a reused scratch, interned word hashes,
 * names read back from token positions, rule buckets remembered by part, a single-pass top-words
 * selection) must give exactly what a plain string-keyed reference gives, over generated items,
 * with and without word pairs, and with few buckets so that collisions happen.
 */
import { describe, expect, it } from 'vitest';
import type { Hit, SentenceInfo } from '../../../src/core/classify/analyse.js';
import { bucketOf, NS_PAIR, NS_RULE, NS_TITLE, NS_TITLE_PAIR, NS_WORD } from '../../../src/core/classify/buckets.js';
import { featuresOf, FeatureScratch, type FeatureOptions, type Features } from '../../../src/core/classify/features.js';
import type { RuleTrace } from '../../../src/core/classify/index.js';
import { topTerms, topTermsOf, type TextModel } from '../../../src/core/classify/model.js';
import { ruleView } from '../../../src/core/classify/trained.js';
import { seededRandom } from '../../../src/core/cv.js';
import { fold } from '../../../src/core/text.js';
import type { Category, Classification, ClassifierInput } from '../../../src/core/types.js';
import { classifier as rules } from './setup.js';

const TITLES = [
  'Cyberattaque contre l’hôpital de Morlaix', 'Panne : ce n’est pas une cyberattaque, assure l’opérateur', '',
  'Un piratage possible de la mairie de Dinan ?', 'Fête de la musique : le programme', 'Panne d’électricité à Vannes',
  'Rançongiciel : la clinique d’Auray paralysée', 'Le site de la région inaccessible depuis lundi',
];
const SENTENCES = [
  'Les services de l’hôpital fonctionnent en mode dégradé depuis mardi.', 'Il ne s’agit pas d’une cyberattaque selon la direction.',
  'Une attaque informatique n’est pas exclue à ce stade.', 'Le réseau a été rétabli dans la soirée.',
  'Les pirates réclament une rançon en bitcoins.', 'Le concert aura lieu samedi sur la place du marché.',
  'La panne pourrait être liée à une cyberattaque.', 'L’opérateur dément toute attaque et évoque une panne matérielle.',
  'Les usagers sont invités à patienter, les usagers le savent.', 'Qu’il pleuve ou qu’il vente, le marché aura lieu.',
];

/** Generated items: a title and up to six sentences, drawn from the lists above with a seeded generator. */
function generated(n: number, seed: number): ClassifierInput[] {
  const rnd = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  return Array.from({ length: n }, () => ({
    title: pick(TITLES),
    text: Array.from({ length: Math.floor(rnd() * 7) }, () => pick(SENTENCES)).join(' '),
  }));
}

/** The feature vector built the plain way: string keys hashed one by one, a set for the buckets taken. */
function reference(rule: Classification, trace: RuleTrace, o: FeatureOptions): Features {
  const f: Features = { index: [], value: [], names: [] };
  const taken = new Set<number>();
  const add = (k: number, v: number, name?: string): void => {
    if (taken.has(k)) return;
    taken.add(k);
    f.index.push(k);
    f.value.push(v);
    f.names.push(name);
  };
  const marks = new Map<SentenceInfo, Map<number, string>>();
  for (const h of trace.hits as Hit[]) {
    if ((h.modality !== 'denied' && h.modality !== 'suspected') || (h.term.kind !== 'attack' && h.term.kind !== 'outage')) continue;
    const m = marks.get(h.sentence) ?? new Map<number, string>();
    marks.set(h.sentence, m);
    for (let p = h.match.start; p < h.match.end; p += 1) m.set(h.sentence.stream.tokenIndex[p] as number, h.modality === 'denied' ? '!' : '?');
  }
  const words = (zone: string, ns: number, nsPair: number): void => {
    let prev: { st: string; name: string } | undefined;
    for (const s of trace.sentences) {
      if (s.zone !== zone) continue;
      s.tokens.forEach((t, i) => {
        if (t.elided) return;
        const mark = marks.get(s)?.get(i);
        const st = (mark ?? '') + t.stem;
        const name = mark === undefined ? t.norm : mark === '!' ? `non-${t.norm}` : `${t.norm}?`;
        add(bucketOf(ns, st, undefined, o.dim), 1, name);
        if (o.bigrams && prev) add(bucketOf(nsPair, prev.st, st, o.dim), 1, `${prev.name} ${name}`);
        prev = { st, name };
      });
    }
  };
  words('title', NS_TITLE, NS_TITLE_PAIR);
  words('title', NS_WORD, NS_PAIR);
  words('body', NS_WORD, NS_PAIR);
  const norm = f.index.length > 0 ? 1 / Math.sqrt(f.index.length) : 0;
  f.value = f.value.map((v) => v * norm);
  const rk = (key: string, v = o.ruleWeight): void => add(bucketOf(NS_RULE, key, undefined, o.dim), v);
  rk(`cat=${rule.category}`);
  if (rule.category !== 'none') {
    rk(`cause=${rule.category}/${rule.cause ?? 'null'}`);
    rk(`subtype=${rule.subtype ?? 'null'}`);
    for (const e of rule.evidence) if (!e.startsWith('gravité')) rk(`ev=${fold(e)}`);
  }
  const t = trace.tally;
  for (const fam of t.families) rk(`family=${fam}`);
  for (const h of trace.hits) {
    rk(`hit=${h.term.kind}/${h.modality}/${h.sentence.zone}`);
    rk(`term=${h.term.label}/${h.modality}`);
  }
  const squash = (x: number): number => x / (1 + x);
  const sums: [string, number][] = [];
  for (const [name, s] of [['attack', t.attack], ['outage', t.outage]] as const) {
    for (const m of ['confirmed', 'suspected', 'denied', 'background'] as const) sums.push([`${name}.${m}`, squash(s[m])]);
  }
  sums.push(['it', squash(t.itContext)], ['tech', squash(t.tech)], ['titleAttack', squash(t.titleAttack)], ['titleDoubt', squash(t.titleDoubt)]);
  if (trace.hits.some((h) => h.term.kind === 'attack' || h.term.kind === 'outage')) sums.push(['keep', t.keep]);
  for (const [key, v] of sums) if (v !== 0) rk(key, v * o.ruleWeight);
  rk('score', (rule.category === 'none' ? -rule.score : rule.score) * o.ruleWeight);
  rk('bias');
  return f;
}

describe('featuresOf', () => {
  const items = generated(700, 11); // more items than a scratch's stamps last before they are reset
  for (const o of [
    { dim: 1 << 18, bigrams: false, ruleWeight: 0.1 },
    { dim: 1 << 18, bigrams: true, ruleWeight: 0.1 },
    { dim: 1 << 6, bigrams: true, ruleWeight: 0.3 }, // few buckets: the first entry of a bucket wins
  ]) {
    it(`gives the plain reference's entries, values and names (${o.dim} buckets, pairs ${o.bigrams})`, () => {
      const scratch = new FeatureScratch(o.dim);
      let marked = 0;
      items.forEach((input, n) => {
        const { rule, trace } = ruleView(rules, input, n % 3 !== 0);
        const f = featuresOf(rule, trace, o, scratch);
        expect(f, `item ${n}`).toEqual(reference(rule, trace, o));
        marked += f.names.filter((x) => x?.includes('non-') === true || x?.endsWith('?') === true).length;
      });
      expect(marked).toBeGreaterThan(50); // denied and doubted words were among them
    });
  }
});

/** Top words the plain way: every pushing word scored, sorted, then the first n distinct. */
function referenceTop(model: TextModel, f: Features, category: Category, n: number): string[] {
  const c = ['cyberattack', 'outage', 'none'].indexOf(category);
  const scored: [string, number][] = [];
  f.index.forEach((k, i) => {
    const name = f.names[i];
    if (name === undefined || name.length < 4) return;
    const others = [0, 1, 2].filter((x) => x !== c).reduce((a, x) => a + (model.weights[k * 3 + x] as number), 0);
    const push = ((model.weights[k * 3 + c] as number) - others / 2) * (f.value[i] as number);
    if (push > 0) scored.push([name, push]);
  });
  scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return [...new Set(scored.map(([name]) => name))].slice(0, n);
}

describe('topTerms', () => {
  it('picks the same words as scoring, sorting and de-duplicating all of them, ties and repeats included', () => {
    const rnd = seededRandom(5);
    const dim = 32;
    // Few distinct weights and names, so that equal pushes and repeated names are common.
    const weights = Float64Array.from({ length: dim * 3 }, () => Math.floor(rnd() * 5) - 2);
    const model: TextModel = { features: { dim, bigrams: false, ruleWeight: 0.1 }, bias: [0, 0, 0], weights, noneBelow: 0.5 };
    const words = ['panne', 'cyberattaque', 'réseau', 'une', 'mairie', 'rançon', 'serveurs', 'été'];
    for (let trial = 0; trial < 2000; trial += 1) {
      const size = Math.floor(rnd() * 20);
      const f: Features = { index: [], value: [], names: [] };
      for (let i = 0; i < size; i += 1) {
        f.index.push(Math.floor(rnd() * dim));
        f.value.push([0.5, 1, 0.25][Math.floor(rnd() * 3)] as number);
        f.names.push(rnd() < 0.2 ? undefined : words[Math.floor(rnd() * words.length)]);
      }
      const category = (['cyberattack', 'outage', 'none'] as const)[trial % 3] as Category;
      const n = trial % 6;
      expect(topTerms(model, f, category, n), `trial ${trial}`).toEqual(referenceTop(model, f, category, n));
      expect(topTermsOf(model, f.index, f.value, f.index.length, (i) => f.names[i], category, n)).toEqual(topTerms(model, f, category, n));
    }
  });
});
