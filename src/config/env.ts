/** Reads and checks Vigie's environment variables; every problem is collected, none thrown. */
import type { ConfigIssue } from '../core/errors.js';

/** Platform settings taken from the environment. */
export interface PlatformEnv {
  telegram?: {
    token: string;
    apiRoot?: string;
    webhook?: { url: string; port: number; secretToken?: string };
  };
  discord?: { token: string; applicationId: string; apiUrl?: string; devGuildId?: string };
}

/** Overrides of the defaults file taken from the environment. */
export interface EnvOverrides {
  storeUrl?: string;
  pollIntervalSeconds?: number;
  pollThreads?: number | 'auto';
  logLevel?: string;
  feedsFile?: string;
  configDir?: string;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const STORE_SCHEMES = ['memory:', 'sqlite:', 'redis:', 'rediss:', 'postgres:', 'postgresql:'];

/** Checks a store URL's scheme; returns a problem or undefined. Never echoes credentials. */
export function storeUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not a URL (expected sqlite://path, redis://host:port, postgres://… or memory://)';
  }
  if (!STORE_SCHEMES.includes(url.protocol)) {
    return `unsupported scheme "${url.protocol}" (expected sqlite:, redis:, postgres: or memory:)`;
  }
  return undefined;
}

/** Parses the environment; problems are pushed to `issues` with the variable's name as location. */
export function readEnv(env: NodeJS.ProcessEnv, issues: ConfigIssue[]): EnvOverrides & PlatformEnv {
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const problem = (where: string, message: string) => issues.push({ where, message });
  const out: EnvOverrides & PlatformEnv = {};

  const storeUrl = get('STORE_URL');
  if (storeUrl !== undefined) {
    const why = storeUrlProblem(storeUrl);
    if (why) problem('STORE_URL', why);
    else out.storeUrl = storeUrl;
  }
  const interval = get('POLL_INTERVAL_SECONDS');
  if (interval !== undefined) {
    const n = Number(interval);
    if (!Number.isInteger(n) || n < 10) problem('POLL_INTERVAL_SECONDS', `"${interval}" is not a whole number of seconds ≥ 10`);
    else out.pollIntervalSeconds = n;
  }
  const threads = get('POLL_THREADS');
  if (threads !== undefined) {
    const n = Number(threads);
    if (threads === 'auto') out.pollThreads = 'auto';
    else if (!Number.isInteger(n) || n < 0 || n > 16) problem('POLL_THREADS', `"${threads}" is not "auto" or a whole number from 0 to 16`);
    else out.pollThreads = n;
  }
  const level = get('LOG_LEVEL');
  if (level !== undefined) {
    if (!LOG_LEVELS.includes(level)) problem('LOG_LEVEL', `"${level}" is not one of ${LOG_LEVELS.join(', ')}`);
    else out.logLevel = level;
  }
  const feedsFile = get('FEEDS_FILE');
  if (feedsFile !== undefined) out.feedsFile = feedsFile;
  const configDir = get('VIGIE_CONFIG_DIR');
  if (configDir !== undefined) out.configDir = configDir;

  readTelegram(get, problem, out);
  readDiscord(get, problem, out);
  return out;
}

type Getter = (name: string) => string | undefined;
type Problem = (where: string, message: string) => void;

function httpUrlOk(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function readTelegram(get: Getter, problem: Problem, out: PlatformEnv): void {
  const token = get('TELEGRAM_BOT_TOKEN');
  const apiRoot = get('TELEGRAM_API_ROOT');
  const webhookUrl = get('TELEGRAM_WEBHOOK_URL');
  if (apiRoot !== undefined && !httpUrlOk(apiRoot)) problem('TELEGRAM_API_ROOT', 'not an http(s) URL');
  if (token === undefined) {
    if (webhookUrl !== undefined) problem('TELEGRAM_WEBHOOK_URL', 'set, but TELEGRAM_BOT_TOKEN is missing');
    return;
  }
  // The token itself is never echoed: only its expected shape.
  if (!/^\d{3,20}:[A-Za-z0-9_-]{20,100}$/.test(token)) {
    problem('TELEGRAM_BOT_TOKEN', 'does not look like a bot token (expected <digits>:<35 characters>, from @BotFather)');
  }
  const telegram: NonNullable<PlatformEnv['telegram']> = { token };
  if (apiRoot !== undefined) telegram.apiRoot = apiRoot.replace(/\/+$/, '');
  if (webhookUrl !== undefined) {
    if (!webhookUrl.startsWith('https://') && !webhookUrl.startsWith('http://')) {
      problem('TELEGRAM_WEBHOOK_URL', 'not an http(s) URL');
    }
    const portText = get('TELEGRAM_WEBHOOK_PORT') ?? '8443';
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 1 || port > 65_535) problem('TELEGRAM_WEBHOOK_PORT', `"${portText}" is not a TCP port`);
    const secretToken = get('TELEGRAM_WEBHOOK_SECRET');
    if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
      problem('TELEGRAM_WEBHOOK_SECRET', 'only A-Z, a-z, 0-9, _ and - are allowed (1–256 characters)');
    }
    telegram.webhook = { url: webhookUrl, port, ...(secretToken ? { secretToken } : {}) };
  }
  out.telegram = telegram;
}

function readDiscord(get: Getter, problem: Problem, out: PlatformEnv): void {
  const token = get('DISCORD_TOKEN');
  const applicationId = get('DISCORD_APPLICATION_ID');
  const apiUrl = get('DISCORD_API_URL');
  const devGuildId = get('DISCORD_DEV_GUILD_ID');
  if (apiUrl !== undefined && !httpUrlOk(apiUrl)) problem('DISCORD_API_URL', 'not an http(s) URL');
  if (devGuildId !== undefined && !/^\d{5,25}$/.test(devGuildId)) problem('DISCORD_DEV_GUILD_ID', 'not a Discord id (digits)');
  if (token === undefined) {
    if (applicationId !== undefined) problem('DISCORD_TOKEN', 'missing while DISCORD_APPLICATION_ID is set');
    return;
  }
  if (token.length < 30 || /\s/.test(token)) problem('DISCORD_TOKEN', 'does not look like a bot token');
  if (applicationId === undefined) problem('DISCORD_APPLICATION_ID', 'required with DISCORD_TOKEN (the application id, digits)');
  else if (!/^\d{5,25}$/.test(applicationId)) problem('DISCORD_APPLICATION_ID', 'not a Discord id (digits)');
  out.discord = {
    token,
    applicationId: applicationId ?? '',
    ...(apiUrl ? { apiUrl: apiUrl.replace(/\/+$/, '') } : {}),
    ...(devGuildId ? { devGuildId } : {}),
  };
}
