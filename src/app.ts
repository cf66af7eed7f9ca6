/**
 * The only place that constructs adapters and wires them: store, feed source, classifier,
 * command layer, platforms, fan-out, delivery and the poll loop.
 */
import { classifierFor } from './core/classify/trained.js';
import { createSummariser } from './core/summarise.js';
import type { Config } from './config/index.js';
import { HttpFeedSource } from './feeds/http-feed-source.js';
import { capabilityTable, ChatCommands } from './pipeline/commands/index.js';
import { FeedbackCommands } from './pipeline/commands/feedback.js';
import { PrivateMode } from './pipeline/commands/private-mode.js';
import { DeliveryWorker } from './pipeline/delivery.js';
import { Digests } from './pipeline/digests.js';
import { sleep } from './pipeline/sleep.js';
import { FanOut } from './pipeline/fanout.js';
import { Poller } from './pipeline/poll.js';
import { Stories } from './pipeline/stories.js';
import { Scheduler } from './pipeline/scheduler.js';
import { capabilitiesTable, PLATFORMS } from './config/platforms.js';
import { startHttpEndpoint, type HttpEndpoint } from './http/server.js';
import { readStatus } from './http/status-data.js';
import { renderStatusPage } from './http/status-page.js';
import { Metrics } from './metrics/metrics.js';
import { fanObservers, ObservedFeedSource, ObservedNotifier } from './metrics/observe.js';
import { OperatorNotices } from './operator/notices.js';
import type { CycleReport } from './pipeline/poll.js';
import type { Clock, FeedSource, Logger, Notifier, Observer, PlatformInstance, SlotSchedule, Store } from './ports.js';
import type { NewsItem, Platform } from './core/types.js';
import { Leadership } from './pipeline/leadership.js';
import { lockSingleInstance, type InstanceLock } from './store/instance-lock.js';
import { openStore } from './store/open-store.js';
import { defaultThreads, sharedDenseWeights, WorkerPool } from './workers/pool.js';

/** Injected parts; everything else is built from the config. */
export interface AppOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Where the console platform prints (default stdout). */
  stdout?: NodeJS.WritableStream;
  /** Print alerts on the console even when a chat platform is configured. */
  console?: boolean;
  /** Replaces the HTTP feed source (the demo and tests use the real one; a bench may not). */
  feedSource?: FeedSource;
  /** Told of feed reads, deliveries and cycles (the console summary). */
  observers?: Observer[];
}

/** A wired Vigie: run it, or drive one cycle at a time. */
export interface App {
  readonly store: Store;
  readonly commands: ChatCommands;
  readonly scheduler: Scheduler;
  readonly delivery: DeliveryWorker;
  readonly digests: Digests;
  /** Prometheus metrics, when the HTTP endpoint is configured. */
  readonly metrics: Metrics | undefined;
  /** Starts the HTTP endpoint when HTTP_PORT is set (run() does it first); resolves its URL. */
  serveHttp(): Promise<string | undefined>;
  /** Connects the chat platforms (commands start flowing); resolves once they are running. */
  startPlatforms(signal: AbortSignal): Promise<void>;
  /** One poll cycle (every feed when `force`) followed by delivering everything due. */
  runOnce(signal: AbortSignal, options?: { force?: boolean }): ReturnType<Scheduler['runOnce']>;
  /** Runs platforms, the poll loop and delivery until the signal aborts, then stops them. */
  run(signal: AbortSignal): Promise<void>;
  /** Stops the platforms (if started) and closes the store. */
  close(): Promise<void>;
}

