/** The replies of `/manque` (`/missed`), in French and English. */
import type { FeedbackLabel } from '../../core/feedback.js';
import { MAX_REPORTED_URL, RECENT_ITEM_TTL_MS } from '../../core/recent-items.js';
import type { Category, Lang } from '../../core/types.js';

const DAYS = Math.round(RECENT_ITEM_TTL_MS / 86_400_000);

/** What one language says to `/manque`. */
export interface MissedWords {
  usage: string;
  badUrl: string;
  tooLong: string;
  /** No category given and none Vigie saw: ask for it (`found`: the article was among the polled ones). */
  needLabel(found: boolean): string;
  thanksFound(label: FeedbackLabel, seenAs: Category, source: string): string;
  thanksNotFound(label: FeedbackLabel): string;
}

const FR_LABEL: Record<Category | FeedbackLabel, string> = { cyberattack: 'une cyberattaque', outage: 'une panne', none: 'pas un incident', other: 'pas un incident' };
const EN_LABEL: Record<Category | FeedbackLabel, string> = { cyberattack: 'a cyberattack', outage: 'an outage', none: 'not an incident', other: 'not an incident' };

/** The replies per language. */
export const MISSED_TEXT: Record<Lang, MissedWords> = {
  fr: {
    usage: 'Usage : /manque <adresse de l’article> [panne|cyber]',
    badUrl: 'Adresse non reconnue : donnez l’adresse complète de l’article (http:// ou https://).',
    tooLong: `Adresse trop longue (${MAX_REPORTED_URL} caractères au plus).`,
    needLabel: (found) => `${found ? 'J’ai bien lu cet article, sans y voir d’incident.' : `Je ne trouve pas cet article parmi ceux lus ces ${DAYS} derniers jours.`} `
      + 'Précisez la catégorie : /manque <adresse> panne, ou /manque <adresse> cyber.',
    thanksFound: (label, seenAs, source) => `Merci, c’est noté : ${FR_LABEL[label]}. Je l’avais lu (${source}) et classé : ${FR_LABEL[seenAs]}. Cela servira à améliorer la détection.`,
    thanksNotFound: (label) => `Merci, c’est noté : ${FR_LABEL[label]}. Cet article n’est pas parmi ceux lus ces ${DAYS} derniers jours : `
      + 'son adresse est gardée, sans texte, pour vérifier les flux suivis.',
  },
  en: {
    usage: 'Usage: /missed <article URL> [outage|cyber]',
    badUrl: 'Unrecognised address: give the article’s full URL (http:// or https://).',
    tooLong: `Address too long (at most ${MAX_REPORTED_URL} characters).`,
    needLabel: (found) => `${found ? 'I did read that article, and saw no incident in it.' : `I cannot find that article among those read in the last ${DAYS} days.`} `
      + 'Please give the category: /missed <url> outage, or /missed <url> cyber.',
    thanksFound: (label, seenAs, source) => `Thank you, noted: ${EN_LABEL[label]}. I had read it (${source}) and classified it as ${EN_LABEL[seenAs]}. It will help improve detection.`,
    thanksNotFound: (label) => `Thank you, noted: ${EN_LABEL[label]}. That article is not among those read in the last ${DAYS} days: `
      + 'its address is kept, without text, to check the feeds followed.',
  },
};
