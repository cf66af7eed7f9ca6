/**
 * What the delivery worker reads for one destination's entries, and the send-time check that the
 * destination still wants each alert (settings changed after the entry was queued).
 */
import { buildRecipientIndex, type RecipientIndex } from '../core/filters.js';
import type { Alert, Destination } from '../core/types.js';
import type { AlertLog, DestinationRepo, RefusalLog } from '../ports.js';
import type { OutboxEntry, Refusal } from '../core/delivery-types.js';

/** Entries of one destination whose destination and alerts are read together (one store read). */
const READ_WINDOW = 16;

/**
 * The reads of one destination's entries: the destination and the alerts of the next
 * `READ_WINDOW` entries are fetched at once, so settings changed meanwhile (a chat that stopped
 * its alerts) apply within that many entries. Edits always read their alert at serve time: they
 * must render every source known by then.
 */
export class GroupReads {
  private destination: Promise<Destination | undefined> | undefined;
  private readonly alerts = new Map<string, Promise<Alert | undefined>>();
  private readonly refusals = new Map<string, Promise<Refusal | undefined>>();

  constructor(
    private readonly deps: { destinations: DestinationRepo; alerts: AlertLog; refusals?: RefusalLog },
    private readonly entries: OutboxEntry[],
  ) {}

  /** The destination and alert of entry `index`; entries are asked for in order. */
  async at(index: number): Promise<[Destination | undefined, Alert | undefined]> {
    const entry = this.entries[index] as OutboxEntry;
    if (index % READ_WINDOW === 0) {
      this.destination = undefined;
      this.alerts.clear();
      const ids = [...new Set(this.entries.slice(index, index + READ_WINDOW).filter((e) => e.kind !== 'edit').map((e) => e.alertId))];
      const read = handled(this.deps.alerts.getMany(ids));
      ids.forEach((id, i) => this.alerts.set(id, handled(read.then((alerts) => alerts[i]))));
    }
    this.destination ??= handled(this.deps.destinations.get(entry.destinationKey));
    // Read with the destination (one store round trip): a success clears it, a refusal keeps its start.
    if (index === 0) this.refusal(entry.destinationKey);
    const alert = (entry.kind !== 'edit' && this.alerts.get(entry.alertId)) || this.deps.alerts.get(entry.alertId);
    return Promise.all([this.destination, alert]);
  }

  /** The destination's temporary refusal, read once per group (undefined without a refusal log). */
  refusal(destinationKey: string): Promise<Refusal | undefined> {
    let read = this.refusals.get(destinationKey);
    if (read === undefined) {
      read = handled(this.deps.refusals?.get(destinationKey) ?? Promise.resolve(undefined));
      this.refusals.set(destinationKey, read);
    }
    return read;
  }

  /** Remembers the destination's refusal as written (or cleared) by this group. */
  setRefusal(destinationKey: string, refusal: Refusal | undefined): void {
    this.refusals.set(destinationKey, Promise.resolve(refusal));
  }

  /** Reads the destination again for the next entry. */
  refresh(): void {
    this.destination = undefined;
  }
}

/** Compiled filters of the destinations seen lately (a destination object is re-read per window). */
const compiled = new WeakMap<Destination, RecipientIndex>();

/**
 * Why the destination no longer wants this entry, or undefined when it does: paused, or (for new
 * messages) the alert's category is off or its keywords no longer match. Edits of a message
 * already posted always go through.
 */
export function unwanted(entry: OutboxEntry, destination: Destination, alert: Alert): string | undefined {
  if (entry.kind === 'edit') return undefined;
  if (destination.paused) return 'skipped: the destination was paused after the entry was queued';
  if (entry.kind === 'digest') return undefined;
  let index = compiled.get(destination);
  if (index === undefined) {
    index = buildRecipientIndex([{ ...destination, active: true }]);
    compiled.set(destination, index);
  }
  return index.match(alert).length === 0 ? 'skipped: the destination\'s categories or keywords no longer match' : undefined;
}

/** The same promise, marked as handled: a prefetch nobody awaits (abort, failure) is not an unhandled rejection. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
