/**
 * `vigie eval FILE.jsonl [--json] [--errors]`: scores the classifier on labelled items
 * (`label`: cyberattack | outage | other) and prints per-class figures, macro-F1, alert
 * precision/recall and the confusion matrix.
 */
import type { Classifier } from '../core/services.js';
import { CATEGORIES, evaluate, labelToCategory, type EvalReport } from '../core/eval.js';
import type { Category } from '../core/types.js';

/** Streams and services the command uses (passed in so tests run it in-process). */
export interface EvalIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  readFile(path: string): Promise<string>;
  classifier: Classifier;
}

/** A misclassified item, as `--errors` lists it. */
export interface EvalError {
  id: string;
  expected: Category;
  predicted: Category;
  title: string;
  evidence: string[];
}

const USAGE = `Usage: vigie eval FILE.jsonl [--json] [--errors]

Scores the classifier on labelled JSON Lines ({"title", "summary" or "content", "label"}; when the
title is empty, "url_slug_text" stands in for it). Labels: cyberattack | outage | other.

Options:
  --json     one JSON object: macro_f1, alert_precision, alert_recall, per_class, confusion
  --errors   list the misclassified items
  --help     this help`;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const pct = (x: number): string => x.toFixed(4);

interface Options { file: string; json: boolean; errors: boolean }

function parseArgv(argv: readonly string[]): Options | { help: true } | { usage: string } {
  let file: string | undefined;
  let json = false;
  let errors = false;
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--json') json = true;
    else if (arg === '--errors') errors = true;
    else if (arg.startsWith('-')) return { usage: `unknown option ${arg}` };
    else if (file === undefined) file = arg;
    else return { usage: `unexpected argument ${arg}` };
  }
  return file === undefined ? { usage: 'missing FILE.jsonl' } : { file, json, errors };
}

function formatReport(r: EvalReport, skipped: number): string {
  const rows = CATEGORIES.map((c) => {
    const m = r.per_class[c];
    return `${c.padEnd(12)} ${pct(m.precision).padStart(9)} ${pct(m.recall).padStart(7)} ${pct(m.f1).padStart(7)} ${String(m.support).padStart(8)}`;
  });
  const confusion = CATEGORIES.map((e) => `${e.padEnd(12)} ${CATEGORIES.map((p) => String(r.confusion[e][p]).padStart(11)).join('')}`);
  return [
    `items: ${r.total}${skipped > 0 ? ` (${skipped} skipped)` : ''}   accuracy: ${pct(r.accuracy)}`,
    '',
    `${'class'.padEnd(12)} precision  recall      F1  support`,
    ...rows,
    '',
    `macro-F1 (cyberattack, outage): ${pct(r.macro_f1)}`,
    `alert precision: ${pct(r.alert_precision)}   alert recall: ${pct(r.alert_recall)}`,
    '',
    'confusion (rows: expected, columns: predicted)',
    `${''.padEnd(12)} ${CATEGORIES.map((c) => c.padStart(11)).join('')}`,
    ...confusion,
  ].join('\n');
}

/** Runs `vigie eval`; resolves 0 on success, 1 when the file cannot be read or holds no valid item, 2 on bad usage. */
export async function runEval(argv: string[], io: EvalIo): Promise<number> {
  const opts = parseArgv(argv);
  if ('help' in opts) { io.stdout.write(`${USAGE}\n`); return 0; }
  if ('usage' in opts) { io.stderr.write(`vigie eval: ${opts.usage}\n${USAGE}\n`); return 2; }
  let text: string;
  try {
    text = await io.readFile(opts.file);
  } catch (cause) {
    io.stderr.write(`vigie eval: cannot read ${opts.file}: ${(cause as Error).message}\n`);
    return 1;
  }
  const pairs: { expected: Category; predicted: Category }[] = [];
  const errors: EvalError[] = [];
  let skipped = 0;
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
      if (row === null || typeof row !== 'object') throw new Error('not a JSON object');
    } catch (cause) {
      skipped += 1;
      io.stderr.write(`vigie eval: ${opts.file}:${index + 1}: skipped, ${(cause as Error).message}\n`);
      return;
    }
    const expected = labelToCategory(str(row['label']));
    if (!expected) {
      skipped += 1;
      io.stderr.write(`vigie eval: ${opts.file}:${index + 1}: skipped, unknown label "${str(row['label'])}"\n`);
      return;
    }
    // A real feed always has a headline: the URL's words stand in for a missing one.
    const title = str(row['title']) || str(row['url_slug_text']);
    const c = io.classifier.classify({ title, text: str(row['content']) || str(row['summary']) });
    pairs.push({ expected, predicted: c.category });
    if (c.category !== expected) {
      errors.push({ id: str(row['id']) || `line-${index + 1}`, expected, predicted: c.category, title, evidence: c.evidence });
    }
  });
  if (pairs.length === 0) {
    io.stderr.write(`vigie eval: ${opts.file}: no valid labelled item${skipped > 0 ? ` (${skipped} lines skipped)` : ''}; nothing to score\n`);
    return 1;
  }
  const report = evaluate(pairs);
  if (opts.json) {
    io.stdout.write(`${JSON.stringify({ ...report, skipped, ...(opts.errors ? { errors } : {}) })}\n`);
    return 0;
  }
  io.stdout.write(`${formatReport(report, skipped)}\n`);
  if (opts.errors) {
    io.stdout.write(`\nmisclassified: ${errors.length}\n`);
    for (const e of errors) {
      io.stdout.write(`${e.id}  ${e.expected} → ${e.predicted}  ${e.title.slice(0, 100)}\n    ${e.evidence.join(' ; ')}\n`);
    }
  }
  return 0;
}
