/** French replies of the command layer (the default language). */
import type { Destination, IncidentCategory, Platform } from '../../core/types.js';
import type { StatusInfo } from '../../ports.js';
import { quoteList, type TimeFormatter } from './format.js';
import type { Messages } from './messages.js';

const q = (terms: readonly string[]): string => quoteList('fr', terms);
const kw = (n: number): string => (n <= 1 ? `${n} mot-clé` : `${n} mots-clés`);

function categoryNames(c: Record<IncidentCategory, boolean>): string {
  if (c.cyberattack && c.outage) return 'cyberattaques et pannes informatiques';
  if (c.cyberattack) return 'cyberattaques seulement';
  if (c.outage) return 'pannes informatiques seulement';
  return 'aucune';
}

function settings(d: Destination): string {
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
  if (d.platform === 'discord') lines.push(`• Rôle mentionné pour les alertes majeures : ${d.pingRoleId ? `<@&${d.pingRoleId}>` : 'aucun'}`);
  return lines.join('\n');
}

function status(info: StatusInfo, at: TimeFormatter): string {
  const lines = [
    `Flux suivis : ${info.feeds}`,
    `Flux en erreur : ${info.failingFeeds.length}`,
    ...info.failingFeeds.slice(0, 10).map((f) => `  • ${f.id} : ${f.error}`),
  ];
  if (info.failingFeeds.length > 10) lines.push(`  … et ${info.failingFeeds.length - 10} autres`);
  lines.push(`Dernier cycle : ${info.lastCycleAt === undefined ? 'pas encore' : at(info.lastCycleAt)}`);
  lines.push(`Dernière alerte : ${info.lastAlertAt === undefined ? 'aucune pour l’instant' : at(info.lastAlertAt)}`);
  return lines.join('\n');
}

/** French replies. */
export const fr: Messages = {
  langName: 'français',
  intro: () =>
    'Vigie surveille la presse française et signale les cyberattaques et les pannes informatiques : ' +
    'un court résumé sourcé par incident, sans doublon quand plusieurs médias en parlent.',
  gettingStarted: (platform: Platform) =>
    platform === 'discord'
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
};
