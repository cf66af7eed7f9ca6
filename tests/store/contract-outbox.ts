/** Store contract, outbox: no overwrite on enqueue, due ordering, updates, message ids, persistence. */
import { expect, it } from 'vitest';
import type { ContractHarness } from './store-contract.js';
import { makeEntry } from './fixtures.js';

const T = 1_741_000_000_000;

/** Registers the outbox tests. */
export function outboxContract(h: ContractHarness): void {
  it('get() returns an enqueued entry as enqueued', async () => {
    const store = await h.open();
    const entry = makeEntry('telegram:1', 'alerte-1', T);
    await store.outbox.enqueue([entry]);
    expect(await store.outbox.get(entry.id)).toEqual(entry);
    expect(await store.outbox.get('send:telegram:1:inconnue')).toBeUndefined();
  });

  it('due() returns pending entries due now, earliest first, at most `limit`', async () => {
    const store = await h.open();
    await store.outbox.enqueue([
      makeEntry('telegram:1', 'a', T + 30),
      makeEntry('telegram:2', 'a', T + 10),
      makeEntry('telegram:3', 'a', T + 20),
      makeEntry('telegram:4', 'a', T + 5_000),
    ]);
    const ids = async (now: number, limit: number): Promise<string[]> =>
      (await store.outbox.due(now, limit)).map((e) => e.destinationKey);
    expect(await ids(T + 100, 10)).toEqual(['telegram:2', 'telegram:3', 'telegram:1']);
    expect(await ids(T + 100, 2)).toEqual(['telegram:2', 'telegram:3']);
    expect(await ids(T + 20, 10)).toEqual(['telegram:2', 'telegram:3']);
    expect(await ids(T, 10)).toEqual([]);
    expect(await ids(T + 100, 0)).toEqual([]);
  });

  it('enqueue() never overwrites an entry with the same id', async () => {
    const store = await h.open();
    const entry = makeEntry('discord:7', 'alerte-2', T);
    await store.outbox.enqueue([entry]);
    await store.outbox.update({ ...entry, status: 'done', attempts: 1, messageId: '1100' });
    await store.outbox.enqueue([{ ...entry, notBefore: T + 1 }]);
    expect(await store.outbox.get(entry.id)).toMatchObject({ status: 'done', attempts: 1, notBefore: T });
    expect(await store.outbox.due(T + 10, 10)).toEqual([]);
  });

  it('enqueue() of a batch repeating an id keeps the first', async () => {
    const store = await h.open();
    const first = makeEntry('telegram:1', 'alerte-3', T);
    await store.outbox.enqueue([first, { ...first, notBefore: T + 99, attempts: 5 }]);
    expect(await store.outbox.get(first.id)).toEqual(first);
    expect(await store.outbox.due(T + 100, 10)).toEqual([first]);
  });

  it('update() postpones a pending entry and takes done or failed entries out of due()', async () => {
    const store = await h.open();
    const [a, b, c] = ['1', '2', '3'].map((chat) => makeEntry(`telegram:${chat}`, 'alerte-4', T));
    await store.outbox.enqueue([a!, b!, c!]);
    await store.outbox.update({ ...a!, attempts: 1, notBefore: T + 1_000, lastError: 'HTTP 429' });
    await store.outbox.update({ ...b!, status: 'done', attempts: 1, messageId: '55' });
    await store.outbox.update({ ...c!, status: 'failed', attempts: 3, lastError: 'HTTP 400: chat not found' });
    expect(await store.outbox.due(T + 500, 10)).toEqual([]);
    expect(await store.outbox.due(T + 1_000, 10)).toEqual([{ ...a!, attempts: 1, notBefore: T + 1_000, lastError: 'HTTP 429' }]);
    expect(await store.outbox.get(c!.id)).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('due() reaches pending entries behind a full page of finished ones', async () => {
    const store = await h.open();
    const finished = Array.from({ length: 5 }, (_, i) => makeEntry(`telegram:${i}`, 'alerte-5', T + i));
    const waiting = makeEntry('discord:9', 'alerte-5', T + 50);
    await store.outbox.enqueue([...finished, waiting]);
    for (const entry of finished) await store.outbox.update({ ...entry, status: 'done', attempts: 1, messageId: '7' });
    expect(await store.outbox.due(T + 100, 2)).toEqual([waiting]);
    expect(await store.outbox.due(T + 100, 2)).toEqual([waiting]);
  });

  it('messageIdFor() answers once the send is done, and not for other kinds', async () => {
    const store = await h.open();
    const send = makeEntry('discord:9', 'alerte-5', T);
    const edit = { ...makeEntry('discord:9', 'alerte-6', T), id: 'edit:discord:9:alerte-6', kind: 'edit' as const };
    await store.outbox.enqueue([send, edit]);
    expect(await store.outbox.messageIdFor('discord:9', 'alerte-5')).toBeUndefined();
    await store.outbox.update({ ...send, status: 'done', attempts: 1, messageId: '1234567890' });
    await store.outbox.update({ ...edit, status: 'done', attempts: 1, messageId: '999' });
    expect(await store.outbox.messageIdFor('discord:9', 'alerte-5')).toBe('1234567890');
    expect(await store.outbox.messageIdFor('discord:9', 'alerte-6')).toBeUndefined();
    expect(await store.outbox.messageIdFor('discord:8', 'alerte-5')).toBeUndefined();
  });

  it('enqueue() of 2,500 entries makes them all due', async () => {
    const store = await h.open();
    const entries = Array.from({ length: 2500 }, (_, i) => makeEntry(`telegram:${i}`, 'alerte-7', T + i));
    await store.outbox.enqueue(entries);
    const due = await store.outbox.due(T + 10_000, 5000);
    expect(due).toHaveLength(2500);
    expect(due[0]!.destinationKey).toBe('telegram:0');
    expect(due[2499]!.destinationKey).toBe('telegram:2499');
  });

  if (!h.target.shared) return;

  it('concurrent enqueue() of one entry by two stores creates it once', async () => {
    const [a, b] = [await h.open(), await h.open()];
    const entries = Array.from({ length: 50 }, (_, i) => makeEntry(`telegram:${i}`, 'alerte-8', T));
    await Promise.all([
      a.outbox.enqueue(entries),
      b.outbox.enqueue(entries.map((e) => ({ ...e, attempts: 7 }))),
    ]);
    const due = await a.outbox.due(T, 100);
    expect(due).toHaveLength(50);
    // Each id came whole from one of the two writers, never a mix.
    for (const e of due) expect([0, 7]).toContain(e.attempts);
  });

  it('pending entries survive closing and reopening the store', async () => {
    const first = await h.open();
    await first.outbox.enqueue([makeEntry('telegram:1', 'alerte-9', T), makeEntry('telegram:2', 'alerte-9', T + 1)]);
    await first.close();
    const second = await h.open();
    expect((await second.outbox.due(T + 1, 10)).map((e) => e.destinationKey)).toEqual(['telegram:1', 'telegram:2']);
  });
}
