/**
 * The outbox on top of a `Backend`. Key layout (logical; the backend prefixes `${namespace}:`):
 *   outbox:<id>                     OutboxEntry; no expiry while pending, `finishedRetentionMs` once done/failed
 *   msgid:<destinationKey>:<alertId> platform message id of a done `send`, kept `finishedRetentionMs`
 *   index `outbox`                  ids of pending entries scored by notBefore (finished ones until the next `due()`)
 */
import type { Outbox } from '../ports.js';
import type { OutboxEntry } from '../core/delivery-types.js';
import type { SetEntry } from './backend.js';
import type { RepoContext } from './repositories.js';

/** Entries written per guarded step of `enqueue`. */
const BATCH = 1000;

/** Deliveries persisted before they are attempted; the `outbox` index holds the pending ones. */
export class KeyvOutbox implements Outbox {
  constructor(private readonly ctx: RepoContext, private readonly finishedRetentionMs: number) {}

  /**
   * Creates each entry whose id is absent (set-if-absent, so a concurrent or repeated enqueue
   * never overwrites). An existing pending entry is re-indexed: that repairs a crash that
   * happened between writing an entry and indexing it.
   */
  async enqueue(entries: OutboxEntry[]): Promise<void> {
    const byId = new Map<string, OutboxEntry>();
    for (const entry of entries) if (!byId.has(entry.id)) byId.set(entry.id, entry);
    const unique = [...byId.values()];
    // Batches keep each guarded operation (and its time limit) small during a large fan-out.
    for (let i = 0; i < unique.length; i += BATCH) {
      await this.ctx.guard('outbox.enqueue', async () => this.enqueueBatch(unique.slice(i, i + BATCH)));
    }
  }

  private async enqueueBatch(batch: OutboxEntry[]): Promise<void> {
    const { backend } = this.ctx;
    const created = await backend.setIfAbsent(batch.map((e) => ({ key: `outbox:${e.id}`, value: e })));
    const existing = batch.filter((_, i) => !created[i]);
    const stored = await backend.getMany<OutboxEntry>(existing.map((e) => `outbox:${e.id}`));
    const toIndex = [...batch.filter((_, i) => created[i]), ...stored]
      .filter((e): e is OutboxEntry => e?.status === 'pending');
    await backend.indexAdd('outbox', toIndex.map((e) => ({ member: e.id, score: e.notBefore })));
  }

  /**
   * Pending entries with `notBefore <= now`, earliest `notBefore` first (ties by id), at most
   * `limit`. Finished entries leave the index here, in one write per read, not one by one in `update`.
   */
  async due(now: number, limit: number): Promise<OutboxEntry[]> {
    if (limit <= 0) return [];
    const { backend } = this.ctx;
    for (;;) {
      const { pending, full } = await this.ctx.guard('outbox.due', async () => {
        const ids = await backend.indexRange('outbox', { max: now, limit });
        const entries = await backend.getMany<OutboxEntry>(ids.map((id) => `outbox:${id}`));
        // Finished entries (and index entries left by a crash) leave the index now.
        await backend.indexRemove('outbox', ids.filter((_, i) => entries[i]?.status !== 'pending'));
        return { pending: entries.filter((e): e is OutboxEntry => e?.status === 'pending'), full: ids.length === limit };
      });
      // A page of finished entries only: the next page may hold pending ones.
      if (pending.length > 0 || !full) return pending;
    }
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    return this.ctx.guard('outbox.get', async () => this.ctx.backend.get<OutboxEntry>(`outbox:${id}`));
  }

  /** Stores the entry; pending ones stay indexed at their new `notBefore`, finished ones expire. */
  async update(entry: OutboxEntry): Promise<void> {
    const { backend } = this.ctx;
    await this.ctx.guard('outbox.update', async () => {
      if (entry.status === 'pending') {
        await backend.indexAdd('outbox', [{ member: entry.id, score: entry.notBefore }]);
        await backend.set(`outbox:${entry.id}`, entry);
        return;
      }
      await this.writeFinished([entry]);
      // It stays in the index until the next `due()`, which drops it with the others.
    });
  }

  async finishMany(entries: readonly OutboxEntry[]): Promise<void> {
    const pending = entries.find((e) => e.status === 'pending');
    if (pending) throw new Error(`outbox.finishMany: entry ${pending.id} is pending, not finished`);
    if (entries.length > 0) await this.ctx.guard('outbox.finishMany', async () => this.writeFinished(entries));
  }

  /** Finished entries and the message ids of done sends, in one write (left in the index until `due()`). */
  private async writeFinished(entries: readonly OutboxEntry[]): Promise<void> {
    const rows: SetEntry[] = [];
    for (const entry of entries) {
      // With (or before) the entry: once it reads done, edits must be able to find the message.
      if (entry.kind === 'send' && entry.status === 'done' && entry.messageId !== undefined) {
        rows.push({ key: msgKey(entry.destinationKey, entry.alertId), value: entry.messageId, ttlMs: this.finishedRetentionMs });
      }
      rows.push({ key: `outbox:${entry.id}`, value: entry, ttlMs: this.finishedRetentionMs });
    }
    await this.ctx.backend.setMany(rows);
  }

  /** Every stored entry (pending ones, finished ones within their retention), oldest first; `status` filters. */
  async list(filter: { status?: OutboxEntry['status'] } = {}): Promise<OutboxEntry[]> {
    return this.ctx.guard('outbox.list', async () => {
      const out: OutboxEntry[] = [];
      for await (const page of this.ctx.backend.scan('outbox:')) {
        for (const { value } of page) {
          const entry = value as OutboxEntry;
          if (filter.status === undefined || entry.status === filter.status) out.push(entry);
        }
      }
      return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    });
  }

  /** How many entries are pending (the outbox depth), read from the index. */
  async depth(): Promise<number> {
    return this.ctx.guard('outbox.depth', async () => {
      const ids = await this.ctx.backend.indexRange('outbox', {});
      const entries = await this.ctx.backend.getMany<OutboxEntry>(ids.map((id) => `outbox:${id}`));
      return entries.filter((e) => e?.status === 'pending').length;
    });
  }

  async messageIdFor(destinationKey: string, alertId: string): Promise<string | undefined> {
    return this.ctx.guard('outbox.messageIdFor', async () =>
      this.ctx.backend.get<string>(msgKey(destinationKey, alertId)));
  }
}

function msgKey(destinationKey: string, alertId: string): string {
  return `msgid:${destinationKey}:${alertId}`;
}
