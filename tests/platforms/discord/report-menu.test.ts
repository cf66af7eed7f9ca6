import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPORT_MENU } from '../../../src/platforms/discord/message-menu.js';
import type { KeyvStore } from '../../../src/store/keyv-store.js';
import type { FakeDiscord } from '../../helpers/fake-discord.js';
import { makeAlert, makeItem, TestClock } from '../../helpers/builders.js';
import { startFeedbackBot, type FeedbackBot } from '../../helpers/discord-feedback.js';

const GUILD = '730000000000000001';
const ALERTS = '730000000000000002';
const MANAGE_GUILD = 1n << 5n;
const MEMBER = (1n << 10n) | (1n << 11n);
const ALERT_MESSAGE = '730000000000000099';

let fake: FakeDiscord;
let store: KeyvStore;
let running: FeedbackBot;
const clock = new TestClock(1_700_000_000_000);

beforeEach(async () => {
  running = await startFeedbackBot({ guild: GUILD, channel: ALERTS, name: 'DSI', clock });
  ({ fake, store } = running);
  await store.alerts.save(makeAlert({ id: 'alert-jeu', item: makeItem({ title: 'Un bug dans un jeu vidéo', summary: 'Les joueurs rient.' }), createdAt: clock.now() }));
  await store.outbox.update({ id: `send:discord:${ALERTS}:alert-jeu`, kind: 'send', destinationKey: `discord:${ALERTS}`, alertId: 'alert-jeu', status: 'done', attempts: 1, notBefore: 0, createdAt: 0, messageId: ALERT_MESSAGE });
});

afterEach(async () => {
  await running?.stop();
});

async function report(permissions: bigint) {
  const { id } = fake.invoke({ name: REPORT_MENU.en, guildId: GUILD, channelId: ALERTS, permissions, targetMessageId: ALERT_MESSAGE });
  return fake.answer(id);
}

describe('Discord message menu "Signaler : pas un incident"', () => {
  it("stores a server manager's mark of the alert and thanks them privately", async () => {
    const answer = await report(MANAGE_GUILD);
    expect(answer.data.content).toContain('Merci, c’est noté : pas un incident');
    expect(answer.data.flags & 64).toBe(64); // ephemeral
    expect(answer.data.allowed_mentions).toEqual({ parse: [] });
    expect(await store.feedback.list()).toMatchObject([{ platform: 'discord', chatId: ALERTS, alertId: 'alert-jeu', label: 'other', title: 'Un bug dans un jeu vidéo' }]);
  });

  it('refuses a member without Manage Server and stores nothing', async () => {
    const answer = await report(MEMBER);
    expect(answer.data.content).not.toContain('Merci');
    expect(await store.feedback.list()).toEqual([]);
  });
});
