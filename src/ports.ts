/**
 * The seams between Vigie's pure core, its pipeline and its edges (feeds, storage, platforms).
 * Interfaces only: the data they carry is defined in `core/`, every implementation lives in an edge
 * folder and is wired in `app.ts`.
 */
import type { FeedbackMark } from './core/feedback.js';
import type { RecentItem } from './core/recent-items.js';
import type { Claim, OutboxEntry, Refusal } from './core/delivery-types.js';
import type { FeedConfig, FeedReadResult, FeedState } from './core/feed-types.js';
import type { NoticeState } from './core/operator-state.js';
import type {
  ChatInfo, CommandReply, ConfiguredDestination, FollowUp, PlatformCapabilities, PostPermission,
} from './core/platform.js';
import type { StoryPrint } from './core/alerts.js';
import type { StoryFingerprint } from './core/cluster.js';
import type { Alert, Destination, IncidentCategory, Platform } from './core/types.js';

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

/**
 * Fetches and parses one feed. A body identical to the one `state.bodyHash` names is not parsed
 * (`unchanged`). Rejects with a typed `FeedError`, never returns garbage; a document that breaks
 * off gives the items complete before the damage, with `partial` saying where and why. `known`
 * tells items already seen by their seen mark: a source may flag them (`known`) and skip their summary.
 */
export interface FeedSource {
  read(feed: FeedConfig, state: FeedState | undefined, signal: AbortSignal, known?: (seenMark: string) => boolean): Promise<FeedReadResult>;
}

// ─── Storage ─────────────────────────────────────────────────────────────────

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
  /** For each key, whether it was claimed or marked (see `Store.markTaken`) and has not expired: one read for all. */
  hasEach(keys: readonly string[]): Promise<boolean[]>;
}

/** Recent alerts, for `/latest`, clustering and message edits. */
export interface AlertLog {
  save(alert: Alert): Promise<void>;
  /**
   * Saves several alerts with one write of each kind (the same outcome as saving them in order).
   * The ids of `pendingFanout` are marked, before their rows are written, as announced alerts whose
   * deliveries are not all enqueued yet, until `settle` clears the mark.
   */
  saveMany(alerts: readonly Alert[], pendingFanout?: readonly string[]): Promise<void>;
  /** Clears the pending fan-out mark of these alerts: every delivery of theirs is enqueued. */
  settle(ids: readonly string[]): Promise<void>;
  get(id: string): Promise<Alert | undefined>;
  /** Several alerts in one read, in the order of `ids` (undefined where missing or expired). */
  getMany(ids: string[]): Promise<(Alert | undefined)[]>;
  /** Newest first, at most `limit`, optionally only those created at or after `sinceMs`. */
  recent(limit: number, sinceMs?: number): Promise<Alert[]>;
  /**
   * Alerts marked pending by `saveMany` and not settled since, or last saved with their fan-out
   * `pending` by an earlier version (their deliveries maybe not all enqueued: the process died in
   * between), oldest first, however many other alerts came since.
   */
  pendingFanouts(): Promise<Alert[]>;
  /** Stores the story fingerprints of alert sources (each written once), kept as long as alerts. */
  savePrints(prints: readonly StoryPrint[]): Promise<void>;
  /** The stored fingerprint of each source (`alertId`, `itemId`), in order; undefined where none. */
  prints(sources: readonly { alertId: string; itemId: string }[]): Promise<(StoryFingerprint | undefined)[]>;
}

/** Registered chats and channels with their settings. */
export interface DestinationRepo {
  get(key: string): Promise<Destination | undefined>;
  /** Inserts or replaces the destination stored under `destination.key`. */
  put(destination: Destination): Promise<void>;
  list(filter?: { active?: boolean; platform?: Platform }): Promise<Destination[]>;
  delete(key: string): Promise<void>;
  /**
   * A token that changes whenever any process puts or deletes a destination: a process holding
   * destinations in memory compares it to know when to read them again.
   */
  version(): Promise<string>;
}

/** Per-feed polling state, kept across restarts. */
export interface FeedStateRepo {
  get(feedId: string): Promise<FeedState | undefined>;
  set(feedId: string, state: FeedState): Promise<void>;
  /** Sets several feeds' states in one write (a feed listed twice keeps its last state). */
  setMany(states: readonly (readonly [string, FeedState])[]): Promise<void>;
  all(): Promise<Record<string, FeedState>>;
}

