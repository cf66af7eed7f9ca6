/** Plain-text rendering of alerts for a terminal: what `vigie run` prints when no platform is set. */
import type { Alert, Lang } from '../../core/types.js';
import { parisTime, vocabulary } from '../../core/vocabulary/index.js';

export { parisTime };

/** Strips terminal control characters from feed text so it cannot move the cursor or recolour. */
export function safeTerminalText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
}

/** Renders one alert as a few readable lines, worded in `lang`. */
export function formatAlertText(alert: Alert, lang: Lang = 'fr'): string {
  const v = vocabulary(lang);
  const c = alert.classification;
  const incident = c.category === 'outage' ? 'outage' : 'cyberattack';
  const head = [
    `${incident === 'cyberattack' ? '🔴' : '🟠'} ${v.category(incident).toLocaleUpperCase(lang)}`,
    c.subtype ? v.subtype(c.subtype) : undefined,
    c.cause && c.cause !== 'confirmed' ? v.cause(c.cause) : undefined,
    v.severity(c.severity),
  ].filter(Boolean).join(' · ');
  const who = [c.entities.victim ?? c.entities.sector, c.entities.victim && c.entities.sector && `(${c.entities.sector})`, c.entities.place && `— ${c.entities.place}`]
    .filter(Boolean).join(' ');
  const when = alert.item.publishedAt !== undefined ? parisTime(alert.item.publishedAt, lang) : undefined;
  const others: string[] = [];
  for (const s of alert.sources.slice(1)) others.push(s.source); // pushed: an optimised `map` makes holey arrays
  const lines = [
    head,
    alert.item.title,
    who ? v.labelled(v.victim, who) : undefined,
    alert.summary && alert.summary !== alert.item.title ? alert.summary : undefined,
    [v.labelled(v.source, alert.item.source), when, alert.item.link].filter(Boolean).join(' · '),
    others.length > 0 ? v.alsoReported(others.join(', '), alert.sources.length) : undefined,
    c.evidence.length > 0 ? v.labelled(v.why, c.evidence.slice(0, 4).join(' ; ')) : undefined,
  ];
  return safeTerminalText(lines.filter((l): l is string => Boolean(l)).join('\n'));
}
