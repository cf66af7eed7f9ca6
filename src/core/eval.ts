/** Evaluation metrics of the classifier on labelled items (pure). */
import type { Category } from './types.js';

/** Categories in the order reports print them. */
export const CATEGORIES: readonly Category[] = ['cyberattack', 'outage', 'none'];

/** Precision, recall and F1 of one class, with its support (items labelled with it). */
export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** Every figure `vigie eval` reports. */
export interface EvalReport {
  total: number;
  accuracy: number;
  per_class: Record<Category, ClassMetrics>;
  /** Mean F1 of the two incident classes (cyberattack, outage). */
  macro_f1: number;
  /** Incident (either class) vs none: of the items alerted, how many were incidents. */
  alert_precision: number;
  /** Of the incidents, how many were alerted. */
  alert_recall: number;
  /** confusion[expected][predicted] = count. */
  confusion: Record<Category, Record<Category, number>>;
}

/** Maps a corpus label to a category: `other` (and `none`) → none. Undefined for an unknown label. */
export function labelToCategory(label: string): Category | undefined {
  const l = label.trim().toLowerCase();
  if (l === 'cyberattack' || l === 'outage') return l;
  if (l === 'other' || l === 'none') return 'none';
  return undefined;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const f1Of = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const round = (x: number): number => Math.round(x * 10000) / 10000;

/** Computes the report from (expected, predicted) pairs. */
export function evaluate(pairs: readonly { expected: Category; predicted: Category }[]): EvalReport {
  const confusion = Object.fromEntries(CATEGORIES.map((e) => [e, Object.fromEntries(CATEGORIES.map((p) => [p, 0]))])) as
    Record<Category, Record<Category, number>>;
  for (const { expected, predicted } of pairs) confusion[expected][predicted] += 1;
  const perClass = {} as Record<Category, ClassMetrics>;
  const rawF1 = {} as Record<Category, number>;
  for (const c of CATEGORIES) {
    const tp = confusion[c][c];
    const predicted = CATEGORIES.reduce((n, e) => n + confusion[e][c], 0);
    const support = CATEGORIES.reduce((n, p) => n + confusion[c][p], 0);
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    rawF1[c] = f1Of(precision, recall);
    perClass[c] = { precision: round(precision), recall: round(recall), f1: round(rawF1[c]), support };
  }
  const incident = (c: Category): boolean => c !== 'none';
  let alertTp = 0;
  let alerted = 0;
  let incidents = 0;
  let correct = 0;
  for (const { expected, predicted } of pairs) {
    if (incident(predicted)) alerted += 1;
    if (incident(expected)) incidents += 1;
    if (incident(predicted) && incident(expected)) alertTp += 1;
    if (expected === predicted) correct += 1;
  }
  return {
    total: pairs.length,
    accuracy: round(ratio(correct, pairs.length)),
    per_class: perClass,
    macro_f1: round((rawF1.cyberattack + rawF1.outage) / 2),
    alert_precision: round(ratio(alertTp, alerted)),
    alert_recall: round(ratio(alertTp, incidents)),
    confusion,
  };
}
