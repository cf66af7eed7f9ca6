/**
 * Discord slash command definitions built from the command layer's catalog (names, FR/EN
 * descriptions, admin flag), plus the Discord-only options and how they become the command's args.
 */
import {
  ApplicationCommandOptionType as OptionType, ApplicationCommandType, ChannelType, InteractionContextType,
  PermissionFlagsBits, type APIApplicationCommandOptionChoice, type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { MAX_REPORTED_URL } from '../../core/recent-items.js';
import { vocabulary, type ArgumentName, type ChoiceName } from '../../core/vocabulary/index.js';
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
  /** What the argument is, worded by the vocabulary. */
  help: ArgumentName;
  maxLength?: number;
  range?: [number, number];
  choices?: { label: ChoiceName; value: string }[];
}

const KEYWORDS: OptionDef = {
  name: 'mots-cles', en: 'keywords', type: OptionType.String, required: true, maxLength: 300,
  help: 'keywords',
};

/** The options of each command, in the order their values are joined into the args text. */
const OPTIONS: Partial<Record<CommandName, OptionDef[]>> = {
  latest: [
    { name: 'nombre', en: 'count', type: OptionType.Integer, range: [1, 10], help: 'count' },
    { name: 'filtre', en: 'filter', type: OptionType.String, maxLength: 100, help: 'filter' },
  ],
  subscribe: [KEYWORDS],
  unsubscribe: [KEYWORDS],
  categories: [{
    name: 'categories', en: 'categories', type: OptionType.String, required: true,
    help: 'categories',
    choices: [{ label: 'cyber', value: 'cyber' }, { label: 'outage', value: 'panne' }, { label: 'both', value: 'tout' }],
  }],
  digest: [
    { name: 'heure', en: 'time', type: OptionType.String, required: true, maxLength: 10, help: 'time' },
    { name: 'fuseau', en: 'timezone', type: OptionType.String, maxLength: 64, help: 'timeZone' },
  ],
  lang: [{
    name: 'langue', en: 'language', type: OptionType.String, required: true,
    help: 'language',
    choices: [{ label: 'fr', value: 'fr' }, { label: 'en', value: 'en' }],
  }],
  setup: [{
    name: 'salon', en: 'channel', type: OptionType.Channel,
    help: 'channel',
  }],
  pingrole: [{
    name: 'role', en: 'role', type: OptionType.Role,
    help: 'role',
  }],
  missed: [
    { name: 'adresse', en: 'url', type: OptionType.String, required: true, maxLength: MAX_REPORTED_URL, help: 'url' },
    { name: 'categorie', en: 'category', type: OptionType.String, help: 'label', choices: [{ label: 'cyber', value: 'cyber' }, { label: 'outage', value: 'panne' }] },
  ],
};

/** Slash commands offered on Discord (`/start` is Telegram's greeting). */
export function discordCommandSpecs(): CommandSpec[] {
  // `/faux` answers a message: on Discord it is the message menu entry (message-menu.ts).
  return commandsFor(DISCORD_CAPABILITIES).filter((c) => c.name !== 'start' && c.name !== 'wrong');
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
    description: vocabulary('en').argumentHelp[o.help],
    description_localizations: { fr: vocabulary('fr').argumentHelp[o.help] },
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
    name: vocabulary('en').choices[c.label], name_localizations: { fr: vocabulary('fr').choices[c.label] }, value: c.value,
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
