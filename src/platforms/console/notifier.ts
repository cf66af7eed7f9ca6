/** The console "platform": alerts printed to a stream, for `vigie run` without tokens and `vigie demo`. */
import type { Alert, Destination } from '../../core/types.js';
import type { Notifier } from '../../ports.js';
import { formatAlertText, safeTerminalText } from './format.js';

/** Chat id and key of the console destination registered when no chat platform is configured. */
export const CONSOLE_CHAT_ID = 'stdout';
export const CONSOLE_DESTINATION_KEY = `console:${CONSOLE_CHAT_ID}`;

/** Writes each alert as a readable block to the given stream. */
export class ConsoleNotifier implements Notifier {
  readonly platform = 'console' as const;
  private counter = 0;

  constructor(private readonly out: NodeJS.WritableStream) {}

  async send(_destination: Destination, alert: Alert, options?: { replyTo?: string }): Promise<{ messageId: string }> {
    const prefix = options?.replyTo ? `↪ suite de l'alerte #${options.replyTo}\n` : '';
    this.counter += 1;
    this.out.write(`\n#${this.counter} ${prefix}${formatAlertText(alert)}\n`);
    return { messageId: String(this.counter) };
  }

  async sendDigest(_destination: Destination, alerts: Alert[]): Promise<{ messageId: string }> {
    this.counter += 1;
    const lines = alerts.map((a) => `  • ${a.classification.category === 'cyberattack' ? '🔴' : '🟠'} ${a.item.title} — ${a.item.source}`);
    this.out.write(`\n#${this.counter} 📰 Résumé Vigie : ${alerts.length} alerte(s) depuis le dernier résumé\n${safeTerminalText(lines.join('\n'))}\n`);
    return { messageId: String(this.counter) };
  }

  async edit(_destination: Destination, messageId: string, alert: Alert): Promise<void> {
    const others = alert.sources.slice(1).map((s) => s.source).join(', ');
    this.out.write(`\n✎ alerte #${messageId} mise à jour — ${alert.sources.length} sources${others ? ` (${others})` : ''}\n`);
  }
}
