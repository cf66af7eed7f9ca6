/** Reads and checks Vigie's environment variables; every problem is collected, none thrown. */
import type { ConfigIssue } from '../core/errors.js';
import { MAX_INTERVAL_SECONDS } from './schema.js';

/** Overrides of the defaults file taken from the environment. */
export interface EnvOverrides {
  storeUrl?: string;
  pollIntervalSeconds?: number;
  pollThreads?: number | 'auto';
  logLevel?: string;
  feedsFile?: string;
  configDir?: string;
  /** Log output: human-readable lines or JSON; absent means pretty on a terminal, JSON otherwise. */
  logFormat?: 'pretty' | 'json';
  /** The operations endpoint (health, readiness, metrics, status page); absent when HTTP_PORT is unset. */
  http?: { host: string; port: number };
  /** The chat that receives operator notices (OPERATOR_CHAT). */
  operatorChat?: { platform: 'telegram' | 'discord'; chatId: string };
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

/** A reader of environment variables: trimmed, undefined when unset or empty. */
export function envGetter(env: NodeJS.ProcessEnv): (name: string) => string | undefined {
  return (name) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
}

/**
 * Parses the environment's general settings (each platform reads its own through the registry);
 * problems are pushed to `issues` with the variable's name as location.
 */
export function readEnv(env: NodeJS.ProcessEnv, issues: ConfigIssue[]): EnvOverrides {
  const get = envGetter(env);
  const problem = (where: string, message: string) => issues.push({ where, message });
  const out: EnvOverrides = {};

  const storeUrl = get('STORE_URL');
  if (storeUrl !== undefined) {
    const why = storeUrlProblem(storeUrl);
    if (why) problem('STORE_URL', why);
    else out.storeUrl = storeUrl;
  }
  const interval = get('POLL_INTERVAL_SECONDS');
  if (interval !== undefined) {
    const n = Number(interval);
    // Above a day the timer would overflow (setTimeout's 2^31 ms) into a loop of back-to-back cycles.
    if (!Number.isInteger(n) || n < 10 || n > MAX_INTERVAL_SECONDS) {
      problem('POLL_INTERVAL_SECONDS', `"${interval}" is not a whole number of seconds from 10 to ${MAX_INTERVAL_SECONDS} (one day)`);
    } else out.pollIntervalSeconds = n;
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
  const format = get('LOG_FORMAT');
  if (format !== undefined) {
    if (format !== 'pretty' && format !== 'json') problem('LOG_FORMAT', `"${format}" is not pretty or json`);
    else out.logFormat = format;
  }
  readHttp(get, problem, out);
  const operator = get('OPERATOR_CHAT');
  if (operator !== undefined) {
    const match = /^(telegram|discord):(-?\d{1,25})$/.exec(operator);
    if (!match) problem('OPERATOR_CHAT', 'expected telegram:<chat id> or discord:<channel id> (digits)');
    else out.operatorChat = { platform: match[1] as 'telegram' | 'discord', chatId: match[2]! };
  }
  return out;
}

function readHttp(get: (name: string) => string | undefined, problem: (where: string, message: string) => void, out: EnvOverrides): void {
  const portText = get('HTTP_PORT');
  const host = get('HTTP_HOST') ?? '127.0.0.1';
  if (portText === undefined) return;
  const port = Number(portText);
  // 0 lets the system pick a free port (tests); the bound address is logged.
  if (!/^\d+$/.test(portText) || port > 65_535) problem('HTTP_PORT', `"${portText}" is not a TCP port (0–65535)`);
  if (!/^[A-Za-z0-9.:[\]-]{1,255}$/.test(host)) problem('HTTP_HOST', `"${host}" is not a host name or IP address`);
  out.http = { host: host.replace(/^\[(.*)\]$/, '$1'), port };
}
