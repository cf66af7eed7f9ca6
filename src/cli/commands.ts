/** The CLI's command table: name, one-line summary, help text and entry function of each command. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createClassifier } from '../core/classify/index.js';
import type { Classifier } from '../ports.js';
import { createSummariser } from '../core/summarise.js';
import { packageRoot } from '../config/index.js';
import { loadLexicon } from '../config/lexicon.js';
import { loadModelFile, MODEL_FILE } from '../config/model.js';
import { classifierFor } from '../core/classify/trained.js';
import { runClassify } from './classify.js';
import { runDemo } from './demo.js';
import { runDiscordRegister } from './discord-register.js';
import { runEval } from './eval.js';
import { runEvalClusters } from './eval-clusters.js';
import { runEvalCv } from './eval-cv.js';
import { runEvalClustersCv } from './eval-clusters-cv.js';
import { runFeedsCheck } from './feeds-check.js';
import { runTrain, TRAIN_HELP } from './train.js';
import { runBot } from './run.js';

/** The process streams and environment a command may use (injected for tests). */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on SIGINT/SIGTERM (the process entry point sets it); commands that stop cleanly listen to it. */
  signal?: AbortSignal;
}

/** One CLI command. */
export interface CliCommand {
  name: string;
  summary: string;
  help: string;
  /** True when the command stops cleanly on `io.signal`; any other command is ended by the signal at once. */
  stopsOnSignal?: boolean;
  run(argv: string[], io: CliIo): Promise<number>;
}

const configDirOf = (io: CliIo): string =>
  io.env.VIGIE_CONFIG_DIR ? path.resolve(io.cwd, io.env.VIGIE_CONFIG_DIR) : path.join(packageRoot(), 'config');

/** The rule engine alone (what training and cross-validation build on). */
function rulesClassifier(io: CliIo) {
  return createClassifier(loadLexicon(configDirOf(io)));
}

/** The classifier the bot runs: rules + the shipped trained layer when config/model.json exists. */
function lexiconClassifier(io: CliIo) {
  const dir = configDirOf(io);
  return classifierFor(loadLexicon(dir), loadModelFile(dir));
}

const evalIo = (io: CliIo, classifier: Classifier = lexiconClassifier(io)) => ({
  stdout: io.stdout,
  stderr: io.stderr,
  readFile: (file: string) => readFile(path.resolve(io.cwd, file), 'utf8'),
  classifier,
});

/** Every command `vigie` knows. */
export const COMMANDS: CliCommand[] = [
  {
    name: 'run',
    summary: 'run the bot (npm start): poll feeds, post alerts, answer commands',
    help: `Usage: vigie run [--once] [--feeds FILE]

Polls the configured feeds every POLL_INTERVAL_SECONDS (10 s to 1 day), posts alerts to Telegram and
Discord when their tokens are set, and prints them on the console otherwise. SIGINT/SIGTERM stop it
cleanly. A feed body may hold up to fetch.maxBytes (5,000,000 bytes, decompressed) and take up to
fetch.parseSeconds (5 s) of parsing; a larger or slower feed fails (too_large, too_slow) and backs off.
A feed cut short or damaged gives the items complete before the damage (reported as partial).

Options:
  --once         one poll cycle, deliver what it found, then exit
  --feeds FILE   feeds file to use instead of config/feeds.yaml`,
    stopsOnSignal: true,
    run: runBot,
  },
  {
    name: 'demo',
    summary: 'the whole pipeline on bundled sample feeds served locally; prints the alerts',
    help: `Usage: vigie demo [--store URL]

Serves the sample French feeds of demo/feeds on 127.0.0.1, runs one real poll cycle over them
(fetcher, parser, classifier, dedup, store) and prints the alerts and a summary line. A second run
on the same store announces nothing again.

Options:
  --store URL    store to use (default: sqlite://data/demo.sqlite)`,
    stopsOnSignal: true,
    run: runDemo,
  },
  {
    name: 'feeds check',
    summary: 'fetch every feed once and print a health table',
    help: `Usage: vigie feeds check [--feeds FILE]

Fetches every configured feed once (no conditional headers) and prints: feed, HTTP status, items,
newest item date, latency and error; a feed read only in part (cut short, damaged) shows
"partial: cut at line L, column C (…)" and counts as partial, not failed. Bodies over 5,000,000
bytes (fetch.maxBytes) or 5 s of parsing (fetch.parseSeconds) fail. Exits 1 when any feed failed.

Options:
  --feeds FILE   feeds file to use instead of config/feeds.yaml`,
    run: runFeedsCheck,
  },
  {
    name: 'classify',
    summary: 'classify JSON Lines from stdin (title, summary|content, id) to stdout',
    help: `Usage: vigie classify < items.jsonl

Reads one JSON object per line ({"title", "summary" or "content", optional "id"}) and writes one
line per input, in order: {id, category, score, subtype, cause, severity, evidence, entities,
summary}. A malformed line yields {"line": n, "error": "…"} and the run goes on: invalid JSON, a
line that is not UTF-8 ({"line": n, "error": "not UTF-8"}) or longer than 1,000,000 characters.
Titles are read up to 1,000 characters, summary or content up to 100,000. Exits 1 when a line failed.`,
    async run(_argv, io) {
      return runClassify({ stdin: io.stdin, stdout: io.stdout, classifier: lexiconClassifier(io), summariser: createSummariser() });
    },
  },
  {
    name: 'eval',
    summary: 'score the classifier (or the clustering) on a labelled JSONL file',
    help: `Usage: vigie eval FILE.jsonl [--json] [--errors] [--clusters]

Reads labelled items (label: cyberattack | outage | other) and prints precision, recall and F1 per
class, the macro-F1 of the two incident classes, alert precision and recall and the confusion matrix.

Options:
  --json       one JSON object (macro_f1, alert_precision, alert_recall, per_class, confusion)
  --errors     list the misclassified items
  --clusters   score story clustering instead: items sharing an "event" are one incident;
               prints pairwise precision and recall (--json: pair_precision, pair_recall)`,
    async run(argv, io) {
      const cv = argv.some((a) => a === '--cv' || a.startsWith('--cv='));
      if (argv.includes('--clusters') && cv) return runEvalClustersCv(argv, evalIo(io));
      if (argv.includes('--clusters')) return runEvalClusters(argv.filter((a) => a !== '--clusters'), evalIo(io));
      if (cv) return runEvalCv(argv, evalIo(io, rulesClassifier(io)));
      return runEval(argv, evalIo(io));
    },
  },
  {
    name: 'train',
    summary: 'fit the trained layer on labelled JSONL files and write config/model.json',
    help: TRAIN_HELP,
    async run(argv, io) {
      return runTrain(argv, {
        ...evalIo(io, rulesClassifier(io)), defaultOut: path.join(configDirOf(io), MODEL_FILE),
        writeFile: (file: string, data: string) => writeFile(path.resolve(io.cwd, file), data, 'utf8'),
      });
    },
  },
  {
    name: 'discord register',
    summary: 'register the Discord slash commands (globally, or in DISCORD_DEV_GUILD_ID)',
    help: `Usage: vigie discord register

Registers Vigie's slash commands with their French localisations: in the server DISCORD_DEV_GUILD_ID
when set (immediate), globally otherwise. Needs DISCORD_TOKEN and DISCORD_APPLICATION_ID.`,
    run: runDiscordRegister,
  },
];