/** Builds every part from the config; opens the store (rejects with a StoreError when unreachable). */
export async function createApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  const clock = options.clock ?? { now: () => Date.now() };
  const store = await openStore(config.store.url, {
    retentionMs: config.store.retentionMs, alertRetentionMs: config.store.alertRetentionMs, logger, now: () => clock.now(),
  });
  const fanout = new FanOut({ store, clock, logger });
  const metrics = config.http ? new Metrics({ store, feedIds: config.feeds.map((f) => f.id), platforms: PLATFORMS.map((p) => p.id), logger: logger.child({ part: 'metrics' }) }) : undefined;
  // Read at each call: the operator notices join once the platforms exist.
  const observers: Observer[] = [...(metrics ? [metrics] : []), ...(options.observers ?? [])];
  const observer = fanObservers(observers);
  let scheduler: Scheduler | undefined;
  const commands = new ChatCommands({
    capabilities: capabilityTable(capabilitiesTable()),
    destinations: store.destinations,
    alerts: store.alerts,
    status: () => (scheduler as Scheduler).status(store, config.feeds.length),
    refusals: store.refusals,
    clock,
    logger: logger.child({ part: 'commands' }),
    onSettingsChanged: () => fanout.invalidate(),
    // Several instances: one user's command budget is counted on the shared store.
    ...(store.rates ? { rates: store.rates } : {}),
    feedback: new FeedbackCommands({ feedback: store.feedback, recentItems: store.recentItems, alerts: store.alerts, outbox: store.outbox, clock }),
    privateMode: new PrivateMode(config.allowedChats, capabilityTable(capabilitiesTable())),
  });
  // Before any delivery: chats ALLOWED_CHATS does not list receive nothing, those listed again are back.
  const admission = await commands.applyPrivateMode();
  if (admission.excluded + admission.readmitted > 0) logger.info(admission, 'private mode: destinations excluded or readmitted');

  const { notifiers, platforms, connections } = await buildPlatforms(config, commands, {
    logger, clock, stdout: options.stdout ?? process.stdout, ...(options.console === undefined ? {} : { console: options.console }),
    ...(store.schedule ? { schedule: store.schedule } : {}),
  });
  for (const id of Object.keys(notifiers)) notifiers[id] = new ObservedNotifier(notifiers[id]!, observer, clock);
  const operator = config.operatorChat;
  const operatorNotifier = operator ? notifiers[operator.platform] : undefined;
  if (operator && operatorNotifier) {
    observers.push(new OperatorNotices({
      send: async (text) => operatorNotifier.sendText?.(operator.chatId, text),
      feeds: config.feeds, destinations: store.destinations, feedStates: store.feedStates, state: store.notices,
      clock, logger: logger.child({ part: 'operator' }),
    }));
  }

  const delivery = new DeliveryWorker({
    outbox: store.outbox, destinations: store.destinations, alerts: store.alerts, notifiers, refusals: store.refusals,
    membership: commands, clock, logger: logger.child({ part: 'delivery' }),
    concurrency: config.delivery.concurrency, maxAttempts: config.delivery.maxAttempts,
    // Several instances may drain a shared store: each destination is served under its lease.
    ...(store.shared ? { leases: store.leases, leaseMs: 10_000 } : {}),
  });
  const threads = config.poll.threads === 'auto' ? defaultThreads() : config.poll.threads;
  // With workers, one copy of the model's weights serves every thread.
  const dense = threads > 0 && config.model ? sharedDenseWeights(config.model) : undefined;
  const pool = threads > 0 ? new WorkerPool({ threads, lexicon: config.lexicon, model: config.model, dense, logger: logger.child({ part: 'workers' }) }) : undefined;
  // The HTTP source keeps connections open between requests: closed with the app.
  const httpSource = options.feedSource ? undefined
    : new HttpFeedSource(config.fetch, logger.child({ part: 'feeds' }), pool ? async (job, known) => pool.parseKnowing(job, known) : undefined);
  const feedSource: FeedSource = options.feedSource ?? (httpSource as HttpFeedSource);
  const poller = new Poller({
    feeds: config.feeds,
    source: new ObservedFeedSource(feedSource, observer, clock),
    ...(pool ? { analyse: async (items: NewsItem[]) => pool.analyse(items) } : {}),
    store, fanout, clock, logger: logger.child({ part: 'poll' }),
    classifier: classifierFor(config.lexicon, config.model, dense),
    summariser: createSummariser(),
    intervalMs: config.poll.intervalMs,
    backfillMs: config.poll.backfillMs,
    // Twice the fetches in flight: a read can proceed while other feeds' items go through intake.
    feedsInFlight: 2 * config.fetch.concurrency,
    stories: new Stories({ alerts: store.alerts, clock, logger: logger.child({ part: 'stories' }) }),
    // Delivery starts on an alert as soon as its deliveries are enqueued, not after the cycle.
    announced: () => delivery.wake(),
  });
  const afterCycle = async (report: CycleReport, startedAt: number): Promise<void> => {
    delivery.wake();
    await observer.cycle({
      startedAt, nextAt: startedAt + config.poll.intervalMs, durationMs: report.durationMs, feeds: report.feeds, polled: report.polled,
      feedErrors: report.feedErrors, backingOff: report.backingOff, items: report.items, announced: { ...report.announced },
    });
  };
  scheduler = new Scheduler({ poller, clock, logger, intervalMs: config.poll.intervalMs, afterCycle });
  const sched = scheduler;
  const digests = new Digests({ store, clock, logger: logger.child({ part: 'digest' }) });
  let started = false;
  let http: HttpEndpoint | undefined;
  const serveHttp = async (): Promise<string | undefined> => {
    if (!config.http || !metrics) return undefined;
    http ??= await startHttpEndpoint({
      ...config.http,
      logger: logger.child({ part: 'http' }),
      metrics: async () => metrics.render(),
      statusPage: async () => renderStatusPage(await readStatus({
        store, feeds: config.feeds, now: () => clock.now(), lastCycleAt: () => sched.lastCycleAt,
      })),
      readiness: {
        store: async () => store.ping().then(() => undefined, (error: unknown) => (error as Error).message),
        // Chat platforms of a single instance (on a shared store only the leader receives updates).
        ...(store.shared ? {} : Object.fromEntries(connections.filter((c) => !c.fallback)
          .map((c) => [c.id, async () => (c.connected ? undefined : `${c.id}: not connected`)]))),
      },
    });
    return http.url;
  };
  let instanceLock: InstanceLock | undefined;
  const leadership = new Leadership({ leases: store.leases, logger: logger.child({ part: 'leader' }) });
  /** The leader's work: feeds, updates of the platforms only the leader receives, digests. */
  const lead = async (signal: AbortSignal) => {
    const mine = platforms.filter((p) => !p.receivesEverywhere);
    await Promise.all(mine.map((p) => p.start(signal)));
    try {
      await Promise.all([sched.run(signal), digestLoop(digests, delivery, logger, signal)]);
    } finally {
      await Promise.all(mine.map((p) => (p.stopReceiving ? p.stopReceiving() : p.stop())));
    }
  };

  const app: App = {
    store, commands, scheduler: sched, delivery, digests, metrics, serveHttp,
    async runOnce(signal, options) {
      // A single-instance store is held for the cycle (`run --once`, `demo`): a running bot is never doubled.
      const held = !store.shared && instanceLock === undefined
        ? await lockSingleInstance(store.leases, store.target, logger)
        : undefined;
      try {
        // The cycle's alerts are delivered while it goes on, as `run` does (woken as they are
        // announced): the sends wait on the platforms and the store while the poll has work to do.
        const during = new AbortController();
        const stop = (): void => during.abort();
        signal.addEventListener('abort', stop, { once: true });
        const delivering = delivery.run(during.signal);
        let report: CycleReport | undefined;
        try {
          report = await sched.runOnce(signal, options);
        } finally {
          stop();
          signal.removeEventListener('abort', stop);
          await delivering;
        }
        try {
          await digests.tick();
          await delivery.drain(signal);
        } catch (error) {
          logger.error({ err: error }, 'delivery skipped: the store failed; pending messages stay in the outbox');
        }
        return report;
      } finally {
        await held?.release();
      }
    },
    async startPlatforms(signal) {
      started = true;
      await Promise.all(platforms.map((p) => p.start(signal)));
    },
    async run(signal) {
      await serveHttp();
      if (!store.shared) instanceLock = await lockSingleInstance(store.leases, store.target, logger);
      // At shutdown the notifiers stop at once: sends waiting for a pacing slot give up (they stay queued).
      signal.addEventListener('abort', () => void Promise.all(platforms.map((p) => p.stop())), { once: true });
      if (!store.shared) {
        await app.startPlatforms(signal);
        await Promise.all([sched.run(signal), delivery.run(signal), digestLoop(digests, delivery, logger, signal)]);
        return;
      }
      // Shared store: every instance delivers; the leader polls, receives updates and sends digests.
      started = true;
      await Promise.all(platforms.filter((p) => p.receivesEverywhere).map((p) => p.start(signal)));
      await Promise.all([delivery.run(signal), leadership.run(signal, lead)]);
    },
    async close() {
      // Delivery has stopped by now (its loop ends with the signal); platforms go before the store.
      if (started) await Promise.all(platforms.map((p) => p.stop()));
      started = false;
      await instanceLock?.release();
      await http?.close();
      http = undefined;
      await pool?.close();
      httpSource?.close();
      await store.close();
    },
  };
  return app;
}

