/**
 * Reads the webhooks file (WEBHOOKS_FILE, or config/webhooks.yaml when present): every entry is
 * checked and every problem reported together. A URL is a secret: no message ever shows it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseKeywordArgs, type KeywordSet } from '../../core/keywords.js';
import { isHttpUrl } from '../../core/platform.js';
import type { IncidentCategory, Lang } from '../../core/types.js';
import type { PlatformConfigContext } from '../../ports.js';
import { WEBHOOK_FORMATS, type WebhookFormat } from './capabilities.js';

/** One outlet, validated. */
export interface WebhookEntry {
  id: string;
  url: string;
  format: WebhookFormat;
  categories: Record<IncidentCategory, boolean>;
  keywords: string[];
  exclusions: string[];
  lang: Lang;
}

/** The webhook platform's settings: its outlets. */
export interface WebhookSettings {
  hooks: WebhookEntry[];
}

const entrySchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be 1–64 characters of A-Z, a-z, 0-9, _ and -'),
  url: z.string().refine(isHttpUrl, 'not an http(s) URL'),
  format: z.enum(WEBHOOK_FORMATS, { error: `must be one of ${WEBHOOK_FORMATS.join(', ')}` }),
  categories: z.array(z.enum(['cyberattack', 'outage'], { error: 'must be cyberattack or outage' })).min(1, 'at least one category').optional(),
  keywords: z.union([z.string(), z.array(z.string())]).optional(),
  lang: z.enum(['fr', 'en'], { error: 'must be fr or en' }).optional(),
}).strict();

const fileSchema = z.object({ webhooks: z.array(entrySchema).default([]) }).strict();

/** Reads and validates the webhooks file; undefined when there is none (or it lists no outlet). */
export function readWebhookConfig(context: PlatformConfigContext): WebhookSettings | undefined {
  const explicit = context.env('WEBHOOKS_FILE');
  const file = explicit === undefined ? path.join(context.configDir, 'webhooks.yaml') : path.resolve(context.cwd, explicit);
  if (explicit === undefined && !existsSync(file)) return undefined;
  const shown = display(file, context.cwd);
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    context.problem(explicit === undefined ? shown : `WEBHOOKS_FILE (${shown})`, code ? `cannot be read (${code})` : `invalid YAML: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
  const parsed = fileSchema.safeParse(data ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) context.problem(`${shown}: ${formatPath(issue.path)}`.replace(/: $/, ''), issue.message);
    return undefined;
  }
  const hooks: WebhookEntry[] = [];
  const seen = new Set<string>();
  parsed.data.webhooks.forEach((raw, i) => {
    const where = `${shown}: webhooks[${i}]`;
    if (seen.has(raw.id)) context.problem(`${where}.id`, `duplicate webhook id "${raw.id}"`);
    seen.add(raw.id);
    const words = keywordsOf(raw.keywords);
    if (!words.ok) {
      context.problem(`${where}.keywords`, words.error.message.en);
      return;
    }
    const categories = raw.categories ?? ['cyberattack', 'outage'];
    hooks.push({
      id: raw.id, url: raw.url, format: raw.format, lang: raw.lang ?? 'fr',
      categories: { cyberattack: categories.includes('cyberattack'), outage: categories.includes('outage') },
      keywords: words.keywords, exclusions: words.exclusions,
    });
  });
  return hooks.length > 0 ? { hooks } : undefined;
}

/** A URL's fingerprint: tells a changed URL apart without keeping or showing the URL. */
export function urlFingerprint(url: string): string {
  return createHash('sha256').update(url).digest('hex').slice(0, 16);
}

/** Keywords as `/subscribe` reads them: one string in its syntax, or a list of terms (`-` excludes). */
function keywordsOf(value: string | string[] | undefined): ReturnType<typeof parseKeywordArgs> | ({ ok: true } & KeywordSet) {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return { ok: true, keywords: [], exclusions: [] };
  if (typeof value === 'string') return parseKeywordArgs(value);
  // Each list item is one term, phrases included: quote it, keeping a leading "-" outside.
  const text = value.map((term) => {
    const t = term.trim();
    const negated = /^[-−–—]/.test(t);
    return `${negated ? '-' : ''}"${(negated ? t.slice(1) : t).replace(/"/g, '')}"`;
  }).join(', ');
  return parseKeywordArgs(text);
}

function formatPath(parts: readonly PropertyKey[]): string {
  return parts.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function display(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') ? file : relative;
}
