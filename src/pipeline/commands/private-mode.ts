/**
 * Private mode (ALLOWED_CHATS): which chats Vigie serves. A chat is named by its own id, or by its
 * server's where channels are chosen inside a server (capability `channelChoice`). Unset: every chat.
 */
import type { AllowedChat, CommandReply, PlatformCapabilities } from '../../core/platform.js';
import type { Destination, Lang, Platform } from '../../core/types.js';
import type { DestinationRepo, Logger } from '../../ports.js';
import { messagesFor, PLAIN_CHAT, type CapabilityLookup } from './messages.js';

/** A chat being refused is told once; a command from it within this delay (ms) is not answered again. */
export const REFUSAL_QUIET_MS = 10 * 60_000;
/** Refused chats remembered for `REFUSAL_QUIET_MS` (oldest forgotten first beyond this). */
const REMEMBERED = 10_000;

/** The allow list, checked for each chat event and command, and at startup for the stored destinations. */
export class PrivateMode {
  private readonly allowed: Set<string> | undefined;
  private readonly refusedAt = new Map<string, number>();

  constructor(allowed: readonly AllowedChat[] | undefined, private readonly capabilities: CapabilityLookup = () => PLAIN_CHAT) {
    this.allowed = allowed === undefined ? undefined : new Set(allowed.map((a) => `${a.platform}:${a.id}`));
  }

  private capabilitiesOf(platform: Platform): PlatformCapabilities {
    return this.capabilities(platform) ?? PLAIN_CHAT;
  }

  /** True for platforms whose chats add the bot and type commands (the only ones private mode filters). */
  takesCommands(platform: Platform): boolean {
    return this.capabilitiesOf(platform).commands;
  }

  /** True when the bot can leave a chat of this platform. */
  canLeave(platform: Platform): boolean {
    return this.capabilitiesOf(platform).leaves;
  }

  /** The id the allow list names for a chat: its server's on channel-choice platforms, its own elsewhere. */
  listedId(platform: Platform, chatId: string, groupId: string | undefined): string | undefined {
    return this.capabilitiesOf(platform).channelChoice ? groupId : chatId;
  }

  /** Whether Vigie serves this chat (always, when private mode is off). */
  allows(platform: Platform, chatId: string, groupId?: string): boolean {
    if (this.allowed === undefined || !this.takesCommands(platform)) return true;
    const id = this.listedId(platform, chatId, groupId);
    return id !== undefined && this.allowed.has(`${platform}:${id}`);
  }

  /** Whether a stored destination may receive alerts. */
  allowsDestination(dest: Destination): boolean {
    return this.allows(dest.platform, dest.chatId, dest.groupId);
  }

  /**
   * A served chat that changed id (a Telegram group turned supergroup) is served under its new id in
   * this process; the operator is told to list it.
   */
  moved(platform: Platform, fromChatId: string, toChatId: string, logger: Logger): void {
    if (this.allowed === undefined || !this.allows(platform, fromChatId) || this.allows(platform, toChatId)) return;
    this.allowed.add(`${platform}:${toChatId}`);
    logger.warn({ platform, from: fromChatId, to: toChatId }, `private mode: ${platform}:${fromChatId} moved to ${platform}:${toChatId}; add it to ALLOWED_CHATS before the next start`);
  }

  /**
   * Records a refusal of the chat at `now`; true when it was already refused within
   * `REFUSAL_QUIET_MS` (updates queued before the bot left: one refusal is enough).
   */
  refuse(platform: Platform, listedId: string, now: number): boolean {
    const key = `${platform}:${listedId}`;
    const last = this.refusedAt.get(key);
    this.refusedAt.delete(key);
    this.refusedAt.set(key, now);
    if (this.refusedAt.size > REMEMBERED) this.refusedAt.delete(this.refusedAt.keys().next().value as string);
    return last !== undefined && now - last < REFUSAL_QUIET_MS;
  }
}

/** A chat as private mode looks at it. */
export interface ChatRef {
  platform: Platform;
  chatId: string;
  groupId?: string;
  /** A one-to-one chat with a user: refused without leaving (the bot cannot leave it). */
  direct?: boolean;
}

/**
 * The reply to a chat private mode does not serve (undefined when it serves it): one polite refusal,
 * then the platform leaves where it can. `loud`: the bot was just added, always say it.
 */
export function refusalFor(
  mode: PrivateMode, chat: ChatRef, deps: { lang: Lang; now: number; logger: Logger; loud: boolean },
): CommandReply | undefined {
  if (mode.allows(chat.platform, chat.chatId, chat.groupId)) return undefined;
  const canLeave = mode.canLeave(chat.platform) && chat.direct !== true;
  const listed = mode.listedId(chat.platform, chat.chatId, chat.groupId) ?? chat.chatId;
  const told = mode.refuse(chat.platform, listed, deps.now);
  // Told moments ago (an update sent before the bot left): neither a second refusal nor a second leave.
  const quiet = told && !deps.loud;
  const leave = canLeave && !quiet;
  deps.logger.info({ platform: chat.platform, chatId: chat.chatId, groupId: chat.groupId, leave, quiet }, 'private mode: chat not in ALLOWED_CHATS, refused');
  return { text: messagesFor(deps.lang).privateRefusal(canLeave), lang: deps.lang, refusal: { leave, quiet } };
}

/**
 * At start: deactivates the active destinations of chat platforms the list does not name (marked
 * `excluded`, settings kept, nothing left: a typo in ALLOWED_CHATS is undone by fixing it), and
 * reactivates the excluded ones it names again (or all of them when private mode is off).
 */
export async function applyToDestinations(
  mode: PrivateMode, destinations: Pick<DestinationRepo, 'list'>, save: (dest: Destination, why: string) => Promise<void>, now: number,
): Promise<{ excluded: number; readmitted: number }> {
  const counts = { excluded: 0, readmitted: 0 };
  for (const dest of await destinations.list()) {
    if (!mode.takesCommands(dest.platform)) continue;
    const allowed = mode.allowsDestination(dest);
    if (!allowed && dest.active) {
      await save({ ...dest, active: false, excluded: true, updatedAt: now }, 'excluded: not in ALLOWED_CHATS');
      counts.excluded++;
    } else if (allowed && dest.excluded) {
      const { excluded: _was, ...rest } = dest;
      await save({ ...rest, active: true, updatedAt: now }, 'readmitted: in ALLOWED_CHATS again');
      counts.readmitted++;
    }
  }
  return counts;
}
