/** `vigie feeds export` (OPML 2.0 on stdout) and `vigie feeds import FILE.opml [--out FILE]` (feeds YAML). */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { VigieError } from '../core/errors.js';
import { loadConfig } from '../config/index.js';
import { feedSchema } from '../config/schema.js';
import { parseCommandArgs, UsageError } from './args.js';
import type { CliIo } from './commands.js';
import { feedsToOpml, opmlToFeeds } from './opml.js';

/** Larger OPML files are refused (a feed reader's export is a few hundred KB at most). */
const MAX_OPML_BYTES = 5_000_000;

/** Prints the configured feeds as OPML 2.0. */
export async function runFeedsExport(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('feeds export', argv, { feeds: { type: 'string' } });
  const config = loadConfig({ env: io.env, cwd: io.cwd, ...(values.feeds ? { feedsFile: values.feeds } : {}) });
  io.stdout.write(feedsToOpml(config.feeds, new Date()));
  return 0;
}

/** Converts an OPML file to the feeds YAML format; skipped and renamed outlines are reported on stderr. */
export async function runFeedsImport(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('feeds import', argv, { out: { type: 'string' } }, true);
  if (positionals.length !== 1) throw new UsageError('feeds import: give one FILE.opml');
  const shown = positionals[0]!;
  const file = path.resolve(io.cwd, shown);
  let text: string;
  try {
    if ((await stat(file)).size > MAX_OPML_BYTES) throw new VigieError(`feeds import: ${shown} is larger than ${MAX_OPML_BYTES} bytes`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof VigieError) throw error;
    throw new VigieError(`feeds import: cannot read ${shown} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  const result = opmlToFeeds(text);
  if (!result.isOpml) throw new VigieError(`feeds import: ${shown} is not an OPML document (no <opml> element)`);
  for (const note of result.notes) io.stderr.write(`${shown}: ${note}\n`);
  const feeds = result.feeds.filter((feed) => {
    const check = feedSchema.safeParse(feed);
    if (!check.success) io.stderr.write(`${shown}: "${feed.name}" skipped: ${check.error.issues[0]?.path.join('.')}: ${check.error.issues[0]?.message}\n`);
    return check.success;
  });
  if (feeds.length === 0) throw new VigieError(`feeds import: no usable feed in ${shown}`);
  const yaml = `# Imported from ${path.basename(shown)} by vigie feeds import; check the URLs with \`vigie feeds check\`.\n`
    + stringify({ feeds: feeds.map((f) => (f.tags.length ? f : { id: f.id, name: f.name, url: f.url })) }, { lineWidth: 0 });
  if (values.out) await writeFile(path.resolve(io.cwd, values.out), yaml, 'utf8');
  else io.stdout.write(yaml);
  const skipped = result.notes.filter((n) => n.includes('skipped')).length + result.feeds.length - feeds.length;
  io.stderr.write(`${shown}: ${feeds.length} feeds imported${skipped ? `, ${skipped} skipped` : ''}${values.out ? ` into ${values.out}` : ''}\n`);
  return 0;
}
