/**
 * The rule engine's side of the trained layer's vector: its verdict, the hard-negative families
 * and term hits of its trace, and its weighted sums, as entries of the rule namespace.
 */
import { fold } from '../text.js';
import type { Classification } from '../types.js';
import type { RuleTrace } from './index.js';
import type { FeatureScratch } from './scratch.js';

const CATEGORY_KEYS = ['cat=cyberattack', 'cat=outage', 'cat=none'] as const;
const CATEGORY_AT = { cyberattack: 0, outage: 1, none: 2 } as const;

/** What the rule engine said (category, cause, subtype and evidence terms), each entry worth `w`. */
function addVerdict(s: FeatureScratch, rule: Classification, w: number): void {
  s.add((s.ruleBuckets(CATEGORY_KEYS))[CATEGORY_AT[rule.category]] as number, w);
  if (rule.category === 'none') return;
  const { category, cause, subtype } = rule;
  s.add(s.ruleBucket(category, 3 + CAUSE_SLOT[cause ?? 'null'], () => `cause=${category}/${cause ?? 'null'}`), w);
  s.add(s.ruleBucket(subtype ?? 'null', 0, () => `subtype=${subtype ?? 'null'}`), w);
  for (const e of rule.evidence) {
    if (e.startsWith('gravité')) continue;
    s.add(s.ruleBucket(e, 1, () => `ev=${fold(e)}`), w);
  }
}

/** Slots of a category's cause keys, after 3 (strings used as parts: subtype 0, evidence 1, family 2, category 3–6). */
const CAUSE_SLOT = { confirmed: 0, suspected: 1, denied: 2, null: 3 } as const;

const MODALITY_CODE = { confirmed: 0, suspected: 1, denied: 2, background: 3 } as const;

/** Keys of the trace: hard-negative families fired, and each term hit with its modality and zone. */
function addTraceKeys(s: FeatureScratch, trace: RuleTrace, w: number): void {
  for (const f of trace.tally.families) s.add(s.ruleBucket(f, 2, () => `family=${f}`), w);
  // A term repeated through the text adds nothing to a binary feature: look each key up once.
  let seen: Set<number> | undefined;
  for (const h of trace.hits) {
    const { term, modality, sentence: { zone } } = h;
    const slot = MODALITY_CODE[modality] * 2 + (zone === 'title' ? 1 : 0);
    const code = term.id * 8 + slot;
    if (seen?.has(code) === true) continue;
    (seen ??= new Set()).add(code);
    s.add(s.ruleBucket(term, slot, () => `hit=${term.kind}/${modality}/${zone}`), w);
    s.add(s.ruleBucket(term, 8 + slot, () => `term=${term.label}/${modality}`), w);
  }
}

const NUMBER_KEYS = ['attack.confirmed', 'attack.suspected', 'attack.denied', 'attack.background',
  'outage.confirmed', 'outage.suspected', 'outage.denied', 'outage.background', 'it', 'tech', 'titleAttack', 'titleDoubt', 'keep'];

/** Squashes a weighted sum to [0, 1) so that no single one dominates. */
const squash = (x: number): number => x / (1 + x);

/** Adds `v * w` at bucket `k` unless `v` is zero. */
function addNumber(s: FeatureScratch, k: number, v: number, w: number): void {
  if (v !== 0) s.add(k, v * w);
}

/** Readers of the squashed sums, in the order of NUMBER_KEYS (`keep` apart: see addNumbers). */
const SUMS: readonly ((t: RuleTrace['tally']) => number)[] = [
  (t) => t.attack.confirmed, (t) => t.attack.suspected, (t) => t.attack.denied, (t) => t.attack.background,
  (t) => t.outage.confirmed, (t) => t.outage.suspected, (t) => t.outage.denied, (t) => t.outage.background,
  (t) => t.itContext, (t) => t.tech, (t) => t.titleAttack, (t) => t.titleDoubt,
];

/** The rule engine's weighted sums, squashed, each scaled by `w`. */
function addNumbers(s: FeatureScratch, trace: RuleTrace, w: number): void {
  const b = s.ruleBuckets(NUMBER_KEYS);
  const t = trace.tally;
  for (let i = 0; i < SUMS.length; i += 1) addNumber(s, b[i] as number, squash((SUMS[i] as (t: RuleTrace['tally']) => number)(t)), w);
  // Not `concrete`, nor `keep` without incident terms: they depend on the victim, which a lean
  // verdict does not look for when no attack or outage term is present.
  if (trace.hits.some((h) => h.term.kind === 'attack' || h.term.kind === 'outage')) addNumber(s, b[SUMS.length] as number, t.keep, w);
}

const LAST_KEYS = ['score', 'bias'];

/**
 * Adds the rule features to the item in `s`: the verdict, the trace's keys and sums, the rule
 * score (signed: incidents positive) and a bias, all scaled by `ruleWeight`.
 */
export function addRuleFeatures(s: FeatureScratch, rule: Classification, trace: RuleTrace, ruleWeight: number): void {
  addVerdict(s, rule, ruleWeight);
  addTraceKeys(s, trace, ruleWeight);
  addNumbers(s, trace, ruleWeight);
  const b = s.ruleBuckets(LAST_KEYS);
  const signed = rule.category === 'none' ? -rule.score : rule.score;
  s.add(b[0] as number, signed * ruleWeight);
  s.add(b[1] as number, ruleWeight);
}
