import { describe, expect, it } from 'vitest';
import { OperatorNotices } from '../../src/operator/notices.js';
import { defaultDestination } from '../../src/pipeline/commands/index.js';
import type { Destination } from '../../src/core/types.js';
import type { CycleEvent, FeedReadEvent } from '../../src/ports.js';
import { makeAlert, silentLogger, TestClock } from '../helpers/builders.js';

// 2026-01-05 08:00 UTC = 09:00 in Paris.
const MORNING = Date.UTC(2026, 0, 5, 8, 0);

function rig(start = MORNING) {
  const clock = new TestClock(start);
  const sent: string[] = [];
  let destinations: Destination[] = [defaultDestination('telegram', '-1001', start, { title: 'SOC' })];
  const notices = new OperatorNotices({
    send: async (text) => { sent.push(text); },
    feeds: [{ id: 'certfr', name: 'CERT-FR', url: 'https://x.example/', tags: [] }],
    destinations: { list: async () => destinations },
    clock, logger: silentLogger,
  });
  const read = (outcome: FeedReadEvent['outcome'], failuresBefore: number): void => notices.feedRead({
    feedId: 'certfr', outcome, durationMs: 10, items: 0, failuresBefore, failures: outcome === 'error' ? failuresBefore + 1 : 0,
    ...(outcome === 'error' ? { errorKind: 'timeout' } : {}),
  });
  const cycle = async (alerts = 0): Promise<void> => {
    const event: CycleEvent = {
      startedAt: clock.now(), nextAt: clock.now() + 300_000, durationMs: 1000, feeds: 1, polled: 1, feedErrors: 0, backingOff: 0, items: 0,
      alerts: Array.from({ length: alerts }, (_, i) => makeAlert({ id: `a${i}` })),
    };
    await notices.cycle(event);
    clock.advance(300_000);
  };
  return { clock, sent, notices, read, cycle, setDestinations: (d: Destination[]) => { destinations = d; } };
}

describe('OperatorNotices', () => {
  it('tells when a feed fails the third cycle in a row, once, and when it recovers', async () => {
    const r = rig();
    for (let i = 0; i < 4; i++) {
      r.read('error', i);
      await r.cycle();
    }
    r.read('ok', 4);
    await r.cycle();
    expect(r.sent).toEqual([
      '⚠️ Flux « CERT-FR » en échec depuis 3 cycles (timeout) ; « vigie feeds status » pour le détail',
      '✅ Flux « CERT-FR » rétabli après 4 échecs',
    ]);
  });

  it('tells when an active destination becomes inactive', async () => {
    const r = rig();
    await r.cycle();
    r.setDestinations([{ ...defaultDestination('telegram', '-1001', MORNING, { title: 'SOC' }), active: false }]);
    await r.cycle();
    expect(r.sent).toEqual(["🔕 Destination telegram:-1001 (« SOC ») désactivée : le bot n'y a plus accès"]);
  });

  it('sends one summary a day at 09:00 Paris time, not at a restart later that day', async () => {
    const r = rig(MORNING - 600_000);
    r.notices.delivery({ platform: 'telegram', operation: 'send', outcome: 'ok', durationMs: 5, rateLimited: false });
    await r.cycle(2);
    expect(r.sent).toEqual([]);
    await r.cycle();
    await r.cycle();
    expect(r.sent).toEqual(['📋 Vigie, dernières 24 h : 3 cycles, 2 nouvelles alertes (2 cyberattaques, 0 panne), 1 message envoyé, 0 échec d\'envoi ; 1 flux dont 0 en échec']);
    const later = rig(MORNING + 3_600_000);
    await later.cycle();
    expect(later.sent).toEqual([]);
  });
});
