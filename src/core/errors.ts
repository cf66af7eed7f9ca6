/** Typed errors of Vigie: each names what failed and where, and keeps the underlying `cause`. */
import type { RefusalKind } from './delivery-types.js';

/** Base class of every error Vigie raises on purpose. */
export class VigieError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One configuration problem: the file (or variable) and the path inside it. */
export interface ConfigIssue {
  where: string;
  message: string;
}

/** Invalid configuration; lists every problem found, not just the first. */
export class ConfigError extends VigieError {
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[], options?: { cause?: unknown }) {
    super(issues.map((i) => `${i.where}: ${i.message}`).join('\n'), options);
    this.issues = issues;
  }
}

/** Why a feed could not be read. */
export type FeedErrorKind =
  | 'http_status' | 'timeout' | 'network' | 'too_many_redirects' | 'too_large'
  | 'not_a_feed' | 'empty' | 'invalid_xml' | 'entity_attack' | 'too_slow' | 'aborted';

/** A feed that could not be fetched or parsed; the other feeds are unaffected. */
export class FeedError extends VigieError {
  readonly feedId: string;
  readonly kind: FeedErrorKind;
  readonly status?: number;
  constructor(feedId: string, kind: FeedErrorKind, message: string, options?: { cause?: unknown; status?: number }) {
    super(`feed ${feedId}: ${message}`, options);
    this.feedId = feedId;
    this.kind = kind;
    if (options?.status !== undefined) this.status = options.status;
  }
}

/** A storage backend failed (unreachable, bad URL, query error). */
export class StoreError extends VigieError {
  readonly operation: string;
  constructor(operation: string, message: string, options?: { cause?: unknown }) {
    super(`store ${operation}: ${message}`, options);
    this.operation = operation;
  }
}

/** A platform refused or failed a message. `retryable` says whether trying again may help. */
export class DeliveryError extends VigieError {
  readonly destinationKey: string;
  readonly retryable: boolean;
  /** The destination can no longer receive (bot kicked, channel deleted, missing permissions). */
  readonly gone: boolean;
  /** Milliseconds the platform asked us to wait before the next attempt. */
  readonly retryAfterMs?: number;
  /**
   * The message never reached the platform's decision: our pacing had no slot soon enough, or the
   * platform answered "too many requests". Waiting is not a failed attempt.
   */
  readonly throttled: boolean;
  /** Gone for good and nothing worth keeping: a private chat whose user blocked the bot is forgotten. */
  readonly forget: boolean;
  /** A temporary refusal of a destination that exists (missing rights, closed topic): shown in `/status`. */
  readonly refusal?: RefusalKind;
  constructor(
    destinationKey: string,
    message: string,
    options: {
      retryable: boolean; gone?: boolean; retryAfterMs?: number; throttled?: boolean; forget?: boolean; refusal?: RefusalKind; cause?: unknown;
    },
  ) {
    super(`delivery to ${destinationKey}: ${message}`, { cause: options.cause });
    this.destinationKey = destinationKey;
    this.retryable = options.retryable;
    this.gone = options.gone ?? false;
    this.throttled = options.throttled ?? false;
    this.forget = options.forget ?? false;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    if (options.refusal !== undefined) this.refusal = options.refusal;
  }
}
