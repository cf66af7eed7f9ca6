/** The shape of Vigie's words in one language: alert labels, notices and the command layer's replies. */
import type { RefusalKind } from '../delivery-types.js';
import type { PlatformCapabilities, PostPermission, StatusInfo } from '../platform.js';
import type { AttackSubtype, Cause, Destination, IncidentCategory, OutageSubtype } from '../types.js';
import type { TimeFormatter } from './format.js';

/** Labels of an alert, shared by every formatter (which only adds markup). */
export interface AlertWords {
  category(c: IncidentCategory): string;
  /** Undefined for 'other': nothing worth showing. */
  subtype(s: AttackSubtype | OutageSubtype): string | undefined;
  /** Short label: "Attaque non confirmée". */
  cause(c: Cause): string;
  /** Full sentence: "Cause non confirmée : une cyberattaque est soupçonnée". */
  causeSentence(c: Cause): string;
  severity(n: 1 | 2 | 3): string;
  readonly major: string;
  readonly victim: string;
  readonly sector: string;
  readonly place: string;
  readonly source: string;
  readonly why: string;
  /** "Victime : X" in French, "Victim: X" in English. */
  labelled(label: string, value: string): string;
  /** Label of a link to the article. */
  readonly readArticle: string;
  /** "3 sources". */
  sources(n: number): string;
  /** "Également rapporté par : Le Monde, ZDNet — 3 sources". */
  alsoReported(names: string, count: number): string;
  /** Heading of the daily digest; `hidden` alerts did not fit in the message. */
  digestHeading(count: number, hidden: number): string;
  /** A follow-up on platforms without edits: new outlets joined the story of `title`. */
  newSources(title: string): string;
  /** A follow-up on platforms without replies: the story of `title` changed. */
  storyUpdate(title: string): string;
  /** Console: this message follows message #id. */
  followUpOf(messageId: string): string;
  /** Console: message #id now shows `count` sources. */
  updated(messageId: string, count: number): string;
}

/** Notices to a server's administrators (channel-choice platforms). */
export interface NoticeWords {
  /** Posted once when a destination channel can no longer receive alerts. */
  goneNotice(channelId: string, why: string): string;
  readonly goneReasons: Readonly<Record<'missing_access' | 'missing_permissions' | 'unknown_channel', string>>;
  /** Refusal when the bot cannot post in the channel chosen with /setup. */
  cannotPost(channelId: string, missing: string): string;
  readonly permissions: Readonly<Record<PostPermission, string>>;
}

/** Canonical command names. */
export type CommandName =
  | 'start' | 'help' | 'latest' | 'subscribe' | 'unsubscribe' | 'subscriptions' | 'categories'
  | 'pause' | 'resume' | 'status' | 'lang' | 'setup' | 'pingrole' | 'digest' | 'wrong' | 'missed';

/** Why a keyword was refused (the codes of core/keywords). */
export type KeywordRefusal = 'empty_input' | 'empty_term' | 'too_long' | 'too_many' | 'bad_star' | 'prefix_too_short' | 'too_common';

/** A command argument platforms with forms describe (Discord's slash-command options). */
export type ArgumentName = 'keywords' | 'count' | 'filter' | 'categories' | 'time' | 'timeZone' | 'language' | 'channel' | 'role' | 'url' | 'label';

/** A fixed choice offered for an argument. */
export type ChoiceName = 'cyber' | 'outage' | 'both' | 'fr' | 'en';

/** Every reply text of the command layer. */
export interface CommandWords {
  /** One line (≤ 100 characters) describing each argument. */
  readonly argumentHelp: Readonly<Record<ArgumentName, string>>;
  readonly choices: Readonly<Record<ChoiceName, string>>;
  /** A keyword refused by /subscribe (or a webhook's keywords), naming the term and the limit. */
  keywordError(code: KeywordRefusal, term: string, limits: { maxKeywords: number; maxLength: number; minPrefix: number }): string;
  /** Each command's one-line description (≤ 100 characters, Discord's limit) and argument syntax ("" when none). */
  readonly commandHelp: Readonly<Record<CommandName, { description: string; usage: string }>>;
  readonly langName: string;
  intro(): string;
  /** How to start, posted when Vigie joins a chat or server. */
  gettingStarted(capabilities: PlatformCapabilities): string;
  readonly commandsHeader: string;
  settings(d: Destination, capabilities: PlatformCapabilities): string;
  categoryNames(c: Record<IncidentCategory, boolean>): string;
  unknownCommand(typed: string): string;
  argsTooLong(max: number): string;
  adminOnly(command: string): string;
  readonly adminCheckFailed: string;
  notOnPlatform(command: string): string;
  usage(command: string, usage: string): string;
  readonly internalError: string;
  /** The per-user command limit was reached: try again in `seconds`. */
  slowDown(seconds: number): string;
  /** Private mode: this chat is not among those the operator allowed; `leaving` when the bot now leaves it. */
  privateRefusal(leaving: boolean): string;
  /** Appended to settings replies on a channel-choice channel that does not receive alerts yet. */
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
  /** `/status`; `refusal` when this chat refuses Vigie's messages for now (alerts wait in the queue). */
  status(info: StatusInfo, at: TimeFormatter, refusal?: RefusalView): string;
  /** Why a destination refuses messages for now, as a short phrase (`/status`, notices). */
  readonly refusalReasons: Record<RefusalKind, string>;
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

/** A chat's temporary refusal as `/status` shows it: its kind, since when, and the wait before the next try. */
export interface RefusalView {
  kind: RefusalKind;
  since: number;
  /** Whole minutes until delivery tries again (at least 1). */
  retryInMinutes: number;
}

/** What `vigie demo` prints. */
export interface DemoWords {
  demoIntro(feeds: number, url: string): string;
  demoSummary(r: { feeds: number; items: number; alerts: number; joined: number; duplicates: number; feedErrors: number }): string;
  readonly demoNothingNew: string;
}

/** Every user-facing word of Vigie in one language. */
export interface Vocabulary extends AlertWords, NoticeWords, CommandWords, DemoWords {}
