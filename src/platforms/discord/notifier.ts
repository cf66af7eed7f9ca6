/**
 * Posts and edits alerts in Discord channels over discord.js REST (which handles rate limits itself)
 * and translates its errors into `DeliveryError`s at the edge.
 */
import { createHash } from 'node:crypto';
import { DiscordAPIError, HTTPError, RateLimitError, Routes, type REST, type APIMessage } from 'discord.js';
import { DeliveryError } from '../../core/errors.js';
import type { Alert, Destination } from '../../core/types.js';
import { vocabulary } from '../../core/vocabulary/index.js';
import type { Logger, Notifier } from '../../ports.js';
import { alertMessage, escapeReplyText, replyMessage, truncate } from './format.js';
import { DISCORD_CAPABILITIES } from './capabilities.js';

/** Why a destination can no longer receive, from Discord's JSON error codes. */
export const GONE_CODES = { 50001: 'missing_access', 50013: 'missing_permissions', 10003: 'unknown_channel' } as const;

type GoneReason = (typeof GONE_CODES)[keyof typeof GONE_CODES];

/** What the notifier needs. */
export interface DiscordNotifierOptions {
  /** discord.js REST client (`client.rest`), already holding the token. */
  rest: REST;
  logger: Logger;
  /** A channel of the guild where administrators will read that a destination is gone (system channel). */
  noticeChannel?: (guildId: string) => string | undefined;
}

/** `Notifier` for Discord: one embed per alert, message references for replies, nonces against duplicates. */
export class DiscordNotifier implements Notifier {
  readonly platform = 'discord';
  readonly capabilities = DISCORD_CAPABILITIES;
  private readonly noticed = new Set<string>();

  constructor(private readonly options: DiscordNotifierOptions) {}

  async send(destination: Destination, alert: Alert, options?: { replyTo?: string }): Promise<{ messageId: string }> {
    const body = {
      ...alertMessage(alert, destination),
      // Discord returns the earlier message instead of posting twice when a retry repeats the nonce.
      nonce: deliveryNonce(destination.key, alert.id),
      enforce_nonce: true,
      ...(options?.replyTo ? { message_reference: { message_id: options.replyTo, fail_if_not_exists: false } } : {}),
    };
    try {
      const message = (await this.options.rest.post(Routes.channelMessages(destination.chatId), { body })) as APIMessage;
      return { messageId: message.id };
    } catch (error) {
      throw await this.translate(destination, error, 'send');
    }
  }

  /** Posts plain text, escaped and pinging no one (operator notices). */
  async sendText(channelId: string, text: string): Promise<void> {
    const body = { content: escapeReplyText(truncate(text, 1900)), allowed_mentions: { parse: [] } };
    try {
      await this.options.rest.post(Routes.channelMessages(channelId), { body });
    } catch (error) {
      throw toDeliveryError(`discord:${channelId}`, error, 'send');
    }
  }

  async edit(destination: Destination, messageId: string, alert: Alert): Promise<void> {
    try {
      await this.options.rest.patch(Routes.channelMessage(destination.chatId, messageId), { body: alertMessage(alert, destination) });
    } catch (error) {
      throw await this.translate(destination, error, 'edit');
    }
  }

  /** Posts the daily digest: a heading and up to ten compact embeds. */
  async sendDigest(destination: Destination, alerts: Alert[]): Promise<{ messageId: string }> {
    const shown = alerts.slice(0, 10);
    const more = alerts.length - shown.length;
    const heading = `📰 ${vocabulary(destination.lang).digestHeading(alerts.length, more)}`;
    try {
      const body = { ...replyMessage({ text: heading, alerts: shown }, destination.lang), nonce: deliveryNonce(destination.key, `digest-${shown[0]?.id ?? ''}-${alerts.length}`) };
      const message = (await this.options.rest.post(Routes.channelMessages(destination.chatId), { body })) as APIMessage;
      return { messageId: message.id };
    } catch (error) {
      throw await this.translate(destination, error, 'digest');
    }
  }

  private async translate(destination: Destination, error: unknown, action: string): Promise<DeliveryError> {
    const translated = toDeliveryError(destination.key, error, action);
    const reason = error instanceof DiscordAPIError ? GONE_CODES[error.code as keyof typeof GONE_CODES] : undefined;
    if (reason) await this.noticeOnce(destination, reason);
    return translated;
  }

  /** Tells the guild's administrators once (per process) that a channel stopped receiving alerts. */
  private async noticeOnce(destination: Destination, reason: GoneReason): Promise<void> {
    const channelId = destination.groupId ? this.options.noticeChannel?.(destination.groupId) : undefined;
    if (!channelId || channelId === destination.chatId || this.noticed.has(destination.key)) return;
    this.noticed.add(destination.key);
    const l = vocabulary(destination.lang);
    const body = { content: escapeReplyText(l.goneNotice(destination.chatId, l.goneReasons[reason])), allowed_mentions: { parse: [] } };
    try {
      await this.options.rest.post(Routes.channelMessages(channelId), { body });
    } catch (error) {
      this.options.logger.warn({ destination: destination.key, channelId, err: describe(error) }, 'discord: could not post the gone notice');
    }
  }
}

/**
 * Maps a discord.js REST failure to a `DeliveryError`: 50001/50013/10003 → gone (reason named),
 * 429 surfaced by REST → retryable with its delay, 5xx and network → retryable, other 4xx → permanent.
 */
export function toDeliveryError(destinationKey: string, error: unknown, action: string): DeliveryError {
  if (error instanceof DiscordAPIError) {
    const reason = GONE_CODES[error.code as keyof typeof GONE_CODES];
    const what = `discord ${action} failed: ${error.status} ${error.code} ${error.message}`;
    if (reason) return new DeliveryError(destinationKey, `${what} (gone: ${reason})`, { retryable: false, gone: true, cause: error });
    if (error.status === 429 || error.status >= 500) return new DeliveryError(destinationKey, what, { retryable: true, cause: error });
    return new DeliveryError(destinationKey, what, { retryable: false, cause: error });
  }
  if (error instanceof RateLimitError) {
    return new DeliveryError(destinationKey, `discord ${action} rate limited on ${error.route}`, {
      retryable: true, retryAfterMs: error.retryAfter, cause: error,
    });
  }
  if (error instanceof HTTPError) {
    const retryable = error.status >= 500 || error.status === 429;
    return new DeliveryError(destinationKey, `discord ${action} failed: HTTP ${error.status}`, { retryable, cause: error });
  }
  // Network errors, timeouts (AbortError) and anything unexpected: trying again later may help.
  return new DeliveryError(destinationKey, `discord ${action} failed: ${describe(error)}`, { retryable: true, cause: error });
}

/** A 25-character nonce (Discord's maximum) identifying one alert in one destination. */
export function deliveryNonce(destinationKey: string, alertId: string): string {
  return createHash('sha256').update(`${destinationKey}\n${alertId}`).digest('base64url').slice(0, 25);
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
