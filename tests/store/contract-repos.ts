/** Store contract, alert log, destinations and feed states. */
import { describe, expect, it } from 'vitest';
import type { ContractHarness } from './store-contract.js';
import { makeAlert, makeDestination, makeFeedState, sleep } from './fixtures.js';

const MIN = 60_000;

/** Registers the alert log, destination and feed state tests. */
export function repositoriesContract(h: ContractHarness): void {
  describe('alert log', () => {
    it('get() returns a saved alert as saved, and undefined for an unknown id', async () => {
      const store = await h.open();
      const alert = makeAlert('alerte-1', Date.now());
      await store.alerts.save(alert);
      expect(await store.alerts.get('alerte-1')).toEqual(alert);
      expect(await store.alerts.get('inconnue')).toBeUndefined();
    });

    it('getMany() returns saved alerts in the order asked, undefined for unknown ids', async () => {
      const store = await h.open();
      const [a, b] = [makeAlert('nantes', Date.now()), makeAlert('brest', Date.now())];
      await store.alerts.save(a);
      await store.alerts.save(b);
      expect(await store.alerts.getMany(['brest', 'inconnue', 'nantes'])).toEqual([b, undefined, a]);
      expect(await store.alerts.getMany([])).toEqual([]);
    });

    it('recent() lists the newest alerts first, at most `limit`', async () => {
      const store = await h.open();
      const t = Date.now();
      for (const offset of [3, 1, 4, 0, 2]) await store.alerts.save(makeAlert(`a${offset}`, t - offset * MIN));
      expect((await store.alerts.recent(3)).map((a) => a.id)).toEqual(['a0', 'a1', 'a2']);
      expect((await store.alerts.recent(10)).map((a) => a.id)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
      expect(await store.alerts.recent(0)).toEqual([]);
    });

    it('recent(limit, since) keeps only alerts created at or after `since`', async () => {
      const store = await h.open();
      const t = Date.now();
      for (const offset of [0, 1, 2, 3]) await store.alerts.save(makeAlert(`b${offset}`, t - offset * MIN));
      expect((await store.alerts.recent(10, t - 2 * MIN)).map((a) => a.id)).toEqual(['b0', 'b1', 'b2']);
    });

    it('save() of an existing id replaces it without listing it twice', async () => {
      const store = await h.open();
      const alert = makeAlert('suivi', Date.now());
      await store.alerts.save(alert);
      const followUp = { ...alert, sources: [...alert.sources, { itemId: 'x', source: 'Le Progrès', title: 'Suite' }] };
      await store.alerts.save(followUp);
      const recent = await store.alerts.recent(10);
      expect(recent.map((a) => a.id)).toEqual(['suivi']);
      expect(recent[0]!.sources.map((s) => s.source)).toEqual(['La Gazette du Rhône', 'Le Progrès']);
    });

    it('saveMany() saves every alert as save() would, a repeated id keeping its last version', async () => {
      const store = await h.open();
      const t = Date.now();
      const first = makeAlert('lorient', t - 2 * MIN);
      const later = { ...first, createdAt: t, summary: 'Le port de Lorient rétablit ses services.' };
      await store.alerts.saveMany([first, makeAlert('vannes', t - MIN), later]);
      expect(await store.alerts.get('lorient')).toEqual(later);
      expect((await store.alerts.recent(10)).map((a) => a.id)).toEqual(['lorient', 'vannes']);
      await store.alerts.saveMany([]);
      expect((await store.alerts.recent(10)).length).toBe(2);
    });

    it('pendingFanouts() lists alerts last saved pending, oldest first, until they are saved settled', async () => {
      const store = await h.open();
      const t = Date.now();
      await store.alerts.saveMany([
        makeAlert('p-old', t - 3 * MIN, { fanout: 'pending' }), makeAlert('done', t - 2 * MIN, { fanout: 'done' }),
        makeAlert('p-new', t - MIN, { fanout: 'pending' }), makeAlert('none', t, { fanout: 'none' }),
      ]);
      // However many alerts come after them.
      await store.alerts.saveMany(Array.from({ length: 30 }, (_, i) => makeAlert(`later-${i}`, t + i, { fanout: 'done' })));
      expect((await store.alerts.pendingFanouts()).map((a) => a.id)).toEqual(['p-old', 'p-new']);
      await store.alerts.saveMany([makeAlert('p-old', t - 3 * MIN, { fanout: 'done' })]);
      expect((await store.alerts.pendingFanouts()).map((a) => a.id)).toEqual(['p-new']);
    });

    it('saveMany() marks the pendingFanout ids pending, whatever their rows say, until settle(); saving them again does not settle them', async () => {
      const store = await h.open();
      const t = Date.now();
      await store.alerts.saveMany([makeAlert('a', t - MIN, { fanout: 'done' }), makeAlert('b', t, { fanout: 'done' }), makeAlert('c', t, { fanout: 'none' })], ['a', 'b']);
      expect((await store.alerts.pendingFanouts()).map((a) => a.id)).toEqual(['a', 'b']);
      // A story's first alert saved again with one more source, before its fan-out is settled.
      await store.alerts.saveMany([makeAlert('a', t - MIN, { fanout: 'done' })]);
      expect((await store.alerts.pendingFanouts()).map((a) => a.id)).toEqual(['a', 'b']);
      await store.alerts.settle(['a', 'missing']);
      expect((await store.alerts.pendingFanouts()).map((a) => a.id)).toEqual(['b']);
      await store.alerts.settle(['b']);
      expect(await store.alerts.pendingFanouts()).toEqual([]);
      expect(Object.fromEntries((await store.alerts.recent(10)).map((a) => [a.id, a.fanout]))).toEqual({ a: 'done', b: 'done', c: 'none' });
    });

    it('save() with a later createdAt moves the alert to the front of recent()', async () => {
      const store = await h.open();
      const t = Date.now();
      await store.alerts.save(makeAlert('rennes', t - 2 * MIN));
      await store.alerts.save(makeAlert('nantes', t - MIN));
      await store.alerts.save(makeAlert('rennes', t));
      expect((await store.alerts.recent(10)).map((a) => a.id)).toEqual(['rennes', 'nantes']);
    });

    it('an alert saved again after clear() is listed again', async () => {
      const store = await h.open();
      const alert = makeAlert('apres-effacement', Date.now());
      await store.alerts.save(alert);
      await store.clear();
      await store.alerts.save(alert);
      expect((await store.alerts.recent(10)).map((a) => a.id)).toEqual(['apres-effacement']);
    });

    it('reads made at the same time each get the right value, as their own copy', async () => {
      const store = await h.open();
      const t = Date.now();
      await store.alerts.save(makeAlert('lyon', t));
      await store.alerts.save(makeAlert('brest', t));
      const [first, second, other, missing] = await Promise.all([
        store.alerts.get('lyon'), store.alerts.get('lyon'), store.alerts.get('brest'), store.alerts.get('absente'),
      ]);
      expect([first?.id, second?.id, other?.id, missing]).toEqual(['lyon', 'lyon', 'brest', undefined]);
      first!.sources.push({ itemId: 'x', source: 'Ouest-France', title: 'Suite' });
      expect(second!.sources).toHaveLength(1);
    });

    it('recent() leaves out alerts created before the alert retention', async () => {
      const store = await h.open({ alertRetentionMs: 60 * MIN });
      const t = Date.now();
      await store.alerts.save(makeAlert('vieille', t - 61 * MIN));
      await store.alerts.save(makeAlert('fraiche', t - 59 * MIN));
      expect((await store.alerts.recent(10)).map((a) => a.id)).toEqual(['fraiche']);
    });

    it('recent() measures the alert retention on the injected clock', async () => {
      const t = Date.UTC(2025, 2, 4, 8, 0);
      const store = await h.open({ alertRetentionMs: 60 * MIN, now: () => t });
      await store.alerts.save(makeAlert('mars-dedans', t - 30 * MIN));
      await store.alerts.save(makeAlert('mars-dehors', t - 90 * MIN));
      expect((await store.alerts.recent(10)).map((a) => a.id)).toEqual(['mars-dedans']);
    });

    it('a saved alert expires after the alert retention', async () => {
      const store = await h.open({ alertRetentionMs: 800 });
      await store.alerts.save(makeAlert('breve', Date.now()));
      expect(await store.alerts.get('breve')).toBeDefined();
      await sleep(1100);
      expect(await store.alerts.get('breve')).toBeUndefined();
      expect(await store.alerts.recent(10)).toEqual([]);
    });
  });

  if (h.target.shared) {
    describe('alert log, two stores', () => {
      it('pendingFanouts() lists an alert another store left pending, until a settling save from this store', async () => {
        const [dead, next] = [await h.open(), await h.open()];
        await dead.alerts.save(makeAlert('orphan', Date.now(), { fanout: 'pending' }));
        const [orphan] = await next.alerts.pendingFanouts();
        expect(orphan?.id).toBe('orphan');
        await next.alerts.save({ ...orphan!, fanout: 'done' });
        expect(await next.alerts.pendingFanouts()).toEqual([]);
        expect(await dead.alerts.pendingFanouts()).toEqual([]);
      });

      it('pendingFanouts() lists an alert another store marked and never settled, until settle() from this store', async () => {
        const [dead, next] = [await h.open(), await h.open()];
        await dead.alerts.saveMany([makeAlert('marked', Date.now(), { fanout: 'done' })], ['marked']);
        expect((await next.alerts.pendingFanouts()).map((a) => a.id)).toEqual(['marked']);
        await next.alerts.settle(['marked']);
        expect(await dead.alerts.pendingFanouts()).toEqual([]);
      });
    });
  }

  describe('destinations', () => {
    it('get() returns what put() stored, and put() replaces it', async () => {
      const store = await h.open();
      const d = makeDestination('telegram', '-1001234567890');
      await store.destinations.put(d);
      expect(await store.destinations.get(d.key)).toEqual(d);
      await store.destinations.put({ ...d, keywords: ['SNCF'], paused: true });
      expect(await store.destinations.get(d.key)).toMatchObject({ keywords: ['SNCF'], paused: true });
      expect(await store.destinations.list()).toHaveLength(1);
      expect(await store.destinations.get('telegram:inconnu')).toBeUndefined();
    });

    it('list() returns every destination and filters on active and platform', async () => {
      const store = await h.open();
      await store.destinations.put(makeDestination('telegram', '1'));
      await store.destinations.put(makeDestination('telegram', '2', { active: false }));
      await store.destinations.put(makeDestination('discord', '3'));
      await store.destinations.put(makeDestination('discord', '4', { active: false }));
      const keys = async (filter?: Parameters<typeof store.destinations.list>[0]): Promise<string[]> =>
        (await store.destinations.list(filter)).map((d) => d.key).sort();
      expect(await keys()).toEqual(['discord:3', 'discord:4', 'telegram:1', 'telegram:2']);
      expect(await keys({ active: true })).toEqual(['discord:3', 'telegram:1']);
      expect(await keys({ active: false })).toEqual(['discord:4', 'telegram:2']);
      expect(await keys({ platform: 'discord' })).toEqual(['discord:3', 'discord:4']);
      expect(await keys({ active: true, platform: 'telegram' })).toEqual(['telegram:1']);
    });

    it('delete() removes a destination from get() and list()', async () => {
      const store = await h.open();
      await store.destinations.put(makeDestination('discord', '10'));
      await store.destinations.put(makeDestination('discord', '11'));
      await store.destinations.delete('discord:10');
      expect(await store.destinations.get('discord:10')).toBeUndefined();
      expect((await store.destinations.list()).map((d) => d.key)).toEqual(['discord:11']);
    });

    it('list() returns all of 1,200 destinations', async () => {
      const store = await h.open();
      await Promise.all(Array.from({ length: 1200 }, async (_, i) =>
        store.destinations.put(makeDestination('telegram', String(i), { createdAt: 1_700_000_000_000 + i }))));
      const listed = await store.destinations.list({ active: true });
      expect(listed).toHaveLength(1200);
      expect(new Set(listed.map((d) => d.key)).size).toBe(1200);
    });

    if (h.target.shared) {
      it('list() sees destinations put by another store on the same backend', async () => {
        const [a, b] = [await h.open(), await h.open()];
        await a.destinations.put(makeDestination('telegram', 'A'));
        await b.destinations.put(makeDestination('discord', 'B'));
        expect((await a.destinations.list()).map((d) => d.key).sort()).toEqual(['discord:B', 'telegram:A']);
      });
    }
  });

  describe('operator notice state', () => {
    it('get() returns undefined before the first set(), then what set() stored last', async () => {
      const store = await h.open();
      expect(await store.notices.get()).toBeUndefined();
      const state = { summarisedDay: '2026-01-05', day: { cycles: 3, cyberattacks: 1, outages: 0, sent: 2, failed: 0 }, active: ['telegram:-1001'], failing: ['certfr'], pending: [] };
      await store.notices.set(state);
      await store.notices.set({ ...state, failing: [], pending: ['✅ Flux « CERT-FR » rétabli après 3 échecs'] });
      expect(await store.notices.get()).toEqual({ ...state, failing: [], pending: ['✅ Flux « CERT-FR » rétabli après 3 échecs'] });
    });
  });

  describe('feed states', () => {
    it('get() returns what set() stored, set() replaces it, all() maps every feed', async () => {
      const store = await h.open();
      await store.feedStates.set('cert-fr', makeFeedState());
      await store.feedStates.set('zataz', makeFeedState({ failures: 2, lastError: 'HTTP 503' }));
      await store.feedStates.set('cert-fr', makeFeedState({ lastItemCount: 12 }));
      expect(await store.feedStates.get('cert-fr')).toEqual(makeFeedState({ lastItemCount: 12 }));
      expect(await store.feedStates.get('inconnu')).toBeUndefined();
      expect(await store.feedStates.all()).toEqual({
        'cert-fr': makeFeedState({ lastItemCount: 12 }),
        zataz: makeFeedState({ failures: 2, lastError: 'HTTP 503' }),
      });
    });

    if (h.target.shared) {
      it('feed states survive closing and reopening the store', async () => {
        const first = await h.open();
        await first.feedStates.set('lemagit', makeFeedState({ etag: '"abc"' }));
        await first.close();
        const second = await h.open();
        expect(await second.feedStates.all()).toEqual({ lemagit: makeFeedState({ etag: '"abc"' }) });
      });
    }
  });
}