/**
 * Builds every configured platform from the registry (the fallback, the console, only when no other
 * is configured or when asked) and applies the destinations their configuration declares.
 */
async function buildPlatforms(
  config: Config, commands: ChatCommands,
  deps: { logger: Logger; clock: Clock; stdout: NodeJS.WritableStream; console?: boolean; schedule?: SlotSchedule },
): Promise<{ notifiers: Record<Platform, Notifier>; platforms: PlatformInstance[]; connections: Connection[] }> {
  const configured = PLATFORMS.filter((p) => config.platforms[p.id] !== undefined);
  const withFallback = deps.console ?? configured.every((p) => p.fallback);
  const notifiers: Record<Platform, Notifier> = {};
  const platforms: PlatformInstance[] = [];
  const connections: Connection[] = [];
  for (const definition of configured) {
    if (definition.fallback && !withFallback) continue;
    const instance = await definition.create(config.platforms[definition.id], { commands, ...deps });
    notifiers[definition.id] = instance.notifier;
    const connection: Connection = { id: definition.id, fallback: definition.fallback === true, connected: false };
    platforms.push(tracked(instance, connection));
    connections.push(connection);
    if (instance.configured) await commands.configured(definition.id, instance.configured);
  }
  return { notifiers, platforms, connections };
}

