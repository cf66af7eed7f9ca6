/**
 * Rules + trained layer: the rule engine reads cause, subtype, entities and evidence; the trained
 * model, fed the words and the rule engine's verdict, decides the category.
 */
import type { Classifier } from '../services.js';
import type { AttackSubtype, Category, Cause, Classification, ClassifierInput, OutageSubtype } from '../types.js';
import { buildFeatures, FeatureScratch, featuresOf, nameAt, type Features } from './features.js';
import { createClassifier, type Lexicon, type RuleClassifier, type RuleTrace } from './index.js';
import { MODEL_CLASSES, categoryOf, modelFromFile, probabilities, topTermsOf, type ModelFile, type TextModel } from './model.js';

const FR_CATEGORY = { cyberattack: 'cyberattaque', outage: 'panne', none: 'aucun incident' } as const;
const round = (x: number): number => Math.round(x * 1000) / 1000;

/** The rule engine's verdict on an item with its trace (what the features read). */
export interface RuleView {
  rule: Classification;
  trace: RuleTrace;
}

/**
 * Runs the rule engine, keeping its trace. Lean and full runs give the same features: they differ
 * only in the evidence and entities of a 'none', and in the victim, none of which features read.
 */
export function ruleView(rules: RuleClassifier, input: ClassifierInput, lean = true): RuleView {
  let trace: RuleTrace | undefined;
  const rule = rules.classify(input, { lean, trace: (t) => { trace = t; } });
  if (trace === undefined) throw new Error('ruleView: the rule engine reported no trace');
  return { rule, trace };
}

/** The features of an item given the rule engine's view of it (what training sees too). */
export function itemFeatures(model: Pick<TextModel, 'features'>, view: RuleView, scratch?: FeatureScratch): Features {
  return featuresOf(view.rule, view.trace, model.features, scratch);
}

/** Cause of the merged verdict when the model's incident class differs from the rule engine's. */
function causeOf(category: 'cyberattack' | 'outage', base: Classification): Cause | null {
  if (base.category === category) return base.cause;
  // The rules saw an attack the model reads as an outage: the attack is at most suspected.
  if (category === 'outage') return base.category === 'cyberattack' ? (base.cause === 'denied' ? 'denied' : 'suspected') : null;
  return base.cause === 'confirmed' || base.cause === null ? 'confirmed' : 'suspected';
}

/**
 * Merges the model's category (probabilities `p`, top words `terms`) into the rule verdict. When both
 * agree the rule verdict stands; when the model overrules, the rule's cause and subtype are kept
 * only where they still make sense.
 */
function merge(base: Classification, category: Category, p: readonly number[], terms: readonly string[]): Classification {
  const score = round(p[MODEL_CLASSES.indexOf(category)] as number);
  const line = `modèle: ${FR_CATEGORY[category]} ${score.toFixed(2)}${terms.length > 0 ? ` (${terms.join(', ')})` : ''}`;
  const evidence = [...base.evidence, line];
  const { subtype, cause, severity, entities } = base;
  if (category === base.category) return { category, score, subtype, cause, severity, evidence, entities };
  if (category === 'none') return { category, score, subtype: null, cause: null, severity: 1, evidence, entities };
  const fallback: AttackSubtype | OutageSubtype = category === 'cyberattack' ? 'other' : 'service_down';
  return { category, score, subtype: fallback, cause: causeOf(category, base), severity, evidence, entities };
}

/** Wraps a rule classifier with a trained model that decides the category. */
export function withModel(rules: RuleClassifier, model: TextModel): Classifier {
  const scratch = new FeatureScratch(model.features.dim);
  return {
    classify(input: ClassifierInput, options: { lean?: boolean } = {}): Classification {
      const lean = options.lean === true;
      const { rule, trace } = ruleView(rules, input, lean);
      buildFeatures(rule, trace, model.features, scratch);
      const p = probabilities(model, scratch.index, scratch.value, scratch.count);
      const category = categoryOf(model, p);
      if (lean && category === 'none') {
        return { category, score: round(p[2]), subtype: null, cause: null, severity: 1, evidence: [], entities: rule.entities };
      }
      // A lean 'none' has no evidence nor entities: compute them when the model alerts.
      const base = rule.category === 'none' && lean ? rules.classify(input) : rule;
      return merge(base, category, p, topTermsOf(model, scratch.index, scratch.value, scratch.count, (i) => nameAt(scratch, i), category, 4));
    },
  };
}

/**
 * The classifier the bot runs: rules alone, or rules + the trained layer when a model is given
 * (with its weights from `dense` when given, see modelFromFile).
 */
export function classifierFor(lexicon: Lexicon, model?: ModelFile, dense?: Float64Array): Classifier {
  const rules = createClassifier(lexicon);
  return model ? withModel(rules, modelFromFile(model, dense)) : rules;
}
