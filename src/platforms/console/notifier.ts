/** The console "platform": alerts printed to a stream, for `vigie run` without tokens and `vigie demo`. */
import type { FollowUp, PlatformCapabilities } from '../../core/platform.js';
import type { Alert, Destination } from '../../core/types.js';
import { vocabulary } from '../../core/vocabulary/index.js';
import type { Notifier } from '../../ports.js';
import { formatAlertText, safeTerminalText } from './format.js';

/** Chat id of the console destination registered when no chat platform is configured. */
export const CONSOLE_CHAT_ID = 'stdout';
/** Its store key. */
export const CONSOLE_DESTINATION_KEY = `console:${CONSOLE_CHAT_ID}`;

/** A terminal: no commands, "edits" and "replies" printed as short lines pointing at the message number. */
export const CONSOLE_CAPABILITIES: PlatformCapabilities = {
  commands: false, channelChoice: false, roles: false, edits: true, replies: true, embeds: false,
  maxMessageLength: Number.MAX_SAFE_INTEGER, leaves: false,
};

/** Writes each alert as a readable block to the given stream. */
export class ConsoleNotifier implements Notifier {
  readonly platform = 'console';
  readonly capabilities = CONSOLE_CAPABILITIES;
  private counter = 0;

  constructor(private readonly out: NodeJS.WritableStream) {}

  async send(destination: Destination, alert: Alert, options?: { replyTo?: string; followUp?: FollowUp }): Promise<{ messageId: string }> {
    const prefix = options?.replyTo ? `${vocabulary(destination.lang).followUpOf(options.replyTo)}\n` : '';
    this.counter += 1;
    this.out.write(`\n#${this.counter} ${prefix}${formatAlertText(alert, destination.lang)}\n`);
    return { messageId: String(this.counter) };
  }

  async sendDigest(destination: Destination, alerts: Alert[]): Promise<{ messageId: string }> {
    this.counter += 1;
    const lines = alerts.map((a) => `  • ${a.classification.category === 'cyberattack' ? '🔴' : '🟠'} ${a.item.title} — ${a.item.source}`);
    const heading = vocabulary(destination.lang).digestHeading(alerts.length, 0);
    this.out.write(`\n#${this.counter} 📰 ${heading}\n${safeTerminalText(lines.join('\n'))}\n`);
    return { messageId: String(this.counter) };
  }

  async edit(destination: Destination, messageId: string, alert: Alert): Promise<void> {
    const others = alert.sources.slice(1).map((s) => s.source).join(', ');
    const line = `${vocabulary(destination.lang).updated(messageId, alert.sources.length)}${others ? ` (${others})` : ''}`;
    this.out.write(`\n${safeTerminalText(line)}\n`);
  }
}
