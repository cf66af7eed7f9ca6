/**
 * `vigie eval --cv K FILE…`: K-fold cross-validation by event. Prints, for the rule engine alone
 * and for rules + a trained layer fitted on the other folds, each figure's mean and spread.
 */
import type { RuleClassifier } from '../core/classify/index.js';
import { crossValidate, type CvSummary } from '../core/eval-cv.js';
import { parseCommandArgs, UsageError } from './args.js';
import { readCorpus } from './corpus.js';
import { fitOptionsFrom, MODEL_ARGS } from './model-options.js';

/** Streams and services the command uses (passed in so tests run it in-process). */
export interface EvalCvIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  readFile(path: string): Promise<string>;
  classifier: RuleClassifier;
}

/** Parses `--cv K` and `--seed N`; throws a UsageError naming a bad value. */
export function foldArgs(command: string, cv: string | undefined, seed: string | undefined): { k: number; seed: number } {
  const k = Number(cv);
  if (cv === undefined || !Number.isInteger(k) || k < 2 || k > 50) throw new UsageError(`${command}: --cv needs a number of folds from 2 to 50, got "${cv ?? ''}"`);
  const s = seed === undefined ? 1 : Number(seed);
  if (!Number.isInteger(s) || s < 0) throw new UsageError(`${command}: --seed needs a non-negative integer, got "${seed ?? ''}"`);
  return { k, seed: s };
}

const row = (name: string, s: CvSummary): string => {
  const cell = (m: number, sd: number): string => `${m.toFixed(3)} ± ${sd.toFixed(3)}`.padStart(15);
  return `${name.padEnd(22)}${cell(s.macro_f1, s.macro_f1_sd)}${cell(s.alert_precision, s.alert_precision_sd)}${cell(s.alert_recall, s.alert_recall_sd)}`;
};

/** Runs the command; resolves 0 on success, 1 when a file cannot be read; usage errors throw. */
export async function runEvalCv(argv: string[], io: EvalCvIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('eval --cv', argv, {
    cv: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' }, errors: { type: 'boolean' }, ...MODEL_ARGS,
  }, true);
  const { k, seed } = foldArgs('eval', values.cv, values.seed);
  if (positionals.length === 0) throw new UsageError('eval --cv: missing FILE.jsonl');
  const fit = fitOptionsFrom('eval', values);
  let items;
  try {
    items = await readCorpus(positionals, io.readFile, (m) => io.stderr.write(`vigie eval: ${m}\n`));
  } catch (error) {
    io.stderr.write(`vigie eval: ${(error as Error).message}\n`);
    return 1;
  }
  const result = crossValidate(items, io.classifier, k, seed, fit);
  if (values.json === true) {
    io.stdout.write(`${JSON.stringify({
      items: items.length, folds: k, seed, ...result.model.summary, rules: result.rules.summary,
      ...(values.errors === true ? { errors: result.model.errors } : {}),
    })}\n`);
    return 0;
  }
  io.stdout.write([
    `items: ${items.length}   folds: ${k} by event   seed: ${seed}`,
    '',
    `${''.padEnd(22)}${'macro-F1'.padStart(15)}${'alert prec.'.padStart(15)}${'alert recall'.padStart(15)}`,
    row('rules alone', result.rules.summary),
    row('rules + trained layer', result.model.summary),
    '',
  ].join('\n'));
  if (values.errors === true) {
    io.stdout.write(`\nheld-out errors (rules + trained layer): ${result.model.errors.length}\n`);
    for (const e of result.model.errors) {
      io.stdout.write(`[fold ${e.fold}] ${e.id}  ${e.expected} → ${e.predicted}  ${e.title.slice(0, 100)}\n    ${e.evidence.join(' ; ')}\n`);
    }
  }
  return 0;
}
