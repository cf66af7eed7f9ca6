/** Vigie in French: the default language of every chat. */
import type { RefusalKind } from '../delivery-types.js';
import type { StatusInfo } from '../platform.js';
import type { AttackSubtype, Destination, IncidentCategory, OutageSubtype } from '../types.js';
import { plural, quoteList, type TimeFormatter } from './format.js';
import type { RefusalView, Vocabulary } from './words.js';

const q = (terms: readonly string[]): string => quoteList('fr', terms);
const kw = (n: number): string => plural('fr', n, 'mot-clé', 'mots-clés');

const SUBTYPES: Record<Exclude<AttackSubtype | OutageSubtype, 'other'>, string> = {
  ransomware: 'rançongiciel', ddos: 'déni de service (DDoS)', data_breach: 'fuite de données', intrusion: 'intrusion',
  phishing: 'hameçonnage', defacement: 'défiguration de site', espionage: 'espionnage',
  service_down: 'service indisponible', network: 'panne réseau', hosting_cloud: 'hébergement / cloud',
  telecom: 'télécoms', payment: 'paiement', power_fire: 'électricité / incendie', software_bug: 'bug logiciel',
};

function categoryNames(c: Record<IncidentCategory, boolean>): string {
  if (c.cyberattack && c.outage) return 'cyberattaques et pannes informatiques';
  if (c.cyberattack) return 'cyberattaques seulement';
  if (c.outage) return 'pannes informatiques seulement';
  return 'aucune';
}

function settings(d: Destination, capabilities: { roles: boolean }): string {
  const state = !d.active ? 'inactif (aucune alerte envoyée)' : d.paused ? 'en pause (/resume pour reprendre)' : 'actif';
  const lines = [
    'Réglages de cette conversation :',
    `• État : ${state}`,
    `• Catégories : ${categoryNames(d.categories)}`,
    `• Mots-clés : ${d.keywords.length > 0 ? q(d.keywords) : 'aucun (toutes les alertes des catégories choisies)'}`,
    `• Exclusions : ${d.exclusions.length > 0 ? q(d.exclusions) : 'aucune'}`,
    `• Envoi : ${d.digest ? `résumé quotidien à ${d.digest.time} (${d.digest.timeZone})` : 'au fil de l’eau'}`,
    '• Langue : français',
  ];
  if (capabilities.roles) lines.push(`• Rôle mentionné pour les alertes majeures : ${d.pingRoleId ? `<@&${d.pingRoleId}>` : 'aucun'}`);
  return lines.join('\n');
}

const REFUSAL_REASONS: Record<RefusalKind, string> = {
  rights: 'Vigie n’a plus le droit d’écrire dans cette conversation : un administrateur doit lui rendre le droit d’envoyer des messages',
  topic_closed: 'le sujet où Vigie publie est fermé : un administrateur doit le rouvrir',
  restricted: 'cette conversation n’accepte pas les messages de Vigie pour l’instant (restrictions des membres)',
  slow_mode: 'le mode lent de la conversation retarde les envois',
};

/** "5 min", "2 h", "2 h 05". */
function minutes(n: number): string {
  if (n < 60) return `${n} min`;
  const m = n % 60;
  return m === 0 ? `${Math.floor(n / 60)} h` : `${Math.floor(n / 60)} h ${String(m).padStart(2, '0')}`;
}

function refusalLines(r: RefusalView, at: TimeFormatter): string[] {
  return [
    `⚠ Alertes en attente : ${REFUSAL_REASONS[r.kind]}.`,
    `  Refusé depuis le ${at(r.since)} ; prochain essai dans ${minutes(r.retryInMinutes)}. Les alertes sont gardées et partiront dès que ce sera réglé.`,
  ];
}

function status(info: StatusInfo, at: TimeFormatter, refusal?: RefusalView): string {
  const lines = [
    ...(refusal ? refusalLines(refusal, at) : []),
    `Flux suivis : ${info.feeds}`,
    `Flux en erreur : ${info.failingFeeds.length}`,
    ...info.failingFeeds.slice(0, 10).map((f) => `  • ${f.id} : ${f.error}`),
  ];
  if (info.failingFeeds.length > 10) lines.push(`  … et ${plural('fr', info.failingFeeds.length - 10, 'autre')}`);
  lines.push(`Dernier cycle : ${info.lastCycleAt === undefined ? 'pas encore' : at(info.lastCycleAt)}`);
  lines.push(`Dernière alerte : ${info.lastAlertAt === undefined ? 'aucune pour l’instant' : at(info.lastAlertAt)}`);
  return lines.join('\n');
}

