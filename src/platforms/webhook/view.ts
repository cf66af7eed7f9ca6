/**
 * The parts of a webhook message, worded in the outlet's language and not yet escaped: every format
 * (Slack, Mattermost, Teams, json) renders the same view with its own markup.
 */
import type { FollowUp } from '../../core/platform.js';
import type { Alert, Lang } from '../../core/types.js';
import { parisTime, vocabulary } from '../../core/vocabulary/index.js';

/** What a message says, plain text. */
export interface AlertView {
  kind: 'alert' | FollowUp;
  heading: string;
  title: string;
  /** http(s) only. */
  link?: string;
  victim?: string;
  summary?: string;
  /** "Source : Le Monde · 14/03/2025 09:05". */
  source: string;
  cause?: string;
  also?: string;
  /** Hex colour of the category. */
  colour: string;
  emoji: string;
}

const MAX_TITLE = 300;
const MAX_SUMMARY = 1500;
const MAX_SOURCES_LISTED = 8;

/** Cuts text to `max` characters with an ellipsis, never splitting a surrogate pair; `lines` keeps line breaks. */
export function cut(text: string, max: number, lines = false): string {
  const flat = (lines ? text.replace(/[^\S\n]+/g, ' ') : text.replace(/\s+/g, ' ')).trim();
  if (flat.length <= max) return flat;
  let out = flat.slice(0, Math.max(0, max - 1));
  if (/[\ud800-\udbff]$/.test(out)) out = out.slice(0, -1);
  return `${out}…`;
}

/** An http(s) URL, or undefined (other schemes are never linked). */
export function httpLink(link: string | undefined): string | undefined {
  if (!link || link.length > 2000) return undefined;
  try {
    const url = new URL(link);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The view of an alert, or of a follow-up of one (new sources, a change of the story). */
export function alertView(alert: Alert, lang: Lang, followUp?: FollowUp): AlertView {
  const v = vocabulary(lang);
  const c = alert.classification;
  const incident = c.category === 'outage' ? 'outage' : 'cyberattack';
  const subtype = c.subtype ? v.subtype(c.subtype) : undefined;
  const title = cut(alert.item.title || alert.item.source, MAX_TITLE);
  const heading = followUp === 'sources' ? v.newSources(title)
    : followUp === 'story' ? v.storyUpdate(title)
    : [v.category(incident) + (subtype ? ` — ${subtype}` : ''), c.severity === 3 ? v.major : undefined].filter(Boolean).join(' · ');
  const victim = [c.entities.victim, c.entities.sector, c.entities.place].filter((p): p is string => !!p?.trim()).map((p) => cut(p, 120)).join(' · ');
  const others = [...new Set(alert.sources.slice(1).map((s) => s.source).filter((s) => s !== alert.item.source))];
  const listed = others.slice(0, MAX_SOURCES_LISTED).map((n) => cut(n, 60)).join(', ') + (others.length > MAX_SOURCES_LISTED ? ', …' : '');
  const when = parisTime(alert.item.publishedAt ?? alert.createdAt, lang);
  const link = httpLink(alert.item.link);
  return {
    kind: followUp ?? 'alert',
    heading,
    title,
    ...(link ? { link } : {}),
    ...(victim && followUp !== 'sources' ? { victim } : {}),
    ...(alert.summary.trim() && followUp !== 'sources' ? { summary: cut(alert.summary, MAX_SUMMARY) } : {}),
    source: `${v.labelled(v.source, cut(alert.item.source, 80))} · ${when}`,
    ...(c.cause && followUp !== 'sources' ? { cause: v.cause(c.cause) } : {}),
    ...(others.length > 0 ? { also: v.alsoReported(listed, alert.sources.length) } : {}),
    colour: incident === 'cyberattack' ? '#d32f2f' : '#f57c00',
    emoji: incident === 'cyberattack' ? '🚨' : '🔌',
  };
}
