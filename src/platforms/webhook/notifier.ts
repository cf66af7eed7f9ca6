/**
 * Posts alerts to webhook outlets (Slack, Mattermost, Teams, json): one POST per alert and outlet,
 * paced per URL, follow-ups as messages of their own (a webhook cannot edit or reply).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { DeliveryError } from '../../core/errors.js';
import type { FollowUp } from '../../core/platform.js';
import type { Alert, Destination } from '../../core/types.js';
import type { Clock, Logger, Notifier } from '../../ports.js';
import { WEBHOOK_CAPABILITIES } from './capabilities.js';
import type { WebhookEntry } from './config.js';
import { postJson } from './http.js';
import { alertBody, digestBody, type WebhookBody } from './payloads.js';

/** What the notifier needs. */
export interface WebhookNotifierOptions {
  hooks: readonly WebhookEntry[];
  logger: Logger;
  clock: Clock;
  /** Least time between two posts to one URL (ms; Slack allows about one a second). Default 1000. */
  minGapMs?: number;
  /** A post waiting longer than this for its turn fails retryable instead (ms). Default 15 s. */
  maxWaitMs?: number;
  /** Time for one request (ms). Default 10 s. */
  timeoutMs?: number;
}

/** The webhook platform's `Notifier`; the destination's chat id is the outlet's id. */
export class WebhookNotifier implements Notifier {
  readonly platform = 'webhook';
  readonly capabilities = WEBHOOK_CAPABILITIES;
  private readonly hooks: Map<string, WebhookEntry>;
  /** Per outlet: when its next post may go (pacing, or a 429's Retry-After). */
  private readonly nextAt = new Map<string, number>();
  private readonly stopping = new AbortController();
  private counter = 0;

  constructor(private readonly options: WebhookNotifierOptions) {
    this.hooks = new Map(options.hooks.map((h) => [h.id, h]));
  }

  async send(destination: Destination, alert: Alert, options?: { replyTo?: string; followUp?: FollowUp }): Promise<{ messageId: string }> {
    const hook = this.hook(destination);
    return this.post(destination, hook, alertBody(hook.format, alert, destination.lang, options?.followUp), alert.id);
  }

  async edit(destination: Destination): Promise<void> {
    throw new DeliveryError(destination.key, 'a webhook cannot edit a message (follow-ups are sent instead)', { retryable: false });
  }

  async sendDigest(destination: Destination, alerts: Alert[]): Promise<{ messageId: string }> {
    const hook = this.hook(destination);
    return this.post(destination, hook, digestBody(hook.format, alerts, destination.lang), 'digest');
  }

  /** Stops waiting for pacing slots and aborts requests in flight (they fail retryable). */
  close(): void {
    this.stopping.abort();
  }

  private hook(destination: Destination): WebhookEntry {
    const hook = this.hooks.get(destination.chatId);
    if (!hook) throw new DeliveryError(destination.key, `no webhook "${destination.chatId}" in the webhooks file`, { retryable: false, gone: true });
    return hook;
  }

  private async post(destination: Destination, hook: WebhookEntry, body: WebhookBody, what: string): Promise<{ messageId: string }> {
    const { clock, logger } = this.options;
    const wait = (this.nextAt.get(hook.id) ?? 0) - clock.now();
    if (wait > (this.options.maxWaitMs ?? 15_000)) {
      throw new DeliveryError(destination.key, `paced: next post in ${wait} ms`, { retryable: true, retryAfterMs: wait });
    }
    try {
      if (wait > 0) await delay(wait, undefined, { signal: this.stopping.signal });
    } catch (error) {
      throw new DeliveryError(destination.key, 'aborted: the webhook notifier is stopping', { retryable: true, cause: error });
    }
    this.nextAt.set(hook.id, clock.now() + (this.options.minGapMs ?? 1000));
    try {
      await postJson(destination.key, hook.url, body, { timeoutMs: this.options.timeoutMs ?? 10_000, signal: this.stopping.signal, now: () => clock.now() });
    } catch (error) {
      if (error instanceof DeliveryError && error.retryAfterMs !== undefined) {
        this.nextAt.set(hook.id, Math.max(this.nextAt.get(hook.id) ?? 0, clock.now() + error.retryAfterMs));
      }
      const log = { webhook: hook.id, format: hook.format, retryable: (error as DeliveryError).retryable, gone: (error as DeliveryError).gone };
      logger.warn(log, `webhook: ${(error as Error).message}`);
      throw error;
    }
    this.counter += 1;
    // Outlets return no message id: ours names the post, for the outbox and the logs.
    return { messageId: `${what}:${this.counter}` };
  }
}
