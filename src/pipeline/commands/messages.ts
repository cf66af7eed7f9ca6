/**
 * The shape of the command layer's replies in one language, and the language picker. Texts are
 * plain (the platform escapes them); each language lives in its own module.
 */
import type { Destination, IncidentCategory, Lang, Platform } from '../../core/types.js';
import type { StatusInfo } from '../../ports.js';
import type { TimeFormatter } from './format.js';
import { en } from './messages.en.js';
import { fr } from './messages.fr.js';


/** Every reply text of the command layer in one language. */
export interface Messages {
  readonly langName: string;
  intro(platform: Platform): string;
  /** How to start, posted when Vigie joins a chat or server. */
  gettingStarted(platform: Platform): string;
  readonly commandsHeader: string;
  settings(d: Destination): string;
  categoryNames(c: Record<IncidentCategory, boolean>): string;
  unknownCommand(typed: string): string;
  argsTooLong(max: number): string;
  adminOnly(command: string): string;
  adminCheckFailed: string;
  notOnPlatform(command: string): string;
  usage(command: string, usage: string): string;
  readonly internalError: string;
  /** Appended to settings replies on a Discord channel that does not receive alerts yet. */
  readonly notSetUpHint: string;
  latestHeader(count: number, filter?: string): string;
  latestNone(filter?: string): string;
  subscribed(added: string[], total: number): string;
  alreadySubscribed(total: number): string;
  unsubscribed(removed: string[], missing: string[], total: number): string;
  nothingToUnsubscribe(missing: string[]): string;
  unsubscribedAll(count: number): string;
  categoriesSet(c: Record<IncidentCategory, boolean>): string;
  readonly paused: string;
  readonly alreadyPaused: string;
  readonly resumed: string;
  readonly alreadyRunning: string;
  readonly langSet: string;
  status(info: StatusInfo, at: TimeFormatter): string;
  setupDone(channelId: string, reactivated: boolean): string;
  readonly badChannel: string;
  readonly badRole: string;
  pingRoleSet(roleId: string): string;
  readonly pingRoleOff: string;
  digestSet(time: string, timeZone: string): string;
  readonly digestOff: string;
  badTime(text: string): string;
  badZone(text: string): string;
}

/** The messages of a language. */
export function messagesFor(lang: Lang): Messages {
  return lang === 'en' ? en : fr;
}
