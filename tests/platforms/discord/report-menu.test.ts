import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeedbackCommands } from '../../../src/pipeline/commands/feedback.js';
import { ChatCommands } from '../../../src/pipeline/commands/index.js';
import { createDiscordBot, type DiscordBot } from '../../../src/platforms/discord/bot.js';
import { REPORT_MENU } from '../../../src/platforms/discord/message-menu.js';
import { openStore } from '../../../src/store/open-store.js';
import type { KeyvStore } from '../../../src/store/keyv-store.js';
import { FakeDiscord } from '../../helpers/fake-discord.js';
import { makeAlert, makeItem, silentLogger, TestClock } from '../../helpers/builders.js';
import { registryCapabilities } from '../../helpers/capabilities.js';

const GUILD = '730000000000000001';
const ALERTS = '730000000000000002';
const MANAGE_GUILD = 1n << 5n;
const MEMBER = (1n << 10n) | (1n << 11n);
const ALERT_MESSAGE = '730000000000000099';

let fake: FakeDiscord;
let store: KeyvStore;
let bot: DiscordBot;
let controller: AbortController;
const clock = new TestClock(1_700_000_000_000);

beforeEach(async () => {
  fake = await new FakeDiscord({ guilds: [{ id: GUILD, name: 'DSI', systemChannelId: ALERTS, memberCount: 9, channels: [{ id: ALERTS, name: 'alertes' }] }], heartbeatMs: 50 }).start();
  store = await openStore('memory://', { retentionMs: 86_400_000, logger: silentLogger, now: () => clock.now() });
  const commands = new ChatCommands({
    capabilities: registryCapabilities, destinations: store.destinations, alerts: store.alerts, clock, logger: silentLogger,
    status: async () => ({ feeds: 1, failingFeeds: [] }),
    feedback: new FeedbackCommands({ feedback: store.feedback, alerts: store.alerts, outbox: store.outbox, clock }),
  });
  bot = createDiscordBot({ token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, commands, logger: silentLogger, clock });
  controller = new AbortController();
  await bot.start(controller.signal);
  await store.alerts.save(makeAlert({ id: 'alert-jeu', item: makeItem({ title: 'Un bug dans un jeu vidéo', summary: 'Les joueurs rient.' }), createdAt: clock.now() }));
  await store.outbox.update({ id: `send:discord:${ALERTS}:alert-jeu`, kind: 'send', destinationKey: `discord:${ALERTS}`, alertId: 'alert-jeu', status: 'done', attempts: 1, notBefore: 0, createdAt: 0, messageId: ALERT_MESSAGE });
});

afterEach(async () => {
  controller?.abort();
  await bot?.stop();
  await fake.close();
  await store.close();
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
