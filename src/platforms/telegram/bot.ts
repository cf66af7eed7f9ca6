/**
 * The Telegram bot: a grammY `Bot` fed by long polling (@grammyjs/runner) or by a webhook, handing
 * updates to the command layer, plus the `TelegramNotifier` the delivery worker posts alerts with.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Bot, GrammyError, webhookCallback, type Api } from 'grammy';
import { ConfigError, VigieError } from '../../core/errors.js';
import type { Lang } from '../../core/types.js';
import { commandsFor, resolveCommandName } from '../../pipeline/commands/catalog.js';
import type { Clock, CommandHandler, Logger, SlotSchedule } from '../../ports.js';
import { AdminCache } from './admins.js';
import { redactToken } from './errors.js';
import { TELEGRAM_CAPABILITIES } from './capabilities.js';
import { TelegramNotifier } from './notifier.js';
import { TelegramPacer } from './pacer.js';
import { updateHandlers } from './updates.js';

/** Update types Vigie asks Telegram for. */
const ALLOWED_UPDATES = ['message', 'channel_post', 'my_chat_member'] as const;

/** How to run the Telegram side. */
export interface TelegramBotOptions {
  token: string;
  /** Bot API server root (self-hosted server, tests); the official API when absent. */
  apiRoot?: string;
  commands: CommandHandler;
  logger: Logger;
  /**
   * Webhook mode: Telegram POSTs updates to `url`, served on `port` by a node http server; only
   * requests carrying `secretToken` in `X-Telegram-Bot-Api-Secret-Token` are handled.
   */
  webhook?: { url: string; port: number; secretToken: string };
  /** Pacing slots shared with other instances (a shared store's); this process's own when absent. */
  schedule?: SlotSchedule;
  /** How long "is this user an admin?" answers are reused (ms, default 30 s). */
  adminCacheMs?: number;
  clock: Clock;
  /** Longest wait for getMe at start-up (ms, default 30 s): an unreachable API root fails, not hangs. */
  startupTimeoutMs?: number;
}

/** The running Telegram side. */
export interface TelegramBot {
  readonly notifier: TelegramNotifier;
  /** Checks the token, registers the commands, starts receiving updates; resolves once running. */
  start(signal: AbortSignal): Promise<void>;
  /**
   * Stops receiving updates (long polling or webhook) and waits for the updates in progress; the
   * notifier keeps working and `start` may be called again (an instance that stopped leading).
   */
  stopReceiving(): Promise<void>;
  /** Stops receiving updates and the notifier (pending pacing waits fail); final. */
  stop(): Promise<void>;
}

/** Builds the Telegram bot and its notifier; nothing touches the network before `start`. */
export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const { token, logger, commands, clock } = options;
  const bot = new Bot(token, { client: { timeoutSeconds: 75, ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}) } });
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (err) {
      if (method === 'getUpdates' && !signal?.aborted) logger.warn({ err: redactToken(String(err), token) }, 'telegram: getUpdates failed, retrying');
      throw err;
    }
  });
  const pacer = new TelegramPacer({ clock, ...(options.schedule ? { schedule: options.schedule } : {}) });
  const notifier = new TelegramNotifier({
    api: bot.api, pacer, logger, token,
    onMigrated: (from, to) => commands.migrated('telegram', from, to),
  });
  const admins = new AdminCache(bot.api, clock, logger, options.adminCacheMs);
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  bot.use(updateHandlers({ commands, notifier, admins, logger, resolveCommand: resolveCommandName, username: () => bot.botInfo.username }));
  bot.catch((e) => logger.error({ updateId: e.ctx.update.update_id, err: redactToken(String(e.error), token) }, 'telegram: update handling failed'));

  let runner: RunnerHandle | undefined;
  let server: Server | undefined;
  let stopping: Promise<void> | undefined;

  async function stopReceiving(): Promise<void> {
    const [r, srv] = [runner, server];
    runner = undefined;
    server = undefined;
    if (r?.isRunning()) await r.stop();
    if (srv) await new Promise<void>((resolve) => { srv.close(() => resolve()); srv.closeAllConnections(); });
  }

  async function stop(): Promise<void> {
    stopping ??= (async () => {
      notifier.close();
      await stopReceiving();
      logger.info('telegram: stopped');
    })();
    return stopping;
  }

  return {
    notifier,
    stop,
    stopReceiving,
    async start(signal) {
      await initialise(bot, token, signal, options.startupTimeoutMs ?? 30_000);
      if (signal.aborted) return;
      await registerCommands(bot.api, logger);
      if (options.webhook) server = await serveWebhook(bot, options.webhook, logger);
      else {
        await bot.api.deleteWebhook();
        runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES }, silent: true } });
        void runner.task()?.catch((err: unknown) => logger.error({ err: redactToken(String(err), token) }, 'telegram: long polling stopped'));
      }
      logger.info({ username: bot.botInfo.username, mode: options.webhook ? 'webhook' : 'polling' }, 'telegram: started');
      if (signal.aborted) await stopReceiving();
      else signal.addEventListener('abort', () => void stopReceiving(), { once: true });
    },
  };
}

