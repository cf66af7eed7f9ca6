/**
 * `vigie feedback export [--out FILE] [--store URL]`: writes the marks administrators made in the
 * chats as labelled corpus lines (JSON Lines), which `vigie train` and `vigie eval` read.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config/index.js';
import { toCorpusLine } from '../core/feedback.js';
import { createLogger } from '../logger.js';
import type { FeedbackLog } from '../ports.js';
import { openStore } from '../store/open-store.js';
import { parseCommandArgs } from './args.js';
import type { CliIo } from './commands.js';

/** The command's help text. */
export const FEEDBACK_EXPORT_HELP = `Usage: vigie feedback export [--out FILE] [--store URL]

Writes every mark administrators made in the chats (/faux, /wrong, /manque, /missed) as corpus
lines: {id, title, summary, url, label, event, date, source_domain, note}; the note says who marked
and what Vigie had said. A missed article that was not among the polled items has no text: its
URL's words come as url_slug_text. Train on them with: vigie train corpus.jsonl feedback.jsonl

Options:
  --out FILE     write there instead of the standard output
  --store URL    store to read (default: the configured one)`;

/** The JSON Lines text of the marks, oldest first ("" when there are none). */
export async function exportFeedback(feedback: FeedbackLog): Promise<{ text: string; count: number }> {
  const marks = await feedback.list();
  return { text: marks.map((m) => `${JSON.stringify(toCorpusLine(m))}\n`).join(''), count: marks.length };
}

/** Runs the command; resolves 0 on success (store and write errors throw with their cause). */
export async function runFeedbackExport(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('feedback export', argv, { out: { type: 'string' }, store: { type: 'string' } });
  const config = loadConfig({ env: io.env, cwd: io.cwd });
  const logger = createLogger(config.logLevel, io.stderr);
  const store = await openStore(values.store ?? config.store.url, {
    retentionMs: config.store.retentionMs, alertRetentionMs: config.store.alertRetentionMs, logger, cwd: io.cwd,
  });
  try {
    const { text, count } = await exportFeedback(store.feedback);
    if (values.out === undefined) io.stdout.write(text);
    else {
      await writeFile(path.resolve(io.cwd, values.out), text, 'utf8');
      io.stderr.write(`vigie feedback export: ${count} mark(s) → ${values.out}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}
