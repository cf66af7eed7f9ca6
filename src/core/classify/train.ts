/**
 * Training of the trained layer: L2-regularised multinomial logistic regression fitted by
 * full-batch gradient descent with Adam steps. Deterministic: no randomness, a fixed number of
 * iterations and a fixed summation order, so the same examples give the same weights.
 */
import type { Category } from '../types.js';
import type { FeatureOptions, Features } from './features.js';
import { MODEL_CLASSES, predict, type ModelFile, type TextModel } from './model.js';

/** One training example. */
export interface Example {
  features: Features;
  label: Category;
}

/** Training hyper-parameters (chosen by cross-validation, see README). */
export interface TrainOptions {
  /** L2 penalty per example (the loss is the mean log-loss plus l2/2 · |w|²). */
  l2: number;
  iterations: number;
  learningRate: number;
  noneBelow: number;
}

/** Defaults chosen by 5-fold cross-validation by event on the labelled corpus. */
export const DEFAULT_TRAIN: TrainOptions = { l2: 1e-3, iterations: 300, learningRate: 0.05, noneBelow: 0.55 };

/** Fits a model on the examples (mean log-loss, every example weighted alike). */
export function train(examples: readonly Example[], features: FeatureOptions, o: TrainOptions = DEFAULT_TRAIN): TextModel {
  const dim = features.dim;
  const n = Math.max(1, examples.length);
  const weights = new Float64Array(dim * 3);
  const bias = [0, 0, 0];
  const grad = new Float64Array(dim * 3);
  const m = new Float64Array(dim * 3);
  const v = new Float64Array(dim * 3);
  const bm = [0, 0, 0];
  const bv = [0, 0, 0];
  const used = usedBuckets(examples);
  const targets = examples.map((e) => MODEL_CLASSES.indexOf(e.label));
  const model: TextModel = { features, bias, weights, noneBelow: o.noneBelow };
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  for (let t = 1; t <= o.iterations; t += 1) {
    grad.fill(0);
    const bg = [0, 0, 0];
    examples.forEach((e, j) => {
      const p = predict(model, e.features);
      for (let k = 0; k < 3; k += 1) {
        const d = ((p[k] as number) - (k === targets[j] ? 1 : 0)) / n;
        bg[k] = (bg[k] as number) + d;
        for (let i = 0; i < e.features.index.length; i += 1) {
          const at = (e.features.index[i] as number) * 3 + k;
          grad[at] = (grad[at] as number) + d * (e.features.value[i] as number);
        }
      }
    });
    const lr = o.learningRate;
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    for (const b of used) {
      for (let k = 0; k < 3; k += 1) {
        const at = b * 3 + k;
        const g = (grad[at] as number) + o.l2 * (weights[at] as number);
        m[at] = b1 * (m[at] as number) + (1 - b1) * g;
        v[at] = b2 * (v[at] as number) + (1 - b2) * g * g;
        weights[at] = (weights[at] as number) - (lr * ((m[at] as number) / c1)) / (Math.sqrt((v[at] as number) / c2) + eps);
      }
    }
    for (let k = 0; k < 3; k += 1) {
      const g = bg[k] as number;
      bm[k] = b1 * (bm[k] as number) + (1 - b1) * g;
      bv[k] = b2 * (bv[k] as number) + (1 - b2) * g * g;
      bias[k] = (bias[k] as number) - (lr * ((bm[k] as number) / c1)) / (Math.sqrt((bv[k] as number) / c2) + eps);
    }
  }
  return model;
}

function usedBuckets(examples: readonly Example[]): number[] {
  const set = new Set<number>();
  for (const e of examples) for (const b of e.features.index) set.add(b);
  return [...set].sort((a, b) => a - b);
}

const round = (x: number): number => {
  const r = Math.round(x * 1e5) / 1e5;
  return r === 0 ? 0 : r; // no "-0" in the file
};

/** The stored form of a trained model: non-zero buckets only, weights rounded to 1e-5. */
export function modelToFile(model: TextModel, trainedOn: ModelFile['trainedOn']): ModelFile {
  const buckets: number[] = [];
  const weights: number[] = [];
  for (let b = 0; b < model.features.dim; b += 1) {
    const row = [0, 1, 2].map((k) => round(model.weights[b * 3 + k] as number));
    if (row.every((x) => x === 0)) continue;
    buckets.push(b);
    weights.push(...row);
  }
  return {
    format: 'vigie-model', version: 1, classes: [...MODEL_CLASSES], features: { ...model.features },
    noneBelow: model.noneBelow, bias: model.bias.map(round), buckets, weights, trainedOn,
  };
}
