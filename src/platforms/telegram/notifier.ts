/**
 * Posts alerts to Telegram chats through grammY's `Api`, paced to stay within the flood limits, with
 * every failure translated into a `DeliveryError` the delivery worker can act on.
 */
import { setMaxListeners } from 'node:events';
import { GrammyError, type Api } from 'grammy';
import type { LinkPreviewOptions, ReplyParameters } from 'grammy/types';
import type { DeliveryError } from '../../core/errors.js';
import type { Alert, Destination } from '../../core/types.js';
import { vocabulary } from '../../core/vocabulary/index.js';
import type { Logger, Notifier } from '../../ports.js';
import { isNotModified, migratedTo, redactToken, toDeliveryError } from './errors.js';
import { TELEGRAM_CAPABILITIES } from './capabilities.js';
import { escapeWithin, formatAlert, formatReply } from './format.js';
import { PacerBusyError, type TelegramPacer } from './pacer.js';

/** What a `TelegramNotifier` needs. */
export interface TelegramNotifierOptions {
  api: Api;
  pacer: TelegramPacer;
  logger: Logger;
  /** Only used to scrub it from error messages. */
  token?: string;
  /** A send that would wait longer than this for its pacing slot fails retryable instead (ms). */
  maxWaitMs?: number;
  /** Called when Telegram says a group became a supergroup; the message is then re-sent there. */
  onMigrated?: (fromChatId: string, toChatId: string) => Promise<void>;
}

/** Options of one raw HTML message. */
export interface HtmlMessageOptions {
  replyTo?: string | number;
  silent?: boolean;
  linkPreview?: LinkPreviewOptions;
  /** For logs: the alert this message carries. */
  alertId?: string;
}

/** Telegram's `Notifier`: `send` and `edit` alerts; `sendHtml` for command replies and welcomes. */
export class TelegramNotifier implements Notifier {
  readonly platform = 'telegram';
  readonly capabilities = TELEGRAM_CAPABILITIES;
  private readonly stopping = new AbortController();
  private readonly maxWaitMs: number;

  constructor(private readonly options: TelegramNotifierOptions) {
    this.maxWaitMs = options.maxWaitMs ?? 15_000;
    // Every send waiting for its pacing slot listens on this one signal.
    setMaxListeners(0, this.stopping.signal);
  }

  /** Posts the alert (silently for severity 1); `replyTo` threads it under an earlier message. */
  async send(destination: Destination, alert: Alert, options?: { replyTo?: string }): Promise<{ messageId: string }> {
    return this.sendHtml(destination.chatId, formatAlert(alert, destination.lang), {
      replyTo: options?.replyTo,
      silent: alert.classification.severity === 1,
      linkPreview: previewFor(alert.item.link),
      alertId: alert.id,
    });
  }

  /** Re-renders a posted alert; an edit that changes nothing counts as done. */
  async edit(destination: Destination, messageId: string, alert: Alert): Promise<void> {
    const chatId = destination.chatId;
    try {
      const release = await this.options.pacer.acquire(chatId, this.stopping.signal, this.maxWaitMs);
      try {
        await this.options.api.editMessageText(chatId, Number(messageId), formatAlert(alert, destination.lang), {
          parse_mode: 'HTML', link_preview_options: previewFor(alert.item.link),
        });
      } finally {
        release();
      }
    } catch (err) {
      if (isNotModified(err)) return;
      throw this.fail(err, chatId, alert.id, 'edit');
    }
  }

  /** Posts the daily digest: a heading and one line per alert (alerts that do not fit are left out). */
  async sendDigest(destination: Destination, alerts: Alert[]): Promise<{ messageId: string }> {
    const heading = `📰 ${vocabulary(destination.lang).digestHeading(alerts.length, 0)}`;
    return this.sendHtml(destination.chatId, formatReply({ text: heading, alerts }, destination.lang), { silent: true });
  }

