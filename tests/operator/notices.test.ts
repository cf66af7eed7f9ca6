import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { OperatorNotices } from '../../src/operator/notices.js';
import { defaultDestination } from '../../src/pipeline/commands/index.js';
import { openStore } from '../../src/store/open-store.js';
import type { CycleEvent, FeedReadEvent, Store } from '../../src/ports.js';
import { silentLogger, TestClock } from '../helpers/builders.js';
import { tempDir } from '../helpers/app.js';
import { describeService, REDIS_URL, redisAvailable } from '../helpers/services.js';

// 2026-01-05 08:00 UTC = 09:00 in Paris.
const MORNING = Date.UTC(2026, 0, 5, 8, 0);
const FAILING = '⚠️ Flux « CERT-FR » en échec depuis 3 cycles (timeout) ; « vigie feeds status » pour le détail';

const open: Store[] = [];
const dirs: { remove(): void }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  dirs.splice(0).forEach((d) => d.remove());
});

/** Operator notices on a real store at `url`: one process of the bot, restartable on the same store. */
async function rig(url: string, clock: TestClock, options: { namespace?: string; refuse?: boolean } = {}) {
  const store = await openStore(url, { retentionMs: 86_400_000, logger: silentLogger, now: () => clock.now(), ...(options.namespace ? { namespace: options.namespace } : {}) });
  open.push(store);
  const sent: string[] = [];
  let refuse = options.refuse ?? false;
  const notices = new OperatorNotices({
    send: async (text) => {
      if (refuse) throw new Error('operator chat: 502');
      sent.push(...text.split('\n'));
    },
    feeds: [{ id: 'certfr', name: 'CERT-FR', url: 'https://x.example/', tags: [] }],
    destinations: store.destinations, feedStates: store.feedStates, state: store.notices,
    clock, logger: silentLogger,
  });
  /** One read of the feed, recorded in its feed state as the poller does. */
  const read = async (outcome: FeedReadEvent['outcome'], failuresBefore: number): Promise<void> => {
    const failures = outcome === 'error' ? failuresBefore + 1 : 0;
    await store.feedStates.set('certfr', { failures, initialised: true });
    notices.feedRead({
      feedId: 'certfr', outcome, durationMs: 10, items: 0, failuresBefore, failures, ...(outcome === 'error' ? { errorKind: 'timeout' } : {}),
    });
  };
  const cycle = async (alerts = 0): Promise<void> => {
    const event: CycleEvent = {
      startedAt: clock.now(), nextAt: clock.now() + 300_000, durationMs: 1000, feeds: 1, polled: 1, feedErrors: 0, backingOff: 0, items: 0,
      announced: { cyberattack: alerts, outage: 0 },
    };
    await notices.cycle(event);
    clock.advance(300_000);
  };
  return {
    store, sent, notices, read, cycle,
    refuse: (value: boolean) => { refuse = value; },
    close: async () => store.close(),
  };
}

describe('OperatorNotices', () => {
  it('tells when a feed fails the third cycle in a row, once, and when it recovers', async () => {
    const r = await rig('memory://', new TestClock(MORNING));
    for (let i = 0; i < 4; i++) {
      await r.read('error', i);
      await r.cycle();
    }
    await r.read('ok', 4);
    await r.cycle();
    expect(r.sent.filter((l) => !l.startsWith('📋'))).toEqual([FAILING, '✅ Flux « CERT-FR » rétabli après 4 échecs']);
  });

  it('tells when an active destination becomes inactive', async () => {
    const r = await rig('memory://', new TestClock(MORNING));
    const soc = defaultDestination('telegram', '-1001', MORNING, { title: 'SOC' });
    await r.store.destinations.put(soc);
    await r.cycle();
    await r.store.destinations.put({ ...soc, active: false });
    await r.cycle();
    expect(r.sent.filter((l) => !l.startsWith('📋'))).toEqual(["🔕 Destination telegram:-1001 (« SOC ») désactivée : le bot n'y a plus accès"]);
  });

  it('says when a destination was deactivated because ALLOWED_CHATS does not list it', async () => {
    const r = await rig('memory://', new TestClock(MORNING));
    const old = defaultDestination('telegram', '-1002', MORNING, { title: 'Ancien groupe' });
    await r.store.destinations.put(old);
    await r.cycle();
    await r.store.destinations.put({ ...old, active: false, excluded: true });
    await r.cycle();
    expect(r.sent.filter((l) => !l.startsWith('📋'))).toEqual(['🔕 Destination telegram:-1002 (« Ancien groupe ») désactivée : absente d’ALLOWED_CHATS (mode privé)']);
  });

  it('sends one summary a day at 09:00 Paris time, not at a first start later that day', async () => {
    const r = await rig('memory://', new TestClock(MORNING - 600_000));
    r.notices.delivery({ platform: 'telegram', operation: 'send', outcome: 'ok', durationMs: 5, rateLimited: false });
    await r.cycle(2);
    expect(r.sent).toEqual([]);
    await r.cycle();
    await r.cycle();
    expect(r.sent).toEqual(['📋 Vigie, dernières 24 h : 3 cycles, 2 nouvelles alertes (2 cyberattaques, 0 panne), 1 message envoyé, 0 échec d\'envoi ; 1 flux dont 0 en échec']);
    const later = await rig('memory://', new TestClock(MORNING + 3_600_000));
    await later.cycle();
    expect(later.sent).toEqual([]);
  });

  it('keeps a notice the operator chat refused and sends it after the next cycle', async () => {
    const r = await rig('memory://', new TestClock(MORNING - 3_600_000), { refuse: true });
    for (let i = 0; i < 3; i++) {
      await r.read('error', i);
      await r.cycle();
    }
    expect(r.sent).toEqual([]);
    r.refuse(false);
    await r.cycle();
    expect(r.sent).toEqual([FAILING]);
  });
});

