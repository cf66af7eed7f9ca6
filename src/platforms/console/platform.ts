/** The console's registry entry: always available, started when no other platform is configured. */
import type { PlatformDefinition } from '../../ports.js';
import { CONSOLE_CAPABILITIES, CONSOLE_CHAT_ID, ConsoleNotifier } from './notifier.js';

/** Prints alerts on standard output; its one destination is declared here, not chosen in a chat. */
export const consolePlatform: PlatformDefinition<Record<string, never>> = {
  id: 'console',
  capabilities: CONSOLE_CAPABILITIES,
  fallback: true,
  readConfig: () => ({}),
  async create(_settings, deps) {
    return {
      notifier: new ConsoleNotifier(deps.stdout),
      configured: [{ chatId: CONSOLE_CHAT_ID, title: 'console' }],
      start: async () => undefined,
      stop: async () => undefined,
    };
  },
};
