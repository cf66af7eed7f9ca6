/**
 * The platform-neutral command layer: platform adapters hand it parsed commands and chat events; it
 * checks permissions and arguments, updates the destination's settings and answers in its language.
 */
import { VigieError } from '../../core/errors.js';
import type { Destination, Lang, Platform } from '../../core/types.js';
import type {
  AlertLog, ChatInfo, Clock, CommandHandler, CommandReply, CommandRequest, DestinationRepo, Logger, StatusInfo,
} from '../../ports.js';
import { parseSnowflake } from './args.js';
import { commandSpec, resolveCommandName, type CommandName } from './catalog.js';
import { defaultDestination, destinationKey } from './defaults.js';
import { helpText, latestReply, settingsText, statusText, welcomeText } from './info.js';
import { messagesFor } from './messages.js';
import { KeyedSerial } from './serial.js';
import { changesSettings, SETTINGS_COMMANDS } from './settings.js';

/** Longest argument text accepted, in characters. */
export const MAX_ARGS_LENGTH = 1000;

/** What the command layer needs. `onSettingsChanged` tells the pipeline to rebuild its recipient index. */
export interface ChatCommandsDeps {
  destinations: DestinationRepo;
  alerts: AlertLog;
  status: () => Promise<StatusInfo>;
  clock: Clock;
  logger: Logger;
  onSettingsChanged?: () => void;
}

/** Runs Vigie's commands for every platform; never throws from `handle`. */
export class ChatCommands implements CommandHandler {
  private readonly serial = new KeyedSerial();

  constructor(private readonly deps: ChatCommandsDeps) {}

  async handle(request: CommandRequest): Promise<CommandReply> {
    const key = destinationKey(request.platform, request.chatId);
    try {
      return await this.serial.run(key, () => this.dispatch(request));
    } catch (error) {
      this.deps.logger.error({ err: error, command: request.name, destination: key }, 'command failed');
      const stored = await this.deps.destinations.get(key).catch(() => undefined);
      return { text: messagesFor(stored?.lang ?? 'fr').internalError };
    }
  }

  async joined(chat: ChatInfo): Promise<CommandReply> {
    const now = this.deps.clock.now();
    // A Discord server is not a destination: channels are chosen with /setup.
    if (chat.platform === 'discord') {
      return { text: welcomeText(defaultDestination('discord', chat.chatId, now), 'discord') };
    }
    const key = destinationKey(chat.platform, chat.chatId);
    return this.serial.run(key, async () => {
      const existing = await this.deps.destinations.get(key);
      const extra = { ...(chat.groupId === undefined ? {} : { groupId: chat.groupId }), ...(chat.title === undefined ? {} : { title: chat.title }) };
      const dest = existing === undefined
        ? defaultDestination(chat.platform, chat.chatId, now, extra)
        : { ...existing, ...extra, active: true, updatedAt: now };
      await this.save(dest, existing === undefined ? 'registered on join' : 'reactivated on join');
      return { text: `${welcomeText(dest, chat.platform)}\n\n${settingsText(dest)}` };
    });
  }

  async left(platform: Platform, chatId: string, reason: string): Promise<void> {
    const key = destinationKey(platform, chatId);
    await this.serial.run(key, async () => {
      const dest = await this.deps.destinations.get(key);
      if (dest?.active) await this.save({ ...dest, active: false, updatedAt: this.deps.clock.now() }, `deactivated: ${reason}`);
    });
    if (platform !== 'discord') return;
    // Discord: `chatId` may be a server (guildDelete); its channels go with it.
    for (const dest of await this.deps.destinations.list({ active: true, platform })) {
      if (dest.groupId !== chatId) continue;
      await this.serial.run(dest.key, async () => {
        const current = await this.deps.destinations.get(dest.key);
        if (current?.active) await this.save({ ...current, active: false, updatedAt: this.deps.clock.now() }, `deactivated: ${reason}`);
      });
    }
  }

  async migrated(platform: Platform, fromChatId: string, toChatId: string): Promise<void> {
    const from = destinationKey(platform, fromChatId);
    const to = destinationKey(platform, toChatId);
    await this.serial.run(from, async () => {
      const old = await this.deps.destinations.get(from);
      if (old === undefined) return;
      // The old chat's settings win over a default registration the new id may already have.
      await this.save({ ...old, key: to, chatId: toChatId, updatedAt: this.deps.clock.now() }, `migrated from ${from}`);
      await this.deps.destinations.delete(from);
    });
  }