/** Deliveries persisted before they are attempted, marked done only after the platform accepted. */
export interface Outbox {
  /** Adds entries whose id is not already present (present ones are left untouched). */
  enqueue(entries: OutboxEntry[]): Promise<void>;
  /** Pending entries due at `now`, oldest first, at most `limit`. */
  due(now: number, limit: number): Promise<OutboxEntry[]>;
  get(id: string): Promise<OutboxEntry | undefined>;
  update(entry: OutboxEntry): Promise<void>;
  /** Stores several finished (done or failed) entries in one write, as `update` stores each. */
  finishMany(entries: readonly OutboxEntry[]): Promise<void>;
  /** The message id an alert got in a destination (from its done `send` entry). */
  messageIdFor(destinationKey: string, alertId: string): Promise<string | undefined>;
}

/**
 * Destinations refusing messages for now (missing rights, closed topic), written by delivery and
 * read by `/status` and the operator's chat list, so that an administrator learns why alerts wait.
 */
export interface RefusalLog {
  get(destinationKey: string): Promise<Refusal | undefined>;
  /** Several in one read, in the order of `keys` (undefined where the destination is not refused). */
  getMany(destinationKeys: readonly string[]): Promise<(Refusal | undefined)[]>;
  /** Records (or replaces) the destination's refusal. */
  put(refusal: Refusal): Promise<void>;
  /** Forgets the destination's refusal (a message got through). */
  clear(destinationKey: string): Promise<void>;
}

/**
 * Exclusive, expiring claims shared by every process on one store: the leader's lease, and the
 * destination a delivering instance is serving. A holder renews its lease well before it expires;
 * a crashed holder's lease lapses after its time to live.
 */
export interface Leases {
  /** This process's owner id (host, pid and a random part). */
  readonly owner: string;
  /** Takes `name` for `ttlMs` when free or expired, or renews it when already ours; true when ours. */
  acquire(name: string, ttlMs: number): Promise<boolean>;
  /** Gives `name` up when ours (another owner's lease is left alone). */
  release(name: string): Promise<void>;
  /** The current holder of `name`, if any. */
  holder(name: string): Promise<string | undefined>;
}

/**
 * One key of a `SlotSchedule`: the gap it enforces between reservations (ms, whole) and how far
 * ahead of that pace a burst may run (`burstMs`, a multiple of the gap; 0 by default).
 */
export interface SlotGap {
  key: string;
  gapMs: number;
  burstMs?: number;
}

/**
 * Evenly spaced send slots (per chat, per group, overall), kept in this process or in a store that
 * several instances share, so that together they stay within a platform's rate limits.
 */
export interface SlotSchedule {
  /**
   * Reserves the earliest moment every key is free (a key is free `burstMs` before its next
   * moment), and moves each key's next moment to the later of it and the reservation, plus the
   * gap (the generic cell rate algorithm); resolves the wait until the reserved moment. When it is more than `maxWaitMs` away,
   * reserves nothing and resolves `reserved: false` with the wait.
   */
  reserve(gaps: readonly SlotGap[], maxWaitMs: number): Promise<{ reserved: boolean; waitMs: number }>;
  /** Keeps `key` busy for at least `ms` from now (a 429's retry_after). */
  hold(key: string, ms: number): Promise<void>;
  /** The wait before every key is free (0 when free now); reserves nothing. */
  peek(keys: readonly string[]): Promise<number>;
}

/**
 * Counters over a sliding window, kept in this process or in a store that several instances share,
 * so that a per-user budget (commands a minute) holds across every instance.
 */
export interface RateWindow {
  /**
   * Counts one event of `key` and resolves 0 when fewer than `limit` were counted in the last
   * `windowMs`; otherwise counts nothing and resolves the ms until the next one is allowed.
   */
  take(key: string, limit: number, windowMs: number): Promise<number>;
}

/** The text of recently polled items under their URL (a few days), for `/manque <url>`; written by `Store.markTaken`. */
export interface RecentItemLog {
  /** The item polled under this URL (any form `recentItemKey` normalises), or undefined. */
  get(url: string): Promise<RecentItem | undefined>;
}

