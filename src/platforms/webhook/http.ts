/**
 * One POST to an outlet, its answer mapped to a `DeliveryError` at the edge: 429 → retryable after
 * `Retry-After`; 404/410 → gone; other 4xx and redirects → refused; 5xx, network, timeout → retryable.
 * The URL is a secret: no message and no `cause` carries it.
 */
import { DeliveryError } from '../../core/errors.js';

/** Wait when a 429 names no delay (ms). */
const DEFAULT_RETRY_MS = 30_000;

/** Milliseconds from a `Retry-After` header (seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The answer of an outlet that did not accept the message, as a `DeliveryError`. */
export function responseError(key: string, status: number, body: string, retryAfter: number | undefined): DeliveryError {
  const detail = body.replace(/\s+/g, ' ').trim().slice(0, 120);
  const what = `HTTP ${status}${detail ? ` (${detail})` : ''}`;
  if (status === 429) return new DeliveryError(key, `rate limited: ${what}`, { retryable: true, retryAfterMs: retryAfter ?? DEFAULT_RETRY_MS });
  if (status === 404 || status === 410) return new DeliveryError(key, `webhook gone: ${what}`, { retryable: false, gone: true });
  if (status >= 500) return new DeliveryError(key, `outlet failed: ${what}`, { retryable: true, ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }) });
  if (status >= 300 && status < 400) return new DeliveryError(key, `refused: ${what}: a webhook must answer without redirecting`, { retryable: false });
  return new DeliveryError(key, `refused: ${what}`, { retryable: false });
}

/** Text with every occurrence of the secret URL (and its path) replaced. */
export function redactUrl(text: string, url: string): string {
  let out = text.split(url).join('<webhook url>');
  try {
    const { pathname, search } = new URL(url);
    if (pathname.length > 1) out = out.split(pathname + search).join('<webhook path>').split(pathname).join('<webhook path>');
  } catch { /* not a URL: nothing more to hide */ }
  return out;
}

/** Posts `body` as JSON; resolves on 2xx, rejects with a `DeliveryError` otherwise. */
export async function postJson(
  key: string, url: string, body: unknown, options: { timeoutMs: number; signal: AbortSignal; now: () => number },
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Vigie (+alert bot)' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
    });
  } catch (error) {
    // undici's errors may name the address; rebuild them from their messages, the URL removed.
    const inner = error instanceof Error ? `${error.name}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
    const safe = new Error(redactUrl(inner, url));
    safe.name = 'WebhookNetworkError';
    throw new DeliveryError(key, `not reached: ${safe.message}`, { retryable: true, cause: safe });
  }
  const text = await response.text().catch(() => '');
  if (response.ok) return;
  throw responseError(key, response.status, redactUrl(text, url), retryAfterMs(response.headers.get('retry-after'), options.now()));
}
