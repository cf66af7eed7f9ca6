/**
 * What a folded sentence says, for the summariser: how many informative words it holds, whether
 * it explains a cause or an outcome, and the content words it shares with another sentence.
 */

import { codeAt } from '../text.js';

/** Words that make a sentence informative for an incident alert: folded words starting with these. */
export const INFORMATIVE_PREFIXES: readonly string[] = ['cyberattaq', 'attaq', 'pirat', 'hack', 'rancon', 'ransomware', 'ddos', 'deni', 'fuite',
  'donnees', 'panne', 'incident', 'inaccessib', 'indisponib', 'perturb', 'hors', 'retabl', 'victime', 'serveur', 'reseau',
  'origine', 'cause', 'enquete', 'revendiq', 'paralys', 'coupure', 'incendie', 'operateur', 'clients', 'usagers', 'abonnes',
  'millions', 'intrusion', 'messagerie', 'systeme', 'technique', 'informatique', 'urgences', 'cyber'];
/** Words of sentences that explain the cause or the outcome (worth more than colour). */
export const EXPLAINS: readonly string[] = ['origine', 'cause', 'raison', 'provoqu', 'confirm', 'revendiq', 'ecart', 'exclu', 'selon', 'expliqu',
  'retabli', 'resolu'];

/** Prefix length looked up first (as a number, so that no string is cut per word). */
const PREFIX = 4;

/** Numeric key of the PREFIX characters of `s` from `at` (folded text is ASCII). */
function headKey(s: string, at: number): number {
  let key = 0;
  for (let i = at; i < at + PREFIX; i += 1) key = key * 128 + (codeAt(s, i) & 127);
  return key;
}

/** The prefixes sharing a head: informative ones by index (their bit in the `seen` masks), explaining ones. */
interface Head { informative: { prefix: string; index: number }[]; explains: string[] }
const HEADS = new Map<number, Head>();
/** Whether some prefix opens with these two characters (indexed by their codes' low 7 bits): most words stop here. */
const OPENINGS = new Uint8Array(128 * 128);
const headOf = (p: string): Head => {
  OPENINGS[(p.charCodeAt(0) & 127) * 128 + (p.charCodeAt(1) & 127)] = 1;
  const key = headKey(p, 0);
  let head = HEADS.get(key);
  if (!head) HEADS.set(key, head = { informative: [], explains: [] });
  return head;
};
INFORMATIVE_PREFIXES.forEach((prefix, index) => headOf(prefix).informative.push({ prefix, index }));
for (const p of EXPLAINS) headOf(p).explains.push(p);

/** Distinct informative prefixes among the words of a folded sentence, and whether a word explains a cause or an outcome. */
export interface WordFacts { informative: number; explains: boolean }

/**
 * Reads the words of a folded sentence in place, each from after its last apostrophe
 * ("l'incident" is read as "incident"); words shorter than the prefix length are skipped.
 */
export function wordFacts(folded: string, out: WordFacts): void {
  let low = 0; // seen informative prefixes, by index: bits 0–29 here, the rest in `high`
  let high = 0;
  let informative = 0;
  let explains = false;
  const n = folded.length;
  let apostrophe = folded.indexOf("'");
  if (apostrophe < 0) apostrophe = n;
  for (let at = 0; at < n;) {
    let end = folded.indexOf(' ', at);
    if (end < 0) end = n;
    let from = at;
    if (apostrophe < end) { // read from after the word's last apostrophe
      from = folded.lastIndexOf("'", end - 1) + 1;
      apostrophe = folded.indexOf("'", end);
      if (apostrophe < 0) apostrophe = n;
    }
    const head = end - from >= PREFIX && OPENINGS[(codeAt(folded, from) & 127) * 128 + (codeAt(folded, from + 1) & 127)] === 1
      ? HEADS.get(headKey(folded, from)) : undefined;
    if (head !== undefined) {
      for (const { prefix, index } of head.informative) {
        const bit = 1 << (index % 30);
        const seen = index < 30 ? low : high;
        if ((seen & bit) !== 0 || !folded.startsWith(prefix, from)) continue;
        if (index < 30) low |= bit;
        else high |= bit;
        informative += 1;
      }
      if (!explains) for (const p of head.explains) if (folded.startsWith(p, from)) { explains = true; break; }
    }
    at = end + 1;
  }
  out.informative = informative;
  out.explains = explains;
}

const STOP = new Set(['dans', 'avec', 'pour', 'sont', 'leur', 'leurs', 'cette', 'plus', 'tous', 'tout', 'aussi', 'depuis', 'selon']);

/** Content words of a folded sentence: words of four characters or more that are not stopwords. */
export function contentWords(folded: string): Set<string> {
  const out = new Set<string>();
  const n = folded.length;
  for (let at = 0; at <= n;) {
    let end = folded.indexOf(' ', at);
    if (end < 0) end = n;
    if (end - at >= 4) {
      const w = folded.slice(at, end);
      if (!STOP.has(w)) out.add(w);
    }
    at = end + 1;
  }
  return out;
}

/** Share of the smaller set's words found in the other (0 when it is empty). */
export function overlap(wa: ReadonlySet<string>, wb: ReadonlySet<string>): number {
  const [small, big] = wa.size <= wb.size ? [wa, wb] : [wb, wa];
  if (small.size === 0) return 0;
  let common = 0;
  for (const w of small) if (big.has(w)) common += 1;
  return common / small.size;
}
