/** Reads a `STORE_URL` into the backend to open, with a label safe to print (never a password). */
import { isAbsolute, resolve } from 'node:path';
import { StoreError } from '../core/errors.js';

/** A parsed store URL. `label` names the backend and host for messages and logs. */
export type StoreTarget =
  | { kind: 'memory'; label: string }
  | { kind: 'sqlite'; path: string; label: string }
  | { kind: 'redis'; url: string; label: string; secret?: string }
  | { kind: 'postgres'; url: string; label: string; secret?: string };

const SCHEMES = 'memory://, sqlite://PATH, redis://HOST:PORT[/DB], postgres://USER@HOST:PORT/DB';

function bad(message: string): StoreError {
  return new StoreError('open', `${message} (expected ${SCHEMES})`);
}

function parseUrl(url: string, scheme: string): URL {
  try {
    return new URL(url);
  } catch (error) {
    throw new StoreError('open', `${scheme} store URL is not a valid URL`, { cause: error });
  }
}

function parseRedis(url: string): StoreTarget {
  const u = parseUrl(url, 'redis');
  if (!u.hostname) throw bad('redis store URL has no host');
  const db = u.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d{1,2}$/.test(db)) throw bad(`redis store URL: database "${db}" is not a number`);
  const host = `${u.hostname}:${u.port || '6379'}${db ? `/${db}` : ''}`;
  const secret = decodeURIComponent(u.password) || undefined;
  return { kind: 'redis', url, label: `redis ${host}`, ...(secret ? { secret } : {}) };
}

function parsePostgres(url: string): StoreTarget {
  const u = parseUrl(url, 'postgres');
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!u.hostname && !u.searchParams.get('host')) throw bad('postgres store URL has no host');
  const host = `${u.hostname || u.searchParams.get('host')}:${u.port || '5432'}`;
  const secret = decodeURIComponent(u.password) || undefined;
  return { kind: 'postgres', url, label: `postgres ${host}/${database || '(default)'}`, ...(secret ? { secret } : {}) };
}

function parseSqlite(rest: string, cwd: string): StoreTarget {
  const file = rest.split('?')[0] ?? '';
  if (file === '') throw bad('sqlite store URL has no file path');
  if (file === ':memory:') return { kind: 'sqlite', path: file, label: 'sqlite :memory:' };
  const path = isAbsolute(file) ? file : resolve(cwd, file);
  return { kind: 'sqlite', path, label: `sqlite ${file}` };
}

/**
 * Parses `memory://`, `sqlite://relative/or//absolute/path`, `redis(s)://…` and
 * `postgres(ql)://…`; relative SQLite paths are resolved against `cwd`. Throws a `StoreError`.
 */
export function parseStoreUrl(url: string, cwd: string): StoreTarget {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(url.trim());
  if (!match) throw bad('store URL has no scheme');
  const scheme = match[1]!.toLowerCase();
  switch (scheme) {
    case 'memory': return { kind: 'memory', label: 'memory' };
    case 'sqlite': return parseSqlite(match[2]!, cwd);
    case 'redis': case 'rediss': return parseRedis(url.trim());
    case 'postgres': case 'postgresql': return parsePostgres(url.trim());
    default: throw bad(`unsupported store scheme "${scheme}"`);
  }
}
