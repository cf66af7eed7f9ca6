/**
 * The console's French lines for an operator watching `vigie run`: one summary per cycle, a clear
 * line when no feed at all answered, and at startup the feeds still waiting after failures.
 */
import type { CycleEvent, Observer } from '../ports.js';
import type { FeedConfig, FeedState } from '../core/feed-types.js';

const CLOCK = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });

/** `HH:MM`, Paris time. */
export function hhmm(ms: number): string {
  return CLOCK.format(ms);
}

/** One cycle in one line: "14:05 — 27 flux, 25 ok, 2 en échec, 3 nouvelles alertes ; prochain cycle à 14:10". */
export function cycleLine(event: CycleEvent): string {
  const at = hhmm(event.startedAt + event.durationMs);
  const next = `prochain cycle à ${hhmm(event.nextAt)}`;
  if (event.polled === 0 && event.feedErrors > 0) {
    return `${at} — aucun flux joignable (${event.feedErrors} en échec sur ${event.feeds}) : le réseau est-il coupé ? ${next}`;
  }
  const n = event.announced.cyberattack + event.announced.outage;
  const alerts = n > 1 ? `${n} nouvelles alertes` : `${n} nouvelle alerte`;
  const waiting = event.backingOff > 0 ? `, ${event.backingOff} en attente` : '';
  return `${at} — ${event.feeds} flux, ${event.polled} ok, ${event.feedErrors} en échec${waiting}, ${alerts} ; ${next}`;
}

/** The startup line naming feeds that wait after failures (backoff kept across restarts); undefined when none. */
export function backoffLine(feeds: readonly FeedConfig[], states: Record<string, FeedState>, now: number): string | undefined {
  const waiting = feeds
    .map((feed) => ({ feed, state: states[feed.id] }))
    .filter((f): f is { feed: FeedConfig; state: FeedState } => (f.state?.failures ?? 0) > 0 && (f.state?.nextAttemptAt ?? 0) > now);
  if (waiting.length === 0) return undefined;
  const shown = waiting.slice(0, 5).map(({ feed, state }) => `${feed.id} jusqu'à ${hhmm(state.nextAttemptAt!)} (${state.failures} échec${state.failures > 1 ? 's' : ''})`);
  const more = waiting.length > 5 ? `, et ${waiting.length - 5} autres` : '';
  return `${waiting.length} flux en attente après des échecs : ${shown.join(', ')}${more} — « vigie feeds reset ID » pour réessayer plus tôt`;
}

/** Prints `cycleLine` after every cycle. */
export class CycleSummary implements Observer {
  constructor(private readonly out: NodeJS.WritableStream) {}

  cycle(event: CycleEvent): void {
    this.out.write(`${cycleLine(event)}\n`);
  }
}
