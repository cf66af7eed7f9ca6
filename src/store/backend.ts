/**
 * The small storage contract every backend implements once (memory, SQLite, Redis, Postgres):
 * keyv for plain values, plus the two things keyv lacks — an atomic set-if-absent and a sorted
 * index — done with each backend's native primitive. The repositories are written on top of it.
 */
import type { Deserialize, Keyv, Serialize } from 'keyv';
import type { RateWindow, SlotSchedule } from '../ports.js';
import { ReadBatcher } from './read-batch.js';
import { fastSerializers, type KeyvSerializers } from './serialize.js';

/** One value to create only when its key is absent (or expired). */
export interface NewEntry {
  key: string;
  value: unknown;
}

/** One value to store with `setMany`; `ttlMs` makes it expire. */
export interface SetEntry {
  key: string;
  value: unknown;
  ttlMs?: number;
}

/** One member of a sorted index with its score. */
export interface IndexMember {
  member: string;
  score: number;
}

/** A score range of a sorted index; bounds are inclusive, absent means unbounded. */
export interface IndexRange {
  min?: number;
  max?: number;
  /** At most this many members. */
  limit?: number;
  /** Highest score first (ties: member descending); default lowest first (ties: member ascending). */
  reverse?: boolean;
}

/** One live value as a dump holds it: logical key, JSON value, expiry (epoch ms) when it has one. */
export interface DumpedValue {
  key: string;
  value: unknown;
  expires?: number;
}

/** One member of a sorted index as a dump holds it. */
export interface DumpedMember {
  index: string;
  member: string;
  score: number;
}

/** Storage primitives of one backend; keys are logical (the backend adds its namespace prefix). */
export interface Backend {
  /** Connects and creates what the backend needs (tables, directories); rejects when unreachable. */
  init(): Promise<void>;
  get<T>(key: string): Promise<T | undefined>;
  /** Reads several values; reads requested in one event-loop turn are merged into one backend read. */
  getMany<T>(keys: string[]): Promise<(T | undefined)[]>;
  /** Stores a JSON value; `ttlMs` makes it expire. */
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  /** Stores several values: in one statement (all or none) on SQL backends, in order elsewhere. */
  setMany(entries: SetEntry[]): Promise<void>;
  delete(key: string): Promise<void>;
  /** Atomically creates each entry whose key is absent or expired; true per entry it created. */
  setIfAbsent(entries: NewEntry[], ttlMs?: number): Promise<boolean[]>;
  /** Adds members to a sorted index, or moves them to a new score. */
  indexAdd(index: string, members: IndexMember[]): Promise<void>;
  indexRemove(index: string, members: string[]): Promise<void>;
  indexRange(index: string, range: IndexRange): Promise<string[]>;
  /** Removes the members scored strictly below `score`. */
  indexTrim(index: string, score: number): Promise<void>;
  /**
   * Atomically sets `key` to `owner` for `ttlMs` when it is absent, expired or already `owner`'s
   * (a renewal); true when `owner` holds it afterwards.
   */
  lease(key: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Atomically deletes `key` when `owner` holds it. */
  unlease(key: string, owner: string): Promise<void>;
  /** Deletes expired values the backend does not expire itself; resolves how many. */
  sweep(now: number): Promise<number>;
  /** Every live value whose logical key starts with `prefix` (all by default), a page at a time. */
  scan(prefix?: string): AsyncIterable<DumpedValue[]>;
  /** Every member of every sorted index, a page at a time. */
  scanIndexes(): AsyncIterable<DumpedMember[]>;
  ping(): Promise<void>;
  /** Deletes every value and index of this namespace. */
  clear(): Promise<void>;
  /** Send slots shared with other processes, on backends several processes share at once. */
  schedule?(): SlotSchedule;
  /** Rate counters shared with other processes, on backends several processes share at once. */
  rates?(): RateWindow;
  close(): Promise<void>;
}

/** A value as keyv stores it: `{ value, expires }` serialised by keyv's serializer. */
export interface StoredData {
  value: unknown;
  expires?: number;
}

/** The read side of a keyv adapter (a Map has no `getMany`). */
interface AdapterReads {
  get(key: string): unknown;
  getMany?(keys: string[]): Promise<unknown[]>;
}

/** Largest page of keys or rows in one statement or reply (SQLite binds at most 32,766 parameters). */
export const PAGE = 500;

/** Stores `entries` with `backend.setMany`, `PAGE` at a time, in order (each page all or none on SQL backends). */
export async function setInPages(backend: Backend, entries: readonly SetEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += PAGE) await backend.setMany(entries.slice(i, i + PAGE));
}

/**
 * The keyv half shared by every backend: values written with keyv's `{ value, expires }` format
 * through a keyv instance whose adapter receives fully prefixed keys (`${namespace}:${key}`), so
 * native commands address the same rows and keys.
 */
export abstract class KeyvBackend implements Backend {
  protected readonly prefix: string;
  private readonly reads = new ReadBatcher(async (keys) => this.readRows(keys));

  constructor(
    protected readonly keyv: Keyv,
    namespace: string,
    /** Clock of expiry stamps and checks: the wall clock in practice, as keyv and Redis use it. */
    protected readonly now: () => number,
  ) {
    this.prefix = `${namespace}:`;
    keyv.throwOnErrors = true;
    if (keyv.serialize && keyv.deserialize) {
      const fast = fastSerializers({ serialize: keyv.serialize as KeyvSerializers['serialize'], deserialize: keyv.deserialize });
      keyv.serialize = fast.serialize as Serialize;
      keyv.deserialize = fast.deserialize as Deserialize;
    }
  }

