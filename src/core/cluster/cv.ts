/**
 * Cross-validated evaluation of story clustering: K folds by event; on each, the match thresholds
 * are chosen on the other K−1 folds (a small grid, best pair F0.5: precision first) and the
 * held-out fold is replayed with them.
 */
import { foldsByEvent, meanSd } from '../cv.js';
import { DEFAULT_THRESHOLDS, type MatchThresholds } from './match.js';
import { pairScores, replayClusters, type PairScores, type ReplayItem } from './evaluate.js';

/** A replayable item with its labelled incident. */
export interface ClusterCvItem extends ReplayItem {
  event: string;
}

/** Mean ± spread of pair precision and recall over the folds, for tuned and default thresholds. */
export interface ClusterCvResult {
  folds: number;
  seed: number;
  pair_precision: number; pair_precision_sd: number;
  pair_recall: number; pair_recall_sd: number;
  defaults: { pair_precision: number; pair_precision_sd: number; pair_recall: number; pair_recall_sd: number };
  /** Thresholds chosen on each fold's training part. */
  chosen: Partial<MatchThresholds>[];
}

/** The grid searched on the training folds (the other thresholds keep their defaults). */
export const THRESHOLD_GRID: readonly Partial<MatchThresholds>[] = (() => {
  const grid: Partial<MatchThresholds>[] = [];
  for (const nameOverlap of [0.05, 0.1, 0.2, 0.3, 0.4]) {
    for (const textShared of [2, 3, 4, 6]) {
      for (const textJaccard of [0.08, 0.1, 0.15, 0.2, 0.3]) grid.push({ nameOverlap, textShared, textJaccard });
    }
  }
  return grid;
})();

/** Pair F-beta with beta 0.5: precision weighs twice as much as recall. */
function fHalf(s: PairScores): number {
  const p = s.pair_precision;
  const r = s.pair_recall;
  return p + r === 0 ? 0 : (1.25 * p * r) / (0.25 * p + r);
}

function score(items: readonly ClusterCvItem[], thresholds: Partial<MatchThresholds>): PairScores {
  return pairScores(items, replayClusters(items, { thresholds }));
}

/** Runs K-fold cross-validation by event of the clustering. */
export function crossValidateClusters(items: readonly ClusterCvItem[], k: number, seed: number,
  grid: readonly Partial<MatchThresholds>[] = THRESHOLD_GRID): ClusterCvResult {
  const fold = foldsByEvent(items, k, seed);
  const tuned: PairScores[] = [];
  const defaults: PairScores[] = [];
  const chosen: Partial<MatchThresholds>[] = [];
  for (let f = 0; f < k; f += 1) {
    const train = items.filter((_, i) => fold[i] !== f);
    const test = items.filter((_, i) => fold[i] === f);
    let best: Partial<MatchThresholds> = {};
    let bestScore = fHalf(score(train, best));
    for (const t of grid) {
      const s = fHalf(score(train, t));
      if (s > bestScore + 1e-12) { best = t; bestScore = s; }
    }
    chosen.push(best);
    tuned.push(score(test, best));
    defaults.push(score(test, DEFAULT_THRESHOLDS));
  }
  const p = meanSd(tuned.map((s) => s.pair_precision));
  const r = meanSd(tuned.map((s) => s.pair_recall));
  const dp = meanSd(defaults.map((s) => s.pair_precision));
  const dr = meanSd(defaults.map((s) => s.pair_recall));
  return {
    folds: k, seed,
    pair_precision: p.mean, pair_precision_sd: p.sd, pair_recall: r.mean, pair_recall_sd: r.sd,
    defaults: { pair_precision: dp.mean, pair_precision_sd: dp.sd, pair_recall: dr.mean, pair_recall_sd: dr.sd },
    chosen,
  };
}
