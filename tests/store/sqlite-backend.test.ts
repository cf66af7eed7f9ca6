/** The SQLite backend's prepared-statement cache: bounded by count and by the parameters its statements hold. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteBackend } from '../../src/store/sqlite-backend.js';

let dir: string;
let backend: SqliteBackend;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-sqlite-cache-'));
  backend = new SqliteBackend({
    path: join(dir, 'cache.sqlite'), namespace: 'cache', now: () => Date.now(), busyTimeoutMs: 1000,
    statementCache: { statements: 64, paramChars: 100_000 },
  });
  await SqliteBackend.prepare(join(dir, 'cache.sqlite'));
  await backend.init();
});
afterEach(async () => {
  await backend.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SqliteBackend statement cache', () => {
  it('keeps at most its budget of bound parameters in cached statements, and every write of evicted statements lands', async () => {
    const text = (batch: number, row: number): string => `${batch}:${row}:${'é'.repeat(20_000)}`;
    const seen: { statements: number; paramChars: number }[] = [];
    // Batches of 1 to 20 rows: each size is a statement of its own; they are issued together, so
    // statements are evicted while calls are still queued on them.
    await Promise.all(Array.from({ length: 20 }, async (_, b) => {
      const write = backend.setMany(Array.from({ length: b + 1 }, (_, r) => ({ key: `k${b}-${r}`, value: text(b, r) })));
      seen.push(backend.cachedStatements());
      await write;
    }));
    for (const s of seen) expect(s.paramChars <= 100_000 || s.statements === 1, JSON.stringify(s)).toBe(true);
    expect(backend.cachedStatements().paramChars).toBeLessThanOrEqual(20 * 20_100);
    const keys = Array.from({ length: 20 }, (_, b) => Array.from({ length: b + 1 }, (_, r) => `k${b}-${r}`)).flat();
    const values = await backend.getMany<string>(keys);
    expect(values).toEqual(keys.map((k) => { const [b, r] = k.slice(1).split('-').map(Number); return text(b!, r!); }));
  });

  it('keeps small statements cached while they stay under the budget', async () => {
    for (let i = 0; i < 5; i++) await backend.set(`small-${i}`, i);
    const before = backend.cachedStatements();
    await backend.set('small-5', 5);
    expect(backend.cachedStatements().statements).toBe(before.statements);
    expect(await backend.get('small-5')).toBe(5);
  });
});
