/** PostgreSQL backend: `@keyv/postgres` with a connection pool owned by each store. */
import pg, { type Pool } from 'pg';
import { Keyv } from 'keyv';
import { KeyvPostgres } from '@keyv/postgres';
import { KEY_SIZE, SqlBackend, VALUE_TABLE, type Row } from './sql-backend.js';

/** Connection string and limits of one Postgres store. */
export interface PostgresOptions {
  url: string;
  namespace: string;
  now: () => number;
  /** Longest wait for a connection and for one query (ms). */
  timeoutMs: number;
}

/** Errors of `CREATE … IF NOT EXISTS` racing with another process doing the same: harmless. */
const CREATE_RACE = new Set(['23505', '42P07', '42710']);

/**
 * `@keyv/postgres` keeps one module-wide pool that any instance's `disconnect()` ends; this
 * subclass gives each instance its own pool so two stores in one process close independently.
 * The base constructor calls `connect()`, hence the pool is created there.
 */
class OwnPoolKeyvPostgres extends KeyvPostgres {
  declare pool: Pool | undefined;

  override async connect(): Promise<(sql: string, values?: unknown[]) => Promise<Row[]>> {
    const pool = (this.pool ??= new pg.Pool({
      connectionString: this.opts.uri,
      max: 10,
      connectionTimeoutMillis: this.opts.connectionTimeoutMillis,
      query_timeout: this.opts.query_timeout,
      idleTimeoutMillis: 10_000,
    }));
    // An idle client losing its server emits on the pool; without a listener that kills the process.
    pool.on('error', (error: Error) => this.emit('error', error));
    return async (sql, values) => (await pool.query(sql, values)).rows;
  }

  override async disconnect(): Promise<void> {
    await this.pool?.end();
  }
}

/** PostgreSQL through `@keyv/postgres`; native statements go through the adapter's `query`. */
export class PostgresBackend extends SqlBackend {
  private readonly adapter: OwnPoolKeyvPostgres;

  constructor(options: PostgresOptions) {
    const adapter = new OwnPoolKeyvPostgres({
      uri: options.url,
      table: VALUE_TABLE,
      keySize: KEY_SIZE,
      connectionTimeoutMillis: options.timeoutMs,
      query_timeout: options.timeoutMs,
    });
    super(new Keyv({ store: adapter, namespace: undefined, useKeyPrefix: false }), options.namespace, options.now, 'postgres');
    this.adapter = adapter;
  }

  async init(): Promise<void> {
    for (const statement of this.schema()) {
      try {
        await this.run(statement, []);
      } catch (error) {
        if (!CREATE_RACE.has(String((error as { code?: unknown }).code))) throw error;
      }
    }
  }

  protected async run(sql: string, params: unknown[]): Promise<Row[]> {
    return (await this.adapter.query(sql, params)) as Row[];
  }

  async close(): Promise<void> {
    await this.adapter.disconnect();
  }
}
