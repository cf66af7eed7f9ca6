/**
 * Follow-ups (pure): what to do when an item joins an existing story. A plain new outlet edits
 * the original message ("Également rapporté par …"); an item that changes the story is posted as
 * a reply to it.
 *
 * Edit coalescing: a storm of joining items makes at most one edit per minute per message. When
 * `shouldEditNow` says no, the caller records the new source on the alert and schedules one pending
 * edit at `nextEditAt`; every source joining meanwhile is added to the same alert, so that single
 * edit, rendered from the alert when it runs, shows all of them.
 */
import { fold } from './text.js';
import type { AlertSource, Classification } from './types.js';

/** How a joining item changes the story. */
export type FollowUpChange = 'cause_confirmed' | 'cause_denied' | 'restored' | 'claimed' | 'data_published';

/** What to do with a joining item. */
export interface FollowUpDecision {
  action: 'edit' | 'reply' | 'none';
  /** For replies: the most important change the item brings. */
  change?: FollowUpChange;
  /** Why, for logs ("new source: Le Monde", "claimed: lockbit"). */
  note: string;
}

/** The story as it stands: its alert's classification, sources and the text of its first item. */
export interface StoryState {
  classification: Classification;
  sources: readonly AlertSource[];
  /** Title and text of the alert's own item: changes it already reported are not news. */
  text?: string;
  /** Changes already posted as replies to this story. */
  announced?: readonly FollowUpChange[];
}

/** The item joining the story. */
export interface JoiningItem {
  itemId: string;
  source: string;
  classification: Classification;
  /** Title and text of the item. */
  text: string;
}

// Folded phrases (see `fold`). A negation among the three words before a phrase cancels it.
const RESTORED = [
  'retabli', 'retablie', 'retablis', 'retablies', 'retour a la normale', 'revenu a la normale',
  'revenue a la normale', 'revenus a la normale', 'de nouveau accessible', 'a nouveau accessible',
  'de nouveau accessibles', 'a nouveau accessibles', 'de nouveau disponible', 'a nouveau disponible',
  'de nouveau operationnel', 'a nouveau operationnel', 'fonctionne de nouveau', 'fonctionne a nouveau',
  'fonctionnent de nouveau', 'fonctionnent a nouveau', 'remis en service', 'remise en service',
  'back online', 'service restored', 'services restored', 'fully restored', 'has been restored',
];
const CLAIMED = [
  'revendique', 'revendiquee', 'revendiques', 'revendiquees', 'revendiquent', 'revendication',
  'revendiquant', 'claimed responsibility', 'claims responsibility', 'claimed the attack', 'claims the attack',
];
const DATA_PUBLISHED = [
  'donnees publiees', 'donnees ont ete publiees', 'publie les donnees', 'publie des donnees',
  'donnees divulguees', 'donnees ont ete divulguees', 'donnees mises en ligne', 'fichiers publies',
  'documents publies', 'leak site', 'site de fuite', 'site vitrine', 'data published', 'published the data',
];
// Weaker phrases that count only when the text speaks of data or files.
const DATA_PUBLISHED_WEAK = ['mises en ligne', 'mis en ligne', 'divulguees', 'divulgues'];
const DATA_WORDS = /(?:^|\s)(?:donnees|fichiers|documents|informations personnelles|data)(?=$|\s)/;
const NEGATIONS: ReadonlySet<string> = new Set(['pas', 'jamais', 'aucune', 'aucun', 'non', 'not', 'no', 'sans', 'ni']);

/** A phrase list's matchers on folded text (see `mentions`). */
interface Matcher {
  /** A phrase with up to three words before it (group 1). */
  re: RegExp;
  /** A phrase alone: what any match of `re` holds, found without trying the words before every space. */
  any: RegExp;
}

/** The matchers of a list of folded phrases. */
function matcher(phrases: readonly string[]): Matcher {
  const alternatives = phrases.join('|');
  return {
    re: new RegExp(`(?:^|\\s)((?:[a-z0-9']+\\s){0,3})(?:${alternatives})(?=$|\\s)`, 'g'),
    any: new RegExp(`(?:^|\\s)(?:${alternatives})(?=$|\\s)`),
  };
}

