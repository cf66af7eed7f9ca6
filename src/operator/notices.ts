/**
 * Notices for the operator's chat (OPERATOR_CHAT): a feed failing several cycles in a row and its
 * recovery, a destination deactivated, and once a day a one-line summary. An `Observer`: it needs no
 * hook in the pipeline; its messages are French plain text, sent after each cycle. What it told, what
 * it still has to tell and the day's figures live in the store, so a restart neither repeats a notice
 * nor forgets a failing feed nor sends the day's summary twice.
 */
import { emptyNoticeDay, type NoticeState } from '../core/operator-state.js';
import type {
  Clock, CycleEvent, DeliveryEvent, DestinationRepo, FeedReadEvent, FeedStateRepo, Logger, NoticeStateRepo, Observer,
} from '../ports.js';
import type { FeedConfig } from '../core/feed-types.js';

/** What the notices need. */
export interface OperatorNoticesDeps {
  /** Posts plain text to the operator's chat (escaped by the platform). */
  send(text: string): Promise<void>;
  feeds: readonly FeedConfig[];
  destinations: Pick<DestinationRepo, 'list'>;
  /** Feed states, for the number of feeds failing in the summary (those backing off included). */
  feedStates: Pick<FeedStateRepo, 'all'>;
  /** Where the notices' memory is kept across restarts. */
  state: NoticeStateRepo;
  clock: Clock;
  logger: Logger;
  /** Failures in a row that make a feed worth a notice (default 3). */
  threshold?: number;
  /** Local time (Europe/Paris) of the daily summary, "HH:MM" (default "09:00"). */
  summaryAt?: string;
}

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
const PARIS_TIME = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });

/** Notices kept while the operator's chat does not answer; older ones are dropped first. */
const MAX_PENDING = 50;

/** Plural of a French noun phrase: `n` then singular or plural (0 and 1 are singular in French). */
function count(n: number, one: string, many: string): string {
  return `${n} ${n > 1 ? many : one}`;
}

/** Collects what happens and tells the operator what needs a human. */
export class OperatorNotices implements Observer {
  /** The last read of each feed since the previous cycle. */
  private reads = new Map<string, FeedReadEvent>();
  /** Deliveries since the previous cycle. */
  private sent = 0;
  private failed = 0;
  private readonly names: Map<string, string>;
  /** The state as this process last wrote it, used when the store cannot be read. */
  private last: NoticeState | undefined;

  constructor(private readonly deps: OperatorNoticesDeps) {
    this.names = new Map(deps.feeds.map((f) => [f.id, f.name]));
  }

  feedRead(event: FeedReadEvent): void {
    this.reads.set(event.feedId, event);
  }

  delivery(event: DeliveryEvent): void {
    if (event.outcome === 'ok' && event.operation !== 'edit') this.sent++;
    else if (event.outcome === 'failed' || event.outcome === 'gone') this.failed++;
  }

  async cycle(event: CycleEvent): Promise<void> {
    const state = await this.load();
    const reads = [...this.reads.values()];
    this.reads = new Map();
    state.day.cycles++;
    state.day.sent += this.sent;
    state.day.failed += this.failed;
    this.sent = 0;
    this.failed = 0;
    state.day.cyberattacks += event.announced.cyberattack;
    state.day.outages += event.announced.outage;
    for (const read of reads) this.feedNotice(state, read);
    await this.checkDestinations(state);
    await this.dailySummary(state, event);
    const lines = state.pending.splice(0);
    await this.save(state);
    if (lines.length === 0) return;
    try {
      await this.deps.send(lines.join('\n'));
    } catch (error) {
      this.deps.logger.warn({ err: error, notices: lines.length }, 'operator: notice not sent; retried after the next cycle');
      state.pending = [...lines, ...state.pending].slice(-MAX_PENDING);
      await this.save(state);
    }
  }

