/**
 * `vigie train FILE… [--out config/model.json]`: fits the trained layer on labelled items and
 * writes the model file. Reproducible: the same files and options give a byte-identical file.
 */
import type { RuleClassifier } from '../core/classify/index.js';
import { fitModel } from '../core/classify/fit.js';
import { modelToFile } from '../core/classify/train.js';
import { parseCommandArgs, UsageError } from './args.js';
import { readCorpus } from './corpus.js';
import { fitOptionsFrom, MODEL_ARGS, MODEL_HELP } from './model-options.js';

/** Streams and services the command uses (passed in so tests run it in-process). */
export interface TrainIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  readFile(path: string): Promise<string>;
  writeFile(path: string, data: string): Promise<void>;
  classifier: RuleClassifier;
  /** Where the model goes without --out. */
  defaultOut: string;
}

/** The command's help text. */
export const TRAIN_HELP = `Usage: vigie train FILE.jsonl… [--out FILE] [options]

Fits the trained layer (logistic regression over words, word pairs and the rule engine's verdict)
on labelled items in corpus format (title, summary or content, label: cyberattack | outage | other)
and writes the model (default: config/model.json, which the bot loads at start). The same files
and options always give the same file. Judge options with "vigie eval --cv 5 FILE…" first.

Options:
  --out FILE          where to write the model
${MODEL_HELP}`;

/** Runs the command; resolves 0 on success, 1 when a file cannot be read or written. */
export async function runTrain(argv: string[], io: TrainIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('train', argv, { out: { type: 'string' }, ...MODEL_ARGS }, true);
  if (positionals.length === 0) throw new UsageError('train: missing FILE.jsonl');
  const fit = fitOptionsFrom('train', values);
  let items;
  try {
    items = await readCorpus(positionals, io.readFile, (m) => io.stderr.write(`vigie train: ${m}\n`));
  } catch (error) {
    io.stderr.write(`vigie train: ${(error as Error).message}\n`);
    return 1;
  }
  if (items.length === 0) {
    io.stderr.write('vigie train: no labelled item to learn from\n');
    return 1;
  }
  const labels: Record<string, number> = { cyberattack: 0, outage: 0, none: 0 };
  for (const i of items) labels[i.label] = (labels[i.label] ?? 0) + 1;
  const model = fitModel(items, io.classifier, fit);
  const train = fit.train ?? { l2: 0, iterations: 0 };
  const file = modelToFile(model, { items: items.length, labels, l2: train.l2, iterations: train.iterations });
  const out = values.out ?? io.defaultOut;
  try {
    await io.writeFile(out, `${JSON.stringify(file)}\n`);
  } catch (error) {
    io.stderr.write(`vigie train: cannot write ${out}: ${(error as Error).message}\n`);
    return 1;
  }
  io.stdout.write(`trained on ${items.length} items (cyberattack ${labels['cyberattack']}, outage ${labels['outage']}, other ${labels['none']}); ${file.buckets.length} weighted features → ${out}\n`);
  return 0;
}