/** Whether folded text contains a phrase not negated by one of the three words before it. */
function mentions(folded: string, { re, any }: Matcher): boolean {
  // Most texts hold none of the phrases: one quick pass says so (every match of `re` is one of `any`).
  if (!any.test(folded)) return false;
  for (const m of folded.matchAll(re)) {
    const before = (m[1] ?? '').trim().split(/\s+/);
    if (!before.some((w) => NEGATIONS.has(w) || w.startsWith("n'"))) return true;
  }
  return false;
}

const RE_RESTORED = matcher(RESTORED);
const RE_CLAIMED = matcher(CLAIMED);
const RE_PUBLISHED = matcher(DATA_PUBLISHED);
const RE_PUBLISHED_WEAK = matcher(DATA_PUBLISHED_WEAK);

/** Changes a text reports, from its words alone (restoration, claim, data publication). */
export function textChanges(text: string): FollowUpChange[] {
  const folded = fold(text);
  const out: FollowUpChange[] = [];
  if (mentions(folded, RE_RESTORED)) out.push('restored');
  if (mentions(folded, RE_CLAIMED)) out.push('claimed');
  if (mentions(folded, RE_PUBLISHED) || (DATA_WORDS.test(folded) && mentions(folded, RE_PUBLISHED_WEAK))) {
    out.push('data_published');
  }
  return out;
}

/** A change of cause between the story's classification and the joining item's, if any. */
function causeChange(story: Classification, item: Classification): FollowUpChange | undefined {
  const storyIsAttack = story.category === 'cyberattack' && story.cause !== 'suspected' && story.cause !== 'denied';
  if (item.category === 'cyberattack' && item.cause === 'confirmed' && !storyIsAttack) return 'cause_confirmed';
  if (item.cause === 'denied' && story.cause !== 'denied') return 'cause_denied';
  return undefined;
}

// Most important first: the one a reply is about when an item brings several.
const PRIORITY: readonly FollowUpChange[] = ['cause_confirmed', 'cause_denied', 'claimed', 'data_published', 'restored'];

/** Folded actor names of a classification. */
const actorsOf = (c: Classification): Set<string> => new Set(c.entities.actors.map((a) => fold(a)));

/**
 * Decides a joining item's follow-up: `reply` when it changes the story (cause confirmed or denied,
 * service restored, claim of responsibility or a newly named actor, data published) and the change
 * was neither in the alert's own item nor announced before; else `edit` for a new outlet; `none`
 * for an outlet or item already listed.
 */
export function decideFollowUp(story: StoryState, item: JoiningItem): FollowUpDecision {
  const already = new Set<FollowUpChange>([...(story.announced ?? []), ...textChanges(story.text ?? '')]);
  const changes = new Set<FollowUpChange>(textChanges(item.text));
  const cause = causeChange(story.classification, item.classification);
  if (cause !== undefined) changes.add(cause);
  const known = actorsOf(story.classification);
  const newActors = [...actorsOf(item.classification)].filter((a) => !known.has(a));
  if (newActors.length > 0) changes.add('claimed');
  const change = PRIORITY.find((c) => changes.has(c) && !already.has(c));
  if (change !== undefined) {
    const detail = change === 'claimed' && newActors.length > 0 ? `: ${newActors.join(', ')}` : '';
    return { action: 'reply', change, note: `${change.replace('_', ' ')}${detail} (${item.source})` };
  }
  const outlet = fold(item.source);
  const listed = story.sources.some((s) => s.itemId === item.itemId || fold(s.source) === outlet);
  if (listed) return { action: 'none', note: `already listed: ${item.source}` };
  return { action: 'edit', note: `new source: ${item.source}` };
}

/** Whether a story's message may be edited now: never edited, or last edited at least `minIntervalMs` ago. */
export function shouldEditNow(lastEditAt: number | undefined, now: number, minIntervalMs = 60_000): boolean {
  return lastEditAt === undefined || now - lastEditAt >= minIntervalMs;
}

/** When the pending (coalesced) edit of a story's message is due: now, or once the minimum interval has passed. */
export function nextEditAt(lastEditAt: number | undefined, now: number, minIntervalMs = 60_000): number {
  return shouldEditNow(lastEditAt, now, minIntervalMs) ? now : (lastEditAt as number) + minIntervalMs;
}
