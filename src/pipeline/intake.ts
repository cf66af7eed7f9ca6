/**
 * Intake of the feeds' new, analysed items, the batches of several feeds at once: claim the
 * incidents' dedup keys, build the alerts and hand them to the fan-out (or join an existing story).
 * Core functions do the thinking; this file does the order.
 */
import { alertIdFor, sourceOf } from '../core/alerts.js';
import type { Analysis } from '../core/analysis.js';
import { dedupKeys } from '../core/dedup.js';
import { StoreError } from '../core/errors.js';
import type { Alert, NewsItem } from '../core/types.js';
import type { Clock, Logger, Store } from '../ports.js';
import { AlertBatch } from './alert-batch.js';
import type { FanOut } from './fanout.js';
import type { IncidentItem, StoryLinker } from './story-linker.js';

/** What happened to one item; undefined in a batch's answer when the item could not be processed. */
export type IntakeOutcome = 'ignored' | 'duplicate' | 'backfilled' | 'alerted' | 'joined';

/** Everything intake needs. */
export interface IntakeDeps {
  store: Store;
  fanout: FanOut;
  clock: Clock;
  logger: Logger;
  stories?: StoryLinker;
  /** Told of each alert announced, once written with its deliveries enqueued (not of one resumed after a crash). */
  announced?: (alert: Alert) => void;
}

/**
 * One analysed item to take in. `announce` is false for items recorded without being posted (the
 * first poll of a new feed, older than the backfill window): their incidents still become recent alerts.
 */
export interface IntakeEntry {
  item: NewsItem;
  announce: boolean;
  analysis: Analysis;
}

/** An incident item on its way to an alert, with where its outcome goes. */
interface Incident extends IncidentItem {
  /** The outcomes of the batch it came in, and its index there. */
  outcomes: (IntakeOutcome | undefined)[];
  index: number;
  announce: boolean;
}

/** A batch waiting to be taken in with the others that arrived while a group was being taken in. */
interface Waiting {
  incidents: Incident[];
  done: () => void;
  failed: (error: unknown) => void;
}

/**
 * Takes in the feeds' batches of analysed items. Their incidents are taken in one group at a time
 * (claims, story linking and alert writes must not interleave): the batches that arrive while a
 * group is being taken in wait, then go in together as the next group, with one claim write and
 * one alert write for all of them, in the order they arrived. Items stay where they were: an item
 * that fails for any reason but the store is logged and answered undefined; a store failure
 * rejects every batch of its group (none of their items is marked seen, so the next cycle takes
 * them in again).
 */
export class Intake {
  private waiting: Waiting[] = [];
  private draining = false;

  constructor(private readonly deps: IntakeDeps) {}

  /** Takes in one batch (a feed's new items); each item's outcome, in order. */
  async take(entries: readonly IntakeEntry[]): Promise<(IntakeOutcome | undefined)[]> {
    const outcomes: (IntakeOutcome | undefined)[] = entries.map(() => undefined);
    const incidents: Incident[] = [];
    entries.forEach(({ item, announce, analysis }, index) => {
      if (analysis.classification.category === 'none') {
        outcomes[index] = 'ignored';
        return;
      }
      if (analysis.summary === undefined || analysis.fingerprint === undefined) {
        failed(this.deps, item, new Error('the analysis of an incident lacks its summary or fingerprint'));
        return;
      }
      incidents.push({ outcomes, index, item, announce, classification: analysis.classification, summary: analysis.summary, fingerprint: analysis.fingerprint });
    });
    if (incidents.length === 0) return outcomes;
    await new Promise<void>((done, fail) => {
      this.waiting.push({ incidents, done, failed: fail });
      if (!this.draining) void this.drain();
    });
    return outcomes;
  }

  /** Takes in the waiting batches, a group at a time, until none waits. */
  private async drain(): Promise<void> {
    this.draining = true;
    const { stories } = this.deps;
    while (this.waiting.length > 0) {
      const group = this.waiting;
      this.waiting = [];
      const incidents = group.flatMap((w) => w.incidents);
      // The claims are made inside the exclusive step so that the alerts are saved right after them.
      const step = async (): Promise<void> => claimThenCreate(incidents, this.deps);
      try {
        await (stories ? stories.exclusive(step) : step());
        for (const w of group) w.done();
      } catch (error) {
        for (const w of group) w.failed(error);
      }
    }
    this.draining = false;
  }
}

async function claimThenCreate(incidents: Incident[], deps: IntakeDeps): Promise<void> {
  // Owned by the item's alert id: after a crash between claim and save, the same item claims again.
  // Pushed, not mapped: an optimised `map` makes holey arrays, and code compiled for the packed
  // ones an unoptimised `map` made is deoptimised by them.
  const ids: string[] = [];
  for (const c of incidents) ids.push(alertIdFor(c.item));
  const claims = await deps.store.seen.claimEach(incidents.map((c, i) => ({ keys: dedupKeys(c.item), owner: ids[i]! })));
  // Only a resumed claim may find its alert already made (the claimant died after writing it,
  // maybe before enqueueing its deliveries: they are enqueued again, those present left as they are).
  const resumed = ids.filter((_, i) => claims[i] === 'resumed');
  const made = new Map((await deps.store.alerts.getMany(resumed)).flatMap((a) => (a ? [[a.id, a] as const] : [])));
  const batch = new AlertBatch(deps);
  for (const [i, incident] of incidents.entries()) {
    const existing = made.get(ids[i]!);
    if (claims[i] === false || existing) {
      if (existing && existing.fanout !== 'none') batch.resume(existing);
      incident.outcomes[incident.index] = 'duplicate';
      continue;
    }
    try {
      incident.outcomes[incident.index] = await createOrJoin(incident, ids[i]!, deps, batch);
    } catch (error) {
      if (error instanceof StoreError) throw error;
      failed(deps, incident.item, error);
    }
  }
  await batch.flush();
}

async function createOrJoin(incident: Incident, id: string, deps: IntakeDeps, batch: AlertBatch): Promise<IntakeOutcome> {
  const { stories } = deps;
  const { item, classification, summary, announce, fingerprint } = incident;
  const match = announce && stories ? stories.find(fingerprint) : undefined;
  if (stories && match) {
    // A story whose first alert waits in this batch is joined as it will be written (not read back).
    const linked = await stories.join(incident, match, batch.pending(match.alertId));
    if (linked.kind === 'known') return 'duplicate';
    if (linked.kind === 'joined') {
      if (linked.head) batch.update(linked.head, linked.editAt);
      if (linked.print) batch.print(linked.print);
      if (linked.followUp) batch.add(linked.followUp, true);
      return 'joined';
    }
  }
  const now = deps.clock.now();
  const alert: Alert = { id, item, classification, summary, createdAt: now, sources: [sourceOf(item, now)] };
  batch.print({ alertId: id, itemId: item.id, fingerprint });
  batch.add(alert, announce);
  stories?.remember(alert, fingerprint);
  return announce ? 'alerted' : 'backfilled';
}

function failed(deps: IntakeDeps, item: NewsItem, error: unknown): void {
  deps.logger.error({ item: item.id, feed: item.feedId, err: error }, 'item could not be processed');
}
