/** Store contract, seen log: claim semantics, races (promises, stores, processes), expiry, persistence. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import type { ContractHarness } from './store-contract.js';
import type { RecentItem } from '../../src/core/recent-items.js';
import { sleep } from './fixtures.js';

const WORKER = fileURLToPath(new URL('./claim-worker.ts', import.meta.url));

/** Runs `claim-worker.ts` in a child process; `race(keys)` makes it claim them, resolving the keys it won. */
async function startWorker(url: string, namespace: string): Promise<{ race(keys: string[]): Promise<string[]> }> {
  const child = fork(WORKER, [url, namespace], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`claim worker exited with ${code} before being ready`)));
  });
  return {
    race: (keys) => new Promise((resolve, reject) => {
      child.removeAllListeners('exit');
      child.once('message', (message: { won: string[] }) => resolve(message.won));
      child.once('exit', (code) => reject(new Error(`claim worker exited with ${code}`)));
      child.send({ keys });
    }),
  };
}

/** A polled item's record for `/manque`, under `url`. */
function recentRecord(url: string): RecentItem {
  return {
    url, title: 'Panne du réseau de la mairie', text: 'Les services en ligne de la mairie sont inaccessibles depuis ce matin.',
    source: 'exemple.fr', feedId: 'exemple', polledAt: 1_700_000_000_000,
    verdict: { category: 'none', cause: null, subtype: null, score: 0.61 }, outcome: 'ignored',
  };
}

/** Keys of `n` distinct stories. */
function storyKeys(n: number, tag: string): string[] {
  return Array.from({ length: n }, (_, i) => `url:https://www.exemple-presse.fr/${tag}/article-${i}`);
}

