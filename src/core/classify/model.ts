/**
 * The trained layer's model: multinomial logistic regression over hashed features (see
 * features.ts). Inference only; training lives in train.ts. The model is plain data, loaded and
 * validated at the edge (config/model.json) and passed in.
 */
import type { Category } from '../types.js';
import type { FeatureOptions, Features } from './features.js';

/** Class order of the weight rows. */
export const MODEL_CLASSES: readonly Category[] = ['cyberattack', 'outage', 'none'];

/** A trained model, ready for inference. */
export interface TextModel {
  features: FeatureOptions;
  /** One bias per class, in MODEL_CLASSES order. */
  bias: readonly number[];
  /** Dense weights: bucket * 3 + class. */
  weights: Float64Array;
  /**
   * An incident is alerted only when P(none) is below this; tuned by cross-validation (a lower
   * value trades recall for alert precision).
   */
  noneBelow: number;
}

/** The stored form of a model (config/model.json): only buckets with a non-zero weight. */
export interface ModelFile {
  format: 'vigie-model';
  version: 1;
  classes: Category[];
  features: FeatureOptions;
  noneBelow: number;
  bias: number[];
  /** Sorted bucket numbers. */
  buckets: number[];
  /** Three weights per bucket, in `classes` order. */
  weights: number[];
  /** What it was trained on (counts only). */
  trainedOn: { items: number; labels: Record<string, number>; l2: number; iterations: number };
}

/** Class probabilities, in MODEL_CLASSES order. */
export function predict(model: TextModel, f: Features): [number, number, number] {
  return probabilities(model, f.index, f.value, f.index.length);
}

/** Class probabilities of the vector made of the first `n` entries of `index` and `value`. */
export function probabilities(model: TextModel, index: ArrayLike<number>, value: ArrayLike<number>, n: number): [number, number, number] {
  const w = model.weights;
  let z0 = model.bias[0] as number;
  let z1 = model.bias[1] as number;
  let z2 = model.bias[2] as number;
  for (let i = 0; i < n; i += 1) {
    const base = (index[i] as number) * 3;
    const v = value[i] as number;
    z0 += (w[base] as number) * v;
    z1 += (w[base + 1] as number) * v;
    z2 += (w[base + 2] as number) * v;
  }
  const m = Math.max(z0, z1, z2);
  const e0 = Math.exp(z0 - m);
  const e1 = Math.exp(z1 - m);
  const e2 = Math.exp(z2 - m);
  const s = e0 + e1 + e2;
  return [e0 / s, e1 / s, e2 / s];
}

/** The category the probabilities give: an incident class when P(none) < noneBelow. */
export function categoryOf(model: TextModel, p: readonly number[]): Category {
  if ((p[2] as number) >= model.noneBelow) return 'none';
  return (p[0] as number) >= (p[1] as number) ? 'cyberattack' : 'outage';
}

/**
 * The words that pushed hardest towards `category` in this item (positive contribution of the
 * class's weight minus the mean of the others), best first.
 */
export function topTerms(model: TextModel, f: Features, category: Category, n: number): string[] {
  return topTermsOf(model, f.index, f.value, f.index.length, (i) => f.names[i], category, n);
}

/**
 * `topTerms` over the first `count` entries of `index` and `value`, named by `nameAt` (asked only
 * for the entries that push): each word keeps its best push, ties go to the first name in order.
 */
export function topTermsOf(model: TextModel, index: ArrayLike<number>, value: ArrayLike<number>, count: number,
  nameAt: (i: number) => string | undefined, category: Category, n: number): string[] {
  const c = MODEL_CLASSES.indexOf(category);
  const [a, b] = c === 0 ? [1, 2] : c === 1 ? [0, 2] : [0, 1]; // the other classes, in order
  const w = model.weights;
  const top: string[] = []; // the best `len` distinct names so far, best first
  const pushes: number[] = []; // their pushes
  let len = 0;
  for (let i = 0; i < count && n > 0; i += 1) {
    const base = (index[i] as number) * 3;
    const others = (w[base + a] as number) + (w[base + b] as number);
    const push = ((w[base + c] as number) - others / 2) * (value[i] as number);
    if (!(push > 0)) continue;
    // Below the n-th word it cannot rank, whatever its name (a word in `top` pushes at least that).
    if (len === n && push < (pushes[n - 1] as number)) continue;
    const name = nameAt(i);
    // Short words ("une", "été") carry weight but explain nothing.
    if (name === undefined || name.length < 4) continue;
    let at = 0;
    while (at < len && top[at] !== name) at += 1;
    if (at < len) { // seen already: keep its best push
      if (push <= (pushes[at] as number)) continue;
      for (; at < len - 1; at += 1) { top[at] = top[at + 1] as string; pushes[at] = pushes[at + 1] as number; }
      len -= 1;
    } else if (len === n && !ranksBefore(push, name, pushes[n - 1] as number, top[n - 1] as string)) continue;
    let j = len < n ? len : n - 1; // when full, the last one makes room
    for (; j > 0 && ranksBefore(push, name, pushes[j - 1] as number, top[j - 1] as string); j -= 1) {
      top[j] = top[j - 1] as string;
      pushes[j] = pushes[j - 1] as number;
    }
    top[j] = name;
    pushes[j] = push;
    if (len < n) len += 1;
  }
  top.length = len;
  return top;
}

/** Whether a word pushing `p` ranks before one pushing `q`: a greater push, or the same and a name first in order. */
const ranksBefore = (p: number, a: string, q: number, b: string): boolean => p > q || (p === q && a < b);

/** Values of a model's dense weights (`features.dim` × 3 of them). */
export const denseLength = (file: ModelFile): number => file.features.dim * 3;

/** `dense`, refused with what is wrong when it does not hold `denseLength(file)` values. */
function sized(file: ModelFile, dense: Float64Array): Float64Array {
  if (dense.length !== denseLength(file)) throw new Error(`dense weights: ${dense.length} values given, the model has ${denseLength(file)}`);
  return dense;
}

/** Writes a stored model's dense weights into `into` (of `denseLength(file)` zeros), and returns it. */
export function fillDenseWeights(file: ModelFile, into: Float64Array): Float64Array {
  sized(file, into);
  file.buckets.forEach((b, i) => {
    for (let k = 0; k < 3; k += 1) into[b * 3 + k] = file.weights[i * 3 + k] as number;
  });
  return into;
}

/**
 * Expands a stored model into its dense inference form. `dense`, when given, holds its weights
 * already (`fillDenseWeights`): threads then read one copy of them instead of each holding its own.
 */
export function modelFromFile(file: ModelFile, dense?: Float64Array): TextModel {
  const weights = dense === undefined ? fillDenseWeights(file, new Float64Array(denseLength(file))) : sized(file, dense);
  return { features: file.features, bias: file.bias, weights, noneBelow: file.noneBelow };
}
