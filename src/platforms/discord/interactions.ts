/**
 * Slash command interactions → platform-neutral `CommandRequest` → reply (ephemeral for settings).
 * Permissions are checked again on receipt: `default_member_permissions` only hides the command.
 */
import {
  MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction, type InteractionReplyOptions,
  type PermissionsBitField, type PermissionsString,
} from 'discord.js';
import type { CommandReply, PostPermission } from '../../core/platform.js';
import type { CommandHandler, CommandRequest, Logger } from '../../ports.js';
import { commandSpec, resolveCommandName } from '../../pipeline/commands/catalog.js';
import { replyMessage } from './format.js';
import { argsFromOptions } from './slash-commands.js';

/** Permissions the bot needs in a channel to post alerts there. */
export const POST_PERMISSIONS = [
  PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks,
] as const;

/** The neutral name of each permission the bot needs in an alert channel. */
const NEEDED: Readonly<Record<string, PostPermission>> = {
  ViewChannel: 'view_channel', SendMessages: 'send_messages', EmbedLinks: 'embed_links',
};

/** What the interaction handler needs. */
export interface InteractionDeps {
  commands: CommandHandler;
  logger: Logger;
  /** Reply at once when the command answers within this delay (ms), else defer and edit (Discord allows 3 s). */
  deferAfterMs: number;
  /** Leaves a server (private mode refused it), after the answer. */
  leave?: (guildId: string) => Promise<boolean>;
}

/** Manage Server or Administrator in the member's permissions bitfield. */
export function isServerAdmin(permissions: Readonly<PermissionsBitField> | null): boolean {
  return permissions !== null && permissions.has(PermissionFlagsBits.ManageGuild, true);
}

/** Runs one slash command and answers it; never throws (failures are logged). */
export async function handleChatInput(interaction: ChatInputCommandInteraction, deps: InteractionDeps): Promise<void> {
  if (!interaction.inGuild()) return;
  const known = resolveCommandName(interaction.commandName);
  const name = known ?? interaction.commandName;
  const args = known ? argsFromOptions(known, (o) => interaction.options.get(o)?.value, interaction.channelId) : '';
  const admin = isServerAdmin(interaction.memberPermissions);
  const request: CommandRequest = {
    platform: 'discord',
    chatId: interaction.channelId,
    groupId: interaction.guildId,
    ...(interaction.channel && 'name' in interaction.channel && interaction.channel.name ? { chatTitle: interaction.channel.name } : {}),
    userId: interaction.user.id,
    name,
    args,
    isAdmin: async () => admin,
    postingProblems: (channelId) => postingProblems(interaction, channelId),
  };
  try {
    const work = deps.commands.handle(request);
    await answer(interaction, work, known !== undefined && commandSpec(known).admin, deps.deferAfterMs);
    // An interaction is always answered, a quiet refusal included; then the server is left.
    if ((await work).refusal?.leave) await deps.leave?.(interaction.guildId);
  } catch (error) {
    deps.logger.warn({ command: name, guild: interaction.guildId, channel: interaction.channelId, err: error }, 'discord: could not answer a command');
  }
}

/** Replies directly when the command is quick, else defers (ephemeral when the reply would be) and edits. */
async function answer(
  interaction: ChatInputCommandInteraction, work: Promise<CommandReply>, settings: boolean, deferAfterMs: number,
): Promise<void> {
  work.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => { timer = setTimeout(resolve, deferAfterMs, undefined); });
  const early = await Promise.race([work, late]);
  clearTimeout(timer);
  if (early) {
    await interaction.reply(replyOptions(early));
    return;
  }
  await interaction.deferReply(settings ? { flags: MessageFlags.Ephemeral } : {});
  const { flags: _ephemeralAlreadyChosen, ...edit } = replyOptions(await work);
  await interaction.editReply(edit);
}

/** discord.js reply options from our REST-shaped body, in the reply's language; nothing may ping. */
function replyOptions(reply: CommandReply): InteractionReplyOptions & { flags?: number } {
  const body = replyMessage(reply, reply.lang ?? 'fr');
  return {
    content: body.content ?? '—',
    embeds: body.embeds ?? [],
    allowedMentions: { parse: [] },
    ...(body.flags ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

/** What the bot lacks to post embeds in a channel of the guild (nothing when it cannot tell). */
function postingProblems(interaction: ChatInputCommandInteraction, channelId: string): PostPermission[] {
  const guild = interaction.guild;
  const channel = guild?.channels.cache.get(channelId);
  const me = guild?.members.me;
  if (!channel || !me) return [];
  return channel.permissionsFor(me).missing([...POST_PERMISSIONS])
    .map((p: PermissionsString) => NEEDED[p])
    .filter((p): p is PostPermission => p !== undefined);
}