/** Registers the seen-log tests. */
export function seenContract(h: ContractHarness): void {
  it('claim() returns true for a new story and false for a story seen before', async () => {
    const store = await h.open();
    const keys = ['url:https://exemple.fr/cyberattaque-mairie', 'titre:cyberattaque mairie de lyon'];
    expect(await store.seen.claim(keys)).toBe(true);
    expect(await store.seen.claim(keys)).toBe(false);
  });

  it('claim() with an owner succeeds again for that owner only (a claimant that crashed may resume)', async () => {
    const store = await h.open();
    const keys = ['url:https://exemple.fr/panne-hebergeur', 'titre:panne geante hebergeur'];
    expect(await store.seen.claim(keys, 'alerte-1')).toBe(true);
    expect(await store.seen.claim(keys, 'alerte-1')).toBe(true);
    expect(await store.seen.claim(keys, 'alerte-2')).toBe(false);
    expect(await store.seen.claim(keys)).toBe(false);
    expect(await store.seen.claim(['titre:panne geante hebergeur', 'url:autre'], 'alerte-1')).toBe(true);
  });

  it('claimFor() tells a first claim from one resumed by its owner, and refuses other owners', async () => {
    const store = await h.open();
    const keys = ['url:https://exemple.fr/fuite-donnees', 'titre:fuite de donnees mutuelle'];
    expect(await store.seen.claimFor(keys, 'alerte-1')).toBe('new');
    expect(await store.seen.claimFor(keys, 'alerte-1')).toBe('resumed');
    expect(await store.seen.claimFor([...keys, 'url:nouvelle'], 'alerte-1')).toBe('resumed');
    expect(await store.seen.claimFor(keys, 'alerte-2')).toBe(false);
    expect(await store.seen.claim(keys)).toBe(false);
  });

  it('claimEach() answers as claims made one after another: a key shared by two claims goes to the first', async () => {
    const store = await h.open();
    expect(await store.seen.claimFor(['url:deja-vu'], 'alerte-0')).toBe('new');
    const answers = await store.seen.claimEach([
      { keys: ['url:mairie-a', 'titre:mairie a'], owner: 'alerte-1' },
      { keys: ['url:mairie-b', 'titre:mairie a'], owner: 'alerte-2' },
      { keys: ['url:deja-vu', 'url:deja-vu-bis'], owner: 'alerte-0' },
      { keys: ['url:deja-vu'], owner: 'alerte-3' },
      { keys: [], owner: 'alerte-4' },
      { keys: ['url:port', 'url:port'], owner: 'alerte-5' },
    ]);
    expect(answers).toEqual(['new', false, 'resumed', false, false, 'new']);
    // The refused claim still holds its own new key, as claimFor() would have left it.
    expect(await store.seen.claimFor(['url:mairie-b'], 'alerte-9')).toBe(false);
    expect(await store.seen.claimFor(['url:mairie-b'], 'alerte-2')).toBe('resumed');
    expect(await store.seen.claimEach([])).toEqual([]);
  });

  it('claim() returns false when one key was claimed before, and still claims the new keys', async () => {
    const store = await h.open();
    expect(await store.seen.claim(['url:a', 'titre:b'])).toBe(true);
    expect(await store.seen.claim(['titre:b', 'url:c'])).toBe(false);
    expect(await store.seen.has('url:c')).toBe(true);
    expect(await store.seen.claim(['url:c'])).toBe(false);
  });

  it('claim() of an empty key list claims nothing and resolves false', async () => {
    const store = await h.open();
    expect(await store.seen.claim([])).toBe(false);
  });

  it('claim() counts a key repeated within one call once', async () => {
    const store = await h.open();
    expect(await store.seen.claim(['url:x', 'url:x'])).toBe(true);
  });

  it('has() is false for a key never claimed and true once claimed', async () => {
    const store = await h.open();
    expect(await store.seen.has('url:jamais-vu')).toBe(false);
    await store.seen.claim(['url:jamais-vu']);
    expect(await store.seen.has('url:jamais-vu')).toBe(true);
  });

  it('keys of 500 characters are claimed once and do not collide when only their ends differ', async () => {
    const store = await h.open();
    const long = `url:https://www.exemple-presse.fr/${'a'.repeat(480)}`;
    expect(await store.seen.claim([`${long}1`])).toBe(true);
    expect(await store.seen.claim([`${long}2`])).toBe(true);
    expect(await store.seen.claim([`${long}1`])).toBe(false);
  });

  it('parallel claims of the same stories on one store have exactly one winner per story', async () => {
    const store = await h.open();
    const keys = storyKeys(100, 'meme-store');
    const attempts = keys.flatMap((k) => [k, k, k, k, k]);
    const results = await Promise.all(attempts.map(async (k) => store.seen.claim([k])));
    const winners = attempts.filter((_, i) => results[i]);
    expect(winners.length).toBe(100);
    expect(new Set(winners).size).toBe(100);
  });

  it('parallel multi-key claims sharing one key have a single winner', async () => {
    const store = await h.open();
    const results = await Promise.all(Array.from({ length: 40 }, async (_, i) =>
      store.seen.claim([`url:https://outlet-${i}.fr/panne`, 'titre:panne géante chez orange'])));
    expect(results.filter(Boolean).length).toBe(1);
  });

  it('hasEach() answers in order for claimed, marked and unknown keys', async () => {
    const store = await h.open();
    await store.seen.claimFor(['u:exemple.fr/claimed'], 'a1');
    await store.markTaken(['h:u:exemple.fr/marque', 'h:u:exemple.fr/marque', `h:u:${'x'.repeat(300)}`], []);
    expect(await store.seen.hasEach(['u:exemple.fr/inconnu', 'h:u:exemple.fr/marque', 'u:exemple.fr/claimed', `h:u:${'x'.repeat(300)}`, `h:u:${'x'.repeat(299)}y`]))
      .toEqual([false, true, true, true, false]);
    expect(await store.seen.hasEach([])).toEqual([]);
  });

  it('markTaken() refuses a key that is not an item mark and writes nothing, so a claim keeps its owner', async () => {
    const store = await h.open();
    await store.seen.claimFor(['u:exemple.fr/claimed'], 'a1');
    const record = recentRecord('https://www.exemple.fr/refus');
    await expect(store.markTaken(['h:u:exemple.fr/autre', 'u:exemple.fr/claimed'], [record])).rejects.toThrow(/"u:exemple\.fr\/claimed" is not an item mark/);
    expect(await store.seen.hasEach(['h:u:exemple.fr/autre'])).toEqual([false]);
    expect(await store.recentItems.get(record.url)).toBeUndefined();
    // The claim still has its owner: its claimant may resume it.
    expect(await store.seen.claimFor(['u:exemple.fr/claimed'], 'a1')).toBe('resumed');
  });

  it('markTaken() writes the marks and the recent records together; marking again renews a mark', async () => {
    const store = await h.open();
    const records = [recentRecord('https://www.exemple.fr/a'), recentRecord('https://exemple.fr/b?utm_source=rss')];
    await store.markTaken(['h:u:exemple.fr/a', 'h:u:exemple.fr/b'], records);
    expect(await store.seen.hasEach(['h:u:exemple.fr/a', 'h:u:exemple.fr/b'])).toEqual([true, true]);
    expect(await store.recentItems.get('http://exemple.fr/a')).toEqual(records[0]);
    expect(await store.recentItems.get('https://www.exemple.fr/b')).toEqual(records[1]);
    await store.markTaken(['h:u:exemple.fr/a'], []);
    expect(await store.seen.hasEach(['h:u:exemple.fr/a'])).toEqual([true]);
    await store.markTaken([], []);
  });

  it('a marked key expires after the retention like a claim', async () => {
    const store = await h.open({ retentionMs: 800 });
    await store.markTaken(['h:u:ephemere'], []);
    expect(await store.seen.hasEach(['h:u:ephemere'])).toEqual([true]);
    await sleep(1100);
    expect(await store.seen.hasEach(['h:u:ephemere'])).toEqual([false]);
  });

  it('a claimed key expires after the retention and can be claimed again', async () => {
    const store = await h.open({ retentionMs: 800 });
    expect(await store.seen.claim(['url:ephemere'])).toBe(true);
    expect(await store.seen.claim(['url:ephemere'])).toBe(false);
    await sleep(1100);
    expect(await store.seen.has('url:ephemere')).toBe(false);
    expect(await store.seen.claim(['url:ephemere'])).toBe(true);
  });

  it('sweep() deletes expired claims and keeps live ones', async () => {
    const store = await h.open({ retentionMs: 800 });
    await store.seen.claim(['url:ancienne', 'url:ancienne-2']);
    await sleep(1100);
    await store.seen.claim(['url:recente']);
    const removed = await store.sweep();
    if (h.target.nativeExpiry) expect(removed).toBe(0);
    else expect(removed).toBeGreaterThanOrEqual(2);
    expect(await store.seen.has('url:recente')).toBe(true);
    expect(await store.seen.claim(['url:ancienne'])).toBe(true);
  });

  if (!h.target.shared) return;

  it('two stores on one backend racing on the same stories win each story exactly once', async () => {
    const [a, b] = [await h.open(), await h.open()];
    const keys = storyKeys(200, 'deux-stores');
    const [ra, rb] = await Promise.all([a, b].map(async (s) => Promise.all(keys.map(async (k) => s.seen.claim([k])))));
    const wonA = keys.filter((_, i) => ra![i]);
    const wonB = keys.filter((_, i) => rb![i]);
    expect(wonA.length + wonB.length).toBe(200);
    expect(wonA.filter((k) => wonB.includes(k))).toEqual([]);
  });

  it('a second process racing on the same stories never wins a story this process won', async () => {
    const store = await h.open();
    const worker = await startWorker(h.target.url, h.namespace());
    const keys = storyKeys(300, 'deux-processus');
    const [theirs, mine] = await Promise.all([
      worker.race(keys),
      Promise.all(keys.map(async (k) => store.seen.claim([k]))).then((r) => keys.filter((_, i) => r[i])),
    ]);
    expect(theirs.length + mine.length).toBe(300);
    expect(new Set([...theirs, ...mine]).size).toBe(300);
  }, 30_000);

  it('claims survive closing and reopening the store', async () => {
    const first = await h.open();
    await first.seen.claim(['url:https://exemple.fr/panne-caf']);
    await first.close();
    const second = await h.open();
    expect(await second.seen.has('url:https://exemple.fr/panne-caf')).toBe(true);
    expect(await second.seen.claim(['url:https://exemple.fr/panne-caf'])).toBe(false);
  });
}
