/** French and English wording of Discord alerts and notices (the command layer words its own replies). */
import type { AttackSubtype, Cause, Lang, OutageSubtype } from '../../core/types.js';

/** Every piece of text an alert embed or an admin notice needs, in one language. */
export interface DiscordLabels {
  cyberattack: string;
  outage: string;
  victim: string;
  sector: string;
  place: string;
  source: string;
  severity: (n: 1 | 2 | 3) => string;
  cause: Record<Cause, string>;
  alsoReported: (names: string, count: number) => string;
  subtypes: Partial<Record<AttackSubtype | OutageSubtype, string>>;
  /** Posted once when a destination channel can no longer receive alerts. */
  goneNotice: (channelId: string, why: string) => string;
  goneReasons: Record<'missing_access' | 'missing_permissions' | 'unknown_channel', string>;
  /** Refusal when the bot cannot post in the channel chosen with /setup. */
  cannotPost: (channelId: string, missing: string) => string;
  /** Names of the permissions the bot needs in an alert channel. */
  permissions: Partial<Record<string, string>>;
}

const FR: DiscordLabels = {
  cyberattack: 'Cyberattaque',
  outage: 'Panne informatique',
  victim: 'Victime',
  sector: 'Secteur',
  place: 'Lieu',
  source: 'Source',
  severity: (n) => `gravité ${n}/3`,
  cause: {
    confirmed: 'Cause : cyberattaque confirmée',
    suspected: '⚠️ Cause non confirmée : une cyberattaque est soupçonnée',
    denied: 'Cause : la piste d’une cyberattaque est écartée',
  },
  alsoReported: (names, count) => `Également rapporté par : ${names} — ${count} sources`,
  subtypes: {
    ransomware: 'rançongiciel', ddos: 'attaque DDoS', data_breach: 'fuite de données', intrusion: 'intrusion',
    phishing: 'hameçonnage', defacement: 'défiguration de site', espionage: 'espionnage',
    service_down: 'service indisponible', network: 'panne réseau', hosting_cloud: 'hébergement / cloud',
    telecom: 'télécoms', payment: 'paiement', power_fire: 'incendie / électricité', software_bug: 'bug logiciel',
  },
  goneNotice: (channelId, why) => `Vigie ne peut plus publier dans <#${channelId}> (${why}). `
    + 'Les alertes de ce salon sont désactivées ; corrigez cela puis relancez /setup.',
  goneReasons: {
    missing_access: 'accès au salon refusé',
    missing_permissions: 'permissions manquantes : voir le salon, envoyer des messages, intégrer des liens',
    unknown_channel: 'salon introuvable',
  },
  cannotPost: (channelId, missing) => `Je ne peux pas publier dans <#${channelId}> : il me manque ${missing}. `
    + 'Accordez ces permissions puis relancez /setup.',
  permissions: { ViewChannel: 'voir le salon', SendMessages: 'envoyer des messages', EmbedLinks: 'intégrer des liens' },
};

const EN: DiscordLabels = {
  cyberattack: 'Cyberattack',
  outage: 'IT outage',
  victim: 'Victim',
  sector: 'Sector',
  place: 'Place',
  source: 'Source',
  severity: (n) => `severity ${n}/3`,
  cause: {
    confirmed: 'Cause: confirmed cyberattack',
    suspected: '⚠️ Unconfirmed cause: a cyberattack is suspected',
    denied: 'Cause: a cyberattack has been ruled out',
  },
  alsoReported: (names, count) => `Also reported by: ${names} — ${count} sources`,
  subtypes: {
    ransomware: 'ransomware', ddos: 'DDoS attack', data_breach: 'data breach', intrusion: 'intrusion',
    phishing: 'phishing', defacement: 'defacement', espionage: 'espionage',
    service_down: 'service down', network: 'network outage', hosting_cloud: 'hosting / cloud',
    telecom: 'telecoms', payment: 'payments', power_fire: 'fire / power', software_bug: 'software bug',
  },
  goneNotice: (channelId, why) => `Vigie can no longer post in <#${channelId}> (${why}). `
    + 'Alerts for that channel are turned off; fix it and run /setup again.',
  goneReasons: {
    missing_access: 'access to the channel denied',
    missing_permissions: 'missing permissions: view channel, send messages, embed links',
    unknown_channel: 'channel not found',
  },
  cannotPost: (channelId, missing) => `I cannot post in <#${channelId}>: I lack ${missing}. `
    + 'Grant them and run /setup again.',
  permissions: { ViewChannel: 'View Channel', SendMessages: 'Send Messages', EmbedLinks: 'Embed Links' },
};

/** The labels of one language. */
export function labels(lang: Lang): DiscordLabels {
  return lang === 'en' ? EN : FR;
}
