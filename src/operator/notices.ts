/**
 * Notices for the operator's chat (OPERATOR_CHAT): a feed failing several cycles in a row and its
 * recovery, a destination deactivated, and once a day a one-line summary. An `Observer`: it needs no
 * hook in the pipeline; its messages are French plain text, sent after each cycle.
 */
import type { Clock, CycleEvent, DeliveryEvent, DestinationRepo, FeedReadEvent, Logger, Observer } from '../ports.js';
import type { FeedConfig } from '../core/feed-types.js';

/** What the notices need. */
export interface OperatorNoticesDeps {
  /** Posts plain text to the operator's chat (escaped by the platform). */
  send(text: string): Promise<void>;
  feeds: readonly FeedConfig[];
  destinations: Pick<DestinationRepo, 'list'>;
  clock: Clock;
  logger: Logger;
  /** Failures in a row that make a feed worth a notice (default 3). */
  threshold?: number;
  /** Local time (Europe/Paris) of the daily summary, "HH:MM" (default "09:00"). */
  summaryAt?: string;
}

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
const PARIS_TIME = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });

/** Plural of a French noun phrase: `n` then singular or plural (0 and 1 are singular in French). */
function count(n: number, one: string, many: string): string {
  return `${n} ${n > 1 ? many : one}`;
}

/** Figures of the day, for the summary. */
interface DayStats {
  cycles: number;
  cyberattacks: number;
  outages: number;
  sent: number;
  failed: number;
}

const emptyDay = (): DayStats => ({ cycles: 0, cyberattacks: 0, outages: 0, sent: 0, failed: 0 });

/** Collects what happens and tells the operator what needs a human. */
export class OperatorNotices implements Observer {
  private readonly pending: string[] = [];
  private readonly names: Map<string, string>;
  private active: Set<string> | undefined;
  private day = emptyDay();
  private summarisedDay: string;
  private readonly failing = new Set<string>();

  constructor(private readonly deps: OperatorNoticesDeps) {
    this.names = new Map(deps.feeds.map((f) => [f.id, f.name]));
    // A restart after today's summary time waits for tomorrow's: no summary of a partial day.
    const now = deps.clock.now();
    this.summarisedDay = this.pastSummaryTime(now) ? PARIS_DAY.format(now) : '';
  }

  feedRead(event: FeedReadEvent): void {
    const threshold = this.deps.threshold ?? 3;
    const name = this.names.get(event.feedId) ?? event.feedId;
    if (event.outcome === 'error') {
      this.failing.add(event.feedId);
      if (event.failures === threshold) {
        this.pending.push(`⚠️ Flux « ${name} » en échec depuis ${threshold} cycles (${event.errorKind ?? 'erreur'}) ; « vigie feeds status » pour le détail`);
      }
    } else {
      this.failing.delete(event.feedId);
      if (event.failuresBefore >= threshold) this.pending.push(`✅ Flux « ${name} » rétabli après ${count(event.failuresBefore, 'échec', 'échecs')}`);
    }
  }

  delivery(event: DeliveryEvent): void {
    if (event.outcome === 'ok' && event.operation !== 'edit') this.day.sent++;
    else if (event.outcome === 'failed' || event.outcome === 'gone') this.day.failed++;
  }

  async cycle(event: CycleEvent): Promise<void> {
    this.day.cycles++;
    for (const alert of event.alerts) {
      if (alert.classification.category === 'cyberattack') this.day.cyberattacks++;
      else this.day.outages++;
    }
    await this.checkDestinations();
    this.dailySummary(event);
    const lines = this.pending.splice(0);
    if (lines.length === 0) return;
    try {
      await this.deps.send(lines.join('\n'));
    } catch (error) {
      this.deps.logger.warn({ err: error, notices: lines.length }, 'operator: notice not sent');
    }
  }

  /** A destination active at the previous cycle and inactive (or gone) now was deactivated. */
  private async checkDestinations(): Promise<void> {
    try {
      const all = await this.deps.destinations.list();
      const active = new Set(all.filter((d) => d.active).map((d) => d.key));
      if (this.active) {
        for (const key of this.active) {
          if (active.has(key)) continue;
          const title = all.find((d) => d.key === key)?.title;
          this.pending.push(`🔕 Destination ${key}${title ? ` (« ${title} »)` : ''} désactivée : le bot n'y a plus accès`);
        }
      }
      this.active = active;
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'operator: destinations not read');
    }
  }

  private pastSummaryTime(now: number): boolean {
    return PARIS_TIME.format(now) >= (this.deps.summaryAt ?? '09:00');
  }

  private dailySummary(event: CycleEvent): void {
    const now = this.deps.clock.now();
    const today = PARIS_DAY.format(now);
    if (today === this.summarisedDay || !this.pastSummaryTime(now)) return;
    this.summarisedDay = today;
    const d = this.day;
    const alerts = d.cyberattacks + d.outages;
    this.pending.push(`📋 Vigie, dernières 24 h : ${count(d.cycles, 'cycle', 'cycles')}, ${count(alerts, 'nouvelle alerte', 'nouvelles alertes')}`
      + ` (${count(d.cyberattacks, 'cyberattaque', 'cyberattaques')}, ${count(d.outages, 'panne', 'pannes')}),`
      + ` ${count(d.sent, 'message envoyé', 'messages envoyés')}, ${count(d.failed, "échec d'envoi", "échecs d'envoi")} ;`
      + ` ${event.feeds} flux dont ${this.failing.size} en échec`);
    this.day = emptyDay();
  }
}
