/** Vigie in English (after `/lang en`). */
import type { RefusalKind } from '../delivery-types.js';
import type { StatusInfo } from '../platform.js';
import type { AttackSubtype, Destination, IncidentCategory, OutageSubtype } from '../types.js';
import { plural, quoteList, type TimeFormatter } from './format.js';
import type { RefusalView, Vocabulary } from './words.js';

const q = (terms: readonly string[]): string => quoteList('en', terms);
const kw = (n: number): string => plural('en', n, 'keyword');

const SUBTYPES: Record<Exclude<AttackSubtype | OutageSubtype, 'other'>, string> = {
  ransomware: 'ransomware', ddos: 'denial of service (DDoS)', data_breach: 'data breach', intrusion: 'intrusion',
  phishing: 'phishing', defacement: 'website defacement', espionage: 'espionage',
  service_down: 'service down', network: 'network outage', hosting_cloud: 'hosting / cloud',
  telecom: 'telecoms', payment: 'payments', power_fire: 'power / fire', software_bug: 'software bug',
};

function categoryNames(c: Record<IncidentCategory, boolean>): string {
  if (c.cyberattack && c.outage) return 'cyberattacks and IT outages';
  if (c.cyberattack) return 'cyberattacks only';
  if (c.outage) return 'IT outages only';
  return 'none';
}

function settings(d: Destination, capabilities: { roles: boolean }): string {
  const state = !d.active ? 'inactive (no alerts sent)' : d.paused ? 'paused (/resume to resume)' : 'active';
  const lines = [
    "This chat's settings:",
    `• State: ${state}`,
    `• Categories: ${categoryNames(d.categories)}`,
    `• Keywords: ${d.keywords.length > 0 ? q(d.keywords) : 'none (every alert of the chosen categories)'}`,
    `• Exclusions: ${d.exclusions.length > 0 ? q(d.exclusions) : 'none'}`,
    `• Delivery: ${d.digest ? `daily digest at ${d.digest.time} (${d.digest.timeZone})` : 'as they come'}`,
    '• Language: English',
  ];
  if (capabilities.roles) lines.push(`• Role mentioned on major alerts: ${d.pingRoleId ? `<@&${d.pingRoleId}>` : 'none'}`);
  return lines.join('\n');
}

const REFUSAL_REASONS: Record<RefusalKind, string> = {
  rights: 'Vigie may no longer post in this chat: an administrator must give it back the right to send messages',
  topic_closed: 'the topic Vigie posts in is closed: an administrator must reopen it',
  restricted: 'this chat does not accept Vigie\'s messages for now (member restrictions)',
  slow_mode: 'the chat\'s slow mode delays the messages',
};

/** "5 min", "2 h", "2 h 5 min". */
function minutes(n: number): string {
  if (n < 60) return `${n} min`;
  const m = n % 60;
  return m === 0 ? `${Math.floor(n / 60)} h` : `${Math.floor(n / 60)} h ${m} min`;
}

function refusalLines(r: RefusalView, at: TimeFormatter): string[] {
  return [
    `⚠ Alerts on hold: ${REFUSAL_REASONS[r.kind]}.`,
    `  Refused since ${at(r.since)}; next try in ${minutes(r.retryInMinutes)}. The alerts are kept and will go out once this is fixed.`,
  ];
}

function status(info: StatusInfo, at: TimeFormatter, refusal?: RefusalView): string {
  const lines = [
    ...(refusal ? refusalLines(refusal, at) : []),
    `Feeds polled: ${info.feeds}`,
    `Failing feeds: ${info.failingFeeds.length}`,
    ...info.failingFeeds.slice(0, 10).map((f) => `  • ${f.id}: ${f.error}`),
  ];
  if (info.failingFeeds.length > 10) lines.push(`  … and ${info.failingFeeds.length - 10} more`);
  lines.push(`Last cycle: ${info.lastCycleAt === undefined ? 'not yet' : at(info.lastCycleAt)}`);
  lines.push(`Last alert: ${info.lastAlertAt === undefined ? 'none so far' : at(info.lastAlertAt)}`);
  return lines.join('\n');
}

