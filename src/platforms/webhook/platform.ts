/** The webhook outlets' registry entry: settings from the webhooks file, one destination per outlet. */
import type { PlatformDefinition } from '../../ports.js';
import { WEBHOOK_CAPABILITIES } from './capabilities.js';
import { readWebhookConfig, urlFingerprint, type WebhookSettings } from './config.js';
import { WebhookNotifier } from './notifier.js';

/** Slack, Mattermost, Teams and json outlets; their filters come from the file, not from commands. */
export const webhookPlatform: PlatformDefinition<WebhookSettings> = {
  id: 'webhook',
  capabilities: WEBHOOK_CAPABILITIES,
  readConfig: readWebhookConfig,
  async create(settings, deps) {
    const notifier = new WebhookNotifier({ hooks: settings.hooks, logger: deps.logger.child({ part: 'webhook' }), clock: deps.clock });
    deps.logger.info({ webhooks: settings.hooks.map((h) => ({ id: h.id, format: h.format })) }, 'webhook: outlets configured');
    return {
      notifier,
      // The fingerprint (a hash) tells a new URL apart; the URL itself is never stored.
      configured: settings.hooks.map((h) => ({
        chatId: h.id, title: h.id, categories: h.categories, keywords: h.keywords, exclusions: h.exclusions,
        lang: h.lang, fingerprint: urlFingerprint(h.url),
      })),
      start: async () => undefined,
      stop: async () => notifier.close(),
    };
  },
};
