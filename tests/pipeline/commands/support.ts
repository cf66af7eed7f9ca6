/** A ChatCommands over the real in-memory store, and a way to send it commands. */
import { afterEach } from 'vitest';
import { ChatCommands } from '../../../src/pipeline/commands/index.js';
import type { AlertLog, CommandRequest, DestinationRepo, Store } from '../../../src/ports.js';
import type { CommandReply, StatusInfo } from '../../../src/core/platform.js';
import { openStore } from '../../../src/store/open-store.js';
import { silentLogger, TestClock } from '../../helpers/builders.js';
import { registryCapabilities } from '../../helpers/capabilities.js';

export const T0 = Date.UTC(2025, 2, 12, 13, 5); // 12 March 2025, 14:05 in Paris

/** Everything a command test looks at. */
export interface Harness {
  store: Store;
  commands: ChatCommands;
  destinations: DestinationRepo;
  alerts: AlertLog;
  clock: TestClock;
  status: StatusInfo;
  /** How many times `onSettingsChanged` was called. */
  changes: () => number;
  /** Sends a command; `admin` decides what `isAdmin()` answers and `adminChecks` counts the calls. */
  send(text: string, options?: Partial<Omit<CommandRequest, 'isAdmin'>> & { admin?: boolean }): Promise<CommandReply & { adminChecks: number }>;
}

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
});

/**
 * A fresh command layer on an empty store (closed after the test), with a clock at T0: `memory://`
 * unless `storeUrl` names another (`namespace` keeps a shared server's keys apart; they are cleared after).
 */
export async function harness(storeUrl = 'memory://', namespace?: string): Promise<Harness> {
  const clock = new TestClock(T0);
  const store = await openStore(storeUrl, {
    retentionMs: 30 * 86_400_000, logger: silentLogger, now: () => clock.now(), ...(namespace ? { namespace } : {}),
  });
  opened.push(namespace ? { close: async () => { await (store as unknown as { clear(): Promise<void> }).clear(); await store.close(); } } : store);
  const { destinations, alerts } = store;
  const status: StatusInfo = { feeds: 0, failingFeeds: [] };
  let changes = 0;
  const commands = new ChatCommands({
    capabilities: registryCapabilities,
    destinations, alerts, clock, logger: silentLogger,
    status: async () => status,
    onSettingsChanged: () => { changes += 1; },
  });
  return {
    store, commands, destinations, alerts, clock, status,
    changes: () => changes,
    async send(text, options = {}) {
      const { admin = true, ...rest } = options;
      const space = text.search(/\s/);
      const name = (space < 0 ? text : text.slice(0, space)).replace(/^\//, '');
      const args = space < 0 ? '' : text.slice(space + 1);
      let adminChecks = 0;
      const request: CommandRequest = {
        platform: 'telegram', chatId: '-1001', userId: '42', name, args,
        isAdmin: async () => { adminChecks += 1; return admin; },
        ...rest,
      };
      const reply = await commands.handle(request);
      return { ...reply, adminChecks };
    },
  };
}
