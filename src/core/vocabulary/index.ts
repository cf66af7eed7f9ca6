/**
 * Every user-facing word of Vigie, French and English, in one place: alert labels, digest headings,
 * notices and command replies. Formatters only add markup; a French chat reads French everywhere.
 */
import type { Lang } from '../types.js';
import { en } from './en.js';
import { fr } from './fr.js';
import type { Vocabulary } from './words.js';

export { parisTime, plural, quoteList, quoteTerm, timeFormatter, type TimeFormatter } from './format.js';
export type {
  AlertWords, ArgumentName, ChoiceName, CommandName, CommandWords, KeywordRefusal, NoticeWords, Vocabulary,
} from './words.js';

/** The words of a language. */
export function vocabulary(lang: Lang): Vocabulary {
  return lang === 'en' ? en : fr;
}
