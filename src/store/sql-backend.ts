/**
 * What SQLite and PostgreSQL share: keyv's `(key, value)` table for values, set-if-absent as
 * `INSERT … ON CONFLICT DO UPDATE … WHERE expired RETURNING key`, and a `(name, member, score)`
 * table for sorted indexes. Statements are written once with `?` and numbered for Postgres.
 * Values are read and written natively too, many rows per statement, in keyv's own row format
 * (keyv's serializer, `{ value, expires }`): keyv and its adapter read the same rows.
 */
import type { Keyv } from 'keyv';
import { KeyvBackend, PAGE, type DumpedMember, type IndexMember, type IndexRange, type NewEntry, type SetEntry } from './backend.js';

/** Table of keyv values, shared by every namespace of a database. */
export const VALUE_TABLE = 'vigie';
/** Table of sorted indexes: one row per (index name, member). */
export const INDEX_TABLE = 'vigie_index';
/** Longest key the value table accepts (the adapter's VARCHAR size). */
export const KEY_SIZE = 1024;

/** One row of a query result. */
export type Row = Record<string, unknown>;

/** A piece of SQL with the parameters its `?` placeholders take, in order. */
interface Bound {
  sql: string;
  params: unknown[];
}

/** `VALUES (?, ?), (?, ?)…`: `rows` rows of `width` placeholders. */
function valuesList(rows: number, width: number): string {
  const row = `(${'?, '.repeat(width - 1)}?)`;
  return `VALUES ${`${row}, `.repeat(rows - 1)}${row}`;
}

/** The SQL spoken by the two dialects where they differ. */
interface Dialect {
  /** Rows of `(key, serialised value)`: the SQL and its parameters. */
  pairs(keys: string[], values: string[]): Bound;
  /** Rows of `(name, member, score)` of one index: the SQL and its parameters. */
  members(name: string, members: string[], scores: number[]): Bound;
  /** The expiry stamp (epoch ms) of a keyv value column. */
  expires(column: string): string;
  /** The stored value of a keyv value column, as text. */
  stored(column: string): string;
  /** The first `?` characters of a column. */
  head(column: string): string;
  /** A condition: `column` is one of the strings bound as one parameter (see `list`). */
  anyOf(column: string): string;
  /** A member column compared bytewise (the order Redis uses). */
  bytewise(column: string): string;
  /** The LIMIT argument meaning "no limit". */
  noLimit: number | null;
  /** Binds a list of strings as one parameter. */
  list(values: string[]): unknown;
}

const DIALECTS: Record<'sqlite' | 'postgres', Dialect> = {
  sqlite: {
    // Plain placeholders: binding a large JSON value inside a JSON array would escape it twice.
    pairs: (keys, values) => ({ sql: valuesList(keys.length, 2), params: keys.flatMap((k, i) => [k, values[i]]) }),
    members: (name, members, scores) => ({ sql: valuesList(members.length, 3), params: members.flatMap((m, i) => [name, m, scores[i]]) }),
    expires: (c) => `json_extract(${c}, '$.expires')`,
    stored: (c) => `json_extract(${c}, '$.value')`,
    head: (c) => `substr(${c}, 1, ?)`,
    anyOf: (c) => `${c} IN (SELECT value FROM json_each(?))`,
    bytewise: (c) => c,
    noLimit: -1,
    list: (values) => JSON.stringify(values),
  },
  postgres: {
    // Sorted so that concurrent multi-key claims lock rows in one order (no deadlock).
    pairs: (keys, values) => ({ sql: 'SELECT k, v FROM unnest(?::text[], ?::text[]) AS u(k, v) ORDER BY k', params: [keys, values] }),
    members: (name, members, scores) => ({
      sql: 'SELECT CAST(? AS TEXT), m, s FROM unnest(?::text[], ?::bigint[]) AS u(m, s) ORDER BY m', params: [name, members, scores],
    }),
    expires: (c) => `(${c}::jsonb ->> 'expires')::float8`,
    stored: (c) => `(${c}::jsonb ->> 'value')`,
    head: (c) => `left(${c}, ?)`,
    anyOf: (c) => `${c} = ANY(?::text[])`,
    bytewise: (c) => `${c} COLLATE "C"`,
    noLimit: null,
    list: (values) => values,
  },
};

/** Numbers `?` placeholders as `$1, $2…` (none of our statements contains a literal `?`). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Keyv over a SQL adapter, plus native statements run through the adapter's own connection. */
export abstract class SqlBackend extends KeyvBackend {
  private readonly d: Dialect;

  constructor(keyv: Keyv, namespace: string, now: () => number, private readonly dialect: 'sqlite' | 'postgres') {
    super(keyv, namespace, now);
    this.d = DIALECTS[dialect];
  }

