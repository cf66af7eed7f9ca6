/**
 * `vigie eval --clusters --cv K FILE…`: cross-validated story clustering. Match thresholds are
 * chosen on K−1 folds by event, pair precision and recall measured on the held-out fold.
 */
import { crossValidateClusters } from '../core/cluster/cv.js';
import { parseCommandArgs, UsageError } from './args.js';
import { parseItems, toReplayItem, type EvalClustersIo, type LabelledItem } from './eval-clusters.js';
import { foldArgs } from './eval-cv.js';

const cell = (m: number, sd: number): string => `${m.toFixed(3)} ± ${sd.toFixed(3)}`.padStart(16);

/** Runs the command; resolves 0 on success, 1 when a file cannot be read or is malformed. */
export async function runEvalClustersCv(argv: string[], io: EvalClustersIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('eval --clusters --cv', argv.filter((a) => a !== '--clusters'), {
    cv: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' },
  }, true);
  const { k, seed } = foldArgs('eval --clusters', values.cv, values.seed);
  if (positionals.length === 0) throw new UsageError('eval --clusters --cv: missing FILE.jsonl');
  const items: LabelledItem[] = [];
  try {
    for (const file of positionals) items.push(...parseItems(await io.readFile(file), file));
  } catch (error) {
    io.stderr.write(`vigie eval --clusters: ${(error as Error).message}\n`);
    return 1;
  }
  const replay = items.map((i) => ({ ...toReplayItem(i, io.classifier), event: i.event }));
  const r = crossValidateClusters(replay, k, seed);
  if (values.json === true) {
    io.stdout.write(`${JSON.stringify({ items: items.length, ...r })}\n`);
    return 0;
  }
  io.stdout.write([
    `items: ${items.length} (cyberattack/outage)   folds: ${k} by event   seed: ${seed}`,
    '',
    `${''.padEnd(34)}${'pair precision'.padStart(16)}${'pair recall'.padStart(16)}`,
    `${'default thresholds'.padEnd(34)}${cell(r.defaults.pair_precision, r.defaults.pair_precision_sd)}${cell(r.defaults.pair_recall, r.defaults.pair_recall_sd)}`,
    `${'thresholds tuned on other folds'.padEnd(34)}${cell(r.pair_precision, r.pair_precision_sd)}${cell(r.pair_recall, r.pair_recall_sd)}`,
    '',
  ].join('\n'));
  return 0;
}
