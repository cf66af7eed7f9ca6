/** The commands anyone may use: help, welcome, settings view, `/latest` and `/status`. */
import { alertTexts, compileKeywordFilter } from '../../core/filters.js';
import { parseKeywordArgs } from '../../core/keywords.js';
import type { Destination, Platform } from '../../core/types.js';
import type { AlertLog, CommandReply, StatusInfo } from '../../ports.js';
import { DEFAULT_TIME_ZONE, parseLatestArgs } from './args.js';
import { commandSpec, commandsFor } from './catalog.js';
import { timeFormatter } from './format.js';
import { messagesFor } from './messages.js';

/** Recent alerts scanned when `/latest` filters by keyword. */
const LATEST_SCAN = 200;

function commandLines(dest: Destination, platform: Platform): string[] {
  return commandsFor(platform).map((c) => {
    const usage = c.usage[dest.lang];
    return `/${c.name}${usage ? ` ${usage}` : ''} — ${c.description[dest.lang]}`;
  });
}

/** `/start` and `/help`: what Vigie does, the commands, the chat's settings. */
export function helpText(dest: Destination, platform: Platform): string {
  const m = messagesFor(dest.lang);
  return [m.intro(platform), '', m.commandsHeader, ...commandLines(dest, platform), '', settingsText(dest)].join('\n');
}

/** Posted when Vigie joins a chat (or a Discord server, where `dest` is a default in French). */
export function welcomeText(dest: Destination, platform: Platform): string {
  const m = messagesFor(dest.lang);
  return [m.intro(platform), m.gettingStarted(platform), '', m.commandsHeader, ...commandLines(dest, platform)].join('\n');
}

/** `/subscriptions`: the chat's settings, with a hint when a Discord channel is not set up. */
export function settingsText(dest: Destination): string {
  const m = messagesFor(dest.lang);
  return dest.platform === 'discord' && !dest.active ? `${m.settings(dest)}\n${m.notSetUpHint}` : m.settings(dest);
}

/** `/status`: feeds, failing feeds, last cycle and last alert, dated in the chat's zone. */
export function statusText(info: StatusInfo, dest: Destination, now: number): string {
  const at = timeFormatter(dest.lang, dest.digest?.timeZone ?? DEFAULT_TIME_ZONE, now);
  return messagesFor(dest.lang).status(info, at);
}

/** `/latest [n] [mot-clé]`: the n newest alerts (5 by default, 10 at most), optionally keyword-filtered. */
export async function latestReply(alerts: AlertLog, dest: Destination, args: string): Promise<CommandReply> {
  const m = messagesFor(dest.lang);
  const usage = (): string => m.usage('latest', commandSpec('latest').usage[dest.lang]);
  const parsed = parseLatestArgs(args);
  if (parsed === undefined) return { text: usage() };
  let keep: ((texts: readonly string[]) => boolean) | undefined;
  if (parsed.filter.length > 0) {
    // One keyword, phrases without quotes ("mairie de Lyon"), unless the user wrote the list syntax.
    const listSyntax = /[",;«»“”„]|(?:^|\s)[-−–—]/.test(parsed.filter);
    const keywords = parseKeywordArgs(listSyntax ? parsed.filter : `"${parsed.filter}"`);
    if (!keywords.ok) return { text: `${keywords.error.message[dest.lang]}\n${usage()}` };
    keep = compileKeywordFilter(keywords);
  }
  const recent = await alerts.recent(keep === undefined ? parsed.count : LATEST_SCAN);
  const chosen = (keep === undefined ? recent : recent.filter((a) => keep(alertTexts(a)))).slice(0, parsed.count);
  const filter = parsed.filter.length > 0 ? parsed.filter : undefined;
  if (chosen.length === 0) return { text: m.latestNone(filter) };
  return { text: m.latestHeader(chosen.length, filter), alerts: chosen };
}
