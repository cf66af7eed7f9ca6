/** The store contract on SQLite: a real database file in a temporary directory, shared by two stores and a child process. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import { storeContract } from './store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'vigie-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite store', () => {
  storeContract({ url: `sqlite://${join(dir, 'nested', 'vigie.sqlite')}`, shared: true, nativeExpiry: false });
});