/** Marks administrators made on alerts (`/faux`), kept for `vigie feedback export`. */
export interface FeedbackLog {
  /** Stores a mark; one with the same id (same chat and item) is replaced. */
  put(mark: FeedbackMark): Promise<void>;
  /** Every mark, oldest first. */
  list(): Promise<FeedbackMark[]>;
}

/** The operator notices' memory (what was told, the day's figures): one record kept across restarts. */
export interface NoticeStateRepo {
  get(): Promise<NoticeState | undefined>;
  set(state: NoticeState): Promise<void>;
}

/** Every repository one backend provides, and its lifecycle. */
export interface Store {
  readonly seen: SeenLog;
  readonly alerts: AlertLog;
  readonly destinations: DestinationRepo;
  readonly feedStates: FeedStateRepo;
  readonly outbox: Outbox;
  readonly refusals: RefusalLog;
  readonly leases: Leases;
  /**
   * True when several processes may share the store at once (Redis): they then elect a leader and
   * claim destinations. SQLite and PostgreSQL stores admit one running bot, which holds `instance`.
   */
  readonly shared: boolean;
  /** Send slots shared by every instance (shared stores only; others pace in each process). */
  readonly schedule?: SlotSchedule;
  /** Rate counters shared by every instance (shared stores only; others count in each process). */
  readonly rates?: RateWindow;
  readonly feedback: FeedbackLog;
  readonly notices: NoticeStateRepo;
  readonly recentItems: RecentItemLog;
  /**
   * Marks items as taken in and keeps their records for `/manque` (each expiring after
   * `RECENT_ITEM_TTL_MS`, read by `recentItems.get`), in one write (all or none on SQL stores, up to
   * 500 rows). The marks are `seenMarkKey`s, which no claim uses: a mark already present is renewed,
   * and any other key is refused. Marks expire like claims.
   */
  markTaken(marks: readonly string[], recent: readonly RecentItem[]): Promise<void>;
  /** Throws a `StoreError` when the backend is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

// ─── Platforms ───────────────────────────────────────────────────────────────

/**
 * Posts alerts to one platform. Rejects with a typed `DeliveryError` (retryable or not, `gone` when
 * the destination can no longer receive). What it can do is in `capabilities`.
 */
export interface Notifier {
  readonly platform: Platform;
  readonly capabilities: PlatformCapabilities;
  /**
   * Posts the alert and resolves the message id. `replyTo` makes it a reply to an earlier message;
   * `followUp` (platforms without edits or replies) makes it a short follow-up of an earlier alert:
   * its new sources, or the change of its story.
   */
  send(destination: Destination, alert: Alert, options?: { replyTo?: string; followUp?: FollowUp }): Promise<{ messageId: string }>;
  /** Re-renders an already posted alert (e.g. new sources); platforms with the `edits` capability. */
  edit(destination: Destination, messageId: string, alert: Alert): Promise<void>;
  /** Posts one message listing the day's alerts (digest mode). */
  sendDigest(destination: Destination, alerts: Alert[]): Promise<{ messageId: string }>;
  /** Posts plain text (escaped by the platform, no mention) to a chat or channel: operator notices. */
  sendText?(chatId: string, text: string): Promise<void>;
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
  /** Channel-choice platforms: what the bot lacks to post alerts in that channel (empty when nothing). */
  postingProblems?(chatId: string): PostPermission[];
  /** The platform id of the message this command answers (Telegram reply, Discord message menu). */
  replyTo?: string;
  /** A one-to-one chat with the user (the bot cannot leave it). */
  direct?: boolean;
}

/** The platform-neutral command layer, as platform adapters see it. */
export interface CommandHandler {
  /** Runs one command; bad arguments and refusals come back as a reply, never as a throw. */
  handle(request: CommandRequest): Promise<CommandReply>;
  /** Registers (or reactivates) a destination with defaults and returns the welcome message. */
  joined(chat: ChatInfo): Promise<CommandReply>;
  /** Deactivates a destination (bot removed, chat or channel deleted, access lost). */
  left(platform: Platform, chatId: string, reason: string, options?: { forget?: boolean }): Promise<void>;
  /** Moves a destination's settings to a new chat id. */
  migrated(platform: Platform, fromChatId: string, toChatId: string): Promise<void>;
  /**
   * Applies a platform's configured destinations (console, webhooks): registers or updates each,
   * and deactivates the platform's destinations no longer listed.
   */
  configured(platform: Platform, destinations: readonly ConfiguredDestination[]): Promise<void>;
}

// ─── Platform registry ───────────────────────────────────────────────────────

/** What a platform's configuration reader is given; problems are collected, never thrown. */
export interface PlatformConfigContext {
  /** An environment variable (also read from `.env`), trimmed; undefined when unset or empty. */
  env(name: string): string | undefined;
  /** Reports one problem: `where` names the variable, or the file and the path inside it. */
  problem(where: string, message: string): void;
  /** The configuration folder (config/ by default) and the directory relative paths start from. */
  configDir: string;
  cwd: string;
}

/** What the wiring hands a platform it starts. */
export interface PlatformDeps {
  commands: CommandHandler;
  logger: Logger;
  clock: Clock;
  /** Where text-only platforms print (the console). */
  stdout: NodeJS.WritableStream;
  /** Send slots shared with other instances (a shared store's); each process paces alone when absent. */
  schedule?: SlotSchedule;
}

/** A built platform: its notifier, the destinations its configuration declares, and its lifecycle. */
export interface PlatformInstance {
  readonly notifier: Notifier;
  /** Destinations declared in configuration (console, webhooks); applied with `CommandHandler.configured`. */
  readonly configured?: readonly ConfiguredDestination[];
  /** Connects (commands start flowing); resolves once running. Aborting the signal stops receiving. */
  start(signal: AbortSignal): Promise<void>;
  /**
   * Stops receiving updates and keeps the notifier working; `start` may follow again (an instance
   * that stopped leading). Absent: `stop` is used, and the notifier must survive it.
   */
  stopReceiving?(): Promise<void>;
  /** Final stop, notifier included. */
  stop(): Promise<void>;
  /**
   * Updates may reach any instance (webhooks): started in every instance sharing a store, not only
   * in the leader (long polling, a gateway connection).
   */
  readonly receivesEverywhere?: boolean;
}

/**
 * One platform as the registry knows it: its id, what it can do, how it reads its configuration and
 * how it is built. `S` is its validated settings; `create` loads the platform's SDK only when called.
 */
export interface PlatformDefinition<S = unknown> {
  readonly id: Platform;
  readonly capabilities: PlatformCapabilities;
  /** Started only when no other platform is configured (or when asked for): the console. */
  readonly fallback?: boolean;
  /** Its settings when configured, undefined when not (problems go to `context.problem`). */
  readConfig(context: PlatformConfigContext): S | undefined;
  create(settings: S, deps: PlatformDeps): Promise<PlatformInstance>;
}

// ─── Observation ─────────────────────────────────────────────────────────────

/** One read of one feed, as an observer sees it. */
export interface FeedReadEvent {
  feedId: string;
  /** `unchanged`: a 200 whose body is the one already read. */
  outcome: 'ok' | 'not_modified' | 'unchanged' | 'error';
  /** The `FeedError` kind when the read failed. */
  errorKind?: string;
  durationMs: number;
  items: number;
  /** Consecutive failures before this read, and after it (0 after a success). */
  failuresBefore: number;
  failures: number;
}

/** One attempt to post, edit or reply on a platform. */
export interface DeliveryEvent {
  platform: Platform;
  operation: 'send' | 'edit' | 'digest';
  /** ok: accepted; retry: a retryable refusal; failed: a permanent one; gone: the chat is gone. */
  outcome: 'ok' | 'retry' | 'failed' | 'gone';
  durationMs: number;
  /** For accepted sends: from the alert's creation to the platform's acceptance (ms). */
  latencyMs?: number;
  /** The platform answered 429 Too Many Requests. */
  rateLimited: boolean;
}

/** One finished poll cycle: its counts, when it started and when the next one is due. */
export interface CycleEvent {
  startedAt: number;
  nextAt: number;
  durationMs: number;
  feeds: number;
  polled: number;
  feedErrors: number;
  backingOff: number;
  items: number;
  /** Alerts the cycle announced, by category: new stories and follow-up replies (backfilled ones excluded). */
  announced: Record<IncidentCategory, number>;
}

/** Told what the pipeline does, for metrics, the console summary and operator notices. Never throws. */
export interface Observer {
  feedRead?(event: FeedReadEvent): void;
  delivery?(event: DeliveryEvent): void;
  cycle?(event: CycleEvent): void | Promise<void>;
}
