/**
 * Renders alerts and command replies as Telegram HTML (parse_mode HTML). Pure: every piece of feed or
 * user text is escaped, and a message never exceeds Telegram's 4096 characters (the summary is cut first).
 */
import type { CommandReply } from '../../core/platform.js';
import type { Alert, Lang } from '../../core/types.js';
import { parisTime, vocabulary } from '../../core/vocabulary/index.js';
import { TELEGRAM_MAX_TEXT } from './capabilities.js';

export { TELEGRAM_MAX_TEXT };

/** Alerts listed in one command reply, at most. */
const MAX_LISTED = 10;

/** Escapes text for Telegram HTML: `&`, `<`, `>` (and `"` so it is also safe inside attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Escapes `text` and cuts it so that the escaped result is at most `max` characters, ending with "…"
 * when cut. Never splits an entity or a surrogate pair.
 */
export function escapeWithin(text: string, max: number): string {
  const full = escapeHtml(text);
  if (full.length <= max) return full;
  if (max < 1) return '';
  let out = '';
  for (const ch of text) {
    const piece = escapeHtml(ch);
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out.trimEnd()}…`;
}

/** An escaped http(s) link for an `href`, or undefined (other schemes, links longer than `max` escaped). */
export function safeHref(link: string | undefined, max = 600): string | undefined {
  if (!link || link.length > max) return undefined;
  try {
    const url = new URL(link);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    const href = escapeHtml(url.href);
    return href.length <= max ? href : undefined;
  } catch {
    return undefined;
  }
}

const EMOJI = { cyberattack: '🚨', outage: '🔌' } as const;
const CAUSE_MARK = { confirmed: '✅', suspected: '❔', denied: '➖' } as const;

/** "14/03 09:05" in Europe/Paris. */
export function formatParisTime(epochMs: number, lang: Lang): string {
  return parisTime(epochMs, lang, true);
}

/** First line of an alert: emoji, category and subtype, severity. */
function headline(alert: Alert, lang: Lang): string {
  const v = vocabulary(lang);
  const c = alert.classification;
  const incident = c.category === 'outage' ? 'outage' : 'cyberattack';
  const subtype = c.subtype ? v.subtype(c.subtype) : undefined;
  const sub = subtype ? ` — ${subtype}` : '';
  const major = c.severity === 3 ? ` · ${v.major}` : '';
  return `${EMOJI[incident]} <b>${v.category(incident)}${sub}${major}</b>`;
}

/** "Victim · sector · place", escaped; undefined when the classifier named nobody. */
function victimLine(alert: Alert): string | undefined {
  const e = alert.classification.entities;
  const parts = [e.victim, e.sector, e.place].filter((p): p is string => !!p && p.trim().length > 0);
  if (parts.length === 0) return undefined;
  const [first, ...rest] = parts;
  return [`<b>${escapeWithin(first!, 160)}</b>`, ...rest.map((p) => escapeWithin(p, 60))].join(' · ');
}

/** "Également rapporté par : Le Monde, ZDNet — 3 sources", names linked when they have a link. */
function sourcesLine(alert: Alert, lang: Lang): string | undefined {
  const first = alert.sources[0]?.source ?? alert.item.source;
  const seen = new Set([first]);
  const others = alert.sources.filter((s) => !seen.has(s.source) && seen.add(s.source));
  if (others.length === 0) return undefined;
  const names = others.slice(0, 6).map((s) => {
    const name = escapeWithin(s.source, 40);
    const href = safeHref(s.link, 200);
    return href ? `<a href="${href}">${name}</a>` : name;
  });
  const more = others.length > 6 ? ', …' : '';
  return vocabulary(lang).alsoReported(`${names.join(', ')}${more}`, seen.size);
}

/** "Pourquoi : titre: rançongiciel ; corps: chiffrement" from the first pieces of evidence. */
function whyLine(alert: Alert, lang: Lang): string | undefined {
  const evidence = alert.classification.evidence.slice(0, 3).join(' ; ');
  return evidence ? `<i>${vocabulary(lang).labelled(vocabulary(lang).why, escapeWithin(evidence, 240))}</i>` : undefined;
}

/** Renders one alert as a Telegram HTML message of at most 4096 characters. */
export function formatAlert(alert: Alert, lang: Lang): string {
  const href = safeHref(alert.item.link);
  const title = escapeWithin(alert.item.title || alert.item.source, 300);
  const when = formatParisTime(alert.item.publishedAt ?? alert.createdAt, lang);
  const cause = alert.classification.cause;
  const head = [
    headline(alert, lang),
    victimLine(alert),
    `📰 ${escapeWithin(alert.sources[0]?.source ?? alert.item.source, 80)} · ${when}`,
    href ? `<a href="${href}">${title}</a>` : `<b>${title}</b>`,
  ].filter(Boolean).join('\n');
  const tail = [whyLine(alert, lang), cause ? `${CAUSE_MARK[cause]} ${escapeHtml(vocabulary(lang).cause(cause))}` : undefined, sourcesLine(alert, lang)]
    .filter(Boolean).join('\n');
  // Every other part is capped (≈3.3k worst case), so the summary always keeps some room.
  const budget = TELEGRAM_MAX_TEXT - head.length - tail.length - 4;
  const summary = alert.summary.trim() ? escapeWithin(alert.summary.trim(), budget) : '';
  return [head, summary, tail].filter(Boolean).join('\n\n');
}

/** One compact line per alert for `/latest`: emoji, victim or title (linked), source and time. */
export function formatAlertLine(alert: Alert, lang: Lang): string {
  const c = alert.classification;
  const emoji = EMOJI[c.category === 'outage' ? 'outage' : 'cyberattack'];
  const subtype = c.subtype ? vocabulary(lang).subtype(c.subtype) : undefined;
  const sub = subtype ? ` (${subtype})` : '';
  const label = escapeWithin(c.entities.victim || alert.item.title, 120);
  const href = safeHref(alert.item.link, 300);
  const name = href ? `<a href="${href}">${label}</a>` : `<b>${label}</b>`;
  const when = formatParisTime(alert.item.publishedAt ?? alert.createdAt, lang);
  return `${emoji} ${name}${sub} — ${escapeWithin(alert.item.source, 60)}, ${when}`;
}

/**
 * Renders a command reply (plain text, escaped) followed by its alerts, one line each, within 4096
 * characters: the text keeps up to 1500, the alerts that do not fit are left out.
 */
export function formatReply(reply: CommandReply, lang: Lang): string {
  const text = escapeWithin(reply.text.trim(), 1500);
  let used = text.length + 2;
  const lines: string[] = [];
  for (const alert of (reply.alerts ?? []).slice(0, MAX_LISTED)) {
    const line = formatAlertLine(alert, lang);
    if (used + line.length + 1 > TELEGRAM_MAX_TEXT) break;
    lines.push(line);
    used += line.length + 1;
  }
  return [text, lines.join('\n')].filter(Boolean).join('\n\n') || '…';
}
