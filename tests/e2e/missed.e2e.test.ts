/**
 * `/manque <url>` end to end on Telegram: the app built by `createApp` polls a local feed (real
 * SQLite file), keeps the polled items' text, and an administrator reports a missed article through
 * the fake Bot API server.
 */
import { describe, expect, it } from 'vitest';
import { parseCorpus } from '../../src/cli/corpus.js';
import { exportFeedback } from '../../src/cli/feedback-export.js';
import { FakeTelegram, type FakeChat, type FakeUser, type RecordedCall } from '../helpers/fake-telegram.js';
import { eachTelegramE2e, E2eHarness, hospitalAttack, TELEGRAM_TOKEN, type FeedItem } from './support.js';

const ADMIN: FakeUser = { id: 8201, is_bot: false, first_name: 'Inès' };
const MEMBER: FakeUser = { id: 8202, is_bot: false, first_name: 'Marc' };
const chat: FakeChat = { id: -1006001, type: 'supergroup', title: 'Veille' };

/** An article the classifier reads as no incident at all. */
const fair: FeedItem = {
  title: 'Le marché de Noël de Valbonne-sur-Loir ouvre ses portes samedi',
  link: 'https://presse-regionale.example/2024/valbonne-marche-de-noel',
  description: 'Une soixantaine de chalets sont installés place de la mairie jusqu’au 24 décembre.',
  date: Date.now() - 3_600_000,
};

let harness: E2eHarness;
let fake: FakeTelegram;

eachTelegramE2e((h, f) => {
  harness = h;
  fake = f;
});

function isSendTo(c: RecordedCall): boolean {
  return c.method === 'sendMessage' && String(c.payload.chat_id) === String(chat.id);
}

/** Writes `text` in the chat as `from` and waits for the bot's reply to that message. */
async function say(from: FakeUser, text: string): Promise<string> {
  const id = fake.message(chat, from, text);
  const reply = await fake.waitForCall((c) => isSendTo(c) && c.ok
    && (c.payload.reply_parameters as { message_id?: number } | undefined)?.message_id === id, 10_000);
  return String(reply.payload.text);
}

describe('/manque on Telegram, end to end', () => {
  it('finds a polled article by URL and stores it with its text, Vigie\'s verdict and the admin\'s label', async () => {
    const hospital = hospitalAttack();
    harness.serve('presse', [hospital, fair]);
    const running = await harness.vigie({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_API_ROOT: fake.apiRoot }, ['presse']);
    fake.setMember(chat.id, ADMIN.id, 'administrator');
    fake.botStatus(chat, ADMIN, 'left', 'member');
    await fake.waitForCall((c) => isSendTo(c) && c.ok, 10_000);
    await running.cycle();
    const store = running.app.store;

    expect(await say(MEMBER, `/manque ${fair.link} panne`)).not.toContain('Merci');
    expect(await store.feedback.list()).toEqual([]);

    // No category and no incident seen by Vigie: the admin is asked for one, nothing is stored.
    expect(await say(ADMIN, `/manque ${fair.link}`)).toContain('Précisez la catégorie');
    expect(await store.feedback.list()).toEqual([]);

    const found = await say(ADMIN, `/manque ${fair.link.replace('https://', 'http://www.')}?utm_source=rss panne`);
    expect(found).toContain('Merci, c’est noté : une panne');
    expect(found).toContain('classé : pas un incident');
    expect(await store.feedback.list()).toMatchObject([{
      kind: 'missed', chatId: String(chat.id), userId: String(ADMIN.id), label: 'outage', url: fair.link,
      title: fair.title, text: fair.description, verdict: { category: 'none' },
    }]);

    // Without a category, an item Vigie saw as an incident takes Vigie's category.
    expect(await say(ADMIN, `/manque ${hospital.link}`)).toContain('Merci, c’est noté : une cyberattaque');

    const never = 'https://autre-media.example/2024/panne-des-terminaux-de-paiement';
    expect(await say(ADMIN, `/manque ${never} panne`)).toContain('n’est pas parmi ceux lus ces 3 derniers jours');
    expect(await say(ADMIN, '/manque javascript:alert(1) cyber')).toContain('Adresse non reconnue');
    expect(await say(ADMIN, `/manque https://x.example/${'a'.repeat(950)}`)).toContain('Adresse trop longue');

    await say(ADMIN, '/lang en');
    expect(await say(ADMIN, `/missed ${never} cyber`)).toContain('Thank you, noted: a cyberattack');

    const marks = await store.feedback.list();
    expect(marks.map((m) => [m.label, m.title === '' ? 'no text' : 'text'])).toEqual([
      ['outage', 'text'], ['cyberattack', 'text'], ['cyberattack', 'no text'],
    ]);
    const warnings: string[] = [];
    const corpus = parseCorpus((await exportFeedback(store.feedback)).text, 'feedback.jsonl', (w) => warnings.push(w));
    expect(warnings).toEqual([]);
    expect(corpus.map((c) => [c.label, c.title])).toEqual([
      ['outage', fair.title], ['cyberattack', hospital.title], ['cyberattack', 'panne des terminaux de paiement'],
    ]);
  }, 60_000);
});
