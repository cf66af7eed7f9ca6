/**
 * Decorators that report what feed sources and notifiers do to an `Observer`, so that metrics and
 * notices need no hook inside the pipeline: the app wraps the real edges with them.
 */
import { DeliveryError, FeedError } from '../core/errors.js';
import type { Alert, Destination } from '../core/types.js';
import type { Clock, DeliveryEvent, FeedReadEvent, FeedSource, Notifier, Observer } from '../ports.js';
import type { FeedConfig, FeedReadResult, FeedState } from '../core/feed-types.js';

/** Calls every observer's method; one that throws is ignored (observation never breaks the bot). */
export function fanObservers(observers: readonly Observer[]): Required<Observer> {
  const call = <K extends keyof Observer>(method: K, event: Parameters<NonNullable<Observer[K]>>[0]): Promise<void> =>
    Promise.all(observers.map(async (o) => {
      try {
        await (o[method] as ((e: typeof event) => unknown) | undefined)?.call(o, event);
      } catch {
        // An observer's failure is its own business (it logs it).
      }
    })).then(() => undefined);
  return {
    feedRead: (event) => void call('feedRead', event),
    delivery: (event) => void call('delivery', event),
    cycle: async (event) => call('cycle', event),
  };
}

/** A `FeedSource` that times each read and reports its outcome. */
export class ObservedFeedSource implements FeedSource {
  constructor(private readonly inner: FeedSource, private readonly observer: Observer, private readonly clock: Clock) {}

  async read(feed: FeedConfig, state: FeedState | undefined, signal: AbortSignal, known?: (seenMark: string) => boolean): Promise<FeedReadResult> {
    const started = this.clock.now();
    const failuresBefore = state?.failures ?? 0;
    const report = (outcome: FeedReadEvent['outcome'], items: number, errorKind?: string) => this.observer.feedRead?.({
      feedId: feed.id, outcome, durationMs: this.clock.now() - started, items, failuresBefore,
      failures: outcome === 'error' ? failuresBefore + 1 : 0, ...(errorKind ? { errorKind } : {}),
    });
    try {
      const result = await this.inner.read(feed, state, signal, known);
      report(result.kind, result.kind === 'ok' ? result.items.length : 0);
      return result;
    } catch (error) {
      report('error', 0, error instanceof FeedError ? error.kind : 'unexpected');
      throw error;
    }
  }
}

/** True when a platform's refusal was HTTP 429 (grammY's `error_code`, discord.js's `status`). */
export function isRateLimit(error: unknown): boolean {
  const cause = error instanceof DeliveryError ? (error.cause as { error_code?: unknown; status?: unknown } | undefined) : undefined;
  return cause?.error_code === 429 || cause?.status === 429 || (cause?.constructor?.name === 'RateLimitError');
}

function outcomeOf(error: unknown): DeliveryEvent['outcome'] {
  if (!(error instanceof DeliveryError)) return 'retry';
  return error.gone ? 'gone' : error.retryable ? 'retry' : 'failed';
}

/** A `Notifier` that times each call and reports its outcome (and, for sends, the alert's latency). */
export class ObservedNotifier implements Notifier {
  readonly platform: Notifier['platform'];
  readonly capabilities: Notifier['capabilities'];

  constructor(private readonly inner: Notifier, private readonly observer: Observer, private readonly clock: Clock) {
    this.platform = inner.platform;
    this.capabilities = inner.capabilities;
  }

  async send(destination: Destination, alert: Alert, options?: Parameters<Notifier['send']>[2]): Promise<{ messageId: string }> {
    return this.observe('send', async () => this.inner.send(destination, alert, options), alert.createdAt);
  }

  async edit(destination: Destination, messageId: string, alert: Alert): Promise<void> {
    await this.observe('edit', async () => this.inner.edit(destination, messageId, alert));
  }

  async sendDigest(destination: Destination, alerts: Alert[]): Promise<{ messageId: string }> {
    return this.observe('digest', async () => this.inner.sendDigest(destination, alerts));
  }

  async sendText(chatId: string, text: string): Promise<void> {
    if (!this.inner.sendText) throw new Error(`${this.platform}: cannot post plain text`);
    await this.inner.sendText(chatId, text);
  }

  private async observe<T>(operation: DeliveryEvent['operation'], run: () => Promise<T>, createdAt?: number): Promise<T> {
    const started = this.clock.now();
    const event = (outcome: DeliveryEvent['outcome'], rateLimited: boolean): DeliveryEvent => {
      const now = this.clock.now();
      return {
        platform: this.platform, operation, outcome, durationMs: now - started, rateLimited,
        ...(outcome === 'ok' && createdAt !== undefined ? { latencyMs: Math.max(0, now - createdAt) } : {}),
      };
    };
    try {
      const result = await run();
      this.observer.delivery?.(event('ok', false));
      return result;
    } catch (error) {
      this.observer.delivery?.(event(outcomeOf(error), isRateLimit(error)));
      throw error;
    }
  }
}
