/**
 * The message context-menu command "Signaler : pas un incident" (Report: not an incident): an
 * administrator marks one of Vigie's alert messages as wrong. It becomes the command layer's
 * `/faux` answering that message; the answer is ephemeral.
 */
import {
  ApplicationCommandType, InteractionContextType, MessageFlags, PermissionFlagsBits,
  type MessageContextMenuCommandInteraction, type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandRequest } from '../../ports.js';
import { replyMessage } from './format.js';
import { isServerAdmin, type InteractionDeps } from './interactions.js';

/** The menu entry's name (English default, French localisation). */
export const REPORT_MENU = { en: 'Report: not an incident', fr: 'Signaler : pas un incident' } as const;

/** The registration body of the menu entry (hidden from members without Manage Server). */
export function reportMenuBody(): RESTPostAPIContextMenuApplicationCommandsJSONBody {
  return {
    type: ApplicationCommandType.Message,
    name: REPORT_MENU.en,
    name_localizations: { fr: REPORT_MENU.fr },
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    contexts: [InteractionContextType.Guild],
  };
}

/** Runs the menu entry on the message it was used on; never throws (failures are logged). */
export async function handleReportMenu(interaction: MessageContextMenuCommandInteraction, deps: InteractionDeps): Promise<void> {
  if (!interaction.inGuild() || interaction.commandName !== REPORT_MENU.en) return;
  const admin = isServerAdmin(interaction.memberPermissions);
  const request: CommandRequest = {
    platform: 'discord', chatId: interaction.channelId, groupId: interaction.guildId, userId: interaction.user.id,
    name: 'wrong', args: '', replyTo: interaction.targetId, isAdmin: async () => admin,
  };
  try {
    const reply = await deps.commands.handle(request);
    const body = replyMessage(reply, reply.lang ?? 'fr');
    await interaction.reply({ content: body.content ?? '—', embeds: body.embeds ?? [], allowedMentions: { parse: [] }, flags: MessageFlags.Ephemeral });
    if (reply.refusal?.leave) await deps.leave?.(interaction.guildId);
  } catch (error) {
    deps.logger.warn({ guild: interaction.guildId, channel: interaction.channelId, err: error }, 'discord: could not answer the report menu');
  }
}
