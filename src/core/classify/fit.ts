/** Fits the trained layer on labelled items, given the rule engine whose verdicts it reads. */
import type { Category } from '../types.js';
import type { RuleClassifier } from './index.js';
import { FeatureScratch, type FeatureOptions } from './features.js';
import type { TextModel } from './model.js';
import { itemFeatures, ruleView, type RuleView } from './trained.js';
import { DEFAULT_TRAIN, train, type TrainOptions } from './train.js';

/** Feature settings chosen by cross-validation (see README, "Trained layer"). */
export const DEFAULT_FEATURES: FeatureOptions = { dim: 1 << 18, bigrams: false, ruleWeight: 0.1 };

/** A labelled item as training reads it. */
export interface TrainingItem {
  title: string;
  text: string;
  label: Category;
}

/** Everything one fit needs; `views` may carry precomputed rule views (same order as items). */
export interface FitOptions {
  features?: FeatureOptions;
  train?: TrainOptions;
  views?: readonly RuleView[];
}

/** Trains a model on the items, reading the rule engine's lean verdict on each. */
export function fitModel(items: readonly TrainingItem[], rules: RuleClassifier, o: FitOptions = {}): TextModel {
  const features = o.features ?? DEFAULT_FEATURES;
  const scratch = new FeatureScratch(features.dim);
  const examples = items.map((item, i) => {
    const input = { title: item.title, text: item.text };
    const view = o.views?.[i] ?? ruleView(rules, input);
    return { features: itemFeatures({ features }, view, scratch), label: item.label };
  });
  return train(examples, features, o.train ?? DEFAULT_TRAIN);
}
