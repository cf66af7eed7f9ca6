/** `vigie feeds check`: one fetch of every feed, printed as a health table. */
import { loadConfig } from '../config/index.js';
import { checkFeeds, formatFeedTable } from '../feeds/check.js';
import { HttpFeedSource } from '../feeds/http-feed-source.js';
import { createLogger } from '../logger.js';
import { parseCommandArgs } from './args.js';
import type { CliIo } from './commands.js';

/** Prints the table; exit code 1 when any feed failed (a feed read in part is reported, not failed). */
export async function runFeedsCheck(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('feeds check', argv, { feeds: { type: 'string' } });
  const config = loadConfig({ env: io.env, cwd: io.cwd, ...(values.feeds ? { feedsFile: values.feeds } : {}) });
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, io.stderr);
  const source = new HttpFeedSource(config.fetch, logger);
  const rows = await checkFeeds(config.feeds, source, () => Date.now(), new AbortController().signal);
  io.stdout.write(`${formatFeedTable(rows)}\n`);
  const failed = rows.filter((r) => r.error).length;
  const partial = rows.filter((r) => !r.error && r.partial !== undefined).length;
  io.stdout.write(`${rows.length} feeds, ${rows.length - failed - partial} ok, ${partial} partial, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}
