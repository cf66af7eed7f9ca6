/** Data types of claims and deliveries: what the seen log and the outbox store. */

/** The dedup keys of one item and the alert id that owns them. */
export interface Claim {
  keys: string[];
  owner: string;
}

/** What a delivery does on the platform. */
export type DeliveryKind = 'send' | 'edit' | 'reply' | 'digest';

/** One pending (or finished) delivery of an alert to a destination; survives a crash. */
export interface OutboxEntry {
  /** Deterministic: `${kind}:${destinationKey}:${alertId}[:${seq}]`, so enqueueing twice is harmless. */
  id: string;
  kind: DeliveryKind;
  destinationKey: string;
  alertId: string;
  status: 'pending' | 'done' | 'failed';
  attempts: number;
  /** Not before this time (epoch ms): pacing, retry_after, backoff. */
  notBefore: number;
  createdAt: number;
  /** Platform message id, once accepted. */
  messageId?: string;
  /** For edits and replies: the message to edit or reply to, when already known. */
  targetMessageId?: string;
  /** For replies: the story's alert whose message this one answers (its message id is looked up). */
  replyToAlertId?: string;
  /** For sends: how many sources the message shows, so an edit with nothing new is skipped. */
  shownSources?: number;
  /** For digests: the alerts the digest lists (`alertId` then names the digest itself). */
  alertIds?: string[];
  lastError?: string;
}

/**
 * Why a destination refuses messages for now although it exists and the bot is still in it: its
 * rights to post were taken (`rights`), the forum topic is closed (`topic_closed`), members may not
 * post that kind of message (`restricted`), slow mode (`slow_mode`). An administrator has to act.
 */
export type RefusalKind = 'rights' | 'topic_closed' | 'restricted' | 'slow_mode';

/** A destination's current temporary refusal: kept (and shown) until a message gets through again. */
export interface Refusal {
  destinationKey: string;
  kind: RefusalKind;
  /** First refusal of this run (epoch ms). */
  since: number;
  /** Latest refusal (epoch ms). */
  lastAt: number;
  /** When delivery tries again (epoch ms); queued alerts wait until then. */
  retryAt: number;
}
