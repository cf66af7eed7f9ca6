/**
 * SQLite backend: `@keyv/sqlite` owns the value table and its row format; the native statements
 * run on a second connection to the same file that keeps its prepared statements, in WAL mode so
 * that several connections and processes share the file.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Keyv } from 'keyv';
import { KeyvSqlite } from '@keyv/sqlite';
import sqlite3 from 'sqlite3';
import { KEY_SIZE, SqlBackend, VALUE_TABLE, type Row } from './sql-backend.js';

/** Where and how long to wait for the file lock held by another connection. */
export interface SqliteOptions {
  /** Absolute path of the database file, or `:memory:`. */
  path: string;
  namespace: string;
  now: () => number;
  /** How long a statement waits for another writer's lock (ms). */
  busyTimeoutMs: number;
  /** Bounds of the prepared-statement cache (defaults: STATEMENT_CACHE, STATEMENT_CACHE_PARAM_CHARS). */
  statementCache?: { statements?: number; paramChars?: number };
}

/** Prepared statements kept per connection; the least recently used is finalised beyond this. */
const STATEMENT_CACHE = 128;
/**
 * Characters of bound parameters the kept statements may hold together: a prepared statement keeps
 * a copy of its last parameters until it runs again or is finalised, and a batch of alerts or item
 * texts binds megabytes. Beyond this the least recently used are finalised too (without it, writes
 * of many different batch sizes kept about 50 MB more at 2,000 feeds).
 */
const STATEMENT_CACHE_PARAM_CHARS = 4 * 1024 * 1024;

/** A cached prepared statement and the characters of string parameters it last bound. */
interface Cached {
  statement: sqlite3.Statement;
  chars: number;
}

/** SQLite through `@keyv/sqlite` plus a native connection with cached prepared statements. */
export class SqliteBackend extends SqlBackend {
  private readonly adapter: KeyvSqlite;
  private db: sqlite3.Database | undefined;
  private readonly statements = new Map<string, Cached>();
  /** Characters of parameters the cached statements hold (see STATEMENT_CACHE_PARAM_CHARS). */
  private boundChars = 0;

  constructor(private readonly options: SqliteOptions) {
    const adapter = new KeyvSqlite({
      uri: `sqlite://${options.path}`,
      table: VALUE_TABLE,
      keySize: KEY_SIZE,
      busyTimeout: options.busyTimeoutMs,
    });
    super(new Keyv({ store: adapter, namespace: undefined, useKeyPrefix: false }), options.namespace, options.now, 'sqlite');
    this.adapter = adapter;
  }

  /** Creates the parent directory before the adapter opens the file. */
  static async prepare(path: string): Promise<void> {
    if (path !== ':memory:') await mkdir(dirname(path), { recursive: true });
  }

  async init(): Promise<void> {
    // The adapter's own connection creates its table first: both connections then see one schema.
    await this.adapter.query('SELECT 1');
    this.db = await open(this.options.path, this.options.busyTimeoutMs);
    // WAL: readers never block the writer; NORMAL sync is safe from corruption in WAL mode and
    // loses at most the last commits on power loss (not on a process crash).
    if (this.options.path !== ':memory:') await this.exec('PRAGMA journal_mode = WAL');
    await this.exec('PRAGMA synchronous = NORMAL');
    for (const statement of this.schema()) await this.exec(statement);
  }

  protected async run(sql: string, params: unknown[]): Promise<Row[]> {
    let chars = 0;
    for (const p of params) if (typeof p === 'string') chars += p.length;
    const statement = this.statement(sql, chars);
    return new Promise<Row[]>((resolve, reject) => {
      statement.all(params, (error: Error | null, rows: Row[]) => (error ? reject(error) : resolve(rows)));
      // node-sqlite3 has copied the parameters while binding them: the JSON strings (and the flat
      // copies the binding made of them) can be collected young instead of outliving the statement.
      params.length = 0;
    });
  }

  /**
   * The prepared statement of `sql`, from the cache (a statement runs its calls one after another),
   * about to bind `chars` characters of string parameters.
   */
  private statement(sql: string, chars: number): sqlite3.Statement {
    let cached = this.statements.get(sql);
    if (cached !== undefined) {
      // Re-inserted: the Map's order is the recency order.
      this.statements.delete(sql);
      this.boundChars -= cached.chars;
    } else {
      if (this.db === undefined) throw new Error('the SQLite store is not open');
      cached = { statement: this.db.prepare(sql), chars: 0 };
    }
    cached.chars = chars;
    this.boundChars += chars;
    this.statements.set(sql, cached);
    const bounds = this.options.statementCache;
    const most = bounds?.statements ?? STATEMENT_CACHE;
    const mostChars = bounds?.paramChars ?? STATEMENT_CACHE_PARAM_CHARS;
    while (this.statements.size > 1 && (this.statements.size > most || this.boundChars > mostChars)) {
      const [oldest, evicted] = this.statements.entries().next().value as [string, Cached];
      this.statements.delete(oldest);
      this.boundChars -= evicted.chars;
      // Finalising waits for the calls already queued on the statement, then frees its parameters.
      evicted.statement.finalize();
    }
    return cached.statement;
  }

  /** How many prepared statements are cached and the characters of parameters they hold. */
  cachedStatements(): { statements: number; paramChars: number } {
    return { statements: this.statements.size, paramChars: this.boundChars };
  }

  /** Runs a statement that is not worth caching (pragmas, schema). */
  private async exec(sql: string): Promise<void> {
    const db = this.db as sqlite3.Database;
    await new Promise<void>((resolve, reject) => {
      db.all(sql, [], (error: Error | null) => (error ? reject(error) : resolve()));
    });
  }

  async close(): Promise<void> {
    const db = this.db;
    this.db = undefined;
    if (db !== undefined) {
      await Promise.all([...this.statements.values()].map(async ({ statement }) => new Promise<void>((resolve) => {
        statement.finalize(() => resolve());
      })));
      this.statements.clear();
      this.boundChars = 0;
      await new Promise<void>((resolve, reject) => {
        db.close((error) => (error ? reject(error) : resolve()));
      });
    }
    await this.adapter.disconnect();
  }
}

/** Opens a connection that waits up to `busyTimeoutMs` for another writer's lock. */
async function open(path: string, busyTimeoutMs: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path, (error) => {
      if (error) reject(error);
      else resolve(db);
    });
    db.configure('busyTimeout', busyTimeoutMs);
  });
}
