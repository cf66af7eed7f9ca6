/** Wording helpers shared by both languages: counts with plurals, quoted terms, dates with "time ago". */
import type { Lang } from '../types.js';

/**
 * "1 doublon", "3 doublons", "0 alerte": the count and the noun in the right number. French keeps
 * 0 and 1 singular, English only 1. `many` defaults to `one` + "s".
 */
export function plural(lang: Lang, n: number, one: string, many = `${one}s`): string {
  const singular = lang === 'fr' ? Math.abs(n) < 2 : n === 1;
  return `${n} ${singular ? one : many}`;
}

/** Quotes a user's keyword for display, in the language's quotation marks. */
export function quoteTerm(lang: Lang, term: string): string {
  return lang === 'fr' ? `« ${term} »` : `"${term}"`;
}

/** Lists quoted terms: « a », « b ». */
export function quoteList(lang: Lang, terms: readonly string[]): string {
  return terms.map((t) => quoteTerm(lang, t)).join(', ');
}

/** Formats an epoch-ms instant for the reader ("12/03/2025 14:05 (il y a 3 min)"). */
export type TimeFormatter = (ms: number) => string;

const MINUTE = 60_000;

/** Builds a formatter showing the date in the zone and how long before `now` it was, in the language. */
export function timeFormatter(lang: Lang, timeZone: string, now: number): TimeFormatter {
  const format = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'short', timeStyle: 'short', timeZone,
  });
  return (ms) => `${format.format(ms)} (${ago(lang, Math.max(0, now - ms))})`;
}

function ago(lang: Lang, elapsed: number): string {
  const minutes = Math.floor(elapsed / MINUTE);
  const [value, unitFr, unitEn] =
    minutes < 1 ? [0, '', ''] :
    minutes < 60 ? [minutes, 'min', 'min'] :
    minutes < 48 * 60 ? [Math.floor(minutes / 60), 'h', 'h'] :
    [Math.floor(minutes / 1440), 'j', 'd'];
  if (value === 0) return lang === 'fr' ? "à l'instant" : 'just now';
  return lang === 'fr' ? `il y a ${value} ${unitFr}` : `${value} ${unitEn} ago`;
}

// Building an Intl formatter costs far more than using one.
const PARIS = {
  fr: new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }),
};
const PARIS_SHORT = {
  fr: new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' }),
};

/** "14/03/2025 09:05" in Europe/Paris; `short` drops the year ("14/03 09:05"). */
export function parisTime(ms: number, lang: Lang = 'fr', short = false): string {
  return (short ? PARIS_SHORT : PARIS)[lang].format(ms);
}
