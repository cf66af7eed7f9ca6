import { FeedbackCommands } from '../../src/pipeline/commands/feedback.js';
import { ChatCommands } from '../../src/pipeline/commands/index.js';
import { createDiscordBot, type DiscordBot } from '../../src/platforms/discord/bot.js';
import { openStore } from '../../src/store/open-store.js';
import type { KeyvStore } from '../../src/store/keyv-store.js';
import { FakeDiscord } from './fake-discord.js';
import { silentLogger, type TestClock } from './builders.js';
import { registryCapabilities } from './capabilities.js';

/** A started discord.js bot with the feedback commands, against a fake Discord holding one server and its alerts channel. */
export interface FeedbackBot {
  fake: FakeDiscord;
  store: KeyvStore;
  bot: DiscordBot;
  /** Stops the bot, the fake and the store. */
  stop(): Promise<void>;
}

/** Starts the real Discord bot over a memory store with `/faux`, `/manque` and the report menu wired, for one server. */
export async function startFeedbackBot(opts: { guild: string; channel: string; name: string; clock: TestClock }): Promise<FeedbackBot> {
  const { guild, channel, name, clock } = opts;
  const fake = await new FakeDiscord({ guilds: [{ id: guild, name, systemChannelId: channel, memberCount: 9, channels: [{ id: channel, name: 'alertes' }] }], heartbeatMs: 50 }).start();
  const store = await openStore('memory://', { retentionMs: 86_400_000, logger: silentLogger, now: () => clock.now() });
  const commands = new ChatCommands({
    capabilities: registryCapabilities, destinations: store.destinations, alerts: store.alerts, clock, logger: silentLogger,
    status: async () => ({ feeds: 1, failingFeeds: [] }),
    feedback: new FeedbackCommands({ feedback: store.feedback, recentItems: store.recentItems, alerts: store.alerts, outbox: store.outbox, clock }),
  });
  const bot = createDiscordBot({ token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, commands, logger: silentLogger, clock });
  const controller = new AbortController();
  await bot.start(controller.signal);
  return {
    fake, store, bot,
    async stop() {
      controller.abort();
      await bot.stop();
      await fake.close();
      await store.close();
    },
  };
}
