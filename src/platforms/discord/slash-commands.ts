/**
 * Discord slash command definitions built from the command layer's catalog (names, FR/EN
 * descriptions, admin flag), plus the Discord-only options and how they become the command's args.
 */
import {
  ApplicationCommandOptionType as OptionType, ApplicationCommandType, ChannelType, InteractionContextType,
  PermissionFlagsBits, type APIApplicationCommandOptionChoice, type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { commandsFor, type CommandName, type CommandSpec } from '../../pipeline/commands/catalog.js';
import { DISCORD_CAPABILITIES } from './capabilities.js';

/** Discord's rule for command and option names (lower case enforced separately). */
const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

interface OptionDef {
  /** Base name (French, as users type `/setup salon:#canal`); `en` is its English localisation. */
  name: string;
  en: string;
  type: OptionType.String | OptionType.Integer | OptionType.Channel | OptionType.Role;
  required?: boolean;
  description: { fr: string; en: string };
  maxLength?: number;
  range?: [number, number];
  choices?: { fr: string; en: string; value: string }[];
}

const KEYWORDS: OptionDef = {
  name: 'mots-cles', en: 'keywords', type: OptionType.String, required: true, maxLength: 300,
  description: { fr: 'Mots-clés séparés par des virgules (ou « tout »)', en: 'Comma-separated keywords (or "all")' },
};

/** The options of each command, in the order their values are joined into the args text. */
const OPTIONS: Partial<Record<CommandName, OptionDef[]>> = {
  latest: [
    { name: 'nombre', en: 'count', type: OptionType.Integer, range: [1, 10],
      description: { fr: 'Combien d’alertes (10 au plus)', en: 'How many alerts (10 at most)' } },
    { name: 'filtre', en: 'filter', type: OptionType.String, maxLength: 100,
      description: { fr: 'Seulement les alertes contenant ce mot-clé', en: 'Only alerts containing this keyword' } },
  ],
  subscribe: [KEYWORDS],
  unsubscribe: [KEYWORDS],
  categories: [{
    name: 'categories', en: 'categories', type: OptionType.String, required: true,
    description: { fr: 'Catégories à recevoir', en: 'Categories to receive' },
    choices: [
      { fr: 'Cyberattaques', en: 'Cyberattacks', value: 'cyber' },
      { fr: 'Pannes informatiques', en: 'IT outages', value: 'panne' },
      { fr: 'Les deux', en: 'Both', value: 'tout' },
    ],
  }],
  digest: [
    { name: 'heure', en: 'time', type: OptionType.String, required: true, maxLength: 10,
      description: { fr: 'Heure HH:MM, ou off pour l’envoi au fil de l’eau', en: 'Time HH:MM, or off to post alerts as they come' } },
    { name: 'fuseau', en: 'timezone', type: OptionType.String, maxLength: 64,
      description: { fr: 'Fuseau horaire, ex. Europe/Brussels (Europe/Paris par défaut)', en: 'Time zone, e.g. Europe/Brussels (default Europe/Paris)' } },
  ],
  lang: [{
    name: 'langue', en: 'language', type: OptionType.String, required: true,
    description: { fr: 'Langue des alertes et des réponses', en: 'Language of alerts and replies' },
    choices: [{ fr: 'Français', en: 'French', value: 'fr' }, { fr: 'Anglais', en: 'English', value: 'en' }],
  }],
  setup: [{
    name: 'salon', en: 'channel', type: OptionType.Channel,
    description: { fr: 'Salon où publier les alertes (celui-ci par défaut)', en: 'Channel to post alerts in (this one by default)' },
  }],
  pingrole: [{
    name: 'role', en: 'role', type: OptionType.Role,
    description: { fr: 'Rôle mentionné pour les alertes majeures (vide : aucun)', en: 'Role mentioned on major alerts (empty: none)' },
  }],
};

/** Commands offered on Discord (`/start` is Telegram's greeting). */
export function discordCommandSpecs(): CommandSpec[] {
  return commandsFor(DISCORD_CAPABILITIES).filter((c) => c.name !== 'start');
}

/** The body of `PUT /applications/:id/commands` (or the guild route): every Vigie slash command. */
export function slashCommandBodies(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return discordCommandSpecs().map((spec) => {
    const frName = spec.aliases.map((a) => a.toLowerCase()).find((a) => NAME.test(a));
    return {
      type: ApplicationCommandType.ChatInput,
      name: spec.name,
      ...(frName ? { name_localizations: { fr: frName } } : {}),
      description: spec.description.en,
      description_localizations: { fr: spec.description.fr },
      default_member_permissions: spec.admin ? String(PermissionFlagsBits.ManageGuild) : null,
      contexts: [InteractionContextType.Guild],
      options: (OPTIONS[spec.name] ?? []).map(optionBody),
    };
  });
}

function optionBody(o: OptionDef): NonNullable<RESTPostAPIChatInputApplicationCommandsJSONBody['options']>[number] {
  const base = {
    name: o.name,
    name_localizations: { 'en-US': o.en, 'en-GB': o.en },
    description: o.description.en,
    description_localizations: { fr: o.description.fr },
    required: o.required ?? false,
  };
  if (o.type === OptionType.Channel) {
    return { ...base, type: o.type, channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement] };
  }
  if (o.type === OptionType.Role) return { ...base, type: o.type };
  if (o.type === OptionType.Integer) {
    return { ...base, type: o.type, ...(o.range ? { min_value: o.range[0], max_value: o.range[1] } : {}) };
  }
  const choices: APIApplicationCommandOptionChoice<string>[] | undefined = o.choices?.map((c) => ({
    name: c.en, name_localizations: { fr: c.fr }, value: c.value,
  }));
  return { ...base, type: o.type, ...(o.maxLength ? { max_length: o.maxLength } : {}), ...(choices ? { choices } : {}) };
}

/**
 * The command's args text from the interaction's option values, in declaration order. `/setup`
 * without a channel means this channel; `/pingrole` without a role means off.
 */
export function argsFromOptions(name: CommandName, value: (option: string) => unknown, channelId: string): string {
  const parts = (OPTIONS[name] ?? [])
    .map((o) => value(o.name))
    .filter((v) => v !== undefined && v !== null && v !== '')
    .map((v) => String(v).trim());
  if (name === 'setup' && parts.length === 0) return channelId;
  if (name === 'pingrole' && parts.length === 0) return 'off';
  return parts.join(' ');
}
