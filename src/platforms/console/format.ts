/** Plain-text rendering of alerts for a terminal: what `vigie run` prints when no platform is set. */
import type { Alert } from '../../core/types.js';

const LABEL: Record<string, string> = { cyberattack: 'CYBERATTAQUE', outage: 'PANNE' };
const CAUSE: Record<string, string> = {
  suspected: 'attaque non confirmée',
  denied: "piste d'une attaque écartée",
};

/** Formats a date as dd/mm/yyyy hh:mm in Europe/Paris. */
export function parisTime(ms: number): string {
  return PARIS.format(ms);
}

// Building an Intl formatter costs far more than using one.
const PARIS = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
});

/** Strips terminal control characters from feed text so it cannot move the cursor or recolour. */
export function safeTerminalText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}

/** Renders one alert as a few readable lines. */
export function formatAlertText(alert: Alert): string {
  const c = alert.classification;
  const head = [
    `${c.category === 'cyberattack' ? '🔴' : '🟠'} ${LABEL[c.category] ?? c.category}`,
    c.subtype && c.subtype !== 'other' ? c.subtype.replace('_', ' ') : undefined,
    c.cause && CAUSE[c.cause] ? CAUSE[c.cause] : undefined,
    `gravité ${c.severity}/3`,
  ].filter(Boolean).join(' · ');
  const who = [c.entities.victim ?? c.entities.sector, c.entities.victim && c.entities.sector && `(${c.entities.sector})`, c.entities.place && `— ${c.entities.place}`]
    .filter(Boolean).join(' ');
  const when = alert.item.publishedAt !== undefined ? parisTime(alert.item.publishedAt) : undefined;
  const others = alert.sources.slice(1).map((s) => s.source);
  const lines = [
    head,
    alert.item.title,
    who ? `Victime : ${who}` : undefined,
    alert.summary && alert.summary !== alert.item.title ? alert.summary : undefined,
    [`Source : ${alert.item.source}`, when, alert.item.link].filter(Boolean).join(' · '),
    others.length > 0 ? `Également rapporté par : ${others.join(', ')} — ${alert.sources.length} sources` : undefined,
    c.evidence.length > 0 ? `Pourquoi : ${c.evidence.slice(0, 4).join(' ; ')}` : undefined,
  ];
  return safeTerminalText(lines.filter((l): l is string => Boolean(l)).join('\n'));
}