  /** Runs before each keyv call; a backend that connects lazily connects here. */
  protected async ready(): Promise<void> {}

  /** The key as stored by the adapter. */
  protected raw(key: string): string {
    return this.prefix + key;
  }

  /** keyv's own serialisation of `{ value, expires }`, for rows written natively. */
  protected async serialize(value: unknown, ttlMs: number | undefined): Promise<string> {
    return this.serializeRow(value, ttlMs);
  }

  /**
   * `serialize` of many rows, one `ttlMs` (ms) each: awaits only a serializer that answers with a
   * promise, where awaiting every row cost a turn of the event loop's microtask queue per row.
   */
  protected async serializeRows(rows: readonly { value: unknown; ttlMs: number | undefined }[]): Promise<string[]> {
    const out: string[] = [];
    for (const row of rows) {
      const text = this.serializeRow(row.value, row.ttlMs);
      out.push(typeof text === 'string' ? text : await text);
    }
    return out;
  }

  /** One row's serialisation, a string when keyv's serializer answers at once (see fastSerializers). */
  private serializeRow(value: unknown, ttlMs: number | undefined): string | Promise<string> {
    const data: StoredData = ttlMs === undefined ? { value } : { value, expires: this.now() + ttlMs };
    const serialize = this.keyv.serialize;
    return serialize ? serialize(data) : JSON.stringify(data);
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.getMany<T>([key]))[0];
  }

  /**
   * Reads through keyv's deserializer, treating expired values as absent. Unlike `keyv.get`, a
   * read never deletes: keyv's delete-on-read could remove a key another process has just
   * re-claimed. Expired rows go through `sweep()`'s conditional delete instead.
   */
  async getMany<T>(keys: string[]): Promise<(T | undefined)[]> {
    if (keys.length === 0) return [];
    const rows = await this.reads.read(keys.map((k) => this.raw(k)));
    const deserialize = this.keyv.deserialize ?? ((raw: string) => JSON.parse(raw) as StoredData);
    const now = this.now();
    const out: (T | undefined)[] = [];
    // Each caller deserializes its own copy: callers sharing a batched read never share objects.
    for (const row of rows) {
      const data = typeof row === 'string' ? ((await deserialize(row)) as StoredData | undefined) : undefined;
      const live = data !== undefined && data !== null && !(typeof data.expires === 'number' && data.expires < now);
      out.push(live ? (data.value as T) : undefined);
    }
    return out;
  }

  /** Raw stored values of fully prefixed keys, read through the adapter `PAGE` keys at a time. */
  protected async readRows(keys: string[]): Promise<Map<string, unknown>> {
    await this.ready();
    const store = this.keyv.store as AdapterReads;
    const out = new Map<string, unknown>();
    for (let i = 0; i < keys.length; i += PAGE) {
      const page = keys.slice(i, i + PAGE);
      const rows = store.getMany ? await store.getMany(page) : await Promise.all(page.map(async (k) => store.get(k)));
      page.forEach((key, j) => out.set(key, rows[j]));
    }
    return out;
  }

  async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    await this.ready();
    // keyv treats a missing ttl as "never expires"; a ttl of 0 would too, so clamp to 1 ms.
    await this.keyv.set(this.raw(key), value, ttlMs === undefined ? undefined : Math.max(1, ttlMs));
  }

  /** One `set` after the other (SQL backends write them in one statement). */
  async setMany(entries: SetEntry[]): Promise<void> {
    for (const entry of entries) await this.set(entry.key, entry.value, entry.ttlMs);
  }

  async delete(key: string): Promise<void> {
    await this.ready();
    await this.keyv.delete(this.raw(key));
  }

  async *scan(prefix = ''): AsyncIterable<DumpedValue[]> {
    await this.ready();
    const deserialize = this.keyv.deserialize ?? ((raw: string) => JSON.parse(raw) as StoredData);
    for await (const rows of this.scanRows(this.raw(prefix))) {
      const now = this.now();
      const page: DumpedValue[] = [];
      for (const [rawKey, text] of rows) {
        const data = (await deserialize(text)) as StoredData | undefined;
        if (data === undefined || data === null) continue;
        const expires = typeof data.expires === 'number' ? data.expires : undefined;
        if (expires !== undefined && expires < now) continue;
        page.push({ key: rawKey.slice(this.prefix.length), value: data.value, ...(expires !== undefined ? { expires } : {}) });
      }
      if (page.length > 0) yield page;
    }
  }

  /** Raw `[prefixed key, stored text]` rows whose key starts with `rawPrefix`, a page at a time (indexes excluded). */
  protected abstract scanRows(rawPrefix: string): AsyncIterable<[string, string][]>;
  abstract scanIndexes(): AsyncIterable<DumpedMember[]>;
  abstract init(): Promise<void>;
  abstract setIfAbsent(entries: NewEntry[], ttlMs?: number): Promise<boolean[]>;
  abstract indexAdd(index: string, members: IndexMember[]): Promise<void>;
  abstract indexRemove(index: string, members: string[]): Promise<void>;
  abstract indexRange(index: string, range: IndexRange): Promise<string[]>;
  abstract indexTrim(index: string, score: number): Promise<void>;
  abstract lease(key: string, owner: string, ttlMs: number): Promise<boolean>;
  abstract unlease(key: string, owner: string): Promise<void>;
  abstract sweep(now: number): Promise<number>;
  abstract ping(): Promise<void>;
  abstract clear(): Promise<void>;
  abstract close(): Promise<void>;
}