/** Per platform instance: its id, whether it is the fallback (console), whether it is started (for /readyz). */
interface Connection { id: Platform; fallback: boolean; connected: boolean }

/** The instance with `state.connected` kept true between a successful start and a stop. */
function tracked(instance: PlatformInstance, state: Connection): PlatformInstance {
  const wrapper: PlatformInstance = {
    notifier: instance.notifier,
    ...(instance.configured ? { configured: instance.configured } : {}),
    ...(instance.receivesEverywhere !== undefined ? { receivesEverywhere: instance.receivesEverywhere } : {}),
    async start(signal) {
      await instance.start(signal);
      state.connected = !signal.aborted;
      signal.addEventListener('abort', () => { state.connected = false; }, { once: true });
    },
    ...(instance.stopReceiving ? {
      async stopReceiving() {
        state.connected = false;
        await instance.stopReceiving!();
      },
    } : {}),
    async stop() {
      state.connected = false;
      await instance.stop();
    },
  };
  return wrapper;
}

/** Checks every minute for due digests and wakes delivery when some were enqueued, until aborted. */
async function digestLoop(digests: Digests, delivery: DeliveryWorker, logger: Logger, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      if ((await digests.tick()) > 0) delivery.wake();
    } catch (error) {
      logger.error({ err: error }, 'digest check failed; retrying in a minute');
    }
    await sleep(60_000, signal);
  }
}
