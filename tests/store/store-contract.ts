/**
 * The one contract every `Store` backend passes (memory, SQLite, Redis, PostgreSQL), in the
 * manner of keyv's shared adapter suite: `storeContract(target)` registers the tests.
 * Every test gets its own namespace, cleared afterwards, so files and tests never see each other.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/core/errors.js';
import type { Leases } from '../../src/ports.js';
import { createGuard } from '../../src/store/guard.js';
import type { KeyvStore } from '../../src/store/keyv-store.js';
import { KeyvLeases } from '../../src/store/leases.js';
import { MemoryBackend } from '../../src/store/memory-backend.js';
import { openStore, type OpenStoreOptions } from '../../src/store/open-store.js';
import { dumpContract } from './contract-dump.js';
import { outboxContract } from './contract-outbox.js';
import { repositoriesContract } from './contract-repos.js';
import { seenContract } from './contract-seen.js';
import { makeAlert, makeDestination, quietLogger, sleep } from './fixtures.js';

/** A backend under test. */
export interface ContractTarget {
  url: string;
  /** Two stores opened on the URL share their data, across processes too (false for memory). */
  shared: boolean;
  /** The backend expires keys itself (Redis), so `sweep()` has nothing to delete. */
  nativeExpiry: boolean;
}

/** What the contract's parts use to open stores in the current test's namespace. */
export interface ContractHarness {
  target: ContractTarget;
  /** This test's namespace. */
  namespace(): string;
  /** Opens a store on the target in this test's namespace; closed after the test. */
  open(options?: Partial<OpenStoreOptions>): Promise<KeyvStore>;
}

const runId = `${process.pid.toString(36)}${randomBytes(3).toString('hex')}`;
let counter = 0;

/** Registers the whole store contract for `target`. */
export function storeContract(target: ContractTarget): void {
  let namespace = '';
  const opened: KeyvStore[] = [];
  const harness: ContractHarness = {
    target,
    namespace: () => namespace,
    async open(options = {}) {
      const store = await openStore(target.url, { retentionMs: 30 * 86_400_000, namespace, logger: quietLogger, ...options });
      opened.push(store);
      return store;
    },
  };

  beforeEach(() => {
    namespace = `vt_${runId}_${++counter}`;
  });
  afterEach(async () => {
    if (target.shared) {
      const cleaner = await openStore(target.url, { retentionMs: 1000, namespace, logger: quietLogger });
      await cleaner.clear();
      await cleaner.close();
    }
    for (const store of opened.splice(0)) await store.close();
  });

  describe('seen log', () => seenContract(harness));
  repositoriesContract(harness);
  describe('outbox', () => outboxContract(harness));
  describe('dump and restore', () => dumpContract(harness));

  describe('leases', () => {
    /** Two owners' leases on one store: two stores when the target shares data, else one memory backend. */
    async function twoOwners(): Promise<[Leases, Leases]> {
      if (target.shared) return [(await harness.open({ owner: 'host/1/a' })).leases, (await harness.open({ owner: 'host/2/b' })).leases];
      const ctx = { backend: new MemoryBackend('leases', Date.now), guard: createGuard({ target: 'memory', timeoutMs: 1000, isClosed: () => false }) };
      return [new KeyvLeases(ctx, 'host/1/a'), new KeyvLeases(ctx, 'host/2/b')];
    }

    it('one owner at a time: renewed by its holder, refused to others, free again once released', async () => {
      const [leases, other] = await twoOwners();
      const a = { leases };
      expect(await a.leases.acquire('leader', 10_000)).toBe(true);
      expect(await a.leases.acquire('leader', 10_000)).toBe(true); // renewal
      expect(await other.acquire('leader', 10_000)).toBe(false);
      expect(await a.leases.holder('leader')).toBe('host/1/a');
      await other.release('leader'); // not its lease: no effect
      expect(await a.leases.holder('leader')).toBe('host/1/a');
      await a.leases.release('leader');
      expect(await a.leases.holder('leader')).toBeUndefined();
      expect(await other.acquire('leader', 10_000)).toBe(true);
      expect(await a.leases.acquire('leader', 10_000)).toBe(false);
    });

    it('an expired lease goes to the next owner who asks', async () => {
      const [a, b] = await twoOwners();
      expect(await a.acquire('deliver:telegram:42', 150)).toBe(true);
      expect(await b.acquire('deliver:telegram:42', 10_000)).toBe(false);
      await sleep(400);
      expect(await a.holder('deliver:telegram:42')).toBeUndefined();
      expect(await b.acquire('deliver:telegram:42', 10_000)).toBe(true);
    });
  });

  describe('lifecycle', () => {
    it('ping() resolves on a reachable backend', async () => {
      const store = await harness.open();
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('operations after close() reject with a StoreError and a second close() is harmless', async () => {
      const store = await harness.open();
      await store.close();
      await expect(store.seen.claim(['après-fermeture'])).rejects.toBeInstanceOf(StoreError);
      await expect(store.ping()).rejects.toThrow(/closed/);
      await expect(store.close()).resolves.toBeUndefined();
    });

    it('two namespaces on one backend do not see each other', async () => {
      const a = await harness.open();
      const b = await harness.open({ namespace: `${harness.namespace()}_autre` });
      try {
        expect(await a.seen.claim(['url:https://exemple.fr/panne-sncf'])).toBe(true);
        expect(await b.seen.claim(['url:https://exemple.fr/panne-sncf'])).toBe(true);
        await b.destinations.put(makeDestination('telegram', '42'));
        expect(await a.destinations.list()).toEqual([]);
      } finally {
        await b.clear();
      }
    });

    it('clear() deletes every value and index of the namespace', async () => {
      const store = await harness.open();
      await store.seen.claim(['titre:hopital-villefranche']);
      await store.alerts.save(makeAlert('a1', Date.now()));
      await store.destinations.put(makeDestination('discord', '99'));
      await store.clear();
      expect(await store.seen.has('titre:hopital-villefranche')).toBe(false);
      expect(await store.alerts.recent(10)).toEqual([]);
      expect(await store.destinations.list()).toEqual([]);
    });
  });
}
