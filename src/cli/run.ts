/** `vigie run`: the bot itself; stops cleanly on SIGINT/SIGTERM. */
import { createApp } from '../app.js';
import { loadConfig } from '../config/index.js';
import { chatPlatforms } from '../config/platforms.js';
import { createLogger } from '../logger.js';
import { parseCommandArgs } from './args.js';
import type { CliIo } from './commands.js';
import { backoffLine, CycleSummary } from './cycle-summary.js';

/** Hides the password of a store URL for logs. */
export function safeStoreUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
}

/** Calls `stop` on the first of `signal` or SIGINT/SIGTERM; returns a function that stops listening. */
function listen(signal: AbortSignal | undefined, stop: (signal: NodeJS.Signals) => void): () => void {
  const onAbort = (): void => stop(signal?.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
  if (signal) {
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    return () => signal.removeEventListener('abort', onAbort);
  }
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
}

/** Runs the bot until a signal (or one cycle with --once). */
export async function runBot(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('run', argv, { once: { type: 'boolean' }, feeds: { type: 'string' } });
  const config = loadConfig({ env: io.env, cwd: io.cwd, ...(values.feeds ? { feedsFile: values.feeds } : {}) });
  const logger = createLogger(config.logLevel, io.stderr, config.logFormat);
  const platforms = chatPlatforms(config.platforms);
  logger.info({ feeds: config.feeds.length, store: safeStoreUrl(config.store.url), platforms: platforms.length ? platforms : ['console'] }, 'starting');
  const app = await createApp({ config, logger, stdout: io.stdout, observers: [new CycleSummary(io.stdout)] });
  const waiting = backoffLine(config.feeds, await app.store.feedStates.all().catch(() => ({})), Date.now());
  if (waiting && !values.once) io.stdout.write(`${waiting}\n`);
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'stopping: finishing the current step');
    controller.abort();
  };
  // In the CLI the entry point's signal stops the bot; alone (tests, embedding), the bot listens itself.
  const unlink = listen(io.signal, stop);
  try {
    if (values.once) await app.runOnce(controller.signal, { force: true });
    else await app.run(controller.signal);
  } finally {
    unlink();
    await app.close();
    logger.info('stopped');
  }
  return 0;
}
