/**
 * Feedback from the chats: an administrator marks an alert as wrong, or reports a missed article.
 * Marks keep the item's text, the verdict Vigie gave and the admin's label, and export as corpus
 * lines (`vigie train` reads them). Pure.
 */
import type { Alert, Category, Platform } from './types.js';

/** The label an administrator gives: corpus labels (`other`: not an incident). */
export type FeedbackLabel = 'cyberattack' | 'outage' | 'other';

/** One mark. */
export interface FeedbackMark {
  /** Unique per chat and item: a second mark of the same item in the same chat replaces the first. */
  id: string;
  kind: 'wrong' | 'missed';
  platform: Platform;
  chatId: string;
  userId: string;
  /** Epoch ms. */
  at: number;
  label: FeedbackLabel;
  /** The alert marked (kind `wrong`). */
  alertId?: string;
  url?: string;
  title: string;
  text: string;
  source?: string;
  publishedAt?: number;
  /** What Vigie said; undefined for a missed article it never alerted. */
  verdict?: { category: Category; cause: string | null; subtype: string | null; score: number };
}

/** Words an admin may give after `/faux` for the right label; nothing means "not an incident". */
const LABEL_WORDS: Record<string, FeedbackLabel> = {
  '': 'other', autre: 'other', other: 'other', rien: 'other', none: 'other',
  cyber: 'cyberattack', cyberattaque: 'cyberattack', cyberattack: 'cyberattack', attaque: 'cyberattack', attack: 'cyberattack',
  panne: 'outage', outage: 'outage',
};

/** The label an argument names, or undefined when it names none. */
export function parseLabel(args: string): FeedbackLabel | undefined {
  return LABEL_WORDS[args.trim().toLowerCase()];
}

/** A mark of an alert as wrong, built from the stored alert. */
export function wrongMark(alert: Alert, who: { platform: Platform; chatId: string; userId: string }, label: FeedbackLabel, at: number): FeedbackMark {
  const c = alert.classification;
  return {
    id: `${who.platform}:${who.chatId}:${alert.id}`, kind: 'wrong', ...who, at, label, alertId: alert.id,
    ...(alert.item.link === undefined ? {} : { url: alert.item.link }),
    title: alert.item.title, text: alert.item.summary, source: alert.item.source,
    ...(alert.item.publishedAt === undefined ? {} : { publishedAt: alert.item.publishedAt }),
    verdict: { category: c.category, cause: c.cause, subtype: c.subtype, score: c.score },
  };
}

/** One corpus line (the format of the labelled corpus `vigie train` and `vigie eval` read). */
export function toCorpusLine(mark: FeedbackMark): Record<string, string> {
  const verdict = mark.verdict ? `${mark.verdict.category}${mark.verdict.cause ? `/${mark.verdict.cause}` : ''}` : 'none';
  return {
    id: `feedback-${mark.id}`,
    title: mark.title,
    summary: mark.text,
    url: mark.url ?? '',
    label: mark.label,
    event: '',
    date: mark.publishedAt === undefined ? '' : new Date(mark.publishedAt).toISOString().slice(0, 10),
    source_domain: mark.source ?? '',
    note: `feedback ${mark.kind} from ${mark.platform}:${mark.chatId} at ${new Date(mark.at).toISOString()}; Vigie said ${verdict}`,
  };
}
