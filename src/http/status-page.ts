/**
 * The read-only status page: French, server-rendered, self-contained HTML (inline CSS, no script,
 * no external asset). Every text from feeds goes through `escapeHtml`.
 */
import type { IncidentCategory } from '../core/types.js';
import { vocabulary } from '../core/vocabulary/index.js';
import type { AlertLine, FeedHealth, StatusView } from './status-data.js';

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const PARIS = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit',
});

function when(ms: number | undefined): string {
  return ms === undefined ? '—' : escapeHtml(PARIS.format(ms));
}

const STATE: Record<FeedHealth['state'], string> = { ok: 'OK', failing: 'En échec', never: 'Jamais lu' };
/** The page is French: its labels come from the one vocabulary the chats use. */
const WORDS = vocabulary('fr');

/** French words for feed error kinds (the page never shows error messages). */
const ERROR_KIND: Record<string, string> = {
  http_status: 'réponse HTTP en erreur', timeout: 'délai dépassé', network: 'réseau injoignable',
  too_many_redirects: 'trop de redirections', too_large: 'flux trop volumineux', not_a_feed: "pas un flux (page HTML ?)",
  empty: 'réponse vide', invalid_xml: 'XML invalide', entity_attack: 'entités XML refusées', too_slow: 'analyse trop longue', aborted: 'interrompu', unknown: 'erreur inconnue',
};

function feedRow(feed: FeedHealth): string {
  const error = feed.lastErrorKind ? escapeHtml(ERROR_KIND[feed.lastErrorKind] ?? feed.lastErrorKind) : '—';
  return `<tr class="${feed.state}"><td>${escapeHtml(feed.name)}</td><td>${STATE[feed.state]}${feed.failures > 1 ? ` (${feed.failures} échecs)` : ''}</td>`
    + `<td>${when(feed.lastSuccessAt)}</td><td>${error}</td><td class="n">${feed.items ?? '—'}</td><td>${when(feed.backoffUntil)}</td></tr>`;
}

function alertRow(alert: AlertLine): string {
  const subtype = alert.subtype ? WORDS.subtype(alert.subtype) : undefined;
  const kind = [WORDS.category(alert.category as IncidentCategory), subtype].filter(Boolean).join(' · ');
  const d = alert.deliveries;
  const deliveries = `${d.done} envoyé${d.done > 1 ? 's' : ''}${d.pending ? `, ${d.pending} en attente` : ''}${d.failed ? `, ${d.failed} en échec` : ''}`;
  return `<tr><td>${when(alert.createdAt)}</td><td>${escapeHtml(kind)}</td><td>${escapeHtml(alert.victim ?? '—')}</td>`
    + `<td>${escapeHtml(alert.title)}</td><td>${escapeHtml(alert.sources.join(', '))}</td><td>${deliveries}</td></tr>`;
}

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24;background:#fafafa}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}p.meta{color:#555;margin:0}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#eef1f4;font-weight:600}td.n{text-align:right}tr.failing td{background:#fdecea}tr.never td{color:#777}
.figures{display:flex;gap:1rem;margin-top:1rem}.figures div{background:#fff;border:1px solid #ddd;padding:.5rem 1rem}.figures b{font-size:1.3rem;display:block}`;

/** Renders the whole page. */
export function renderStatusPage(view: StatusView): string {
  const failing = view.feeds.filter((f) => f.state === 'failing').length;
  const feedRows = view.feeds.map(feedRow).join('\n');
  const alertRows = view.alerts.length > 0 ? view.alerts.map(alertRow).join('\n') : '<tr><td colspan="6">Aucune alerte récente.</td></tr>';
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Vigie — état</title><style>${STYLE}</style></head>
<body>
<h1>Vigie — état du service</h1>
<p class="meta">Page générée le ${when(view.generatedAt)} · dernier cycle : ${when(view.lastCycleAt)}</p>
<div class="figures">
<div><b id="flux">${view.feeds.length}</b>flux suivis</div>
<div><b id="echecs">${failing}</b>flux en échec</div>
<div><b id="file">${view.outboxDepth}</b>message${view.outboxDepth > 1 ? 's' : ''} en file d'attente</div>
</div>
<h2>Flux</h2>
<table id="feeds"><thead><tr><th>Flux</th><th>État</th><th>Dernier succès</th><th>Dernière erreur</th><th>Articles</th><th>En attente jusqu'à</th></tr></thead>
<tbody>
${feedRows}
</tbody></table>
<h2>Dernières alertes</h2>
<table id="alerts"><thead><tr><th>Date</th><th>Catégorie</th><th>Victime</th><th>Titre</th><th>Sources</th><th>Envois</th></tr></thead>
<tbody>
${alertRows}
</tbody></table>
</body></html>
`;
}
