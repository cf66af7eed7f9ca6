/** The commands anyone may use: help, welcome, settings view, `/latest` and `/status`. */
import { alertTexts, compileKeywordFilter } from '../../core/filters.js';
import { parseKeywordArgs } from '../../core/keywords.js';
import type { Refusal } from '../../core/delivery-types.js';
import type { CommandReply, PlatformCapabilities, StatusInfo } from '../../core/platform.js';
import type { Destination } from '../../core/types.js';
import { timeFormatter } from '../../core/vocabulary/index.js';
import type { AlertLog } from '../../ports.js';
import { DEFAULT_TIME_ZONE, parseLatestArgs } from './args.js';
import { commandSpec, commandsFor } from './catalog.js';
import { messagesFor } from './messages.js';

/** Recent alerts scanned when `/latest` filters by keyword. */
const LATEST_SCAN = 200;

function commandLines(dest: Destination, capabilities: PlatformCapabilities): string[] {
  return commandsFor(capabilities).map((c) => {
    const usage = c.usage[dest.lang];
    return `/${c.name}${usage ? ` ${usage}` : ''} — ${c.description[dest.lang]}`;
  });
}

/** `/start` and `/help`: what Vigie does, the commands, the chat's settings. */
export function helpText(dest: Destination, capabilities: PlatformCapabilities): string {
  const m = messagesFor(dest.lang);
  return [m.intro(), '', m.commandsHeader, ...commandLines(dest, capabilities), '', settingsText(dest, capabilities)].join('\n');
}

/** Posted when Vigie joins a chat (or a server of a channel-choice platform, where `dest` is a default in French). */
export function welcomeText(dest: Destination, capabilities: PlatformCapabilities): string {
  const m = messagesFor(dest.lang);
  return [m.intro(), m.gettingStarted(capabilities), '', m.commandsHeader, ...commandLines(dest, capabilities)].join('\n');
}

/** `/subscriptions`: the chat's settings, with a hint when a channel-choice channel is not set up. */
export function settingsText(dest: Destination, capabilities: PlatformCapabilities): string {
  const m = messagesFor(dest.lang);
  const settings = m.settings(dest, capabilities);
  return capabilities.channelChoice && !dest.active ? `${settings}\n${m.notSetUpHint}` : settings;
}

/**
 * `/status`: this chat's temporary refusal first when it has one (why its alerts wait, until when),
 * then feeds, failing feeds, last cycle and last alert, dated in the chat's zone.
 */
export function statusText(info: StatusInfo, dest: Destination, now: number, refusal?: Refusal): string {
  const at = timeFormatter(dest.lang, dest.digest?.timeZone ?? DEFAULT_TIME_ZONE, now);
  const view = refusal && { kind: refusal.kind, since: refusal.since, retryInMinutes: Math.max(1, Math.ceil((refusal.retryAt - now) / 60_000)) };
  return messagesFor(dest.lang).status(info, at, view);
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