/** English words. */
export const en: Vocabulary = {
  // ── Alerts ──
  category: (c) => (c === 'cyberattack' ? 'Cyberattack' : 'IT outage'),
  subtype: (s) => (s === 'other' ? undefined : SUBTYPES[s]),
  cause: (c) => ({ confirmed: 'Attack confirmed', suspected: 'Attack not confirmed', denied: 'Attack ruled out' })[c],
  causeSentence: (c) => ({
    confirmed: 'Cause: confirmed cyberattack',
    suspected: 'Unconfirmed cause: a cyberattack is suspected',
    denied: 'Cause: a cyberattack has been ruled out',
  })[c],
  severity: (n) => `severity ${n}/3`,
  major: 'major',
  victim: 'Victim',
  sector: 'Sector',
  place: 'Place',
  source: 'Source',
  why: 'Why',
  labelled: (label, value) => `${label}: ${value}`,
  readArticle: 'Read the article',
  sources: (n) => plural('en', n, 'source'),
  alsoReported: (names, count) => `Also reported by: ${names} — ${plural('en', count, 'source')}`,
  digestHeading: (count, hidden) => `Vigie digest: ${plural('en', count, 'alert')} since the last digest`
    + (hidden > 0 ? ` (${hidden} more not shown)` : ''),
  newSources: (title) => `New sources for "${title}"`,
  storyUpdate: (title) => `Update on "${title}"`,
  followUpOf: (id) => `↪ follow-up of alert #${id}`,
  updated: (id, count) => `✎ alert #${id} updated — ${plural('en', count, 'source')}`,

  // ── Notices to administrators ──
  goneNotice: (channelId, why) => `Vigie can no longer post in <#${channelId}> (${why}). `
    + 'Alerts for that channel are turned off; fix it and run /setup again.',
  goneReasons: {
    missing_access: 'access to the channel denied',
    missing_permissions: 'missing permissions: view channel, send messages, embed links',
    unknown_channel: 'channel not found',
  },
  cannotPost: (channelId, missing) => `I cannot post in <#${channelId}>: I lack ${missing}. `
    + 'Grant them and run /setup again.',
  permissions: { view_channel: 'View Channel', send_messages: 'Send Messages', embed_links: 'Embed Links' },

  // ── Command replies ──
  argumentHelp: {
    keywords: 'Comma-separated keywords (or "all")',
    count: 'How many alerts (10 at most)',
    filter: 'Only alerts containing this keyword',
    categories: 'Categories to receive',
    time: 'Time HH:MM, or off to post alerts as they come',
    timeZone: 'Time zone, e.g. Europe/Brussels (default Europe/Paris)',
    language: 'Language of alerts and replies',
    channel: 'Channel to post alerts in (this one by default)',
    role: 'Role mentioned on major alerts (empty: none)',
    url: 'The article’s full address (https://…)',
    label: 'What the article reports: a cyberattack or an outage',
  },
  choices: { cyber: 'Cyberattacks', outage: 'IT outages', both: 'Both', fr: 'French', en: 'English' },
  keywordError: (code, t, l) => ({
    empty_input: 'No keyword given.',
    empty_term: `Empty keyword or one without letters: "${t}".`,
    too_long: `Keyword too long (at most ${l.maxLength} characters): "${t}".`,
    too_many: `Too many keywords: at most ${l.maxKeywords} per chat (exclusions included). Remove some with /unsubscribe.`,
    bad_star: `"*" is only allowed at the end of a keyword (ransom*): "${t}".`,
    too_common: `Word too common to be a keyword: "${t}". For a phrase, quote it ("mairie de Lyon") or separate keywords with commas.`,
    prefix_too_short: `Prefix too short (at least ${l.minPrefix} letters before "*"): "${t}".`,
  })[code],
  commandHelp: {
    latest: { description: 'The latest alerts, optionally filtered by keyword', usage: '[n] [keyword]' },
    subscribe: { description: 'Only receive alerts containing these keywords (-word excludes)', usage: '<keywords> — e.g. hôpital, "mairie de Marseille", ransom*, -exercice' },
    unsubscribe: { description: 'Remove keywords (or all of them)', usage: '<keyword|all>' },
    subscriptions: { description: "This chat's keywords and settings", usage: '' },
    categories: { description: 'Choose categories: cyberattacks, outages or both', usage: 'cyber|outage|all' },
    pause: { description: 'Stop sending alerts for now', usage: '' },
    resume: { description: 'Resume sending alerts', usage: '' },
    digest: { description: 'One message a day at the chosen time, or off', usage: 'HH:MM [time zone, e.g. Europe/Brussels] | off' },
    lang: { description: 'Reply language: fr or en', usage: 'fr|en' },
    setup: { description: 'Post alerts in a channel', usage: '[#channel]' },
    pingrole: { description: 'Role mentioned on major alerts, or off', usage: '<@role>|off' },
    wrong: { description: 'As a reply to an alert: report it as wrong (not an incident)', usage: '[outage|cyber] — as a reply to an alert' },
    missed: { description: 'Report an article Vigie did not alert', usage: '<article URL> [outage|cyber]' },
    status: { description: "Vigie's state: feeds polled, failing feeds, latest activity", usage: '' },
    help: { description: "Help and this chat's settings", usage: '' },
    start: { description: 'What Vigie does', usage: '' },
  },
  langName: 'English',
  intro: () =>
    'Vigie watches the French press and reports cyberattacks and IT outages: one short sourced summary ' +
    'per incident, without duplicates when several outlets cover it.',
  gettingStarted: (capabilities) =>
    capabilities.channelChoice
      ? 'To start, an administrator chooses the alert channel with /setup channel:#name.'
      : 'Alerts arrive here from now on. Filter them with /subscribe keyword, or see the latest with /latest.',
  commandsHeader: 'Commands:',
  settings,
  categoryNames,
  unknownCommand: (typed) => `Unknown command: ${typed}. Type /help for the list.`,
  argsTooLong: (max) => `Text too long: at most ${max} characters.`,
  adminOnly: (command) =>
    `Refused: only administrators may use /${command}, because it changes the settings of the whole chat.`,
  adminCheckFailed: 'Could not check your administrator rights right now. Try again in a moment.',
  notOnPlatform: (command) => `/${command} is not available on this platform.`,
  usage: (command, usage) => `Usage: /${command} ${usage}`.trimEnd(),
  internalError: 'An internal error prevented this command from running. Try again later.',
  slowDown: (seconds) => `Easy there: many commands in a short time. Please try again in ${seconds} s, thank you!`,
  privateRefusal: (leaving) => 'Hello, and thank you for the invitation. This Vigie is private: it only serves the chats its operator '
    + `allowed${leaving ? ', so it is leaving' : ''}. To receive these alerts, you can run a Vigie of your own.`,
  notSetUpHint: 'This channel does not receive alerts yet: an administrator must run /setup here.',
  latestHeader: (count, filter) =>
    `${count === 1 ? 'The latest alert' : `The ${count} latest alerts`}${filter ? ` for "${filter}"` : ''}:`,
  latestNone: (filter) => (filter ? `No recent alert matches "${filter}".` : 'No recent alert yet.'),
  subscribed: (added, total) => `Added: ${q(added)}. ${kw(total)} in all, exclusions included (/subscriptions to list them).`,
  alreadySubscribed: (total) => `These keywords are already registered (${kw(total)} in all).`,
  unsubscribed: (removed, missing, total) =>
    `Removed: ${q(removed)}.${missing.length > 0 ? ` Not found: ${q(missing)}.` : ''} ${kw(total)} left` +
    (total === 0 ? ': you will receive every alert of the chosen categories.' : '.'),
  nothingToUnsubscribe: (missing) => `None of these keywords was registered: ${q(missing)}. See /subscriptions.`,
  unsubscribedAll: (count) => `${kw(count)} removed (exclusions included): you will receive every alert of the chosen categories.`,
  categoriesSet: (c) => `Categories: ${categoryNames(c)}.`,
  paused: 'Alerts paused. /resume to resume them.',
  alreadyPaused: 'Alerts are already paused. /resume to resume them.',
  resumed: 'Alerts resumed.',
  alreadyRunning: 'Alerts are not paused.',
  langSet: 'Replies will now be in English.',
  status,
  refusalReasons: REFUSAL_REASONS,
  setupDone: (channelId, reactivated) =>
    `${reactivated ? 'Reactivated' : 'Done'}: alerts will be posted in <#${channelId}>. Tune them in that channel with /subscribe and /categories.`,
  badChannel: 'Invalid channel: give a channel of this server, e.g. /setup channel:#alerts.',
  badRole: 'Invalid role: give a role (@role or its id), or off.',
  pingRoleSet: (roleId) => `Role <@&${roleId}> will be mentioned on major alerts (severity 3) only.`,
  pingRoleOff: 'No role will be mentioned any more.',
  digestSet: (time, timeZone) =>
    `Daily digest on: one message a day at ${time} (${timeZone}) with the day's alerts. /digest off to get alerts as they come.`,
  digestOff: 'Daily digest off: alerts arrive one by one again.',
  badTime: (text) => `Invalid time: "${text}". Use 24-hour HH:MM, e.g. 08:00 or 18:30.`,
  badZone: (text) => `Unknown time zone: "${text}". Use an IANA name, e.g. Europe/Paris or America/Montreal.`,

  // ── vigie demo ──
  demoIntro: (feeds, url) => `Vigie demo: ${plural('en', feeds, 'sample feed')} served on ${url}`,
  demoSummary: (r) => `Summary: ${plural('en', r.feeds, 'feed')}, ${plural('en', r.items, 'item')}, ${plural('en', r.alerts, 'alert')}, `
    + `${r.joined} joined to an alert, ${plural('en', r.duplicates, 'duplicate')}, ${plural('en', r.feedErrors, 'feed error')}`,
  demoNothingNew: 'Nothing new: these items were already announced (same store).',
};
