/**
 * The platform-neutral command layer: platform adapters hand it parsed commands and chat events; it
 * checks permissions and arguments, updates the destination's settings and answers in its language.
 */
import { VigieError } from '../../core/errors.js';
import type { ChatInfo, CommandReply, ConfiguredDestination, PlatformCapabilities, StatusInfo } from '../../core/platform.js';
import type { Refusal } from '../../core/delivery-types.js';
import type { Destination, Lang, Platform } from '../../core/types.js';
import type { AlertLog, Clock, CommandHandler, CommandRequest, DestinationRepo, Logger, RateWindow, RefusalLog } from '../../ports.js';
import { parseSnowflake } from './args.js';
import { commandSpec, offers, resolveCommandName, type CommandName } from './catalog.js';
import { configuredChanges } from './configured.js';
import { defaultDestination, destinationKey } from './defaults.js';
import { helpText, latestReply, settingsText, statusText, welcomeText } from './info.js';
import { messagesFor, PLAIN_CHAT, type CapabilityLookup } from './messages.js';
import { MemoryRateWindow } from './rate-limit.js';
import type { FeedbackCommands } from './feedback.js';
import { applyToDestinations, refusalFor, type ChatRef, type PrivateMode } from './private-mode.js';
import { KeyedSerial } from './serial.js';
import { changesSettings, SETTINGS_COMMANDS } from './settings.js';

/** Longest argument text accepted, in characters. */
export const MAX_ARGS_LENGTH = 1000;

/**
 * What the command layer needs. `onSettingsChanged` tells the pipeline to rebuild its recipient
 * index; `capabilities` says what each platform can do (a plain chat when it does not know it).
 */
export interface ChatCommandsDeps {
  capabilities?: CapabilityLookup;
  destinations: DestinationRepo;
  alerts: AlertLog;
  status: () => Promise<StatusInfo>;
  /** Temporary refusals recorded by delivery: `/status` tells a chat why its alerts wait. */
  refusals?: Pick<RefusalLog, 'get'>;
  clock: Clock;
  logger: Logger;
  onSettingsChanged?: () => void;
  /** Commands one user may run per minute (default 10); more get a polite "try again in n s". */
  commandsPerMinute?: number;
  /**
   * Where commands are counted: a shared store's counters, so the budget holds across instances
   * (default: counted in this process).
   */
  rates?: RateWindow;
  /** `/faux` and `/manque` (feedback marks); without it they answer that they are not offered here. */
  feedback?: FeedbackCommands;
  /** ALLOWED_CHATS: a chat it does not list gets one refusal and is left; absent: every chat is served. */
  privateMode?: PrivateMode;
}

/** Runs Vigie's commands for every platform; never throws from `handle`. */
export class ChatCommands implements CommandHandler {
  private readonly serial = new KeyedSerial();
  private readonly rates: RateWindow;

  constructor(private readonly deps: ChatCommandsDeps) {
    this.rates = deps.rates ?? new MemoryRateWindow(deps.clock);
  }

  async handle(request: CommandRequest): Promise<CommandReply> {
    const key = destinationKey(request.platform, request.chatId);
    const refused = await this.privateRefusal(request, false);
    if (refused) return refused;
    const waitMs = await this.budget(request);
    if (waitMs > 0) {
      const lang = (await this.deps.destinations.get(key).catch(() => undefined))?.lang ?? 'fr';
      return { text: messagesFor(lang).slowDown(Math.ceil(waitMs / 1000)), lang, ephemeral: true };
    }
    try {
      return await this.serial.run(key, () => this.dispatch(request));
    } catch (error) {
      this.deps.logger.error({ err: error, command: request.name, destination: key }, 'command failed');
      const lang = (await this.deps.destinations.get(key).catch(() => undefined))?.lang ?? 'fr';
      return { text: messagesFor(lang).internalError, lang };
    }
  }

  /** Counts the command against its sender's budget: 0 when allowed, else the ms to wait. A counter that fails lets it through. */
  private async budget(request: CommandRequest): Promise<number> {
    try {
      return await this.rates.take(`cmd:${request.platform}:${request.userId}`, this.deps.commandsPerMinute ?? 10, 60_000);
    } catch (error) {
      this.deps.logger.warn({ err: error, command: request.name }, 'command budget unavailable; the command is not counted');
      return 0;
    }
  }

  /** What a platform can do, as the wiring declared it. */
  capabilitiesOf(platform: Platform): PlatformCapabilities {
    return this.deps.capabilities?.(platform) ?? PLAIN_CHAT;
  }

