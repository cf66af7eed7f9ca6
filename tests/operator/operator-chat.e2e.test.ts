import { describe, expect, it } from 'vitest';
import { FakeTelegram, type FakeChat, type FakeUser } from '../helpers/fake-telegram.js';
import { eachTelegramE2e, E2eHarness, hospitalAttack, TELEGRAM_TOKEN } from '../e2e/support.js';

const OPERATOR = -100555;
const GROUP: FakeChat = { id: -100777, type: 'supergroup', title: 'Mairie — DSI' };
const ADMIN: FakeUser = { id: 42, is_bot: false, first_name: 'Claire' };
const SEVEN_HOURS = 7 * 3_600_000;

let harness: E2eHarness;
let fake: FakeTelegram;

eachTelegramE2e((h, f) => {
  harness = h;
  fake = f;
});

/** Lines posted to the operator chat, daily summaries apart. */
const texts = () => fake.sentTo(OPERATOR).flatMap((c) => String(c.payload.text).split('\n')).filter((l) => !l.startsWith('📋'));
const summaries = () => fake.sentTo(OPERATOR).flatMap((c) => String(c.payload.text).split('\n')).filter((l) => l.startsWith('📋'));

/** Moves the harness clock forward to the next 20:00 in Paris, whatever the hour the test runs at. */
function toParisEvening(): void {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(harness.clock.now());
  const part = (type: string): number => Number(parts.find((p) => p.type === type)!.value);
  const minutes = (20 * 60 - (part('hour') * 60 + part('minute')) + 24 * 60) % (24 * 60);
  harness.clock.advance(minutes * 60_000);
}

describe('operator chat (OPERATOR_CHAT=telegram:<id>) through the fake Bot API', () => {
  it('notices a feed failing three cycles in a row, once, then its recovery', async () => {
    // From 20:00 in Paris, the 09:00 summary falls in the cycle 14 hours in, while the feed fails.
    toParisEvening();
    harness.feeds.route('/presse.xml', { status: 500, body: 'erreur' });
    const vigie = await harness.vigie({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, OPERATOR_CHAT: `telegram:${OPERATOR}` }, ['presse']);
    for (let i = 0; i < 4; i++) {
      await vigie.cycle();
      harness.clock.advance(SEVEN_HOURS);
    }
    expect(texts()).toEqual(['⚠️ Flux « Presse presse » en échec depuis 3 cycles (http_status) ; « vigie feeds status » pour le détail']);
    harness.serve('presse', [hospitalAttack(harness.clock.now())]);
    await vigie.cycle();
    expect(texts()).toEqual([
      '⚠️ Flux « Presse presse » en échec depuis 3 cycles (http_status) ; « vigie feeds status » pour le détail',
      '✅ Flux « Presse presse » rétabli après 4 échecs',
    ]);
    // 28 hours went by: the clock crossed 09:00 in Paris once (13 hours in), one summary line.
    expect(summaries().length).toBe(1);
    expect(summaries()[0]).toMatch(/^📋 Vigie, dernières 24 h : \d+ cycles?, 0 nouvelle alerte \(0 cyberattaque, 0 panne\), 0 message envoyé, 0 échec d'envoi ; 1 flux dont 1 en échec$/);
  }, 60_000);

  it('a restart of the bot on the same SQLite file neither repeats the failing-feed notice nor forgets the failures before it', async () => {
    harness.feeds.route('/presse.xml', { status: 500, body: 'erreur' });
    const env = { TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, OPERATOR_CHAT: `telegram:${OPERATOR}` };
    for (const cycles of [2, 2, 1]) {
      const vigie = await harness.vigie(env, ['presse']);
      for (let i = 0; i < cycles; i++) {
        await vigie.cycle();
        harness.clock.advance(SEVEN_HOURS);
      }
      await vigie.close();
    }
    expect(texts()).toEqual(['⚠️ Flux « Presse presse » en échec depuis 3 cycles (http_status) ; « vigie feeds status » pour le détail']);
    // One summary per Paris day at most, whatever the restarts.
    const days = summaries().length;
    expect(days).toBeGreaterThanOrEqual(1);
    expect(days).toBeLessThanOrEqual(2);
  }, 60_000);

  it('notices a destination the bot was removed from', async () => {
    harness.serve('presse', []);
    const vigie = await harness.vigie({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, OPERATOR_CHAT: `telegram:${OPERATOR}` }, ['presse']);
    fake.setMember(GROUP.id, ADMIN.id, 'administrator');
    fake.botStatus(GROUP, ADMIN, 'left', 'member');
    await fake.waitForCall((c) => c.method === 'sendMessage' && String(c.payload.chat_id) === String(GROUP.id) && c.ok, 15_000);
    await vigie.cycle();
    fake.botStatus(GROUP, ADMIN, 'member', 'kicked');
    await expect.poll(async () => (await vigie.app.store.destinations.get(`telegram:${GROUP.id}`))?.active).toBe(false);
    await vigie.cycle();
    expect(texts()).toEqual([`🔕 Destination telegram:${GROUP.id} (« Mairie — DSI ») désactivée : le bot n'y a plus accès`]);
  }, 60_000);
});

