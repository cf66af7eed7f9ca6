/**
 * Proper names in an analysed sentence: capitalised words joined by "de", "d'"…, hyphenated
 * compounds ("Saint-Aubin-des-Prés", "Villeneuve-d'Ascq", "Boulogne-sur-Mer") never cut at a hyphen.
 */
import { fold } from '../text.js';
import { type Token } from '../tokens.js';
import type { SentenceInfo } from './analyse.js';
import type { AuxTerm } from './compile.js';
import type { TrieMatch } from './trie.js';

/** Lowercase words allowed inside a name ("ministère de l'Intérieur"). */
export const CONNECTORS = new Set(['de', 'du', 'des', 'd', 'l', 'la', 'le', 'sur', 'les']);
/** Capitalised words that are not names (sentence starters, days, months, countries). */
const NOT_NAMES = new Set([
  'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche', 'janvier', 'fevrier', 'mars',
  'avril', 'mai', 'juin', 'juillet', 'aout', 'septembre', 'octobre', 'novembre', 'decembre', 'france',
  'europe', 'etat', 'internet', 'selon', 'depuis', 'apres', 'avant', 'pour', 'mais', 'alors', 'ce', 'cette',
  'un', 'une', 'des', 'les', 'le', 'la', 'ces', 'il', 'elle', 'ils', 'elles', 'on', 'nous', 'vous', 'je',
  'plusieurs', 'certains', 'certaines', 'tous', 'toutes', 'aucun', 'aucune', 'dans', 'en', 'au', 'aux', 'du',
  'sur', 'par', 'avec', 'chez', 'lors', 'face', 'malgre', 'son', 'sa', 'ses', 'leur', 'leurs', 'notre', 'votre',
  'si', 'quand', 'comme', 'ainsi', 'enfin', 'puis', 'or', 'donc', 'car', 'et', 'ou', 'ni', 'cela', 'ceci',
  'voici', 'deja', 'encore', 'aussi', 'tout', 'toute', 'the', 'a', 'an', 'urgent', 'exclusif', 'video', 'info',
]);

/** Whether a token can be (part of) a name; `first`: it would open the name. */
export const isName = (t: Token | undefined, first: boolean): boolean =>
  t !== undefined && t.cap && !t.elided && !NOT_NAMES.has(t.norm) && !(first && CONNECTORS.has(t.norm));

/** Letters of a hyphen: "-", and the Unicode hyphen and non-breaking hyphen. */
const isHyphen = (c: number): boolean => c === 0x2d || c === 0x2010 || c === 0x2011;
const isApostrophe = (c: number): boolean => c === 0x27 || c === 0x2019 || c === 0x2bc;
/** Lowercase links of French place names ("-sur-", "-en-", "-lès-", "-d'"), folded. */
const PLACE_LINKS = new Set(['sur', 'sous', 'en', 'le', 'la', 'les', 'lez', 'de', 'des', 'du', 'd', 'aux', 'au', 'et']);
/** First parts that make a compound a place name on their own ("Saint-Sornin", "Sainte-Foy"). */
const PLACE_HEADS = new Set(['saint', 'sainte', 'st', 'ste']);

const hyphenBetween = (src: string, a: Token, b: Token): boolean => b.start === a.end + 1 && isHyphen(src.charCodeAt(a.end));

/** Whether tokens `j` and `j + 1` belong to one hyphenated compound. */
export function joined(src: string, tokens: readonly Token[], j: number): boolean {
  const a = tokens[j];
  const b = tokens[j + 1];
  if (a === undefined || b === undefined || b.start !== a.end + 1) return false;
  const c = src.charCodeAt(a.end);
  if (isHyphen(c)) return true;
  // "Villeneuve-d'Ascq": an elision inside a compound joins by its apostrophe (but "l'hôpital" is two words).
  const before = j > 0 ? tokens[j - 1] : undefined; // index -1 would be a slow, generic lookup
  return a.elided && isApostrophe(c) && before !== undefined && hyphenBetween(src, before, a);
}

/** First token index of the compound holding token `i` (`i` for a plain word). */
export function compoundFirst(src: string, tokens: readonly Token[], i: number): number {
  let first = i;
  while (first > 0 && joined(src, tokens, first - 1)) first -= 1;
  return first;
}

/** Last token index of the compound holding token `i` (`i` for a plain word). */
export function compoundLast(src: string, tokens: readonly Token[], i: number): number {
  let last = i;
  while (joined(src, tokens, last)) last += 1;
  return last;
}

