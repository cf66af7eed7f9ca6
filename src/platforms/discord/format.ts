/**
 * Pure rendering of alerts and command replies as Discord message bodies (REST JSON). Feed text is
 * markdown-escaped and mentions are broken visually; `allowed_mentions.parse` is empty on every body.
 */
import { type APIEmbed, type APIEmbedField, type RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { CommandReply } from '../../core/platform.js';
import type { Alert, Destination, Lang } from '../../core/types.js';
import { vocabulary } from '../../core/vocabulary/index.js';

/** Discord's documented embed and message limits (characters). */
export const LIMITS = {
  title: 256, description: 4096, fieldName: 256, fieldValue: 1024, footer: 2048, author: 256,
  embedTotal: 6000, embedsPerMessage: 10, content: 2000,
} as const;

/** Embed colour per incident category. */
export const COLOURS = { cyberattack: 0xd32f2f, outage: 0xf57c00, none: 0x9e9e9e } as const;

const ZWJ = '\u200d';
const SNOWFLAKE = /^\d{17,20}$/;
const MAX_LISTED_SOURCES = 8;

/** A message body as sent to `POST /channels/:id/messages` or an interaction reply. */
export type DiscordMessageBody = RESTPostAPIChannelMessageJSONBody & { flags?: number };

/**
 * Makes feed text inert and at most `max` characters: whitespace collapsed, markdown escaped (masked
 * links, headings, lists, quotes included), `@everyone`, `@here` and every `<…>` syntax (user, role,
 * channel, slash-command mentions) broken with a zero-width joiner.
 */
export function escapeFeedText(text: string, max: number): string {
  const flat = text.slice(0, 2 * max + 16).replace(/\s+/g, ' ').trim().slice(0, max + 1);
  return truncate(escapeLine(flat).replace(/@(everyone|here)/gi, `@${ZWJ}$1`).replace(/<(?=\S)/g, `<${ZWJ}`), max);
}

/**
 * Escapes markdown in our own multi-line replies, keeping line breaks and the `<#channel>` and
 * `<@&role>` mentions they name on purpose; `@everyone`/`@here` are broken, nothing pings anyway.
 */
export function escapeReplyText(text: string): string {
  return text.split('\n').map(escapeLine).join('\n').replace(/@(everyone|here)/gi, `@${ZWJ}$1`);
}

// discord.js `escapeMarkdown` is quadratic (≈100 ms for 10,000 characters) and leaves every masked
// link after the first one live; this escaper is linear and escapes each marker, URLs left intact.
const URL_TOKEN = /https?:\/\/[^\s<>"]+/g;
const MARKERS = /[\\*_~`|[\]]/g;
const LINE_START = /^(\s*)(#|>|-|\+|\d+(?=\.))/;

function escapeLine(line: string): string {
  let out = '';
  let last = 0;
  for (const match of line.matchAll(URL_TOKEN)) {
    out += line.slice(last, match.index).replace(MARKERS, '\\$&') + match[0];
    last = match.index + match[0].length;
  }
  out += line.slice(last).replace(MARKERS, '\\$&');
  return out.replace(LINE_START, (_, space: string, marker: string) => (/\d/.test(marker) ? `${space}${marker}\\` : `${space}\\${marker}`));
}

/** Cuts text to `max` UTF-16 units with an ellipsis, never splitting a surrogate pair or an escape. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = text.slice(0, max - 1);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const trailingBackslashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (trailingBackslashes % 2 === 1) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Total characters Discord counts towards the 6000 limit of one embed. */
export function embedLength(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.author?.name.length ?? 0)
    + (embed.footer?.text.length ?? 0) + fields;
}

/** An http(s) URL Discord will accept in an embed, else undefined (a bad URL fails the whole message). */
export function safeUrl(link: string | undefined): string | undefined {
  if (!link || link.length > 2048) return undefined;
  try {
    const url = new URL(link);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** One alert as one embed, within every Discord limit and at most `budget` counted characters. */
export function alertEmbed(alert: Alert, lang: Lang, budget: number = LIMITS.embedTotal): APIEmbed {
  const l = vocabulary(lang);
  const { classification: c, item } = alert;
  const category = c.category === 'none' ? undefined : l.category(c.category);
  const subtype = c.subtype ? l.subtype(c.subtype) : undefined;
  const fields: APIEmbedField[] = [
    [l.victim, c.entities.victim], [l.sector, c.entities.sector], [l.place, c.entities.place], [l.source, item.source],
  ].flatMap(([name, value]) => {
    const text = value ? escapeFeedText(value, LIMITS.fieldValue) : '';
    return text ? [{ name: name as string, value: text, inline: true }] : [];
  });
  const url = safeUrl(item.link);
  const embed: APIEmbed = {
    title: escapeFeedText(item.title, LIMITS.title) || '—',
    ...(url ? { url } : {}),
    color: COLOURS[c.category],
    timestamp: new Date(Number.isFinite(item.publishedAt) ? item.publishedAt! : alert.createdAt).toISOString(),
    author: { name: truncate([category, subtype].filter(Boolean).join(' · ') || 'Vigie', LIMITS.author) },
    footer: { text: `Vigie · ${l.severity(c.severity)}` },
    fields,
  };
  return fitDescription(embed, escapeFeedText(alert.summary, LIMITS.description), tailLines(alert, lang), budget);
}

/** The lines kept under the summary: the cause when discussed, the other outlets when there are some. */
function tailLines(alert: Alert, lang: Lang): string {
  const l = vocabulary(lang);
  const lines: string[] = [];
  const cause = alert.classification.cause;
  if (cause && alert.classification.category === 'cyberattack') lines.push(`${cause === 'suspected' ? '⚠️ ' : ''}${l.causeSentence(cause)}`);
  const names = [...new Set(alert.sources.slice(1).map((s) => s.source).filter((s) => s !== alert.item.source))];
  if (alert.sources.length > 1 && names.length > 0) {
    const shown = names.slice(0, MAX_LISTED_SOURCES).map((n) => escapeFeedText(n, 100)).join(', ');
    const listed = names.length > MAX_LISTED_SOURCES ? `${shown}…` : shown;
    lines.push(l.alsoReported(truncate(listed, 600), alert.sources.length));
  }
  return lines.join('\n');
}

/** Fills the description with as much summary as the budget allows, then drops fields if still over. */
function fitDescription(embed: APIEmbed, summary: string, tail: string, budget: number): APIEmbed {
  const out: APIEmbed = { ...embed, fields: [...(embed.fields ?? [])] };
  const room = (): number => Math.min(LIMITS.description, budget - embedLength({ ...out, description: '' }));
  while (room() < tail.length + 40 && out.fields!.length > 0) out.fields!.pop();
  const fitTail = truncate(tail, Math.max(0, room()));
  const summaryRoom = room() - fitTail.length - (fitTail ? 2 : 0);
  const body = truncate(summary, Math.max(0, summaryRoom));
  out.description = [body, fitTail].filter(Boolean).join('\n\n') || '—';
  if (embedLength(out) > budget) out.title = truncate(out.title ?? '', Math.max(1, out.title!.length - (embedLength(out) - budget)));
  if (out.fields!.length === 0) delete out.fields;
  return out;
}

/** An alert as a channel message; severity-3 alerts ping the destination's opted-in role, nothing else. */
export function alertMessage(alert: Alert, destination: Destination): DiscordMessageBody {
  const role = destination.pingRoleId;
  const ping = alert.classification.severity === 3 && role !== undefined && SNOWFLAKE.test(role);
  return {
    ...(ping ? { content: `<@&${role}>` } : {}),
    embeds: [alertEmbed(alert, destination.lang)],
    allowed_mentions: ping ? { parse: [], roles: [role] } : { parse: [] },
  };
}

/** A command's reply: escaped text, up to ten compact alert embeds sharing the 6000-character budget. */
export function replyMessage(reply: CommandReply, lang: Lang): DiscordMessageBody {
  const alerts = (reply.alerts ?? []).slice(0, LIMITS.embedsPerMessage);
  const budget = Math.floor(LIMITS.embedTotal / Math.max(1, alerts.length));
  const content = truncate(escapeReplyText(reply.text), LIMITS.content);
  return {
    ...(content ? { content } : {}),
    embeds: alerts.map((a) => alertEmbed(a, lang, budget)),
    allowed_mentions: { parse: [] },
    ...(reply.ephemeral ? { flags: 64 } : {}),
  };
}
