/** Zod schemas of Vigie's YAML configuration files and the formatting of their problems. */
import { z } from 'zod';
import type { ConfigIssue } from '../core/errors.js';

const httpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}, 'not an http(s) URL');

/** One feed entry of config/feeds.yaml. */
export const feedSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1–64 characters of a-z, 0-9 and -'),
  name: z.string().trim().min(1, 'must not be empty').max(100, 'at most 100 characters'),
  url: httpUrl,
  interval: z.number().int('must be a whole number of seconds').min(60, 'at least 60 seconds').max(86_400).optional(),
  tags: z.array(z.string().min(1).max(32)).max(20).default([]),
}).strict();

/** Most feeds one process polls; more are refused with the way out. */
export const MAX_FEEDS = 5_000;
/** Longest poll interval (s): one day, as for a feed's own `interval`. */
export const MAX_INTERVAL_SECONDS = 86_400;

/** config/feeds.yaml. */
export const feedsFileSchema = z.object({
  feeds: z.array(feedSchema).min(1, 'at least one feed is needed')
    .max(MAX_FEEDS, `at most ${MAX_FEEDS} feeds per process: split them into several feeds files, one Vigie process each on the same store`),
}).strict();

const positiveInt = z.number().int('must be a whole number').positive('must be positive');

/** config/defaults.yaml. */
export const defaultsSchema = z.object({
  poll: z.object({
    intervalSeconds: positiveInt.min(10, 'at least 10 seconds').max(MAX_INTERVAL_SECONDS, 'at most 86400 seconds (one day)'),
    backfillHours: z.number().min(0),
    threads: z.union([z.literal('auto'), z.number().int('must be a whole number').min(0).max(16)]).default('auto'),
  }).strict(),
  fetch: z.object({
    timeoutSeconds: positiveInt.max(300),
    maxBytes: positiveInt.max(100_000_000),
    maxRedirects: z.number().int().min(0).max(20),
    concurrency: positiveInt.max(256),
    perHost: positiveInt.max(16),
    parseSeconds: z.number().positive('must be positive').max(60, 'at most 60 seconds').default(5),
    userAgent: z.string().min(1).max(300),
  }).strict(),
  store: z.object({
    url: z.string().min(1),
    retentionDays: z.number().positive(),
    alertRetentionDays: z.number().positive(),
  }).strict(),
  delivery: z.object({
    concurrency: positiveInt.max(1000),
    maxAttempts: positiveInt.max(100),
  }).strict(),
  log: z.object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) }).strict(),
}).strict();

export type DefaultsFile = z.infer<typeof defaultsSchema>;
export type FeedsFile = z.infer<typeof feedsFileSchema>;

/** Turns a zod error into one issue per problem, located as `file: a.b[3].c`. */
export function zodIssues(file: string, error: z.ZodError): ConfigIssue[] {
  return error.issues.map((issue) => ({
    where: issue.path.length > 0 ? `${file}: ${formatPath(issue.path)}` : file,
    message: issue.message,
  }));
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out.length === 0 ? String(part) : `.${String(part)}`;
  }
  return out;
}