  /** A feed's failure told once when it reaches the threshold, and its recovery once it reads again. */
  private feedNotice(state: NoticeState, event: FeedReadEvent): void {
    const threshold = this.deps.threshold ?? 3;
    const name = this.names.get(event.feedId) ?? event.feedId;
    const told = state.failing.includes(event.feedId);
    if (event.outcome === 'error') {
      if (told || event.failures < threshold) return;
      state.failing.push(event.feedId);
      state.pending.push(`⚠️ Flux « ${name} » en échec depuis ${count(event.failures, 'cycle', 'cycles')} (${event.errorKind ?? 'erreur'}) ; « vigie feeds status » pour le détail`);
    } else if (told || event.failuresBefore >= threshold) {
      state.failing = state.failing.filter((id) => id !== event.feedId);
      // After `vigie feeds reset` the read starts from no failure: no count to give.
      const after = event.failuresBefore > 0 ? ` après ${count(event.failuresBefore, 'échec', 'échecs')}` : '';
      state.pending.push(`✅ Flux « ${name} » rétabli${after}`);
    }
  }

  /** A destination active at the previous check and inactive (or gone) now was deactivated. */
  private async checkDestinations(state: NoticeState): Promise<void> {
    try {
      const all = await this.deps.destinations.list();
      const active = all.filter((d) => d.active).map((d) => d.key);
      for (const key of state.active ?? []) {
        if (active.includes(key)) continue;
        const dest = all.find((d) => d.key === key);
        const why = dest?.excluded ? 'absente d’ALLOWED_CHATS (mode privé)' : "le bot n'y a plus accès";
        state.pending.push(`🔕 Destination ${key}${dest?.title ? ` (« ${dest.title} »)` : ''} désactivée : ${why}`);
      }
      state.active = active;
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'operator: destinations not read');
    }
  }

  private pastSummaryTime(now: number): boolean {
    return PARIS_TIME.format(now) >= (this.deps.summaryAt ?? '09:00');
  }

  private async dailySummary(state: NoticeState, event: CycleEvent): Promise<void> {
    const now = this.deps.clock.now();
    const today = PARIS_DAY.format(now);
    if (today === state.summarisedDay || !this.pastSummaryTime(now)) return;
    state.summarisedDay = today;
    const d = state.day;
    const alerts = d.cyberattacks + d.outages;
    this.pushSummary(state, `📋 Vigie, dernières 24 h : ${count(d.cycles, 'cycle', 'cycles')}, ${count(alerts, 'nouvelle alerte', 'nouvelles alertes')}`
      + ` (${count(d.cyberattacks, 'cyberattaque', 'cyberattaques')}, ${count(d.outages, 'panne', 'pannes')}),`
      + ` ${count(d.sent, 'message envoyé', 'messages envoyés')}, ${count(d.failed, "échec d'envoi", "échecs d'envoi")} ;`
      + ` ${event.feeds} flux dont ${await this.failingFeeds(state)} en échec`);
    state.day = emptyNoticeDay();
  }

  private pushSummary(state: NoticeState, line: string): void {
    // A summary still waiting from an earlier day is replaced: only the latest one is worth reading.
    state.pending = [...state.pending.filter((l) => !l.startsWith('📋')), line];
  }

  /** Configured feeds whose last read failed, as the feed states say (feeds backing off included). */
  private async failingFeeds(state: NoticeState): Promise<number> {
    try {
      const states = await this.deps.feedStates.all();
      return this.deps.feeds.filter((f) => (states[f.id]?.failures ?? 0) > 0).length;
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'operator: feed states not read');
      return state.failing.length;
    }
  }

  /**
   * The stored state (or this process's last one when the store does not answer). None stored yet
   * (first start): a start after today's summary time waits for tomorrow's, no summary of a partial day.
   */
  private async load(): Promise<NoticeState> {
    let stored: NoticeState | undefined;
    try {
      stored = await this.deps.state.get();
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'operator: notice state not read; using this process\'s');
      stored = this.last;
    }
    if (stored) return structuredClone(stored);
    const now = this.deps.clock.now();
    return { summarisedDay: this.pastSummaryTime(now) ? PARIS_DAY.format(now) : '', day: emptyNoticeDay(), failing: [], pending: [] };
  }

  private async save(state: NoticeState): Promise<void> {
    this.last = structuredClone(state);
    try {
      await this.deps.state.set(state);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'operator: notice state not saved');
    }
  }
}