/** The restart tests, on one store that outlives each "process". */
function restarts(title: string, target: () => { url: string; namespace?: string }): void {
  describe(title, () => {
    it('a restart between the second and third failure tells once at the third; the next restart neither repeats it nor forgets the recovery', async () => {
      const clock = new TestClock(MORNING - 3 * 3_600_000);
      const { url, namespace } = target();
      const first = await rig(url, clock, namespace ? { namespace } : {});
      for (let i = 0; i < 2; i++) {
        await first.read('error', i);
        await first.cycle();
      }
      await first.close();
      const second = await rig(url, clock, namespace ? { namespace } : {});
      await second.read('error', 2);
      await second.cycle();
      await second.close();
      const third = await rig(url, clock, namespace ? { namespace } : {});
      await third.read('error', 3);
      await third.cycle();
      await third.read('ok', 4);
      await third.cycle();
      expect([...first.sent, ...second.sent, ...third.sent]).toEqual([FAILING, '✅ Flux « CERT-FR » rétabli après 4 échecs']);
    });

    it('the day\'s summary is sent once across a restart after it, and counts the cycles from before a restart', async () => {
      const clock = new TestClock(MORNING - 900_000);
      const { url, namespace } = target();
      const before = await rig(url, clock, namespace ? { namespace } : {});
      await before.cycle(1);
      await before.cycle();
      await before.close();
      const morning = await rig(url, clock, namespace ? { namespace } : {});
      await morning.read('error', 0);
      await morning.cycle();
      await morning.cycle();
      await morning.close();
      const after = await rig(url, clock, namespace ? { namespace } : {});
      await after.cycle();
      expect([...before.sent, ...morning.sent, ...after.sent]).toEqual([
        '📋 Vigie, dernières 24 h : 4 cycles, 1 nouvelle alerte (1 cyberattaque, 0 panne), 0 message envoyé, 0 échec d\'envoi ; 1 flux dont 1 en échec',
      ]);
    });

    it('a destination deactivated while the bot was stopped is told after the restart', async () => {
      const clock = new TestClock(MORNING - 3 * 3_600_000);
      const { url, namespace } = target();
      const first = await rig(url, clock, namespace ? { namespace } : {});
      const soc = defaultDestination('telegram', '-1001', clock.now(), { title: 'SOC' });
      await first.store.destinations.put(soc);
      await first.cycle();
      await first.store.destinations.put({ ...soc, active: false });
      await first.close();
      const second = await rig(url, clock, namespace ? { namespace } : {});
      await second.cycle();
      expect(second.sent).toEqual(["🔕 Destination telegram:-1001 (« SOC ») désactivée : le bot n'y a plus accès"]);
    });
  });
}

restarts('OperatorNotices across restarts on a SQLite file', () => {
  const dir = tempDir('vigie-notices-');
  dirs.push(dir);
  return { url: `sqlite://${path.join(dir.dir, 'store.sqlite')}` };
});

const redis = await redisAvailable();
describeService(redis, 'OperatorNotices across restarts on Redis', () => {
  restarts('(a namespace of its own per test)', () => ({ url: REDIS_URL, namespace: `notices-${randomBytes(6).toString('hex')}` }));
});
