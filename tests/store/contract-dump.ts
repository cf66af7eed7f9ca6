/** Store contract, dumps: every record out and back in, expiry kept, outbox listing and depth. */
import { expect, it } from 'vitest';
import type { DumpRecord } from '../../src/store/dump.js';
import type { KeyvStore } from '../../src/store/keyv-store.js';
import type { ContractHarness } from './store-contract.js';
import { makeAlert, makeDestination, makeEntry, makeFeedState } from './fixtures.js';

/** Every record of a store, sorted so that two dumps compare equal whatever the backend's order. */
export async function allRecords(store: KeyvStore): Promise<DumpRecord[]> {
  const out: DumpRecord[] = [];
  for await (const page of store.dump()) out.push(...page);
  const id = (r: DumpRecord) => (r.kind === 'value' ? `v ${r.key}` : `i ${r.index} ${r.member}`);
  return out.sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}

/** Fills a store with one record of every kind Vigie writes. */
export async function fillStore(store: KeyvStore, now: number): Promise<void> {
  await store.seen.claim(['url:https://exemple.fr/rançongiciel-mairie', `titre:${'long '.repeat(60)}`], 'a1');
  await store.alerts.save(makeAlert('a1', now - 60_000));
  await store.destinations.put(makeDestination('telegram', '-100123', { title: 'SOC « Nord »' }));
  await store.feedStates.set('cert-fr', makeFeedState({ failures: 2, lastError: 'timeout' }));
  const entry = makeEntry('telegram:-100123', 'a1', now);
  await store.outbox.enqueue([entry, makeEntry('telegram:-100123', 'a2', now + 1)]);
  await store.outbox.update({ ...entry, status: 'failed', attempts: 3, lastError: 'HTTP 400' });
}

/** Registers the dump tests. */
export function dumpContract(h: ContractHarness): void {
  it('dump() of an empty store yields nothing and isEmpty() is true', async () => {
    const store = await h.open();
    expect(await allRecords(store)).toEqual([]);
    expect(await store.isEmpty()).toBe(true);
  });

  it('restore() of a dump gives a store whose repositories read the same, expiry included', async () => {
    const now = Date.now();
    const source = await h.open();
    await fillStore(source, now);
    expect(await source.isEmpty()).toBe(false);
    const records = await allRecords(source);
    const claim = records.find((r) => r.kind === 'value' && r.key.startsWith('seen:url:'));
    expect(claim).toMatchObject({ kind: 'value', value: 'a1' });
    expect((claim as { expires?: number }).expires).toBeGreaterThan(now);

    const target = await h.open({ namespace: `${h.namespace()}_copie` });
    try {
      const counts = { values: 0, members: 0, expired: 0 };
      await target.restore([...records, { kind: 'value', key: 'seen:vieux', value: 1, expires: now - 1 }], counts);
      expect(counts.expired).toBe(1);
      // Expiry is written back as a time to live, so it may move by the few ms the restore took.
      const restored = await allRecords(target);
      const drift = restored.map((r, i) => (r.kind === 'value' && r.expires !== undefined ? Math.abs(r.expires - ((records[i] as { expires: number }).expires)) : 0));
      expect(Math.max(...drift)).toBeLessThan(1000);
      const noExpiry = (list: DumpRecord[]) => list.map((r) => (r.kind === 'value' ? { ...r, expires: r.expires !== undefined } : r));
      expect(noExpiry(restored)).toEqual(noExpiry(records));
      expect(await target.seen.claim(['url:https://exemple.fr/rançongiciel-mairie'])).toBe(false);
      expect((await target.alerts.recent(5)).map((a) => a.id)).toEqual(['a1']);
      expect((await target.destinations.list()).map((d) => d.title)).toEqual(['SOC « Nord »']);
      expect((await target.feedStates.all())['cert-fr']?.failures).toBe(2);
      expect((await target.outbox.due(now + 10, 10)).map((e) => e.alertId)).toEqual(['a2']);
    } finally {
      await target.clear();
    }
  });

  it('outbox.list() filters by status and depth() counts the pending entries', async () => {
    const now = Date.now();
    const store = await h.open();
    await fillStore(store, now);
    expect((await store.outbox.list()).map((e) => `${e.alertId}:${e.status}`)).toEqual(['a1:failed', 'a2:pending']);
    expect((await store.outbox.list({ status: 'failed' })).map((e) => e.lastError)).toEqual(['HTTP 400']);
    expect(await store.outbox.depth()).toBe(1);
  });
}
