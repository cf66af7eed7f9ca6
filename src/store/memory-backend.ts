/** In-process backend on keyv's Map store: for tests and demos; nothing survives the process. */
import { Keyv } from 'keyv';
import { KeyvBackend, type DumpedMember, type IndexMember, type IndexRange, type NewEntry, type StoredData } from './backend.js';

/** Keyv over a Map; set-if-absent is a synchronous check-and-set, indexes are Maps sorted on read. */
export class MemoryBackend extends KeyvBackend {
  private readonly map: Map<string, string>;
  private readonly indexes = new Map<string, Map<string, number>>();

  constructor(namespace: string, now: () => number) {
    const map = new Map<string, string>();
    super(new Keyv({ store: map, namespace: undefined, useKeyPrefix: false }), namespace, now);
    this.map = map;
  }

  async init(): Promise<void> {}

  async setIfAbsent(entries: NewEntry[], ttlMs?: number): Promise<boolean[]> {
    const rows = await this.serializeRows(entries.map((e) => ({ value: e.value, ttlMs })));
    // No await between the checks and the writes: the whole batch is atomic in this process.
    return entries.map((entry, i) => {
      const key = this.raw(entry.key);
      const current = this.map.get(key);
      if (current !== undefined && !this.expired(current, this.now())) return false;
      this.map.set(key, rows[i]!);
      return true;
    });
  }

  async lease(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const row = await this.serialize(owner, Math.max(1, ttlMs));
    const raw = this.raw(key);
    const current = this.map.get(raw);
    if (current !== undefined && !this.expired(current, this.now()) && (JSON.parse(current) as StoredData).value !== owner) return false;
    this.map.set(raw, row);
    return true;
  }

  async unlease(key: string, owner: string): Promise<void> {
    const raw = this.raw(key);
    const current = this.map.get(raw);
    if (current !== undefined && (JSON.parse(current) as StoredData).value === owner) this.map.delete(raw);
  }

  async indexAdd(index: string, members: IndexMember[]): Promise<void> {
    let current = this.indexes.get(index);
    if (!current) this.indexes.set(index, (current = new Map()));
    for (const { member, score } of members) current.set(member, score);
  }

  async indexRemove(index: string, members: string[]): Promise<void> {
    const current = this.indexes.get(index);
    for (const member of members) current?.delete(member);
  }

  async indexRange(index: string, range: IndexRange): Promise<string[]> {
    const min = range.min ?? -Infinity;
    const max = range.max ?? Infinity;
    const hits = [...(this.indexes.get(index) ?? [])].filter(([, s]) => s >= min && s <= max);
    hits.sort(([ma, sa], [mb, sb]) => sa - sb || (ma < mb ? -1 : ma > mb ? 1 : 0));
    if (range.reverse) hits.reverse();
    return hits.slice(0, range.limit ?? hits.length).map(([member]) => member);
  }

  async indexTrim(index: string, score: number): Promise<void> {
    const members = this.indexes.get(index);
    for (const [member, s] of members ?? []) if (s < score) members!.delete(member);
  }

  async sweep(now: number): Promise<number> {
    let removed = 0;
    for (const [key, raw] of this.map) {
      if (this.expired(raw, now)) {
        this.map.delete(key);
        removed += 1;
      }
    }
    return removed;
  }

  protected async *scanRows(rawPrefix: string): AsyncIterable<[string, string][]> {
    yield [...this.map].filter(([key]) => key.startsWith(rawPrefix)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  async *scanIndexes(): AsyncIterable<DumpedMember[]> {
    for (const [index, members] of this.indexes) {
      yield [...members].map(([member, score]) => ({ index, member, score }));
    }
  }

  async ping(): Promise<void> {}

  async clear(): Promise<void> {
    this.map.clear();
    this.indexes.clear();
  }

  async close(): Promise<void> {}

  private expired(raw: string, now: number): boolean {
    const { expires } = JSON.parse(raw) as StoredData;
    return typeof expires === 'number' && expires < now;
  }
}
