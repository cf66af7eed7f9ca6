/** The CLI's command table: name, one-line summary, help text and entry function of each command. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createClassifier } from '../core/classify/index.js';
import type { Classifier } from '../core/services.js';
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
import { runBackup, runRestore } from './backup.js';
import { runFeedsExport, runFeedsImport } from './feeds-opml.js';
import { runChatsList, runFeedsReset, runFeedsStatus, runOutboxList, runOutboxRetry } from './ops.js';
import { FEEDBACK_EXPORT_HELP, runFeedbackExport } from './feedback-export.js';
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
    name: 'feeds status',
    summary: 'each feed\'s state, backoff and last error, from the store',
    help: `Usage: vigie feeds status [--feeds FILE] [--store URL]

Prints every configured feed with its state (ok, failing ×N, never), last success, items in the last
read, the time its backoff ends and its last error, as the running bot recorded them in the store.`,
    run: runFeedsStatus,
  },
  {
    name: 'feeds reset',
    summary: 'clear a feed\'s failures and backoff so the next cycle polls it',
    help: `Usage: vigie feeds reset ID [--store URL]

Forgets the failures and the backoff of feed ID (validators and counters are kept): the running bot
polls it at its next cycle.`,
    run: runFeedsReset,
  },
  {
    name: 'feeds export',
    summary: 'print the configured feeds as OPML 2.0',
    help: `Usage: vigie feeds export [--feeds FILE] > feeds.opml

Writes the feeds of config/feeds.yaml (or FILE) as an OPML 2.0 document on stdout, tags as the
category attribute, for a feed reader or another Vigie.`,
    run: runFeedsExport,
  },
  {
    name: 'feeds import',
    summary: 'convert an OPML file into the feeds YAML format',
    help: `Usage: vigie feeds import FILE.opml [--out FILE]

Reads a feed reader's OPML export and writes the feeds in the config/feeds.yaml format (stdout, or
FILE with --out): ids derived from the titles, folders and categories as tags. Outlines whose URL is
not http(s) or repeats an earlier one are skipped, and reported on stderr with their line.`,
    run: runFeedsImport,
  },
  {
    name: 'chats list',
    summary: 'the registered chats and channels with their settings',
    help: `Usage: vigie chats list [--json] [--store URL]

Lists every chat and channel Vigie knows: key, title, state, categories, keyword count, language,
digest and registration date. --json prints the stored records as one JSON array.`,
    run: runChatsList,
  },
  {
    name: 'outbox list',
    summary: 'pending deliveries (or the failed ones with --failed)',
    help: `Usage: vigie outbox list [--failed] [--store URL]

Lists the outbox entries waiting to be delivered (id, attempts, not-before time, last error), or with
--failed those given up (kept 7 days).`,
    run: runOutboxList,
  },
  {
    name: 'outbox retry',
    summary: 'queue a failed delivery again (one ID, or --failed for all)',
    help: `Usage: vigie outbox retry ID|--failed [--store URL]

Puts the entry ID (see vigie outbox list --failed), or every failed entry, back in the queue, due now
with its attempts reset. The running bot sends them.`,
    run: runOutboxRetry,
  },
  {
    name: 'backup',
    summary: 'write every record of the store to a portable JSON Lines file',
    help: `Usage: vigie backup FILE [--store URL]

Writes every value (with its expiry) and index entry of the store (STORE_URL, or --store) to FILE as
JSON Lines: a header line, then one record a line. The file is written aside and renamed when complete.
Restore it into any store (SQLite, Redis, PostgreSQL) with vigie restore.`,
    run: runBackup,
  },
  {
    name: 'restore',
    summary: 'load a backup into the store (refuses a non-empty store without --force)',
    help: `Usage: vigie restore FILE [--force] [--store URL]

Checks every line of FILE first (nothing is written if one is bad), then writes the records into the
store (STORE_URL, or --store). Records that expired since the backup are skipped. A store that holds
anything is refused unless --force, which empties it first. Stop the bot while restoring.`,
    run: runRestore,
  },
  {
    name: 'feedback export',
    summary: 'write the marks admins made in the chats (/faux, /manque) as labelled JSONL for vigie train',
    help: FEEDBACK_EXPORT_HELP,
    run: runFeedbackExport,
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
