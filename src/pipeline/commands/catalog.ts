/**
 * The commands Vigie understands, their aliases and their FR/EN descriptions, for the command layer
 * and for platforms registering them (Telegram `setMyCommands`, Discord slash commands).
 */
import { fold } from '../../core/text.js';
import type { PlatformCapabilities } from '../../core/platform.js';
import type { Lang } from '../../core/types.js';

/** Canonical command names. */
export type CommandName =
  | 'start' | 'help' | 'latest' | 'subscribe' | 'unsubscribe' | 'subscriptions' | 'categories'
  | 'pause' | 'resume' | 'status' | 'lang' | 'setup' | 'pingrole' | 'digest';

/** One command as platforms register it and as `/help` lists it. */
export interface CommandSpec {
  name: CommandName;
  /** Other names typed by users (accents and case do not matter); the first is the French name. */
  aliases: readonly string[];
  /** True when it changes the chat's settings and so needs an administrator. */
  admin: boolean;
  /** The capability a platform needs to offer it (`/setup`: a channel choice; `/pingrole`: roles); none when absent. */
  needs?: 'channelChoice' | 'roles';
  /** One line, at most 100 characters (Discord's limit). */
  description: Readonly<Record<Lang, string>>;
  /** Argument syntax shown in `/help` and when arguments are wrong ("" when none). */
  usage: Readonly<Record<Lang, string>>;
}

/** Every command, in the order `/help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'latest', aliases: ['dernières', 'dernieres'], admin: false,
    description: { fr: 'Les dernières alertes, filtrées par mot-clé au besoin', en: 'The latest alerts, optionally filtered by keyword' },
    usage: { fr: '[n] [mot-clé]', en: '[n] [keyword]' },
  },
  {
    name: 'subscribe', aliases: ['abonner'], admin: true,
    description: { fr: "Ne recevoir que les alertes contenant ces mots-clés (-mot exclut)", en: 'Only receive alerts containing these keywords (-word excludes)' },
    usage: { fr: '<mots-clés> — ex. hôpital, "mairie de Marseille", ransom*, -exercice', en: '<keywords> — e.g. hôpital, "mairie de Marseille", ransom*, -exercice' },
  },
  {
    name: 'unsubscribe', aliases: ['desabonner'], admin: true,
    description: { fr: 'Retirer des mots-clés (ou tout)', en: 'Remove keywords (or all of them)' },
    usage: { fr: '<mot-clé|tout>', en: '<keyword|all>' },
  },
  {
    name: 'subscriptions', aliases: ['abonnements'], admin: false,
    description: { fr: 'Mots-clés et réglages de cette conversation', en: "This chat's keywords and settings" },
    usage: { fr: '', en: '' },
  },
  {
    name: 'categories', aliases: ['catégories', 'categorie'], admin: true,
    description: { fr: 'Choisir les catégories : cyberattaques, pannes ou les deux', en: 'Choose categories: cyberattacks, outages or both' },
    usage: { fr: 'cyber|panne|tout', en: 'cyber|outage|all' },
  },
  {
    name: 'pause', aliases: [], admin: true,
    description: { fr: "Suspendre l'envoi des alertes", en: 'Stop sending alerts for now' },
    usage: { fr: '', en: '' },
  },
  {
    name: 'resume', aliases: ['reprendre'], admin: true,
    description: { fr: "Reprendre l'envoi des alertes", en: 'Resume sending alerts' },
    usage: { fr: '', en: '' },
  },
  {
    name: 'digest', aliases: ['quotidien'], admin: true,
    description: { fr: 'Un seul message par jour à l’heure choisie, ou off', en: 'One message a day at the chosen time, or off' },
    usage: { fr: 'HH:MM [fuseau, ex. Europe/Brussels] | off', en: 'HH:MM [time zone, e.g. Europe/Brussels] | off' },
  },
  {
    name: 'lang', aliases: ['langue'], admin: true,
    description: { fr: 'Langue des réponses : fr ou en', en: 'Reply language: fr or en' },
    usage: { fr: 'fr|en', en: 'fr|en' },
  },
  {
    name: 'setup', aliases: ['configurer'], admin: true, needs: 'channelChoice',
    description: { fr: 'Publier les alertes dans un salon', en: 'Post alerts in a channel' },
    usage: { fr: '[#salon]', en: '[#channel]' },
  },
  {
    name: 'pingrole', aliases: ['rôle', 'role'], admin: true, needs: 'roles',
    description: { fr: 'Rôle mentionné pour les alertes majeures, ou off', en: 'Role mentioned on major alerts, or off' },
    usage: { fr: '<@rôle>|off', en: '<@role>|off' },
  },
  {
    name: 'status', aliases: ['statut', 'état'], admin: false,
    description: { fr: 'État de Vigie : flux suivis, flux en erreur, dernières activités', en: "Vigie's state: feeds polled, failing feeds, latest activity" },
    usage: { fr: '', en: '' },
  },
  {
    name: 'help', aliases: ['aide'], admin: false,
    description: { fr: 'Aide et réglages de cette conversation', en: "Help and this chat's settings" },
    usage: { fr: '', en: '' },
  },
  {
    name: 'start', aliases: [], admin: false,
    description: { fr: 'Présentation de Vigie', en: 'What Vigie does' },
    usage: { fr: '', en: '' },
  },
];

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
