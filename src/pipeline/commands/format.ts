/** Display helpers shared by the message modules: quoted keywords, dates with "time ago". */
import type { Lang } from '../../core/types.js';

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

/** Builds a formatter showing the date in the zone and how long ago it was, in the language. */
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