  /**
   * Runs one statement through the adapter's connection. It may empty `params` once the driver has
   * bound them: they can hold megabytes of JSON that need not stay alive through the round trip.
   */
  protected abstract run(sql: string, params: unknown[]): Promise<Row[]>;

  /** Runs a statement written with `?` placeholders. */
  protected async sql(sql: string, params: unknown[] = []): Promise<Row[]> {
    return this.run(this.dialect === 'postgres' ? numbered(sql) : sql, params);
  }

  /** DDL for the value and index tables (idempotent). */
  protected schema(): string[] {
    const score = this.dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
    return [
      `CREATE TABLE IF NOT EXISTS ${VALUE_TABLE} (key VARCHAR(${KEY_SIZE}) PRIMARY KEY, value TEXT)`,
      `CREATE TABLE IF NOT EXISTS ${INDEX_TABLE} (name VARCHAR(${KEY_SIZE}) NOT NULL, `
        + `member VARCHAR(${KEY_SIZE}) NOT NULL, score ${score} NOT NULL, PRIMARY KEY (name, member))`,
      `CREATE INDEX IF NOT EXISTS ${INDEX_TABLE}_score ON ${INDEX_TABLE} (name, score)`,
    ];
  }

  protected override async readRows(keys: string[]): Promise<Map<string, unknown>> {
    const out = new Map<string, unknown>();
    for (let i = 0; i < keys.length; i += PAGE) {
      const page = keys.slice(i, i + PAGE);
      const rows = await this.sql(`SELECT key, value FROM ${VALUE_TABLE} WHERE ${this.d.anyOf('key')}`, [this.d.list(page)]);
      for (const row of rows) out.set(String(row['key']), row['value']);
    }
    return out;
  }

  override async set(key: string, value: unknown, ttlMs?: number): Promise<void> {
    await this.setMany([{ key, value, ...(ttlMs === undefined ? {} : { ttlMs }) }]);
  }

  /** One upsert statement for the entries (a key given twice keeps its last value); callers pass a few. */
  override async setMany(entries: SetEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // As keyv does: a ttl of 0 would mean "never expires", so clamp to 1 ms.
    const texts = await this.serializeRows(entries.map((e) => ({ value: e.value, ttlMs: e.ttlMs === undefined ? undefined : Math.max(1, e.ttlMs) })));
    const rows = new Map<string, string>();
    for (let i = 0; i < entries.length; i++) rows.set(this.raw((entries[i] as SetEntry).key), texts[i] as string);
    const pairs = this.d.pairs([...rows.keys()], [...rows.values()]);
    // From here the serialised values are held by the parameters alone (see `run`): the binding's
    // flat copies of them then die young instead of outliving the statement.
    rows.clear();
    texts.length = 0;
    await this.sql(`INSERT INTO ${VALUE_TABLE} (key, value) ${pairs.sql} ON CONFLICT (key) DO UPDATE SET value = excluded.value`, pairs.params);
  }

  async setIfAbsent(entries: NewEntry[], ttlMs?: number): Promise<boolean[]> {
    // A key repeated in one batch is created by its first occurrence only (Postgres refuses to
    // touch one row twice in a statement).
    const first = new Map<string, NewEntry>();
    for (const e of entries) if (!first.has(e.key)) first.set(e.key, e);
    if (first.size === 0) return [];
    const unique = [...first.values()];
    const keys = unique.map((e) => this.raw(e.key));
    const values = await this.serializeRows(unique.map((e) => ({ value: e.value, ttlMs })));
    const created = new Set<unknown>();
    for (let i = 0; i < keys.length; i += PAGE) {
      const pairs = this.d.pairs(keys.slice(i, i + PAGE), values.slice(i, i + PAGE));
      values.fill('', i, i + PAGE); // held by the parameters alone (see setMany)
      const rows = await this.sql(
        `INSERT INTO ${VALUE_TABLE} AS cur (key, value) ${pairs.sql} `
          + `ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE ${this.d.expires('cur.value')} < ? `
          + 'RETURNING key',
        [...pairs.params, this.now()],
      );
      for (const row of rows) created.add(row['key']);
    }
    return entries.map((e) => first.get(e.key) === e && created.has(this.raw(e.key)));
  }

  async lease(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const pairs = this.d.pairs([this.raw(key)], [await this.serialize(owner, Math.max(1, ttlMs))]);
    const rows = await this.sql(
      `INSERT INTO ${VALUE_TABLE} AS cur (key, value) ${pairs.sql} ON CONFLICT (key) DO UPDATE SET value = excluded.value `
        + `WHERE ${this.d.expires('cur.value')} < ? OR ${this.d.stored('cur.value')} = ? RETURNING key`,
      [...pairs.params, this.now(), owner],
    );
    return rows.length > 0;
  }

