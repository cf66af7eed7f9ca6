/**
 * Turns Telegram updates into calls on the platform-neutral command layer: commands (in chats and as
 * channel posts), the bot joining or leaving a chat, and groups migrating to supergroups.
 */
import { Composer, type Context } from 'grammy';
import type { Chat, ChatMember, Message } from 'grammy/types';
import type { Lang } from '../../core/types.js';
import { vocabulary } from '../../core/vocabulary/index.js';
import type { CommandHandler, CommandRequest, Logger } from '../../ports.js';
import type { CommandReply } from '../../core/platform.js';
import type { AdminCache } from './admins.js';
import { formatReply } from './format.js';
import type { TelegramNotifier } from './notifier.js';

/** Telegram's anonymous group administrator (messages "sent by the group"). */
export const ANONYMOUS_ADMIN_ID = 1087968824;
/** Longest argument text passed to the command layer (Telegram's own message limit). */
const MAX_ARGS = 4096;

/** A command as typed: `/name@Bot args`. */
export interface ParsedCommand {
  name: string;
  /** The bot it was addressed to (`@Bot`), if any. */
  target?: string;
  args: string;
}

/** Parses "/cmd@BotName args"; undefined when the text is not a command. */
export function parseCommand(text: string): ParsedCommand | undefined {
  const m = /^\/([^\s@/]{1,64})(?:@([A-Za-z0-9_]{1,64}))?(?=\s|$)\s*([\s\S]*)$/.exec(text);
  if (!m) return undefined;
  return { name: m[1]!, ...(m[2] ? { target: m[2] } : {}), args: m[3]!.trim().slice(0, MAX_ARGS) };
}

/** What the update handlers need. */
export interface UpdateDeps {
  commands: CommandHandler;
  notifier: TelegramNotifier;
  admins: AdminCache;
  logger: Logger;
  /** Canonical command name for what the user typed (aliases, accents), or undefined. */
  resolveCommand: (typed: string) => string | undefined;
  /** The bot's @username, known once the bot is initialised. */
  username: () => string;
}

const INSIDE = new Set(['creator', 'administrator', 'member']);

/** True when this member status lets the bot read and post in the chat. */
function isInside(member: ChatMember): boolean {
  return INSIDE.has(member.status) || (member.status === 'restricted' && member.is_member);
}

function titleOf(chat: Chat): string | undefined {
  return chat.title ?? ([chat.first_name, chat.last_name].filter(Boolean).join(' ') || chat.username);
}

/** The middleware handling every update Vigie cares about. */
export function updateHandlers(deps: UpdateDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on('my_chat_member', (ctx) => membershipChanged(deps, ctx.myChatMember.chat, ctx.myChatMember.old_chat_member, ctx.myChatMember.new_chat_member));
  composer.on('message:migrate_to_chat_id', async (ctx) => {
    const from = String(ctx.chat.id);
    const to = String(ctx.msg.migrate_to_chat_id);
    deps.logger.info({ chatId: from, toChatId: to }, 'telegram: group migrated to a supergroup');
    await deps.commands.migrated('telegram', from, to);
  });
  composer.on(['message:text', 'channel_post:text'], (ctx) => command(deps, ctx.msg));
  return composer;
}

async function membershipChanged(deps: UpdateDeps, chat: Chat, before: ChatMember, after: ChatMember): Promise<void> {
  const chatId = String(chat.id);
  const wasInside = isInside(before);
  const nowInside = isInside(after);
  if (!wasInside && nowInside) {
    deps.logger.info({ chatId, type: chat.type, status: after.status }, 'telegram: added to a chat');
    const title = titleOf(chat);
    const welcome = await deps.commands.joined({
      platform: 'telegram', chatId, groupId: chat.type, ...(title ? { title } : {}), ...(chat.type === 'private' ? { direct: true } : {}),
    });
    await reply(deps, chatId, welcome);
  } else if (wasInside && !nowInside) {
    deps.logger.info({ chatId, type: chat.type, status: after.status }, 'telegram: removed from a chat');
    // A private chat is its user: once they block the bot there is nothing to keep (they may /start again).
    await deps.commands.left('telegram', chatId, `bot ${after.status} in Telegram ${chat.type}`, { forget: chat.type === 'private' });
  }
}

async function command(deps: UpdateDeps, msg: Message): Promise<void> {
  const parsed = parseCommand(msg.text ?? '');
  if (!parsed) return;
  if (parsed.target && parsed.target.toLowerCase() !== deps.username().toLowerCase()) return; // another bot's
  if (msg.from?.is_bot && msg.from.id !== ANONYMOUS_ADMIN_ID) return;
  const resolved = deps.resolveCommand(parsed.name);
  // In groups a bare unknown command is probably meant for another bot: stay quiet.
  if (!resolved && msg.chat.type !== 'private' && !parsed.target) return;
  const chatId = String(msg.chat.id);
  const title = titleOf(msg.chat);
  const request: CommandRequest = {
    platform: 'telegram', chatId, groupId: msg.chat.type, ...(title ? { chatTitle: title } : {}),
    userId: String(msg.from?.id ?? msg.sender_chat?.id ?? msg.chat.id),
    name: resolved ?? parsed.name, args: parsed.args,
    isAdmin: () => senderIsAdmin(deps, msg),
    ...(msg.reply_to_message ? { replyTo: String(msg.reply_to_message.message_id) } : {}),
    ...(msg.chat.type === 'private' ? { direct: true } : {}),
  };
  let answer: CommandReply;
  try {
    answer = await deps.commands.handle(request);
  } catch (err) {
    deps.logger.error({ chatId, command: request.name, err }, 'telegram: command failed');
    answer = { text: `⚠️ ${vocabulary('fr').internalError}` };
  }
  await reply(deps, chatId, answer, msg.message_id);
}

/**
 * Private chats: the user. Channels: whoever can post. Anonymous admins and posts "as the group":
 * admins. Anyone else: asks Telegram (cached briefly).
 */
async function senderIsAdmin(deps: UpdateDeps, msg: Message): Promise<boolean> {
  if (msg.chat.type === 'private' || msg.chat.type === 'channel') return true;
  if (msg.sender_chat) return msg.sender_chat.id === msg.chat.id;
  if (!msg.from) return false;
  if (msg.from.id === ANONYMOUS_ADMIN_ID) return true;
  return deps.admins.isAdmin(msg.chat.id, msg.from.id);
}

/** Sends the answer (not a quiet refusal), then leaves the chat when private mode refused it. */
async function reply(deps: UpdateDeps, chatId: string, answer: CommandReply, replyTo?: number): Promise<void> {
  const lang: Lang = answer.lang ?? 'fr';
  try {
    if (!answer.refusal?.quiet) await deps.notifier.sendHtml(chatId, formatReply(answer, lang), replyTo === undefined ? {} : { replyTo });
  } catch (err) {
    deps.logger.warn({ chatId, err: err instanceof Error ? err.message : String(err) }, 'telegram: could not send a command reply');
  }
  if (answer.refusal?.leave) await deps.notifier.leave(chatId);
}