  private async dispatch(request: CommandRequest): Promise<CommandReply> {
    const name = resolveCommandName(request.name);
    const key = destinationKey(request.platform, request.chatId);
    if (name === undefined || request.args.length > MAX_ARGS_LENGTH) {
      const m = messagesFor((await this.deps.destinations.get(key))?.lang ?? 'fr');
      return { text: name === undefined ? m.unknownCommand(`/${request.name.slice(0, 64)}`) : m.argsTooLong(MAX_ARGS_LENGTH) };
    }
    const spec = commandSpec(name);
    const { dest, stored } = await this.destinationFor(request, name);
    const m = messagesFor(dest.lang);
    const ephemeral = spec.admin;
    if (spec.platforms !== undefined && !spec.platforms.includes(request.platform)) {
      return { text: m.notOnPlatform(name), ephemeral };
    }
    const args = request.args.trim();
    if (changesSettings(name, args)) {
      const refusal = await this.refusal(request, name, dest);
      if (refusal !== undefined) return { text: refusal, ephemeral };
    }
    if (name === 'setup') return { text: await this.setup(request, stored ? dest : undefined, dest.lang, args), ephemeral };
    const reply = await this.run(name, request, dest, args);
    // Alerts listed in a reply are rendered by the platform in the language in force after the command.
    const after = name === 'lang' ? (await this.deps.destinations.get(key))?.lang ?? dest.lang : dest.lang;
    return { lang: after, ...reply };
  }

  private async run(name: CommandName, request: CommandRequest, dest: Destination, args: string): Promise<CommandReply> {
    switch (name) {
      case 'start':
      case 'help':
        return { text: helpText(dest, request.platform) };
      case 'subscriptions':
        return { text: settingsText(dest) };
      case 'status':
        return { text: statusText(await this.deps.status(), dest, this.deps.clock.now()) };
      case 'latest':
        return latestReply(this.deps.alerts, dest, args);
      default:
        return { text: await this.applySettings(name, dest, args), ephemeral: true };
    }
  }

  private async applySettings(name: CommandName, dest: Destination, args: string): Promise<string> {
    const command = SETTINGS_COMMANDS[name];
    if (command === undefined) throw new VigieError(`command layer: /${name} has no settings handler`);
    const outcome = command(dest, args);
    const next = outcome.next ?? dest;
    if (outcome.next !== undefined) await this.save({ ...outcome.next, updatedAt: this.deps.clock.now() }, `/${name}`);
    const hint = next.platform === 'discord' && !next.active ? `\n${messagesFor(next.lang).notSetUpHint}` : '';
    return outcome.text + hint;
  }

  /** `/setup [#channel]` (Discord): registers or reactivates the channel as a destination. */
  private async setup(request: CommandRequest, here: Destination | undefined, lang: Lang, args: string): Promise<string> {
    const m = messagesFor(lang);
    const channelId = args.length === 0 ? request.chatId : parseSnowflake(args, '#');
    if (channelId === undefined) return `${m.badChannel}\n${m.usage('setup', commandSpec('setup').usage[lang])}`;
    const now = this.deps.clock.now();
    const group = request.groupId === undefined ? {} : { groupId: request.groupId };
    // The current channel is locked by `handle`; another one is written without a lock (locking it
    // too could deadlock two crossed /setup commands).
    const existing = channelId === request.chatId
      ? here
      : await this.deps.destinations.get(destinationKey(request.platform, channelId));
    const next = existing === undefined
      ? defaultDestination(request.platform, channelId, now, { ...group, lang })
      : { ...existing, ...group, active: true, updatedAt: now };
    await this.save(next, '/setup');
    return m.setupDone(channelId, existing !== undefined && !existing.active);
  }

  /** Why the sender may not change settings, or undefined when allowed. */
  private async refusal(request: CommandRequest, name: CommandName, dest: Destination): Promise<string | undefined> {
    const m = messagesFor(dest.lang);
    try {
      if (await request.isAdmin()) return undefined;
    } catch (error) {
      this.deps.logger.warn({ err: error, destination: dest.key, command: name }, 'admin check failed');
      return m.adminCheckFailed;
    }
    this.deps.logger.debug({ destination: dest.key, command: name, userId: request.userId }, 'settings command refused: not an admin');
    return m.adminOnly(name);
  }

  /** The chat's destination, registered first with defaults when unknown (a Discord channel inactive). */
  private async destinationFor(request: CommandRequest, name: CommandName): Promise<{ dest: Destination; stored: boolean }> {
    const key = destinationKey(request.platform, request.chatId);
    const existing = await this.deps.destinations.get(key);
    if (existing !== undefined) {
      if (request.chatTitle === undefined || request.chatTitle === existing.title) return { dest: existing, stored: true };
      const renamed = { ...existing, title: request.chatTitle };
      await this.deps.destinations.put(renamed);
      return { dest: renamed, stored: true };
    }
    const dest = defaultDestination(request.platform, request.chatId, this.deps.clock.now(), {
      ...(request.groupId === undefined ? {} : { groupId: request.groupId }),
      ...(request.chatTitle === undefined ? {} : { title: request.chatTitle }),
      active: request.platform !== 'discord',
    });
    // `/setup` registers its own target; do not leave an inactive record behind for the current channel.
    if (name === 'setup') return { dest, stored: false };
    await this.save(dest, 'registered on first command');
    return { dest, stored: true };
  }

  private async save(dest: Destination, why: string): Promise<void> {
    await this.deps.destinations.put(dest);
    this.deps.logger.info({ destination: dest.key, active: dest.active }, `destination updated: ${why}`);
    this.deps.onSettingsChanged?.();
  }
}
