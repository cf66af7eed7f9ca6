/**
 * Loads Vigie's configuration once at startup: `.env`, config/defaults.yaml, config/feeds.yaml and the
 * classifier lexicon. Every problem is reported together in one ConfigError; the result is frozen.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseDotenv } from 'dotenv';
import { parse as parseYaml } from 'yaml';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import type { FeedConfig, FetchOptions } from '../core/feed-types.js';
import type { AllowedChat } from '../core/platform.js';
import type { Platform } from '../core/types.js';
import { readEnv, storeUrlProblem } from './env.js';
import { readAllowedChats } from './allowed-chats.js';
import { envGetter } from './env.js';
import { PLATFORMS, readPlatforms } from './platforms.js';
import { loadLexicon } from './lexicon.js';
import { loadModelFile } from './model.js';
import type { ModelFile } from '../core/classify/model.js';
import { defaultsSchema, feedsFileSchema, zodIssues, type DefaultsFile } from './schema.js';

/** Vigie's validated, frozen configuration. Durations are in milliseconds. */
export interface Config {
  /** Settings of each configured platform, by registry id (the console's always). */
  platforms: Readonly<Record<Platform, unknown>>;
  configDir: string;
  feedsFile: string;
  feeds: FeedConfig[];
  /** `threads`: worker threads parsing and analysing (0: all on the main thread; 'auto': per core). */
  poll: { intervalMs: number; backfillMs: number; threads: number | 'auto' };
  fetch: FetchOptions;
  store: { url: string; retentionMs: number; alertRetentionMs: number };
  delivery: { concurrency: number; maxAttempts: number };
  logLevel: string;
  /** Absent: pretty on a terminal, JSON otherwise. */
  logFormat?: 'pretty' | 'json';
  /** The operations endpoint; absent when HTTP_PORT is unset. */
  http?: { host: string; port: number };
  /** Private mode (ALLOWED_CHATS): the only chats served; absent: every chat is. */
  allowedChats?: AllowedChat[];
  /** Where operator notices go (OPERATOR_CHAT); absent: none are sent. */
  operatorChat?: { platform: 'telegram' | 'discord'; chatId: string };
  lexicon: ReturnType<typeof loadLexicon>;
  /** The trained layer (config/model.json); absent: rules alone. */
  model?: ModelFile;
}

/** Where to read from; everything defaults to the package's own config/ and the process. */
export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  configDir?: string;
  feedsFile?: string;
  /** Directory searched for `.env` (default: the current directory). */
  cwd?: string;
}

/** The package's root directory (where package.json and config/ are), from src/ or dist/. */
export function packageRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}

