/** Translates grammY's errors into Vigie's `DeliveryError`, without ever carrying the bot token along. */
import { GrammyError, HttpError } from 'grammy';
import type { RefusalKind } from '../../core/delivery-types.js';
import { DeliveryError } from '../../core/errors.js';
import { PacerBusyError } from './pacer.js';

/** Descriptions (400 or 403) that mean the chat is gone for the bot: kicked, blocked, deleted. */
const GONE = [
  'chat not found', 'peer_id_invalid', 'user is deactivated', 'bot was kicked', 'bot was blocked',
  'chat is deactivated', 'group chat was deactivated', 'bot is not a member',
];

/**
 * Descriptions of a chat that exists but refuses us for now: an admin took our rights, a topic
 * or the group is closed to members, slow mode. They back off and retry; they never deactivate.
 */
const TEMPORARY: readonly (readonly [string, RefusalKind])[] = [
  ['not enough rights', 'rights'], ['have no rights', 'rights'], ['chat_write_forbidden', 'rights'],
  ['need administrator rights', 'rights'], ['topic_closed', 'topic_closed'], ['chat_restricted', 'restricted'],
  ['chat_send_plain_forbidden', 'restricted'], ['slowmode_wait', 'slow_mode'],
];

/** First wait after a temporary refusal: an admin has to act, so retries start slow (doubling from there). */
export const TEMPORARY_RETRY_MS = 60_000;

/** Wait used when the token itself is refused (401/404): retry much later, an operator must act. */
const AUTH_RETRY_MS = 60_000;

/** Replaces the bot token (and any `/bot<id>:<secret>` URL segment) in text meant for logs. */
export function redactToken(text: string, token?: string): string {
  const masked = token ? text.split(token).join('<token>') : text;
  return masked.replace(/bot\d+:[A-Za-z0-9_-]+/g, 'bot<token>');
}

/** An error safe to keep as `cause`: HttpError's inner error holds the request URL, token included. */
function safeCause(err: unknown, token?: string): unknown {
  if (!(err instanceof HttpError)) return err;
  const inner = err.error instanceof Error ? `${err.error.name}: ${err.error.message}` : String(err.error);
  const safe = new Error(`${err.message} (${redactToken(inner, token)})`);
  safe.name = 'TelegramHttpError';
  return safe;
}

/** True when the error says the message already has this exact content (an edit that changes nothing). */
export function isNotModified(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 400 && /message is not modified/i.test(err.description);
}

/** The new chat id when Telegram says the group became a supergroup. */
export function migratedTo(err: unknown): string | undefined {
  if (!(err instanceof GrammyError)) return undefined;
  const to = err.parameters.migrate_to_chat_id;
  return to === undefined ? undefined : String(to);
}

/**
 * Maps a failed Bot API call to a `DeliveryError`: 429 → throttled with `retryAfterMs`; missing
 * rights, closed topics → retryable after a long wait; 403 and "chat not found"-like 400s → gone;
 * other 400s → permanent; 5xx, network, timeouts → retryable.
 */
export function toDeliveryError(err: unknown, destinationKey: string, token?: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof PacerBusyError) {
    return new DeliveryError(destinationKey, `paced: next slot in ${err.waitMs} ms`, { retryable: true, throttled: true, retryAfterMs: err.waitMs, cause: err });
  }
  if (err instanceof GrammyError) return fromApiError(err, destinationKey);
  if (err instanceof HttpError) {
    return new DeliveryError(destinationKey, redactToken(err.message, token), { retryable: true, cause: safeCause(err, token) });
  }
  if (err instanceof Error && err.name === 'AbortError') {
    return new DeliveryError(destinationKey, 'aborted: Telegram notifier is stopping', { retryable: true, cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new DeliveryError(destinationKey, `unexpected error: ${redactToken(message, token)}`, { retryable: true, cause: err });
}

function fromApiError(err: GrammyError, key: string): DeliveryError {
  const what = `${err.method} answered ${err.error_code}: ${err.description}`;
  const code = err.error_code;
  if (code === 429) {
    const retryAfterMs = Math.max(1, err.parameters.retry_after ?? 1) * 1000;
    return new DeliveryError(key, what, { retryable: true, throttled: true, retryAfterMs, cause: err });
  }
  if (code === 400 || code === 403) {
    const d = err.description.toLowerCase();
    const refusal = TEMPORARY.find(([text]) => d.includes(text))?.[1];
    if (refusal) return new DeliveryError(key, what, { retryable: true, retryAfterMs: TEMPORARY_RETRY_MS, refusal, cause: err });
    // Any other 403 is a chat we may no longer write to; another 400 is this message's fault.
    const gone = code === 403 || GONE.some((g) => d.includes(g));
    // A private chat whose user blocked the bot (or left Telegram) is removed, not kept switched off.
    const forget = d.includes('bot was blocked by the user') || d.includes('user is deactivated');
    return new DeliveryError(key, what, { retryable: false, gone, forget, cause: err });
  }
  if (code === 401 || code === 404) return new DeliveryError(key, `${what} (is the bot token right?)`, { retryable: true, retryAfterMs: AUTH_RETRY_MS, cause: err });
  if (code >= 500) return new DeliveryError(key, what, { retryable: true, cause: err });
  return new DeliveryError(key, what, { retryable: false, cause: err });
}