  /** Sends already-rendered HTML to a chat, paced; rejects with a `DeliveryError`. */
  async sendHtml(chatId: string, html: string, options: HtmlMessageOptions = {}): Promise<{ messageId: string }> {
    try {
      return await this.post(chatId, html, options);
    } catch (err) {
      const to = migratedTo(err);
      if (to === undefined) throw this.fail(err, chatId, options.alertId, 'send');
      this.options.logger.info({ chatId, toChatId: to }, 'telegram: group became a supergroup, re-sending there');
      await this.options.onMigrated?.(chatId, to);
      try {
        return await this.post(to, html, { ...options, replyTo: undefined });
      } catch (again) {
        throw this.fail(again, to, options.alertId, 'send');
      }
    }
  }

  /** Posts plain text, escaped (operator notices). */
  async sendText(chatId: string, text: string): Promise<void> {
    await this.sendHtml(chatId, escapeWithin(text, 4000));
  }

  /**
   * Leaves a group, supergroup or channel (leaveChat); a private chat (a user's positive id) cannot be
   * left: false. A failure is logged, never thrown (the chat may be gone already).
   */
  async leave(chatId: string): Promise<boolean> {
    if (!/^-\d+$/.test(chatId)) return false;
    try {
      await this.options.api.leaveChat(chatId);
      this.options.logger.info({ chatId }, 'telegram: left the chat');
      return true;
    } catch (err) {
      this.options.logger.warn({ chatId, err: this.options.token ? redactToken(String(err), this.options.token) : String(err) }, 'telegram: could not leave the chat');
      return false;
    }
  }

  /** Stops waiting for pacing slots: pending sends fail retryable. */
  close(): void {
    this.stopping.abort();
  }

  private async post(chatId: string, html: string, options: HtmlMessageOptions): Promise<{ messageId: string }> {
    const reply: ReplyParameters | undefined = options.replyTo === undefined
      ? undefined : { message_id: Number(options.replyTo), allow_sending_without_reply: true };
    const release = await this.options.pacer.acquire(chatId, this.stopping.signal, this.maxWaitMs);
    try {
      const message = await this.options.api.sendMessage(chatId, html, {
        parse_mode: 'HTML',
        link_preview_options: options.linkPreview ?? { is_disabled: true },
        ...(options.silent ? { disable_notification: true } : {}),
        ...(reply ? { reply_parameters: reply } : {}),
      });
      return { messageId: String(message.message_id) };
    } finally {
      release(); // the message counts against the limits from when Telegram answered
    }
  }

  /** Translates, tells the pacer about a 429, and logs what the worker cannot see. */
  private fail(err: unknown, chatId: string, alertId: string | undefined, op: 'send' | 'edit'): DeliveryError {
    const error = toDeliveryError(err, `telegram:${chatId}`, this.options.token);
    const log = { chatId, alertId, op, retryable: error.retryable, gone: error.gone, retryAfterMs: error.retryAfterMs };
    if (err instanceof PacerBusyError) return error; // our own pacing, not a failure
    if (err instanceof GrammyError && err.error_code === 429) {
      this.options.pacer.tooManyRequests(chatId, error.retryAfterMs ?? 1000).catch((e: unknown) => {
        this.options.logger.warn({ chatId, err: e instanceof Error ? e.message : String(e) }, 'telegram: could not record a 429 in the pacing schedule');
      });
    }
    if (error.gone) this.options.logger.info(log, `telegram: chat unreachable: ${error.message}`);
    else if (!error.retryable) this.options.logger.error(log, `telegram: message refused: ${error.message}`);
    else this.options.logger.warn(log, `telegram: ${error.message}`);
    return error;
  }
}

/** A small preview of the article when there is a web link; none otherwise. */
function previewFor(link: string | undefined): LinkPreviewOptions {
  if (!link) return { is_disabled: true };
  try {
    const url = new URL(link);
    if (url.protocol === 'https:' || url.protocol === 'http:') return { url: url.href, prefer_small_media: true };
  } catch { /* not a URL: no preview */ }
  return { is_disabled: true };
}
