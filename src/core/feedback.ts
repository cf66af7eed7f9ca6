/**
 * Feedback from the chats: an administrator marks an alert as wrong, or reports a missed article.
 * Marks keep the item's text, the verdict Vigie gave and the admin's label, and export as corpus
 * lines (`vigie train` reads them). Pure.
 */
import { fnv1a64 } from './hash.js';
import { MAX_REPORTED_URL, type RecentItem } from './recent-items.js';
import type { Alert, Category, Platform } from './types.js';
import { canonicalUrl } from './url.js';

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
  /** What Vigie said; undefined for a missed article that was not among the items it polled. */
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

/** What `/manque` was given: the article's URL and the category, when the admin named one. */
export type MissedArgs =
  | { ok: true; url: string; label?: Exclude<FeedbackLabel, 'other'> }
  | { ok: false; why: 'missing_url' | 'bad_url' | 'too_long' | 'bad_label' };

/**
 * Parses `/manque <url> [panne|cyber]` (either order). The URL must be an absolute http(s) URL of at
 * most `MAX_REPORTED_URL` characters; it is only normalised, never fetched.
 */
export function parseMissedArgs(args: string): MissedArgs {
  const tokens = args.trim().split(/\s+/).filter((t) => t.length > 0);
  const urls = tokens.filter((t) => /^[a-z][a-z0-9+.-]*:/i.test(t) || t.includes('/'));
  const others = tokens.filter((t) => !urls.includes(t));
  if (urls.length === 0) return { ok: false, why: others.every((t) => parseLabel(t) !== undefined) ? 'missing_url' : 'bad_url' };
  const raw = urls[0] as string;
  if (raw.length > MAX_REPORTED_URL) return { ok: false, why: 'too_long' };
  const url = canonicalUrl(raw);
  if (urls.length > 1 || url === undefined) return { ok: false, why: 'bad_url' };
  if (others.length > 1) return { ok: false, why: 'bad_label' };
  if (others.length === 0) return { ok: true, url };
  const label = parseLabel(others[0] as string);
  if (label === undefined || label === 'other') return { ok: false, why: 'bad_label' };
  return { ok: true, url, label };
}

/**
 * A mark of an article Vigie did not alert: with its text and Vigie's verdict when it was among the
 * recently polled items, the URL alone otherwise.
 */
export function missedMark(url: string, found: RecentItem | undefined, who: { platform: Platform; chatId: string; userId: string },
  label: FeedbackLabel, at: number): FeedbackMark {
  return {
    id: `${who.platform}:${who.chatId}:missed:${fnv1a64(url)}`, kind: 'missed', ...who, at, label, url,
    title: found?.title ?? '', text: found?.text ?? '',
    ...(found === undefined ? {} : { source: found.source, verdict: found.verdict }),
    ...(found?.publishedAt === undefined ? {} : { publishedAt: found.publishedAt }),
  };
}

/** The words of a URL's path, a stand-in headline for a mark without text ("…/panne-geante-du-reseau" → "panne geante du reseau"). */
export function urlSlugText(url: string): string {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return '';
  }
  const slug = path.split('/').filter((p) => p.length > 0).sort((a, b) => b.length - a.length)[0] ?? '';
  return slug.replace(/\.[a-z0-9]{2,5}$/i, '').split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0 && !/^\d+$/.test(w)).join(' ');
}

/** One corpus line (the format of the labelled corpus `vigie train` and `vigie eval` read). */
export function toCorpusLine(mark: FeedbackMark): Record<string, string> {
  const said = mark.verdict ? `Vigie said ${mark.verdict.category}${mark.verdict.cause ? `/${mark.verdict.cause}` : ''}` : 'not among the items Vigie polled';
  return {
    id: `feedback-${mark.id}`,
    title: mark.title,
    summary: mark.text,
    url: mark.url ?? '',
    label: mark.label,
    event: '',
    date: mark.publishedAt === undefined ? '' : new Date(mark.publishedAt).toISOString().slice(0, 10),
    source_domain: mark.source ?? '',
    ...(mark.title === '' && mark.text === '' && mark.url !== undefined ? { url_slug_text: urlSlugText(mark.url) } : {}),
    note: `feedback ${mark.kind} from ${mark.platform}:${mark.chatId} at ${new Date(mark.at).toISOString()}; ${said}`,
  };
}
