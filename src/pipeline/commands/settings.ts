/**
 * The settings commands of one destination as pure functions: current settings and arguments in,
 * reply text and (when something changed) the new settings out. The caller persists and stamps them.
 */
import { addKeywords, parseKeywordArgs, removeKeywords } from '../../core/keywords.js';
import type { Destination } from '../../core/types.js';
import {
  DEFAULT_TIME_ZONE, isAll, isOff, parseCategories, parseDigestArgs, parseLang, parseSnowflake,
} from './args.js';
import { commandSpec, type CommandName } from './catalog.js';
import { messagesFor } from './messages.js';

/** A settings command's result: the reply and, when the settings changed, the new destination. */
export interface SettingsOutcome {
  text: string;
  next?: Destination;
}

/** A settings command over one destination. */
export type SettingsCommand = (dest: Destination, args: string) => SettingsOutcome;

function usage(dest: Destination, name: CommandName): SettingsOutcome {
  return { text: messagesFor(dest.lang).usage(name, commandSpec(name).usage[dest.lang]) };
}

function subscribe(dest: Destination, args: string): SettingsOutcome {
  const m = messagesFor(dest.lang);
  if (args.length === 0) return usage(dest, 'subscribe');
  const parsed = parseKeywordArgs(args);
  if (!parsed.ok) return { text: `${parsed.error.message[dest.lang]}\n${usage(dest, 'subscribe').text}` };
  const merged = addKeywords(dest, parsed);
  if (!merged.ok) return { text: merged.error.message[dest.lang] };
  const total = merged.keywords.length + merged.exclusions.length;
  if (merged.added.length === 0) return { text: m.alreadySubscribed(total) };
  return { text: m.subscribed(merged.added, total), next: { ...dest, keywords: merged.keywords, exclusions: merged.exclusions } };
}

function unsubscribe(dest: Destination, args: string): SettingsOutcome {
  const m = messagesFor(dest.lang);
  if (args.length === 0) return usage(dest, 'unsubscribe');
  if (isAll(args)) {
    const count = dest.keywords.length + dest.exclusions.length;
    return { text: m.unsubscribedAll(count), next: { ...dest, keywords: [], exclusions: [] } };
  }
  const parsed = parseKeywordArgs(args);
  if (!parsed.ok) return { text: `${parsed.error.message[dest.lang]}\n${usage(dest, 'unsubscribe').text}` };
  const result = removeKeywords(dest, parsed);
  if (result.removed.length === 0) return { text: m.nothingToUnsubscribe(result.missing) };
  const total = result.keywords.length + result.exclusions.length;
  return {
    text: m.unsubscribed(result.removed, result.missing, total),
    next: { ...dest, keywords: result.keywords, exclusions: result.exclusions },
  };
}

function categories(dest: Destination, args: string): SettingsOutcome {
  const chosen = parseCategories(args);
  if (chosen === undefined) {
    const current = messagesFor(dest.lang).categoriesSet(dest.categories);
    return { text: `${current}\n${usage(dest, 'categories').text}` };
  }
  return { text: messagesFor(dest.lang).categoriesSet(chosen), next: { ...dest, categories: chosen } };
}

function pause(dest: Destination): SettingsOutcome {
  const m = messagesFor(dest.lang);
  return dest.paused ? { text: m.alreadyPaused } : { text: m.paused, next: { ...dest, paused: true } };
}

function resume(dest: Destination): SettingsOutcome {
  const m = messagesFor(dest.lang);
  // A chat switched off (its alerts refused for good, the bot removed then re-added) comes back too.
  return dest.paused || !dest.active ? { text: m.resumed, next: { ...dest, paused: false, active: true } } : { text: m.alreadyRunning };
}

function lang(dest: Destination, args: string): SettingsOutcome {
  const chosen = parseLang(args);
  if (chosen === undefined) return usage(dest, 'lang');
  return { text: messagesFor(chosen).langSet, next: { ...dest, lang: chosen } };
}

function digest(dest: Destination, args: string): SettingsOutcome {
  const m = messagesFor(dest.lang);
  const parsed = parseDigestArgs(args);
  switch (parsed.kind) {
    case 'off': {
      const { digest: _dropped, ...rest } = dest;
      return { text: m.digestOff, next: rest };
    }
    case 'set': {
      // A zone chosen earlier is kept when only the time changes.
      const timeZone = parsed.timeZone ?? dest.digest?.timeZone ?? DEFAULT_TIME_ZONE;
      return { text: m.digestSet(parsed.time, timeZone), next: { ...dest, digest: { time: parsed.time, timeZone } } };
    }
    case 'bad_time':
      return { text: `${m.badTime(parsed.text)}\n${usage(dest, 'digest').text}` };
    case 'bad_zone':
      return { text: `${m.badZone(parsed.text)}\n${usage(dest, 'digest').text}` };
    case 'bad_syntax':
      return usage(dest, 'digest');
  }
}

function pingrole(dest: Destination, args: string): SettingsOutcome {
  const m = messagesFor(dest.lang);
  if (args.length === 0) return usage(dest, 'pingrole');
  if (isOff(args)) {
    const { pingRoleId: _dropped, ...rest } = dest;
    return { text: m.pingRoleOff, next: rest };
  }
  const roleId = parseSnowflake(args, '@&');
  if (roleId === undefined) return { text: `${m.badRole}\n${usage(dest, 'pingrole').text}` };
  return { text: m.pingRoleSet(roleId), next: { ...dest, pingRoleId: roleId } };
}

/** Settings commands that act on the destination where they are typed (`setup` acts on another one). */
export const SETTINGS_COMMANDS: Partial<Record<CommandName, SettingsCommand>> = {
  subscribe, unsubscribe, categories, pause, resume, lang, digest, pingrole,
};

/** Whether running the command with these arguments would change settings (and so needs an admin). */
export function changesSettings(name: CommandName, args: string): boolean {
  if (!commandSpec(name).admin) return false;
  // Without arguments these only show the syntax or the current value.
  const showOnly: CommandName[] = ['subscribe', 'unsubscribe', 'categories', 'lang', 'digest', 'pingrole'];
  return !(args.length === 0 && showOnly.includes(name));
}
