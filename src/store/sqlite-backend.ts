/** SQLite backend: `@keyv/sqlite` on one database file, WAL mode so several processes can share it. */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Keyv } from 'keyv';
import { KeyvSqlite } from '@keyv/sqlite';
import { KEY_SIZE, SqlBackend, VALUE_TABLE, type Row } from './sql-backend.js';

/** Where and how long to wait for the file lock held by another connection. */
export interface SqliteOptions {
  /** Absolute path of the database file, or `:memory:`. */
  path: string;
  namespace: string;
  now: () => number;
  /** How long a statement waits for another writer's lock (ms). */
  busyTimeoutMs: number;
}

/** SQLite through `@keyv/sqlite`; native statements go through the adapter's `query`. */
export class SqliteBackend extends SqlBackend {
  private readonly adapter: KeyvSqlite;

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
    // WAL: readers never block the writer; NORMAL sync is safe from corruption in WAL mode and
    // loses at most the last commits on power loss (not on a process crash).
    if (this.options.path !== ':memory:') await this.run('PRAGMA journal_mode = WAL', []);
    await this.run('PRAGMA synchronous = NORMAL', []);
    for (const statement of this.schema()) await this.run(statement, []);
  }

  protected async run(sql: string, params: unknown[]): Promise<Row[]> {
    return (await this.adapter.query(sql, params)) as Row[];
  }

  async close(): Promise<void> {
    await this.adapter.disconnect();
  }
}