  async joined(chat: ChatInfo): Promise<CommandReply> {
    const refused = await this.privateRefusal(chat, true);
    if (refused) return refused;
    const now = this.deps.clock.now();
    const capabilities = this.capabilitiesOf(chat.platform);
    // A server is not a destination where channels are chosen with /setup.
    if (capabilities.channelChoice) {
      return { text: welcomeText(defaultDestination(chat.platform, chat.chatId, now), capabilities), lang: 'fr' };
    }
    const key = destinationKey(chat.platform, chat.chatId);
    return this.serial.run(key, async () => {
      const existing = await this.deps.destinations.get(key);
      const extra = { ...(chat.groupId === undefined ? {} : { groupId: chat.groupId }), ...(chat.title === undefined ? {} : { title: chat.title }) };
      const dest = existing === undefined
        ? defaultDestination(chat.platform, chat.chatId, now, extra)
        : { ...existing, ...extra, active: true, updatedAt: now };
      await this.save(dest, existing === undefined ? 'registered on join' : 'reactivated on join');
      return { text: `${welcomeText(dest, capabilities)}\n\n${settingsText(dest, capabilities)}`, lang: dest.lang };
    });
  }

  async left(platform: Platform, chatId: string, reason: string, options: { forget?: boolean } = {}): Promise<void> {
    const key = destinationKey(platform, chatId);
    await this.serial.run(key, async () => {
      const dest = await this.deps.destinations.get(key);
      if (dest && options.forget) {
        await this.deps.destinations.delete(key);
        this.deps.onSettingsChanged?.();
        this.deps.logger.info({ destination: key, reason }, 'destination removed');
      } else if (dest?.active) {
        await this.save({ ...dest, active: false, updatedAt: this.deps.clock.now() }, `deactivated: ${reason}`);
      }
    });
    if (!this.capabilitiesOf(platform).channelChoice) return;
    // Channel choice: `chatId` may be a server the bot left; its channels go with it.
    for (const dest of await this.deps.destinations.list({ active: true, platform })) {
      if (dest.groupId !== chatId) continue;
      await this.serial.run(dest.key, async () => {
        const current = await this.deps.destinations.get(dest.key);
        if (current?.active) await this.save({ ...current, active: false, updatedAt: this.deps.clock.now() }, `deactivated: ${reason}`);
      });
    }
  }

  async migrated(platform: Platform, fromChatId: string, toChatId: string): Promise<void> {
    this.deps.privateMode?.moved(platform, fromChatId, toChatId, this.deps.logger);
    const from = destinationKey(platform, fromChatId);
    const to = destinationKey(platform, toChatId);
    await this.serial.run(from, async () => {
      const old = await this.deps.destinations.get(from);
      if (old === undefined) return;
      // The old chat's settings win over a default registration the new id may already have.
      const { movedTo: _none, ...settings } = old;
      await this.save({ ...settings, key: to, chatId: toChatId, movedFrom: from, updatedAt: this.deps.clock.now() }, `migrated from ${from}`);
      // The old id stays as a forwarding entry: entries queued for it go to the new chat, and edits
      // find the messages it got.
      await this.save({ ...old, active: false, movedTo: to, updatedAt: this.deps.clock.now() }, `moved to ${to}`);
    });
  }

  async configured(platform: Platform, destinations: readonly ConfiguredDestination[]): Promise<void> {
    const stored = await this.deps.destinations.list({ platform });
    for (const dest of configuredChanges(platform, stored, destinations, this.deps.clock.now())) {
      await this.serial.run(dest.key, () => this.save(dest, 'from configuration'));
    }
  }

  /** Private mode at start: destinations it does not list are deactivated, those listed again reactivated. */
  async applyPrivateMode(): Promise<{ excluded: number; readmitted: number }> {
    const mode = this.deps.privateMode;
    if (!mode) return { excluded: 0, readmitted: 0 };
    return applyToDestinations(mode, this.deps.destinations, (dest, why) => this.serial.run(dest.key, () => this.save(dest, why)), this.deps.clock.now());
  }

  /** Private mode's refusal of a chat it does not serve (in the chat's language when it was known), or undefined. */
  private async privateRefusal(chat: ChatRef, loud: boolean): Promise<CommandReply | undefined> {
    const mode = this.deps.privateMode;
    if (!mode || mode.allows(chat.platform, chat.chatId, chat.groupId)) return undefined;
    const lang = (await this.deps.destinations.get(destinationKey(chat.platform, chat.chatId)).catch(() => undefined))?.lang ?? 'fr';
    return refusalFor(mode, chat, { lang, now: this.deps.clock.now(), logger: this.deps.logger, loud });
  }

