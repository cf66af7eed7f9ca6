/**
 * Cross-validated evaluation of the classifier: K folds by event; each fold is scored by the rule
 * engine alone and by rules + a trained layer fitted on the other K−1 folds only.
 */
import { fitModel, type FitOptions, type TrainingItem } from './classify/fit.js';
import type { RuleClassifier } from './classify/index.js';
import { ruleView, withModel, type RuleView } from './classify/trained.js';
import { foldsByEvent, meanSd } from './cv.js';
import { evaluate, type EvalReport } from './eval.js';
import type { Category } from './types.js';

/** A labelled item with its incident group. */
export interface CvItem extends TrainingItem {
  id: string;
  event: string;
}

/** Mean and spread of the three headline figures over the folds. */
export interface CvSummary {
  macro_f1: number; macro_f1_sd: number;
  alert_precision: number; alert_precision_sd: number;
  alert_recall: number; alert_recall_sd: number;
}

/** A held-out item the system got wrong, with the fold that scored it. */
export interface CvError {
  fold: number;
  id: string;
  expected: Category;
  predicted: Category;
  title: string;
  evidence: string[];
}

/** The result of one cross-validation run. */
export interface CvResult {
  folds: number;
  seed: number;
  rules: { summary: CvSummary; per_fold: EvalReport[] };
  model: { summary: CvSummary; per_fold: EvalReport[]; errors: CvError[] };
}

/** Mean ± spread of the fold reports. */
export function summarise(reports: readonly EvalReport[]): CvSummary {
  const f = meanSd(reports.map((r) => r.macro_f1));
  const p = meanSd(reports.map((r) => r.alert_precision));
  const r = meanSd(reports.map((x) => x.alert_recall));
  return { macro_f1: f.mean, macro_f1_sd: f.sd, alert_precision: p.mean, alert_precision_sd: p.sd, alert_recall: r.mean, alert_recall_sd: r.sd };
}

/** Runs K-fold cross-validation by event. */
export function crossValidate(items: readonly CvItem[], rules: RuleClassifier, k: number, seed: number, fit: FitOptions = {}): CvResult {
  const fold = foldsByEvent(items, k, seed);
  const views: RuleView[] = items.map((i) => ruleView(rules, { title: i.title, text: i.text }));
  const ruleReports: EvalReport[] = [];
  const modelReports: EvalReport[] = [];
  const errors: CvError[] = [];
  for (let f = 0; f < k; f += 1) {
    const trainIdx = items.map((_, i) => i).filter((i) => fold[i] !== f);
    const testIdx = items.map((_, i) => i).filter((i) => fold[i] === f);
    const model = fitModel(trainIdx.map((i) => items[i] as CvItem), rules, { ...fit, views: trainIdx.map((i) => views[i] as RuleView) });
    const combined = withModel(rules, model);
    const rulePairs = testIdx.map((i) => ({ expected: (items[i] as CvItem).label, predicted: (views[i] as RuleView).rule.category }));
    const modelPairs = testIdx.map((i) => {
      const item = items[i] as CvItem;
      const c = combined.classify({ title: item.title, text: item.text }, { lean: true });
      if (c.category !== item.label) {
        errors.push({ fold: f, id: item.id, expected: item.label, predicted: c.category, title: item.title, evidence: c.evidence });
      }
      return { expected: item.label, predicted: c.category };
    });
    ruleReports.push(evaluate(rulePairs));
    modelReports.push(evaluate(modelPairs));
  }
  return {
    folds: k, seed,
    rules: { summary: summarise(ruleReports), per_fold: ruleReports },
    model: { summary: summarise(modelReports), per_fold: modelReports, errors },
  };
}