/** Whether a token is a lowercase link of a place name ("sur", "en", "d'"). */
export const isPlaceLink = (t: Token | undefined): boolean => t !== undefined && !t.cap && PLACE_LINKS.has(t.norm);

/**
 * Whether tokens first..last form a compound shaped like a French place name: capitalised at both
 * ends and linked by "-sur-", "-en-", "-le-", "-d'"… or opening with "Saint-"/"Sainte-".
 */
export function placeShaped(tokens: readonly Token[], first: number, last: number): boolean {
  const a = tokens[first];
  const z = tokens[last];
  if (a === undefined || z === undefined || last <= first || !a.cap || !z.cap) return false;
  if (PLACE_HEADS.has(a.norm)) return true;
  for (let k = first + 1; k < last; k += 1) if (isPlaceLink(tokens[k])) return true;
  return false;
}

/**
 * Extends a name from token `i`: capitalised words joined by "de", "d'", "la"…, hyphenated compounds
 * whole. Returns the last token index.
 */
export function nameEnd(tokens: readonly Token[], i: number, src: string): number {
  let last = compoundLast(src, tokens, i);
  for (let j = last + 1; j < tokens.length; j += 1) {
    const t = tokens[j] as Token;
    if (/[,;:()!?.«»"]/.test(src.slice((tokens[j - 1] as Token).end, t.start))) break;
    if (isName(t, false)) { last = compoundLast(src, tokens, j); j = last; continue; }
    if ((CONNECTORS.has(t.norm) || t.elided) && isName(tokens[j + 1], false)) continue;
    break;
  }
  return last;
}

/** Whether match `m` covers token `i` of the sentence. */
export const covers = (s: SentenceInfo, m: { start: number; end: number }, i: number): boolean =>
  (s.stream.tokenIndex[m.start] as number) <= i && i <= (s.stream.tokenIndex[m.end - 1] as number);

/** The payload of `kind` in a match, if any. */
export const kindOf = (m: TrieMatch<AuxTerm>, kind: AuxTerm['kind']): AuxTerm | undefined => m.payloads.find((p) => p.kind === kind);

const NAME_KINDS = new Set<AuxTerm['kind']>(['knownOrg', 'place', 'actor']);

/** True when token `i` is a lexicon word rather than a name ("Espionnage", "Panne", "Sites"). */
export function termAt(s: SentenceInfo, i: number): boolean {
  return s.main.some((m) => m.payloads.some((p) => p.kind !== 'shield') && covers(s, m, i))
    || s.aux.some((m) => covers(s, m, i) && !m.payloads.some((p) => NAME_KINDS.has(p.kind))
      && m.payloads.some((p) => p.kind === 'asset' || p.kind === 'orgNoun' || p.kind === 'sectorHint'));
}

/**
 * Whether a capitalised lexicon word opens a longer name rather than being a word of its own:
 * "Télécom Azur", "Banque Rhodanienne" (not "Panne Orange": an incident term stays a term).
 */
export function opensName(s: SentenceInfo, i: number): boolean {
  const t = s.tokens[i];
  const next = s.tokens[i + 1];
  if (t === undefined || next === undefined || !isName(t, true) || !isName(next, false) || termAt(s, i + 1)) return false;
  if (!/^\s+$/.test(s.src.slice(t.end, next.start))) return false;
  return !s.main.some((m) => covers(s, m, i) && m.payloads.some((p) => p.kind === 'attack' || p.kind === 'outage'));
}

/** Whether token `i` is a lexicon word, not the start of a name. */
export const wordAt = (s: SentenceInfo, i: number): boolean => termAt(s, i) && !opensName(s, i);

/** Token indexes of the first and last word a match covers. */
export function matchTokens(s: SentenceInfo, m: { start: number; end: number }): { first: number; last: number } {
  return { first: s.stream.tokenIndex[m.start] as number, last: s.stream.tokenIndex[m.end - 1] as number };
}

/**
 * Whether a name match is written as one of its forms: the trie matches stems, so "Saintes" meets
 * "Saint" and "Azure" meets "Azur"; names do not inflect, their folded text must be a listed form.
 */
export function writtenAs(s: SentenceInfo, m: { start: number; end: number }, forms: ReadonlySet<string>): boolean {
  const { first, last } = matchTokens(s, m);
  return forms.has(fold(s.src.slice((s.tokens[first] as Token).start, (s.tokens[last] as Token).end)));
}
