/** openStore(): URL parsing, option checks, unreachable backends and SQLite file placement. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/core/errors.js';
import { openStore } from '../../src/store/open-store.js';
import { quietLogger } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'vigie-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = { retentionMs: 60_000, logger: quietLogger, timeoutMs: 3000 };

/** The StoreError `openStore` rejects with. */
async function openError(url: string, options: Partial<typeof base> & { namespace?: string } = {}): Promise<StoreError> {
  const error = await openStore(url, { ...base, ...options }).then(
    async (store) => { await store.close(); return undefined; },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

describe('openStore', () => {
  it.each([
    ['ftp://exemple.fr/base', /unsupported store scheme "ftp"/],
    ['data/vigie.sqlite', /store URL has no scheme/],
    ['sqlite://', /sqlite store URL has no file path/],
    ['redis://', /redis store URL has no host/],
    ['redis://127.0.0.1:6379/cache', /database "cache" is not a number/],
    ['redis://[::1', /redis store URL is not a valid URL/],
    ['postgres://', /postgres store URL has no host/],
  ])('rejects the URL %s with a StoreError saying what is wrong', async (url, message) => {
    const error = await openError(url);
    expect(error.message).toMatch(message);
    expect(error.operation).toBe('open');
  });

  it('rejects a namespace with characters outside [A-Za-z0-9_.-]', async () => {
    expect((await openError('memory://', { namespace: 'vigie:prod' })).message).toMatch(/namespace/);
  });

  it('rejects a retention that is not a positive number of milliseconds', async () => {
    expect((await openError('memory://', { retentionMs: 0 })).message).toMatch(/positive/);
  });

  it('an unreachable Redis is a StoreError naming backend and host, never the password', async () => {
    const error = await openError('redis://:motdepasse-secret@127.0.0.1:1');
    expect(error.message).toContain('redis 127.0.0.1:1');
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).not.toContain('motdepasse-secret');
    expect(error.cause).toBeDefined();
  });

  it('an unreachable PostgreSQL is a StoreError naming backend and host, never the password', async () => {
    const error = await openError('postgresql://vigie:motdepasse-secret@127.0.0.1:1/veille');
    expect(error.message).toContain('postgres 127.0.0.1:1/veille');
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).not.toContain('motdepasse-secret');
    expect(error.cause).toBeDefined();
  });

  it('a SQLite path below a regular file is a StoreError naming the path', async () => {
    writeFileSync(join(dir, 'fichier'), 'pas un dossier');
    const error = await openError(`sqlite://${join(dir, 'fichier', 'vigie.sqlite')}`);
    expect(error.message).toContain(`sqlite ${join(dir, 'fichier', 'vigie.sqlite')}`);
    expect(error.message).toMatch(/EEXIST|ENOTDIR/);
  });

  it('a relative SQLite path is resolved against the working directory and its directories are created', async () => {
    const store = await openStore('sqlite://data/sous-dossier/vigie.sqlite', { ...base, cwd: dir });
    await store.seen.claim(['url:https://exemple.fr/panne']);
    await store.close();
    expect(existsSync(join(dir, 'data', 'sous-dossier', 'vigie.sqlite'))).toBe(true);
    const again = await openStore(`sqlite://${join(dir, 'data', 'sous-dossier', 'vigie.sqlite')}`, base);
    expect(await again.seen.has('url:https://exemple.fr/panne')).toBe(true);
    await again.close();
  });

  it('memory:// stores do not share data between two opens', async () => {
    const a = await openStore('memory://', base);
    const b = await openStore('memory://', base);
    expect(await a.seen.claim(['url:x'])).toBe(true);
    expect(await b.seen.claim(['url:x'])).toBe(true);
    await Promise.all([a.close(), b.close()]);
  });
});
