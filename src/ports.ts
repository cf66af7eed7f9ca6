/**
 * The seams between Vigie's pure core, its pipeline and its edges (feeds, storage, platforms).
 * Types only: every implementation lives in an edge folder and is wired in `app.ts`.
 */
import type {
  Alert, Classification, ClassifierInput, Destination, Lang, NewsItem, Platform,
} from './core/types.js';

/** Current time in epoch milliseconds; passed in so that core and tests control the clock. */
export interface Clock {
  now(): number;
}

/** Structured logger (pino's interface, narrowed to what Vigie uses). */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

// ─── Feeds ────────────────────────────────────────────────────────────────────

/** One configured feed (from config/feeds.yaml). */
export interface FeedConfig {
  id: string;
  name: string;
  url: string;
  /** Poll interval in seconds; the global default when absent. */
  interval?: number;
  tags: string[];
}

/** Limits and identity used when fetching feeds. */
export interface FetchOptions {
  /** Total time for one request, body included (ms). */
  timeoutMs: number;
  /** Largest body accepted, counted while reading (bytes). */
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** Requests in flight at once across all feeds. */
  concurrency: number;
  /** Requests in flight at once to one host. */
  perHost: number;
}

/** What Vigie remembers about a feed between polls (and restarts). */
export interface FeedState {
  etag?: string;
  lastModified?: string;
  /** Consecutive failures; drives the exponential backoff. */
  failures: number;
  /** Do not poll before this time (epoch ms); set by backoff. */
  nextAttemptAt?: number;
  lastAttemptAt?: number;
  lastSuccessAt?: number;
  lastStatus?: number;
  lastError?: string;
  lastItemCount?: number;
  newestItemAt?: number;
  /** True once the feed's first successful poll was recorded (backfill done). */
  initialised: boolean;
  /** Hash of the last body whose items were all taken in: the same body again is not parsed. */
  bodyHash?: string;
}

/** Outcome of reading one feed once. */
export type FeedReadResult =
  | { kind: 'not_modified'; status: 304; etag?: string; lastModified?: string }
  | { kind: 'unchanged'; status: number; bodyHash: string; etag?: string; lastModified?: string }
  | { kind: 'ok'; status: number; items: NewsItem[]; bodyHash?: string; etag?: string; lastModified?: string };

/**
 * Fetches and parses one feed. A body identical to the one `state.bodyHash` names is not parsed
 * (`unchanged`). Rejects with a typed `FeedError`, never returns partial garbage.
 */
export interface FeedSource {
  read(feed: FeedConfig, state: FeedState | undefined, signal: AbortSignal): Promise<FeedReadResult>;
}

// ─── Core services ───────────────────────────────────────────────────────────

/** Decides whether an item reports a cyberattack, an outage or neither, and why. */
export interface Classifier {
  /**
   * With `lean`, a verdict of 'none' may come without evidence or entities (cheaper: most items
   * are not incidents and nothing reads them); category, score, subtype, cause and severity are the same.
   */
  classify(input: ClassifierInput, options?: { lean?: boolean }): Classification;
}

/** Makes the 2–3 sentence plain-text summary of an item (junk dropped, ≤ 400 characters). */
export interface Summariser {
  summarise(input: ClassifierInput): string;
}

// ─── Storage ─────────────────────────────────────────────────────────────────

/** The dedup keys of one item and the alert id that owns them. */
export interface Claim {
  keys: string[];
  owner: string;
}

/** Remembers which stories were seen. */
export interface SeenLog {
  /**
   * Claims every key; resolves true only when none of them was claimed before (by this or any
   * other process sharing the store) — or only by the same `owner`, so a claimant that crashed
   * after claiming can claim again. Atomic per key; keys expire after the retention period.
   */
  claim(keys: string[], owner?: string): Promise<boolean>;
  /**
   * As `claim`, telling apart a first claim ('new': nothing was done for these keys yet) from one
   * resumed by the same owner ('resumed': a crashed claimant may have gone further); false when refused.
   */
  claimFor(keys: string[], owner: string): Promise<'new' | 'resumed' | false>;
  /**
   * `claimFor` for several claims in one round trip, answering as if they were made one after
   * another in order (a key shared by two claims goes to the first).
   */
  claimEach(claims: readonly Claim[]): Promise<('new' | 'resumed' | false)[]>;
  /** True when the key was claimed and has not expired. */
  has(key: string): Promise<boolean>;
  /** For each key, whether it was claimed or marked and has not expired: one read for all. */
  hasEach(keys: readonly string[]): Promise<boolean[]>;
  /** Marks keys as seen (one write; present keys are left as they are); they expire like claims. */
  mark(keys: readonly string[]): Promise<void>;
}