  private async dispatch(request: CommandRequest): Promise<CommandReply> {
    const name = resolveCommandName(request.name);
    const key = destinationKey(request.platform, request.chatId);
    if (name === undefined || request.args.length > MAX_ARGS_LENGTH) {
      const lang = (await this.deps.destinations.get(key))?.lang ?? 'fr';
      const m = messagesFor(lang);
      return { text: name === undefined ? m.unknownCommand(`/${request.name.slice(0, 64)}`) : m.argsTooLong(MAX_ARGS_LENGTH), lang };
    }
    const spec = commandSpec(name);
    const capabilities = this.capabilitiesOf(request.platform);
    const { dest, stored } = await this.destinationFor(request, name, capabilities);
    const m = messagesFor(dest.lang);
    const base = { ephemeral: spec.admin, lang: dest.lang };
    if (!offers(capabilities, spec)) return { text: m.notOnPlatform(name), ...base };
    const args = request.args.trim();
    if (changesSettings(name, args)) {
      const refusal = await this.refusal(request, name, dest);
      if (refusal !== undefined) return { text: refusal, ...base };
    }
    if (name === 'wrong' || name === 'missed') {
      const feedback = this.deps.feedback;
      const text = feedback === undefined ? m.notOnPlatform(name)
        : name === 'wrong' ? await feedback.wrong(request, dest, args) : await feedback.missed(request, dest, args);
      return { text, ...base };
    }
    if (name === 'setup') return { text: await this.setup(request, stored ? dest : undefined, dest.lang, args), ...base };
    const reply = await this.run(name, dest, args, capabilities);
    // Alerts listed in a reply are rendered by the platform in the language in force after the command.
    const after = name === 'lang' ? (await this.deps.destinations.get(key))?.lang ?? dest.lang : dest.lang;
    return { lang: after, ...reply };
  }

  private async run(name: CommandName, dest: Destination, args: string, capabilities: PlatformCapabilities): Promise<CommandReply> {
    switch (name) {
      case 'start':
      case 'help':
        return { text: helpText(dest, capabilities) };
      case 'subscriptions':
        return { text: settingsText(dest, capabilities) };
      case 'status': {
        const [info, refusal] = await Promise.all([this.deps.status(), this.refusalOf(dest)]);
        return { text: statusText(info, dest, this.deps.clock.now(), refusal) };
      }
      case 'latest':
        return latestReply(this.deps.alerts, dest, args);
      default:
        return { text: await this.applySettings(name, dest, args, capabilities), ephemeral: true };
    }
  }

  /** The chat's temporary refusal; a store that cannot tell leaves it out of `/status`. */
  private async refusalOf(dest: Destination): Promise<Refusal | undefined> {
    try {
      return await this.deps.refusals?.get(dest.key);
    } catch (error) {
      this.deps.logger.warn({ err: error, destination: dest.key }, 'could not read the destination\'s refusal');
      return undefined;
    }
  }

  private async applySettings(name: CommandName, dest: Destination, args: string, capabilities: PlatformCapabilities): Promise<string> {
    const command = SETTINGS_COMMANDS[name];
    if (command === undefined) throw new VigieError(`command layer: /${name} has no settings handler`);
    const outcome = command(dest, args);
    const next = outcome.next ?? dest;
    if (outcome.next !== undefined) await this.save({ ...outcome.next, updatedAt: this.deps.clock.now() }, `/${name}`);
    const hint = capabilities.channelChoice && !next.active ? `\n${messagesFor(next.lang).notSetUpHint}` : '';
    return outcome.text + hint;
  }

  /**
   * `/setup [#channel]` (channel-choice platforms): registers or reactivates the channel as a
   * destination, unless the adapter says the bot cannot post there.
   */
  private async setup(request: CommandRequest, here: Destination | undefined, lang: Lang, args: string): Promise<string> {
    const m = messagesFor(lang);
    const channelId = args.length === 0 ? request.chatId : parseSnowflake(args, '#');
    if (channelId === undefined) return `${m.badChannel}\n${m.usage('setup', commandSpec('setup').usage[lang])}`;
    const missing = request.postingProblems?.(channelId) ?? [];
    if (missing.length > 0) return m.cannotPost(channelId, missing.map((p) => m.permissions[p]).join(', '));
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

  /** The chat's destination, registered first with defaults when unknown (inactive where channels are chosen). */
  private async destinationFor(
    request: CommandRequest, name: CommandName, capabilities: PlatformCapabilities,
  ): Promise<{ dest: Destination; stored: boolean }> {
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
      active: !capabilities.channelChoice,
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