  async unlease(key: string, owner: string): Promise<void> {
    await this.sql(`DELETE FROM ${VALUE_TABLE} WHERE key = ? AND ${this.d.stored('value')} = ?`, [this.raw(key), owner]);
  }

  override async delete(key: string): Promise<void> {
    await this.sql(`DELETE FROM ${VALUE_TABLE} WHERE key = ?`, [this.raw(key)]);
  }

  async indexAdd(index: string, members: IndexMember[]): Promise<void> {
    if (members.length === 0) return;
    // The last score given for a member wins (Postgres refuses to update one row twice).
    const scores = new Map(members.map((m) => [m.member, Math.round(m.score)]));
    const names = [...scores.keys()];
    const values = [...scores.values()];
    for (let i = 0; i < names.length; i += PAGE) {
      const rows = this.d.members(this.raw(index), names.slice(i, i + PAGE), values.slice(i, i + PAGE));
      await this.sql(
        `INSERT INTO ${INDEX_TABLE} (name, member, score) ${rows.sql} ON CONFLICT (name, member) DO UPDATE SET score = excluded.score`,
        rows.params,
      );
    }
  }

  async indexRemove(index: string, members: string[]): Promise<void> {
    if (members.length === 0) return;
    await this.sql(`DELETE FROM ${INDEX_TABLE} WHERE name = ? AND ${this.d.anyOf('member')}`, [this.raw(index), this.d.list(members)]);
  }

  async indexRange(index: string, range: IndexRange): Promise<string[]> {
    const dir = range.reverse ? 'DESC' : 'ASC';
    const rows = await this.sql(
      `SELECT member FROM ${INDEX_TABLE} WHERE name = ? AND score >= ? AND score <= ? `
        + `ORDER BY score ${dir}, ${this.d.bytewise('member')} ${dir} LIMIT ?`,
      [
        this.raw(index),
        Math.ceil(range.min ?? Number.MIN_SAFE_INTEGER),
        Math.floor(range.max ?? Number.MAX_SAFE_INTEGER),
        range.limit ?? this.d.noLimit,
      ],
    );
    return rows.map((r) => String(r['member']));
  }

  async indexTrim(index: string, score: number): Promise<void> {
    await this.sql(`DELETE FROM ${INDEX_TABLE} WHERE name = ? AND score < ?`, [this.raw(index), score]);
  }

  async sweep(now: number): Promise<number> {
    const rows = await this.sql(
      `DELETE FROM ${VALUE_TABLE} WHERE ${this.d.head('key')} = ? AND ${this.d.expires('value')} < ? RETURNING key`,
      [this.prefix.length, this.prefix, now],
    );
    return rows.length;
  }

  protected async *scanRows(rawPrefix: string): AsyncIterable<[string, string][]> {
    // Keyset pages in bytewise key order: rows written meanwhile never make a page skip or repeat.
    let after = '';
    for (;;) {
      const key = this.d.bytewise('key');
      const rows = await this.sql(
        `SELECT key, value FROM ${VALUE_TABLE} WHERE ${this.d.head('key')} = ? AND ${key} > ? ORDER BY ${key} LIMIT ?`,
        [rawPrefix.length, rawPrefix, after, PAGE],
      );
      if (rows.length === 0) return;
      yield rows.map((r) => [String(r['key']), String(r['value'])]);
      after = String(rows[rows.length - 1]!['key']);
      if (rows.length < PAGE) return;
    }
  }

  async *scanIndexes(): AsyncIterable<DumpedMember[]> {
    for (let offset = 0; ; offset += PAGE) {
      const rows = await this.sql(
        `SELECT name, member, score FROM ${INDEX_TABLE} WHERE ${this.d.head('name')} = ? `
          + `ORDER BY ${this.d.bytewise('name')}, ${this.d.bytewise('member')} LIMIT ? OFFSET ?`,
        [this.prefix.length, this.prefix, PAGE, offset],
      );
      if (rows.length === 0) return;
      yield rows.map((r) => ({ index: String(r['name']).slice(this.prefix.length), member: String(r['member']), score: Number(r['score']) }));
      if (rows.length < PAGE) return;
    }
  }

  async ping(): Promise<void> {
    await this.sql('SELECT 1');
  }

  async clear(): Promise<void> {
    await this.sql(`DELETE FROM ${VALUE_TABLE} WHERE ${this.d.head('key')} = ?`, [this.prefix.length, this.prefix]);
    await this.sql(`DELETE FROM ${INDEX_TABLE} WHERE ${this.d.head('name')} = ?`, [this.prefix.length, this.prefix]);
  }
}