/** getMe: a refused token is a configuration error, anything else a readable startup failure. */
async function initialise(bot: Bot, token: string, signal: AbortSignal, timeoutMs: number): Promise<void> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    // grammY types its signal with the abort-controller shim; Node's AbortSignal is what it uses at run time.
    await bot.init(AbortSignal.any([signal, timeout]) as Parameters<Bot['init']>[0]);
  } catch (err) {
    if (signal.aborted) return;
    if (timeout.aborted) {
      throw new VigieError(`telegram: the Bot API did not answer getMe within ${timeoutMs / 1000} s (check TELEGRAM_API_ROOT and the network)`);
    }
    if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) {
      throw new ConfigError([{ where: 'TELEGRAM_BOT_TOKEN', message: `refused by Telegram (${err.error_code}: ${err.description})` }]);
    }
    throw new VigieError(`telegram: cannot reach the Bot API: ${redactToken(String(err), token)}`);
  }
}

/** setMyCommands in French (default and `fr`) and English (`en`); a failure is logged, not fatal. */
async function registerCommands(api: Api, logger: Logger): Promise<void> {
  const list = (lang: Lang): { command: string; description: string }[] =>
    commandsFor(TELEGRAM_CAPABILITIES).map((c) => ({ command: c.name, description: c.description[lang] }));
  try {
    await api.setMyCommands(list('fr'));
    await api.setMyCommands(list('fr'), { language_code: 'fr' });
    await api.setMyCommands(list('en'), { language_code: 'en' });
  } catch (err) {
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'telegram: setMyCommands failed');
  }
}

/** Serves the webhook path on `port` and tells Telegram about it (with the secret token). */
async function serveWebhook(bot: Bot, webhook: NonNullable<TelegramBotOptions['webhook']>, logger: Logger): Promise<Server> {
  const path = new URL(webhook.url).pathname;
  if (webhook.secretToken.length === 0) throw new ConfigError([{ where: 'TELEGRAM_WEBHOOK_SECRET', message: 'required in webhook mode' }]);
  // The secret is checked here, in constant time; grammY's own check is a plain string comparison.
  const handle = webhookCallback(bot, 'http', { onTimeout: 'return', timeoutMilliseconds: 9000 });
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url?.split('?')[0] !== path) {
      res.writeHead(404).end();
      return;
    }
    if (!sameSecret(req.headers['x-telegram-bot-api-secret-token'], webhook.secretToken)) {
      res.writeHead(401).end();
      return;
    }
    handle(req, res).catch((err: unknown) => {
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'telegram: webhook update failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(webhook.port, () => { server.off('error', reject); resolve(); });
  });
  await bot.api.setWebhook(webhook.url, {
    allowed_updates: ALLOWED_UPDATES, secret_token: webhook.secretToken,
  });
  return server;
}

/** Compares a request's secret header with the expected secret in time independent of their contents. */
export function sameSecret(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== 'string') return false;
  // Digests have one length, so timingSafeEqual never leaks the secret's length either.
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(header), digest(secret));
}
