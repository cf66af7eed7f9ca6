/**
 * The part of `pg` (installed with `@keyv/postgres`, which ships no types for it) that the
 * Postgres backend uses to give each store its own connection pool.
 */
declare module 'pg' {
  /** Pool settings (connection string and timeouts, in ms). */
  export interface PoolConfig {
    connectionString?: string;
    max?: number;
    connectionTimeoutMillis?: number;
    idleTimeoutMillis?: number;
    query_timeout?: number;
    statement_timeout?: number;
    application_name?: string;
    allowExitOnIdle?: boolean;
    [option: string]: unknown;
  }
  /** A query's outcome. */
  export interface QueryResult {
    rows: Record<string, unknown>[];
    rowCount: number | null;
  }
  /** A pool of client connections. */
  export class Pool {
    constructor(config?: PoolConfig);
    query(sql: string, values?: unknown[]): Promise<QueryResult>;
    end(): Promise<void>;
    on(event: 'error', listener: (error: Error) => void): this;
  }
  const pg: { Pool: typeof Pool };
  export default pg;
}
