/**
 * `/faux` (`/wrong`), answering an alert: an administrator marks it as not an incident (or as the
 * other category: `/faux panne`, `/faux cyber`). `/manque <url> [panne|cyber]` (`/missed`) reports
 * an article Vigie did not alert. Marks keep the item's text, Vigie's verdict and the admin's label
 * for `vigie feedback export`; alerts, and every other chat, are untouched.
 */
import { missedMark, parseLabel, parseMissedArgs, wrongMark, type FeedbackLabel } from '../../core/feedback.js';
import type { Alert, Destination, Lang } from '../../core/types.js';
import type { AlertLog, Clock, CommandRequest, FeedbackLog, Outbox, RecentItemLog } from '../../ports.js';
import { MISSED_TEXT } from './missed-text.js';

/** How many recent alerts are searched for the one a message shows. */
const SEARCH_DEPTH = 300;

const TEXT: Record<Lang, { notAReply: string; usage: string; unknown: string; thanks: (label: FeedbackLabel) => string }> = {
  fr: {
    notAReply: 'Répondez à une alerte de Vigie avec /faux pour la signaler (/faux panne ou /faux cyber si c’est l’autre catégorie).',
    usage: 'Usage : /faux [panne|cyber], en réponse à une alerte.',
    unknown: 'Je ne retrouve pas cette alerte parmi les récentes de cette conversation.',
    thanks: (l) => `Merci, c’est noté : ${l === 'other' ? 'pas un incident' : l === 'outage' ? 'une panne' : 'une cyberattaque'}. Cela servira à améliorer la détection.`,
  },
  en: {
    notAReply: 'Reply to a Vigie alert with /wrong to report it (/wrong outage or /wrong cyber for the other category).',
    usage: 'Usage: /wrong [outage|cyber], as a reply to an alert.',
    unknown: 'I cannot find that alert among this chat’s recent ones.',
    thanks: (l) => `Thank you, noted: ${l === 'other' ? 'not an incident' : l === 'outage' ? 'an outage' : 'a cyberattack'}. It will help improve detection.`,
  },
};

/** What the feedback commands need. */
export interface FeedbackDeps {
  feedback: FeedbackLog;
  /** The recently polled items `/manque` looks the URL up in; without it every URL is "not found". */
  recentItems?: RecentItemLog;
  alerts: AlertLog;
  outbox: Pick<Outbox, 'messageIdFor'>;
  clock: Clock;
}

/** The alert a message of this destination shows, among the recent ones; undefined when none. */
export async function alertForMessage(deps: Pick<FeedbackDeps, 'alerts' | 'outbox'>, destinationKey: string, messageId: string): Promise<Alert | undefined> {
  for (const alert of await deps.alerts.recent(SEARCH_DEPTH)) {
    if ((await deps.outbox.messageIdFor(destinationKey, alert.id)) === messageId) return alert;
  }
  return undefined;
}

/** Runs `/faux` and `/manque` for an administrator (the command layer has checked the permission). */
export class FeedbackCommands {
  constructor(private readonly deps: FeedbackDeps) {}

  async wrong(request: CommandRequest, dest: Destination, args: string): Promise<string> {
    const t = TEXT[dest.lang];
    if (request.replyTo === undefined) return t.notAReply;
    const label = parseLabel(args);
    if (label === undefined) return t.usage;
    const alert = await alertForMessage(this.deps, dest.key, request.replyTo);
    if (alert === undefined) return t.unknown;
    const who = { platform: request.platform, chatId: request.chatId, userId: request.userId };
    await this.deps.feedback.put(wrongMark(alert, who, label, this.deps.clock.now()));
    return t.thanks(label);
  }

  /**
   * `/manque <url> [panne|cyber]`: the label is the category given, else Vigie's own verdict when it
   * saw an incident; without either the admin is asked for it and nothing is stored. A URL not among
   * the recently polled items is stored alone (no text), so operators see what the feeds miss.
   */
  async missed(request: CommandRequest, dest: Destination, args: string): Promise<string> {
    const t = MISSED_TEXT[dest.lang];
    const parsed = parseMissedArgs(args);
    if (!parsed.ok) return parsed.why === 'too_long' ? t.tooLong : parsed.why === 'bad_url' ? `${t.badUrl}\n${t.usage}` : t.usage;
    const found = await this.deps.recentItems?.get(parsed.url);
    const seenAs = found?.verdict.category === 'none' ? undefined : found?.verdict.category;
    const label = parsed.label ?? seenAs;
    if (label === undefined) return t.needLabel(found !== undefined);
    const who = { platform: request.platform, chatId: request.chatId, userId: request.userId };
    await this.deps.feedback.put(missedMark(found?.url ?? parsed.url, found, who, label, this.deps.clock.now()));
    return found === undefined ? t.thanksNotFound(label) : t.thanksFound(label, found.verdict.category, found.source);
  }
}
