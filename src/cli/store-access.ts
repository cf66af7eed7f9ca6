/** Opens the configured store for an operator command and closes it afterwards. */
import { loadConfig, type Config } from '../config/index.js';
import { createLogger } from '../logger.js';
import type { KeyvStore } from '../store/keyv-store.js';
import { openStore } from '../store/open-store.js';
import type { CliIo } from './commands.js';

/** Runs `fn` with the store of STORE_URL (or `storeUrl`), the configuration, and closes the store. */
export async function withStore<T>(
  io: CliIo,
  options: { storeUrl?: string | undefined; feedsFile?: string | undefined },
  fn: (store: KeyvStore, config: Config) => Promise<T>,
): Promise<T> {
  const env = options.storeUrl ? { ...io.env, STORE_URL: options.storeUrl } : io.env;
  const config = loadConfig({ env, cwd: io.cwd, ...(options.feedsFile ? { feedsFile: options.feedsFile } : {}) });
  // Operator commands print their own results; the log only says what went wrong.
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, io.stderr, config.logFormat);
  const store = await openStore(config.store.url, {
    retentionMs: config.store.retentionMs, alertRetentionMs: config.store.alertRetentionMs, logger, cwd: io.cwd,
  });
  try {
    return await fn(store, config);
  } finally {
    await store.close();
  }
}