/** French words. */
export const fr: Vocabulary = {
  // ── Alerts ──
  category: (c) => (c === 'cyberattack' ? 'Cyberattaque' : 'Panne informatique'),
  subtype: (s) => (s === 'other' ? undefined : SUBTYPES[s]),
  cause: (c) => ({ confirmed: 'Attaque confirmée', suspected: 'Attaque non confirmée', denied: 'Piste d\'attaque écartée' })[c],
  causeSentence: (c) => ({
    confirmed: 'Cause : cyberattaque confirmée',
    suspected: 'Cause non confirmée : une cyberattaque est soupçonnée',
    denied: 'Cause : la piste d’une cyberattaque est écartée',
  })[c],
  severity: (n) => `gravité ${n}/3`,
  major: 'majeur',
  victim: 'Victime',
  sector: 'Secteur',
  place: 'Lieu',
  source: 'Source',
  why: 'Pourquoi',
  labelled: (label, value) => `${label} : ${value}`,
  readArticle: 'Lire l’article',
  sources: (n) => plural('fr', n, 'source'),
  alsoReported: (names, count) => `Également rapporté par : ${names} — ${plural('fr', count, 'source')}`,
  digestHeading: (count, hidden) => `Résumé Vigie : ${plural('fr', count, 'alerte')} depuis le dernier résumé`
    + (hidden > 0 ? ` (${plural('fr', hidden, 'autre non affichée', 'autres non affichées')})` : ''),
  newSources: (title) => `Nouvelles sources pour « ${title} »`,
  storyUpdate: (title) => `Du nouveau sur « ${title} »`,
  followUpOf: (id) => `↪ suite de l'alerte #${id}`,
  updated: (id, count) => `✎ alerte #${id} mise à jour — ${plural('fr', count, 'source')}`,

  // ── Notices to administrators ──
  goneNotice: (channelId, why) => `Vigie ne peut plus publier dans <#${channelId}> (${why}). `
    + 'Les alertes de ce salon sont désactivées ; corrigez le problème puis relancez /setup.',
  goneReasons: {
    missing_access: 'accès au salon refusé',
    missing_permissions: 'permissions manquantes : voir le salon, envoyer des messages, intégrer des liens',
    unknown_channel: 'salon introuvable',
  },
  cannotPost: (channelId, missing) => `Je ne peux pas publier dans <#${channelId}> : il me manque ${missing}. `
    + 'Accordez ces permissions puis relancez /setup.',
  permissions: { view_channel: 'voir le salon', send_messages: 'envoyer des messages', embed_links: 'intégrer des liens' },

  // ── Command replies ──
  argumentHelp: {
    keywords: 'Mots-clés séparés par des virgules (ou « tout »)',
    count: 'Combien d’alertes (10 au plus)',
    filter: 'Seulement les alertes contenant ce mot-clé',
    categories: 'Catégories à recevoir',
    time: 'Heure HH:MM, ou off pour l’envoi au fil de l’eau',
    timeZone: 'Fuseau horaire, ex. Europe/Brussels (Europe/Paris par défaut)',
    language: 'Langue des alertes et des réponses',
    channel: 'Salon où publier les alertes (celui-ci par défaut)',
    role: 'Rôle mentionné pour les alertes majeures (vide : aucun)',
    url: 'Adresse complète de l’article (https://…)',
    label: 'Ce que l’article rapporte : une cyberattaque ou une panne',
  },
  choices: { cyber: 'Cyberattaques', outage: 'Pannes informatiques', both: 'Les deux', fr: 'Français', en: 'Anglais' },
  keywordError: (code, t, l) => ({
    empty_input: 'Aucun mot-clé indiqué.',
    empty_term: `Mot-clé vide ou sans lettre : « ${t} ».`,
    too_long: `Mot-clé trop long (${l.maxLength} caractères au plus) : « ${t} ».`,
    too_many: `Trop de mots-clés : ${l.maxKeywords} au plus par conversation (exclusions comprises). Retirez-en avec /unsubscribe.`,
    bad_star: `« * » n'est permis qu'en fin de mot-clé (ransom*) : « ${t} ».`,
    too_common: `Mot trop courant pour servir de mot-clé : « ${t} ». Pour une expression, mettez-la entre guillemets ("mairie de Lyon") ou séparez les mots-clés par des virgules.`,
    prefix_too_short: `Préfixe trop court (${l.minPrefix} lettres au moins avant « * ») : « ${t} ».`,
  })[code],
  commandHelp: {
    latest: { description: 'Les dernières alertes, filtrées par mot-clé au besoin', usage: '[n] [mot-clé]' },
    subscribe: { description: "Ne recevoir que les alertes contenant ces mots-clés (-mot exclut)", usage: '<mots-clés> — ex. hôpital, "mairie de Marseille", ransom*, -exercice' },
    unsubscribe: { description: 'Retirer des mots-clés (ou tout)', usage: '<mot-clé|tout>' },
    subscriptions: { description: 'Mots-clés et réglages de cette conversation', usage: '' },
    categories: { description: 'Choisir les catégories : cyberattaques, pannes ou les deux', usage: 'cyber|panne|tout' },
    pause: { description: "Suspendre l'envoi des alertes", usage: '' },
    resume: { description: "Reprendre l'envoi des alertes", usage: '' },
    digest: { description: 'Un seul message par jour à l’heure choisie, ou off', usage: 'HH:MM [fuseau, ex. Europe/Brussels] | off' },
    lang: { description: 'Langue des réponses : fr ou en', usage: 'fr|en' },
    setup: { description: 'Publier les alertes dans un salon', usage: '[#salon]' },
    pingrole: { description: 'Rôle mentionné pour les alertes majeures, ou off', usage: '<@rôle>|off' },
    wrong: { description: 'En réponse à une alerte : la signaler comme fausse (pas un incident)', usage: '[panne|cyber] — en réponse à une alerte' },
    missed: { description: 'Signaler un article que Vigie n’a pas alerté', usage: '<adresse de l’article> [panne|cyber]' },
    status: { description: 'État de Vigie : flux suivis, flux en erreur, dernières activités', usage: '' },
    help: { description: 'Aide et réglages de cette conversation', usage: '' },
    start: { description: 'Présentation de Vigie', usage: '' },
  },
  langName: 'français',
  intro: () =>
    'Vigie surveille la presse française et signale les cyberattaques et les pannes informatiques : ' +
    'un court résumé sourcé par incident, sans doublon quand plusieurs médias en parlent.',
  gettingStarted: (capabilities) =>
    capabilities.channelChoice
      ? 'Pour commencer, un administrateur choisit le salon des alertes avec /setup salon:#canal.'
      : 'Les alertes arrivent ici dès maintenant. Filtrez-les avec /subscribe mot-clé, ou voyez les dernières avec /latest.',
  commandsHeader: 'Commandes :',
  settings,
  categoryNames,
  unknownCommand: (typed) => `Commande inconnue : ${typed}. Tapez /help pour la liste.`,
  argsTooLong: (max) => `Texte trop long : ${max} caractères au plus.`,
  adminOnly: (command) =>
    `Refusé : seuls les administrateurs peuvent utiliser /${command}, car cette commande modifie les réglages de toute la conversation.`,
  adminCheckFailed: 'Impossible de vérifier vos droits d’administrateur pour le moment. Réessayez dans un instant.',
  notOnPlatform: (command) => `/${command} n’est pas disponible sur cette plateforme.`,
  usage: (command, usage) => `Syntaxe : /${command} ${usage}`.trimEnd(),
  internalError: 'Une erreur interne a empêché de traiter la commande. Réessayez plus tard.',
  slowDown: (seconds) => `Doucement : beaucoup de commandes en peu de temps. Réessayez dans ${seconds} s, merci !`,
  privateRefusal: (leaving) => 'Bonjour, et merci de l’invitation. Cette instance de Vigie est privée : elle ne sert que les conversations '
    + `autorisées par son opérateur${leaving ? ', je me retire donc' : ''}. Pour recevoir ces alertes, vous pouvez installer votre propre Vigie.`,
  notSetUpHint: 'Ce salon ne reçoit pas encore d’alertes : un administrateur doit lancer /setup ici.',
  latestHeader: (count, filter) =>
    `${count === 1 ? 'La dernière alerte' : `Les ${count} dernières alertes`}${filter ? ` pour « ${filter} »` : ''} :`,
  latestNone: (filter) => (filter ? `Aucune alerte récente ne correspond à « ${filter} ».` : 'Aucune alerte récente pour l’instant.'),
  subscribed: (added, total) => `Ajouté : ${q(added)}. ${kw(total)} au total, exclusions comprises (/subscriptions pour la liste).`,
  alreadySubscribed: (total) => `Ces mots-clés sont déjà enregistrés (${kw(total)} au total).`,
  unsubscribed: (removed, missing, total) =>
    `Retiré : ${q(removed)}.${missing.length > 0 ? ` Introuvable : ${q(missing)}.` : ''} Il reste ${kw(total)}` +
    (total === 0 ? ' : vous recevrez toutes les alertes des catégories choisies.' : '.'),
  nothingToUnsubscribe: (missing) => `Aucun de ces mots-clés n’était enregistré : ${q(missing)}. Voir /subscriptions.`,
  unsubscribedAll: (count) =>
    `${kw(count)} retiré${count > 1 ? 's' : ''} (exclusions comprises) : vous recevrez toutes les alertes des catégories choisies.`,
  categoriesSet: (c) => `Catégories : ${categoryNames(c)}.`,
  paused: 'Alertes en pause. /resume pour les reprendre.',
  alreadyPaused: 'Les alertes sont déjà en pause. /resume pour les reprendre.',
  resumed: 'Alertes reprises.',
  alreadyRunning: 'Les alertes ne sont pas en pause.',
  langSet: 'Les réponses seront désormais en français.',
  status,
  refusalReasons: REFUSAL_REASONS,
  setupDone: (channelId, reactivated) =>
    `${reactivated ? 'Réactivé' : 'C’est fait'} : les alertes seront publiées dans <#${channelId}>. Réglez-les dans ce salon avec /subscribe et /categories.`,
  badChannel: 'Salon invalide : indiquez un salon du serveur, par exemple /setup salon:#alertes.',
  badRole: 'Rôle invalide : indiquez un rôle (@rôle ou son identifiant), ou off.',
  pingRoleSet: (roleId) => `Le rôle <@&${roleId}> sera mentionné pour les alertes majeures (gravité 3) uniquement.`,
  pingRoleOff: 'Plus aucun rôle ne sera mentionné.',
  digestSet: (time, timeZone) =>
    `Résumé quotidien activé : un seul message par jour à ${time} (${timeZone}) avec les alertes du jour. /digest off pour revenir à l’envoi au fil de l’eau.`,
  digestOff: 'Résumé quotidien désactivé : les alertes arrivent de nouveau une à une.',
  badTime: (text) => `Heure invalide : « ${text} ». Utilisez HH:MM sur 24 heures, par exemple 08:00 ou 18:30.`,
  badZone: (text) => `Fuseau horaire inconnu : « ${text} ». Utilisez un nom IANA, par exemple Europe/Paris ou America/Montreal.`,

  // ── vigie demo ──
  demoIntro: (feeds, url) => `Vigie démo : ${plural('fr', feeds, 'flux', 'flux')} d'exemple servis sur ${url}`,
  demoSummary: (r) => `Résumé : ${plural('fr', r.feeds, 'flux', 'flux')}, ${plural('fr', r.items, 'article')}, ${plural('fr', r.alerts, 'alerte')}, `
    + `${plural('fr', r.joined, 'rattachée')} à une alerte, ${plural('fr', r.duplicates, 'doublon')}, ${plural('fr', r.feedErrors, 'erreur')} de flux`,
  demoNothingNew: 'Rien de nouveau : ces articles ont déjà été annoncés (même store).',
};