/** Loads and validates everything; throws one ConfigError listing every problem found. */
export function loadConfig(options: LoadOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const env = withDotenv(options.env ?? process.env, cwd);
  const issues: ConfigIssue[] = [];
  const overrides = readEnv(env, issues);
  const configDir = path.resolve(cwd, options.configDir ?? overrides.configDir ?? path.join(packageRoot(), 'config'));
  const feedsFile = path.resolve(cwd, options.feedsFile ?? overrides.feedsFile ?? path.join(configDir, 'feeds.yaml'));
  const platforms = readPlatforms(env, { configDir, cwd }, issues);

  const defaults = readYaml(path.join(configDir, 'defaults.yaml'), cwd, issues, (file, data) => {
    const parsed = defaultsSchema.safeParse(data);
    if (!parsed.success) issues.push(...zodIssues(file, parsed.error));
    return parsed.data;
  });
  const feeds = readYaml(feedsFile, cwd, issues, (file, data) => {
    const parsed = feedsFileSchema.safeParse(data);
    if (!parsed.success) {
      issues.push(...zodIssues(file, parsed.error));
      return undefined;
    }
    duplicateIds(parsed.data.feeds).forEach((i) => issues.push({ where: `${file}: feeds[${i}].id`, message: 'duplicate feed id' }));
    return parsed.data.feeds;
  });
  let lexicon: Config['lexicon'] | undefined;
  try {
    lexicon = loadLexicon(configDir);
  } catch (error) {
    if (error instanceof ConfigError) issues.push(...error.issues);
    else issues.push({ where: path.join(configDir, 'lexicon.yaml'), message: String((error as Error).message) });
  }
  let model: ModelFile | undefined;
  try {
    model = loadModelFile(configDir);
  } catch (error) {
    if (error instanceof ConfigError) issues.push(...error.issues);
    else throw error;
  }
  if (defaults) {
    const why = storeUrlProblem(defaults.store.url);
    if (why) issues.push({ where: `${display(path.join(configDir, 'defaults.yaml'), cwd)}: store.url`, message: why });
  }
  if (overrides.operatorChat && !platforms[overrides.operatorChat.platform]) {
    issues.push({ where: 'OPERATOR_CHAT', message: `${overrides.operatorChat.platform} is not configured (its token is missing)` });
  }
  const allowedChats = readAllowedChats(envGetter(env)('ALLOWED_CHATS'),
    PLATFORMS.map((p) => ({ id: p.id, capabilities: p.capabilities, configured: platforms[p.id] !== undefined })), issues);
  const operator = overrides.operatorChat;
  const operatorPlatform = PLATFORMS.find((p) => p.id === operator?.platform);
  // Where chats are named by their own id, the operator's chat must be listed or the bot would leave it.
  if (operator && allowedChats && operatorPlatform && !operatorPlatform.capabilities.channelChoice
    && !allowedChats.some((a) => a.platform === operator.platform && a.id === operator.chatId)) {
    issues.push({ where: 'OPERATOR_CHAT', message: `${operator.platform}:${operator.chatId} is not in ALLOWED_CHATS: add it, or the bot would refuse its own operator chat` });
  }
  if (issues.length > 0 || !defaults || !feeds || !lexicon) throw new ConfigError(issues);

  return deepFreeze({
    ...assemble(defaults, feeds, lexicon, overrides, { configDir, feedsFile }), platforms,
    ...(model ? { model } : {}), ...(allowedChats ? { allowedChats } : {}),
  });
}

function assemble(
  d: DefaultsFile,
  feeds: FeedConfig[],
  lexicon: Config['lexicon'],
  o: ReturnType<typeof readEnv>,
  paths: { configDir: string; feedsFile: string },
): Omit<Config, 'platforms'> {
  const day = 86_400_000;
  return {
    ...paths,
    feeds,
    poll: {
      intervalMs: (o.pollIntervalSeconds ?? d.poll.intervalSeconds) * 1000, backfillMs: d.poll.backfillHours * 3_600_000,
      threads: o.pollThreads ?? d.poll.threads,
    },
    fetch: {
      timeoutMs: d.fetch.timeoutSeconds * 1000,
      maxBytes: d.fetch.maxBytes,
      maxRedirects: d.fetch.maxRedirects,
      userAgent: d.fetch.userAgent,
      concurrency: d.fetch.concurrency,
      perHost: d.fetch.perHost,
      parseBudgetMs: d.fetch.parseSeconds * 1000,
    },
    store: { url: o.storeUrl ?? d.store.url, retentionMs: d.store.retentionDays * day, alertRetentionMs: d.store.alertRetentionDays * day },
    delivery: { ...d.delivery },
    logLevel: o.logLevel ?? d.log.level,
    ...(o.logFormat ? { logFormat: o.logFormat } : {}),
    ...(o.http ? { http: o.http } : {}),
    ...(o.operatorChat ? { operatorChat: o.operatorChat } : {}),
    lexicon,
  };
}

/** Variables from `.env` (when present) under those already set in the environment. */
function withDotenv(env: NodeJS.ProcessEnv, cwd: string): NodeJS.ProcessEnv {
  const file = path.join(cwd, '.env');
  if (!existsSync(file)) return env;
  return { ...parseDotenv(readFileSync(file)), ...env };
}

function readYaml<T>(
  file: string,
  cwd: string,
  issues: ConfigIssue[],
  validate: (shown: string, data: unknown) => T | undefined,
): T | undefined {
  const shown = display(file, cwd);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    issues.push({ where: shown, message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
    return undefined;
  }
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true });
  } catch (error) {
    issues.push({ where: shown, message: `invalid YAML: ${(error as Error).message.split('\n')[0]}` });
    return undefined;
  }
  return validate(shown, data);
}

function display(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') ? file : relative;
}

function duplicateIds(feeds: { id: string }[]): number[] {
  const seen = new Set<string>();
  const dups: number[] = [];
  feeds.forEach((f, i) => (seen.has(f.id) ? dups.push(i) : seen.add(f.id)));
  return dups;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
