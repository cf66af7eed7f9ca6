/**
 * Webhook bodies, one function per format. Slack and Mattermost text is escaped (`&`, `<`, `>`, so no
 * `<!channel>`-style mention can be formed) and every `@word` is broken, so `@channel`, `@here`,
 * `@all` or a user name never pings; Teams gets an Adaptive Card without mention entities.
 */
import type { FollowUp } from '../../core/platform.js';
import type { Alert, Lang } from '../../core/types.js';
import { vocabulary } from '../../core/vocabulary/index.js';
import type { WebhookFormat } from './capabilities.js';
import { alertView, cut, httpLink, type AlertView } from './view.js';

/** A JSON body ready to POST. */
export type WebhookBody = Record<string, unknown>;

/** Digest lines listed at most in one message. */
const MAX_DIGEST_LINES = 20;

/** Breaks every `@mention` with a zero-width space: Mattermost pings plain `@channel` and `@name`. */
export function breakMentions(text: string): string {
  return text.replace(/@(?=[\p{L}\p{N}_])/gu, '@\u200b');
}

/** Slack/Mattermost escaping: the three characters their markup reserves, then mentions broken. */
export function escapeSlack(text: string): string {
  return breakMentions(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/** A link in Slack's `<url|text>` syntax (`|` and `>` cannot appear in the URL part). */
function slackLink(url: string, text: string): string {
  return `<${url.replace(/&/g, '&amp;').replace(/\|/g, '%7C').replace(/>/g, '%3E')}|${escapeSlack(text)}>`;
}

function slackLines(view: AlertView): string[] {
  return [
    view.victim ? `*${escapeSlack(view.victim)}*` : undefined,
    view.summary ? escapeSlack(view.summary) : undefined,
    view.cause ? `_${escapeSlack(view.cause)}_` : undefined,
    view.also ? escapeSlack(view.also) : undefined,
  ].filter((l): l is string => l !== undefined);
}

function slack(view: AlertView): WebhookBody {
  const title = view.link ? slackLink(view.link, view.title) : `*${escapeSlack(view.title)}*`;
  const head = `${view.emoji} *${escapeSlack(view.heading)}*\n${title}`;
  const body = cut(slackLines(view).join('\n'), 2900, true);
  return {
    text: cut(escapeSlack(`${view.heading} — ${view.title}`), 3000),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: cut(head, 3000, true) } },
      ...(body ? [{ type: 'section', text: { type: 'mrkdwn', text: body } }] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlack(view.source) }] },
    ],
    unfurl_links: false,
    unfurl_media: false,
  };
}

function mattermost(view: AlertView, lang: Lang): WebhookBody {
  const v = vocabulary(lang);
  return {
    text: `${view.emoji} **${escapeSlack(view.heading)}**`,
    attachments: [{
      fallback: cut(escapeSlack(`${view.heading} — ${view.title}`), 3000),
      color: view.colour,
      title: escapeSlack(view.title),
      ...(view.link ? { title_link: view.link } : {}),
      text: cut([view.summary, view.cause, view.also].filter(Boolean).map((t) => escapeSlack(t as string)).join('\n\n'), 3000, true),
      ...(view.victim ? { fields: [{ short: false, title: v.victim, value: escapeSlack(view.victim) }] } : {}),
      footer: escapeSlack(view.source),
    }],
  };
}

function teams(view: AlertView, lang: Lang): WebhookBody {
  const v = vocabulary(lang);
  const text = (t: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: teamsSafe(t), wrap: true, ...extra });
  const body = [
    text(`${view.emoji} ${view.heading}`, { weight: 'Bolder', color: view.kind === 'alert' ? 'Attention' : 'Default' }),
    text(view.title, { size: 'Medium', weight: 'Bolder' }),
    ...(view.victim ? [{ type: 'FactSet', facts: [{ title: v.victim, value: teamsSafe(view.victim) }] }] : []),
    ...[view.summary, view.cause, view.also].filter((t): t is string => Boolean(t)).map((t) => text(t)),
    text(view.source, { isSubtle: true, size: 'Small' }),
  ];
  return adaptiveCard(body, view.link ? [{ type: 'Action.OpenUrl', title: v.readArticle, url: view.link }] : []);
}

/** Teams text: mentions broken, and `<at>` tags (Teams' mention markup) made inert. */
function teamsSafe(text: string): string {
  return breakMentions(text).replace(/<(\/?)at>/gi, '‹$1at›');
}

/** A Teams message carrying one Adaptive Card (Workflows and connector webhooks both accept it). */
function adaptiveCard(body: unknown[], actions: unknown[]): WebhookBody {
  return {
    type: 'message',
    attachments: [{
      contentType: 'application/vnd.microsoft.card.adaptive',
      contentUrl: null,
      content: {
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4',
        msteams: { width: 'Full' }, body, ...(actions.length > 0 ? { actions } : {}),
      },
    }],
  };
}

/** The alert as data, for a system rather than a person. */
export function alertJson(alert: Alert, followUp?: FollowUp): WebhookBody {
  const c = alert.classification;
  return {
    type: followUp ?? 'alert',
    id: alert.id,
    ...(alert.storyId ? { story: alert.storyId } : {}),
    category: c.category, subtype: c.subtype, cause: c.cause, severity: c.severity,
    title: alert.item.title, summary: alert.summary, url: httpLink(alert.item.link) ?? null,
    sources: alert.sources.map((s) => ({
      name: s.source, title: s.title, url: httpLink(s.link) ?? null,
      published: s.publishedAt === undefined ? null : new Date(s.publishedAt).toISOString(),
    })),
    victim: c.entities.victim ?? null,
    published: new Date(alert.item.publishedAt ?? alert.createdAt).toISOString(),
  };
}

/** The body of an alert (or of a follow-up of one) in the outlet's format and language. */
export function alertBody(format: WebhookFormat, alert: Alert, lang: Lang, followUp?: FollowUp): WebhookBody {
  if (format === 'json') return alertJson(alert, followUp);
  const view = alertView(alert, lang, followUp);
  if (format === 'slack') return slack(view);
  if (format === 'mattermost') return mattermost(view, lang);
  return teams(view, lang);
}

/** The daily digest: a heading and one line per alert (those beyond the limit counted, not listed). */
export function digestBody(format: WebhookFormat, alerts: readonly Alert[], lang: Lang): WebhookBody {
  if (format === 'json') return { type: 'digest', alerts: alerts.map((a) => alertJson(a)) };
  const shown = alerts.slice(0, MAX_DIGEST_LINES);
  const heading = `📰 ${vocabulary(lang).digestHeading(alerts.length, alerts.length - shown.length)}`;
  const views = shown.map((a) => alertView(a, lang));
  if (format === 'teams') {
    return adaptiveCard([
      { type: 'TextBlock', text: heading, weight: 'Bolder', wrap: true },
      ...views.map((v) => ({ type: 'TextBlock', text: teamsSafe(`${v.emoji} ${v.title} — ${v.source}`), wrap: true })),
    ], []);
  }
  const lines = views.map((v) => `${v.emoji} ${v.link ? slackLink(v.link, v.title) : escapeSlack(v.title)} — ${escapeSlack(v.source)}`);
  const text = cut(`*${escapeSlack(heading)}*\n${lines.join('\n')}`, 3000, true);
  return format === 'slack'
    ? { text: cut(escapeSlack(heading), 3000), blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }], unfurl_links: false }
    : { text };
}
