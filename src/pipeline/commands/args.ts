/** Argument parsers of the commands: each returns a value or undefined, never throws. */
import { fold } from '../../core/text.js';
import type { IncidentCategory, Lang } from '../../core/types.js';

/** Alerts `/latest` shows when no count is given. */
export const LATEST_DEFAULT = 5;
/** Most alerts `/latest` shows. */
export const LATEST_MAX = 10;
/** Digest time zone when none is given. */
export const DEFAULT_TIME_ZONE = 'Europe/Paris';

/** `/latest [n] [mot-clé]`: a count (clamped to 1…10) and the keyword text; undefined for n < 1. */
export function parseLatestArgs(args: string): { count: number; filter: string } | undefined {
  const match = /^(\d{1,6})(?:\s+|$)/.exec(args);
  if (match === null) return { count: LATEST_DEFAULT, filter: args };
  const count = Number(match[1]);
  if (count < 1) return undefined;
  return { count: Math.min(count, LATEST_MAX), filter: args.slice(match[0].length).trim() };
}

const CATEGORY_WORDS: Record<string, IncidentCategory[]> = {
  cyber: ['cyberattack'], cyberattaque: ['cyberattack'], cyberattaques: ['cyberattack'], attaque: ['cyberattack'],
  attaques: ['cyberattack'], cyberattack: ['cyberattack'], cyberattacks: ['cyberattack'],
  panne: ['outage'], pannes: ['outage'], outage: ['outage'], outages: ['outage'],
  tout: ['cyberattack', 'outage'], tous: ['cyberattack', 'outage'], toutes: ['cyberattack', 'outage'],
  all: ['cyberattack', 'outage'], both: ['cyberattack', 'outage'],
};
const FILLERS = new Set(['et', 'and', 'les', 'deux', 'seulement', 'only']);

/** `/categories cyber|panne|tout` (and English): the categories turned on; undefined when not understood. */
export function parseCategories(args: string): Record<IncidentCategory, boolean> | undefined {
  const result = { cyberattack: false, outage: false };
  const tokens = fold(args).split(' ').filter((t) => t.length > 0);
  let understood = false;
  for (const token of tokens) {
    const categories = CATEGORY_WORDS[token];
    if (categories === undefined) {
      if (FILLERS.has(token)) continue;
      return undefined;
    }
    understood = true;
    for (const c of categories) result[c] = true;
  }
  return understood ? result : undefined;
}

/** `/lang fr|en`. */
export function parseLang(args: string): Lang | undefined {
  const token = fold(args);
  if (['fr', 'francais', 'french'].includes(token)) return 'fr';
  if (['en', 'english', 'anglais'].includes(token)) return 'en';
  return undefined;
}

/** Words meaning "turn it off" in `/digest off`, `/pingrole off`, `/unsubscribe tout`. */
export function isOff(args: string): boolean {
  return ['off', 'non', 'no', 'aucun', 'none', 'stop', 'desactiver', 'disable'].includes(fold(args));
}

/** Whether `/unsubscribe` was asked to remove everything. */
export function isAll(args: string): boolean {
  return ['tout', 'tous', 'all', 'everything'].includes(fold(args));
}

/** "8:00", "08:00", "8h", "08h30", "8" → "08:00"; undefined when not a valid 24-hour time. */
export function parseTime(text: string): string | undefined {
  const match = /^(\d{1,2})(?:[:hH](\d{2})?)?$/.exec(text);
  if (match === null) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? '0');
  if (hours > 23 || minutes > 59) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** The canonical IANA name of a time zone ("europe/paris" → "Europe/Paris"); undefined when unknown. */
export function parseTimeZone(text: string): string | undefined {
  if (text.length === 0 || text.length > 64) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    return undefined; // RangeError: not a time zone Intl knows
  }
}

/** `/digest HH:MM [zone]` or `/digest off`. */
export type DigestArgs =
  | { kind: 'off' }
  | { kind: 'set'; time: string; timeZone?: string }
  | { kind: 'bad_time'; text: string }
  | { kind: 'bad_zone'; text: string }
  | { kind: 'bad_syntax' };

/** Parses `/digest` arguments; the zone is optional (the caller picks the default). */
export function parseDigestArgs(args: string): DigestArgs {
  if (isOff(args)) return { kind: 'off' };
  const parts = args.split(/\s+/).filter((p) => p.length > 0);
  const [timeText, zoneText, ...rest] = parts;
  if (timeText === undefined || rest.length > 0) return { kind: 'bad_syntax' };
  const time = parseTime(timeText);
  if (time === undefined) return { kind: 'bad_time', text: timeText };
  if (zoneText === undefined) return { kind: 'set', time };
  const timeZone = parseTimeZone(zoneText);
  return timeZone === undefined ? { kind: 'bad_zone', text: zoneText } : { kind: 'set', time, timeZone };
}

/** A Discord id given raw or as a mention (`<#123…>`, `<@&123…>`); undefined otherwise. */
export function parseSnowflake(text: string, mention: '#' | '@&'): string | undefined {
  const trimmed = text.trim();
  const raw = trimmed.startsWith(`<${mention}`) && trimmed.endsWith('>') ? trimmed.slice(mention.length + 1, -1) : trimmed;
  return /^\d{1,21}$/.test(raw) ? raw : undefined;
}