/** Recent alerts, for `/latest`, clustering and message edits. */
export interface AlertLog {
  save(alert: Alert): Promise<void>;
  /** Saves several alerts with one write of each kind (the same outcome as saving them in order). */
  saveMany(alerts: readonly Alert[]): Promise<void>;
  get(id: string): Promise<Alert | undefined>;
  /** Several alerts in one read, in the order of `ids` (undefined where missing or expired). */
  getMany(ids: string[]): Promise<(Alert | undefined)[]>;
  /** Newest first, at most `limit`, optionally only those created at or after `sinceMs`. */
  recent(limit: number, sinceMs?: number): Promise<Alert[]>;
}

/** Registered chats and channels with their settings. */
export interface DestinationRepo {
  get(key: string): Promise<Destination | undefined>;
  /** Inserts or replaces the destination stored under `destination.key`. */
  put(destination: Destination): Promise<void>;
  list(filter?: { active?: boolean; platform?: Platform }): Promise<Destination[]>;
  delete(key: string): Promise<void>;
}

/** Per-feed polling state, kept across restarts. */
export interface FeedStateRepo {
  get(feedId: string): Promise<FeedState | undefined>;
  set(feedId: string, state: FeedState): Promise<void>;
  all(): Promise<Record<string, FeedState>>;
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

/** Deliveries persisted before they are attempted, marked done only after the platform accepted. */
export interface Outbox {
  /** Adds entries whose id is not already present (present ones are left untouched). */
  enqueue(entries: OutboxEntry[]): Promise<void>;
  /** Pending entries due at `now`, oldest first, at most `limit`. */
  due(now: number, limit: number): Promise<OutboxEntry[]>;
  get(id: string): Promise<OutboxEntry | undefined>;
  update(entry: OutboxEntry): Promise<void>;
  /** The message id an alert got in a destination (from its done `send` entry). */
  messageIdFor(destinationKey: string, alertId: string): Promise<string | undefined>;
}

/** Every repository one backend provides, and its lifecycle. */
export interface Store {
  readonly seen: SeenLog;
  readonly alerts: AlertLog;
  readonly destinations: DestinationRepo;
  readonly feedStates: FeedStateRepo;
  readonly outbox: Outbox;
  /** Throws a `StoreError` when the backend is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

// ─── Platforms ───────────────────────────────────────────────────────────────

/** Posts alerts to one platform. Rejects with a typed `DeliveryError`. */
export interface Notifier {
  readonly platform: Platform;
  /** Posts the alert; `replyTo` makes it a reply to an earlier message. Resolves the message id. */
  send(destination: Destination, alert: Alert, options?: { replyTo?: string }): Promise<{ messageId: string }>;
  /** Re-renders an already posted alert (e.g. new sources). */
  edit(destination: Destination, messageId: string, alert: Alert): Promise<void>;
  /** Posts one message listing the day's alerts (digest mode). */
  sendDigest(destination: Destination, alerts: Alert[]): Promise<{ messageId: string }>;
}

/** A command as the platform adapter received it, already parsed from its platform syntax. */
export interface CommandRequest {
  platform: Platform;
  chatId: string;
  groupId?: string;
  chatTitle?: string;
  userId: string;
  /** Canonical command name (`latest`, `subscribe`, …); aliases are resolved by the command layer. */
  name: string;
  /** Raw argument text after the command. */
  args: string;
  /** Whether the sender may change this chat's settings (checked lazily, only when needed). */
  isAdmin(): Promise<boolean>;
}

/** A command's answer: plain text (escaped by the platform) and optionally alerts to render. */
export interface CommandReply {
  text: string;
  alerts?: Alert[];
  /** Discord: visible only to the caller. */
  ephemeral?: boolean;
  /** Language of the reply (the chat's), for platform-rendered parts such as the alert list; 'fr' when absent. */
  lang?: Lang;
}

/** Figures `/status` reports. */
export interface StatusInfo {
  feeds: number;
  failingFeeds: { id: string; error: string }[];
  lastCycleAt?: number;
  lastAlertAt?: number;
}

/** A chat or channel the bot was added to, removed from, or that moved (Telegram group → supergroup). */
export interface ChatInfo {
  platform: Platform;
  chatId: string;
  groupId?: string;
  title?: string;
}

/** The platform-neutral command layer, as platform adapters see it. */
export interface CommandHandler {
  /** Runs one command; bad arguments and refusals come back as a reply, never as a throw. */
  handle(request: CommandRequest): Promise<CommandReply>;
  /** Registers (or reactivates) a destination with defaults and returns the welcome message. */
  joined(chat: ChatInfo): Promise<CommandReply>;
  /** Deactivates a destination (bot removed, chat or channel deleted, access lost). */
  left(platform: Platform, chatId: string, reason: string): Promise<void>;
  /** Moves a destination's settings to a new chat id. */
  migrated(platform: Platform, fromChatId: string, toChatId: string): Promise<void>;
}
