/**
 * The commands Vigie understands, their aliases, who may run them and what a platform needs to offer
 * them, with their FR/EN descriptions from the vocabulary: for the command layer and for platforms
 * registering them (Telegram `setMyCommands`, Discord slash commands).
 */
import { fold } from '../../core/text.js';
import type { PlatformCapabilities } from '../../core/platform.js';
import type { Lang } from '../../core/types.js';
import { vocabulary, type CommandName } from '../../core/vocabulary/index.js';

export type { CommandName };

/** One command as platforms register it and as `/help` lists it. */
export interface CommandSpec {
  name: CommandName;
  /** Other names typed by users (accents and case do not matter); the first is the French name. */
  aliases: readonly string[];
  /** True when it changes the chat's settings and so needs an administrator. */
  admin: boolean;
  /** The capability a platform needs to offer it (`/setup`: a channel choice; `/pingrole`: roles); none when absent. */
  needs?: 'channelChoice' | 'roles' | 'replies';
  /** One line, at most 100 characters (Discord's limit). */
  description: Readonly<Record<Lang, string>>;
  /** Argument syntax shown in `/help` and when arguments are wrong ("" when none). */
  usage: Readonly<Record<Lang, string>>;
}

/** Every command, in the order `/help` lists them; descriptions and usages come from the vocabulary. */
const DEFINITIONS: readonly Omit<CommandSpec, 'description' | 'usage'>[] = [
  { name: 'latest', aliases: ['dernières', 'dernieres'], admin: false },
  { name: 'subscribe', aliases: ['abonner'], admin: true },
  { name: 'unsubscribe', aliases: ['desabonner'], admin: true },
  { name: 'subscriptions', aliases: ['abonnements'], admin: false },
  { name: 'categories', aliases: ['catégories', 'categorie'], admin: true },
  { name: 'pause', aliases: [], admin: true },
  { name: 'resume', aliases: ['reprendre'], admin: true },
  { name: 'digest', aliases: ['quotidien'], admin: true },
  { name: 'lang', aliases: ['langue'], admin: true },
  { name: 'setup', aliases: ['configurer'], admin: true, needs: 'channelChoice' },
  { name: 'pingrole', aliases: ['rôle', 'role'], admin: true, needs: 'roles' },
  { name: 'wrong', aliases: ['faux'], admin: true, needs: 'replies' },
  { name: 'missed', aliases: ['manque'], admin: true },
  { name: 'status', aliases: ['statut', 'état'], admin: false },
  { name: 'help', aliases: ['aide'], admin: false },
  { name: 'start', aliases: [], admin: false },
];

/** Every command with its FR/EN description and usage, in `/help` order. */
export const COMMANDS: readonly CommandSpec[] = DEFINITIONS.map((d) => ({
  ...d,
  description: { fr: vocabulary('fr').commandHelp[d.name].description, en: vocabulary('en').commandHelp[d.name].description },
  usage: { fr: vocabulary('fr').commandHelp[d.name].usage, en: vocabulary('en').commandHelp[d.name].usage },
}));

const BY_NAME = new Map<string, CommandSpec>();
for (const spec of COMMANDS) {
  for (const name of [spec.name, ...spec.aliases]) BY_NAME.set(fold(name).replace(/ /g, ''), spec);
}

/**
 * Resolves what a user typed ("/Dernières@VigieBot", "aide", "latest") to a canonical command name;
 * undefined when it is not a Vigie command.
 */
export function resolveCommandName(text: string): CommandName | undefined {
  const token = text.trim().replace(/^[/!]/, '').split(/[@\s]/)[0] ?? '';
  if (token.length === 0 || token.length > 64) return undefined;
  return BY_NAME.get(fold(token).replace(/ /g, ''))?.name;
}

/** The spec of a canonical command. */
export function commandSpec(name: CommandName): CommandSpec {
  return BY_NAME.get(name) as CommandSpec;
}

/** Whether a platform with these capabilities offers the command. */
export function offers(capabilities: PlatformCapabilities, spec: CommandSpec): boolean {
  return capabilities.commands && (spec.needs === undefined || capabilities[spec.needs]);
}

/** Commands offered on a platform with these capabilities, in `/help` order (none without commands). */
export function commandsFor(capabilities: PlatformCapabilities): CommandSpec[] {
  return COMMANDS.filter((c) => offers(capabilities, c));
}
