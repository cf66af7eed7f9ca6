import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slashCommandBodies } from '../../../src/platforms/discord/slash-commands.js';
import type { KeyvStore } from '../../../src/store/keyv-store.js';
import type { FakeDiscord } from '../../helpers/fake-discord.js';
import { TestClock } from '../../helpers/builders.js';
import { startFeedbackBot, type FeedbackBot } from '../../helpers/discord-feedback.js';

const GUILD = '740000000000000001';
const ALERTS = '740000000000000002';
const MANAGE_GUILD = 1n << 5n;
const MEMBER = (1n << 10n) | (1n << 11n);
const URL = 'https://journal.example/2025/04/les-distributeurs-de-billets-hors-service';

let fake: FakeDiscord;
let store: KeyvStore;
let running: FeedbackBot;
const clock = new TestClock(1_700_000_000_000);

beforeEach(async () => {
  running = await startFeedbackBot({ guild: GUILD, channel: ALERTS, name: 'Banque', clock });
  ({ fake, store } = running);
  await store.markTaken([], [{
    url: URL, title: 'Les distributeurs de billets de Valmont hors service', text: 'Aucun retrait possible depuis ce matin.',
    source: 'Journal', feedId: 'journal', polledAt: clock.now(), verdict: { category: 'none', cause: null, subtype: null, score: 0.1 }, outcome: 'ignored',
  }]);
});

afterEach(async () => {
  await running?.stop();
});

async function missed(permissions: bigint, url: string, category?: string) {
  const options = [{ name: 'adresse', type: 3, value: url }, ...(category === undefined ? [] : [{ name: 'categorie', type: 3, value: category }])];
  const { id } = fake.invoke({ name: 'missed', guildId: GUILD, channelId: ALERTS, permissions, options });
  return fake.answer(id);
}

describe('Discord /manque (missed) slash command', () => {
  it('is registered for Manage Server with a required URL option and a category choice, named /manque in French', () => {
    const body = slashCommandBodies().find((b) => b.name === 'missed');
    expect(body).toMatchObject({ name_localizations: { fr: 'manque' }, default_member_permissions: String(MANAGE_GUILD) });
    expect(body?.options?.map((o) => [o.name, o.required])).toEqual([['adresse', true], ['categorie', false]]);
  });

  it("stores a server manager's report with the polled text and answers privately", async () => {
    const answer = await missed(MANAGE_GUILD, URL, 'panne');
    expect(answer.data.content).toContain('Merci, c’est noté : une panne');
    expect(answer.data.flags & 64).toBe(64); // ephemeral
    expect(answer.data.allowed_mentions).toEqual({ parse: [] });
    expect(await store.feedback.list()).toMatchObject([{ kind: 'missed', platform: 'discord', chatId: ALERTS, label: 'outage', title: 'Les distributeurs de billets de Valmont hors service', verdict: { category: 'none' } }]);
  });

  it('refuses a member without Manage Server and stores nothing', async () => {
    const answer = await missed(MEMBER, URL, 'panne');
    expect(answer.data.content).not.toContain('Merci');
    expect(await store.feedback.list()).toEqual([]);
  });
});
