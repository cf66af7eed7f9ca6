/**
 * The victim of an incident: the organisation attacked or down, found from head nouns ("mairie
 * de …"), well-known organisations, victim cues ("chez X", "X victime de …") and IT-asset owners.
 */
import { fold, type Token } from '../text.js';
import type { SentenceInfo } from './analyse.js';
import type { AuxTerm, CompiledLexicon } from './compile.js';
import type { TrieMatch } from './trie.js';

/** A possible victim name, with where it was found. */
export interface Candidate {
  name: string;
  sector?: string;
  score: number;
  sentence: SentenceInfo;
  /** Org-noun or acronym names listed together ("le Tribunal …, l'ANSM et le Conseil d'État"). */
  listable: boolean;
  start: number;
  end: number;
}

const CONNECTORS = new Set(['de', 'du', 'des', 'd', 'l', 'la', 'le', 'sur', 'les']);
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
const DESCRIPTORS = new Set(['prestataire', 'hebergeur', 'operateur', 'groupe', 'societe', 'entreprise', 'geant',
  'fournisseur', 'editeur', 'site', 'plateforme', 'enseigne', 'specialiste', 'constructeur', 'laboratoire', 'chaine']);

const isName = (t: Token | undefined, first: boolean): boolean =>
  t !== undefined && t.cap && !t.elided && !NOT_NAMES.has(t.norm) && !(first && CONNECTORS.has(t.norm));

/** Extends a name from token `i`: capitalised words, joined by "de", "d'", "la"… Returns the last token index. */
function nameEnd(tokens: readonly Token[], i: number, src: string): number {
  let last = i;
  for (let j = i + 1; j < tokens.length; j += 1) {
    const t = tokens[j] as Token;
    if (/[,;:()!?.«»"]/.test(src.slice((tokens[j - 1] as Token).end, t.start))) break;
    if (isName(t, false)) { last = j; continue; }
    if ((CONNECTORS.has(t.norm) || t.elided) && isName(tokens[j + 1], false)) continue;
    break;
  }
  return last;
}

const covers = (s: SentenceInfo, m: { start: number; end: number }, i: number): boolean =>
  (s.stream.tokenIndex[m.start] as number) <= i && i <= (s.stream.tokenIndex[m.end - 1] as number);
const NAME_KINDS = new Set<AuxTerm['kind']>(['knownOrg', 'place', 'actor']);

/** True when token `i` is a lexicon word rather than a name ("Espionnage", "Panne", "Sites"). */
function termAt(s: SentenceInfo, i: number): boolean {
  return s.main.some((m) => m.payloads.some((p) => p.kind !== 'shield') && covers(s, m, i))
    || s.aux.some((m) => covers(s, m, i) && !m.payloads.some((p) => NAME_KINDS.has(p.kind))
      && m.payloads.some((p) => p.kind === 'asset' || p.kind === 'orgNoun' || p.kind === 'sectorHint'));
}

/** The payload of `kind` in a match, if any. */
export const kindOf = (m: TrieMatch<AuxTerm>, kind: AuxTerm['kind']): AuxTerm | undefined => m.payloads.find((p) => p.kind === kind);

/** "ministère de l'Intérieur", "Tribunal administratif de Paris", "agence … (ANSM)". */
function orgNounCandidate(s: SentenceInfo, m: TrieMatch<AuxTerm>, noun: AuxTerm): Candidate | undefined {
  const first = s.stream.tokenIndex[m.start] as number;
  const lastNoun = s.stream.tokenIndex[m.end - 1] as number;
  const head = s.tokens[lastNoun] as Token;
  if (head.norm.endsWith('s') && !head.norm.endsWith('ss') && head.norm.length > 4) return undefined; // plural: generic
  const c = orgNounName(s, first, lastNoun, noun);
  // "les serveurs du ministère …": the owner of an IT asset is the victim.
  const asset = s.aux.some((a) => a.payloads.some((p) => p.kind === 'asset') && a.end <= m.start && m.start - a.end <= 2);
  return c && asset ? { ...c, score: c.score + 1.5 } : c;
}

function orgNounName(s: SentenceInfo, first: number, lastNoun: number, noun: AuxTerm): Candidate | undefined {
  const head = s.tokens[lastNoun] as Token;
  let j = lastNoun + 1;
  let adjectives = 0;
  while (j < s.tokens.length && !(s.tokens[j] as Token).cap && !CONNECTORS.has((s.tokens[j] as Token).norm)
    && !(s.tokens[j] as Token).elided && adjectives < 2) { j += 1; adjectives += 1; }
  while (j < s.tokens.length && (CONNECTORS.has((s.tokens[j] as Token).norm) || (s.tokens[j] as Token).elided)) j += 1;
  const start = (s.tokens[first] as Token).start;
  if (isName(s.tokens[j], false) && !/[,;:()]/.test(s.src.slice(head.end, (s.tokens[j] as Token).start))) {
    let end = nameEnd(s.tokens, j, s.src);
    const last = s.tokens[end] as Token;
    const next = s.tokens[end + 1];
    // "Affaires étrangères": a lowercase adjective agreeing with a plural name belongs to it.
    if (last.norm.endsWith('s') && next && !next.cap && /[sx]$/.test(next.norm) && !CONNECTORS.has(next.norm)
      && /^\s+$/.test(s.src.slice(last.end, next.start))) end += 1;
    return { name: s.src.slice(start, (s.tokens[end] as Token).end), sector: noun.sector, score: 2, sentence: s, listable: true, start, end: (s.tokens[end] as Token).end };
  }
  const opener = s.tokens[first] as Token;
  if (opener.cap && head.cap && lastNoun > first) { // a full proper name: "Conseil d'État"
    return { name: s.src.slice(opener.start, head.end), sector: noun.sector, score: 2, sentence: s, listable: true, start, end: head.end };
  }
  const rest = s.src.slice(head.end, Math.min(s.end, head.end + 160));
  const acronym = /^[^()]{0,140}?\(([A-ZÉ][A-Z0-9É&-]{1,9})\)/.exec(rest);
  if (acronym?.[1]) return { name: acronym[1], sector: noun.sector, score: 2, sentence: s, listable: true, start, end: head.end };
  return undefined;
}

/** A capitalised name right after "chez", "contre", "visant" or before "victime", "piraté" … */
function cueCandidate(s: SentenceInfo, m: TrieMatch<AuxTerm>, direction: 'after' | 'before',
  descriptors: ReadonlyMap<string, string>): Candidate | undefined {
  const cueTok = s.stream.tokenIndex[m.start] as number;
  let sector: string | undefined;
  const after = (): number | undefined => {
    let j = (s.stream.tokenIndex[m.end - 1] as number) + 1;
    while (j < s.tokens.length) {
      const t = s.tokens[j] as Token;
      const described = descriptors.get(t.stem);
      if (described) sector = described;
      if (!(CONNECTORS.has(t.norm) || t.elided || described || DESCRIPTORS.has(t.stem))) break;
      j += 1;
    }
    return isName(s.tokens[j], false) && !termAt(s, j) ? j : undefined;
  };
  const before = (): number | undefined => {
    let j = cueTok - 1;
    for (let k = 0; k < 3 && j >= 0 && !isName(s.tokens[j], true); k += 1) j -= 1;
    if (j < 0 || !isName(s.tokens[j], true)) return undefined;
    while (j > 0 && isName(s.tokens[j - 1], true)) j -= 1;
    const gap = s.src.slice((s.tokens[j] as Token).end, (s.tokens[cueTok] as Token).start);
    if (/[:;,.()!?«»]/.test(gap) || termAt(s, j)) return undefined; // "Espionnage : des pirates …" is a kicker
    return j;
  };
  const j = direction === 'after' ? after() : before();
  if (j === undefined) return undefined;
  const end = nameEnd(s.tokens, j, s.src);
  const start = (s.tokens[j] as Token).start;
  return { name: s.src.slice(start, (s.tokens[end] as Token).end), score: 2.5, sentence: s, listable: false, start,
    end: (s.tokens[end] as Token).end, ...(sector ? { sector } : {}) };
}

/** Every victim candidate of the item, scored by where and how it was found. */
export function candidates(lex: CompiledLexicon, sentences: readonly SentenceInfo[]): Candidate[] {
  const out: Candidate[] = [];
  const orgs = lex.lexicon.entities.knownOrgs;
  for (const s of sentences) {
    const factor = (s.zone === 'title' ? 2 : s.index < 3 ? 1.2 : 1) * (s.background ? 0.2 : 1);
    for (const m of s.aux) {
      const noun = kindOf(m, 'orgNoun');
      const org = kindOf(m, 'knownOrg');
      const cueAfter = kindOf(m, 'victimCueAfter');
      const cueBefore = kindOf(m, 'victimCueBefore');
      let c: Candidate | undefined;
      if (org && org.index !== undefined) {
        const t = s.tokens[s.stream.tokenIndex[m.start] as number] as Token;
        if (!t.cap) continue; // "une borne orange" is not Orange
        c = { name: orgs[org.index]?.name ?? org.label, score: 2, sentence: s, listable: false, start: t.start, end: t.end,
          ...(org.sector ? { sector: org.sector } : {}) };
      } else if (noun) c = orgNounCandidate(s, m, noun);
      else if (cueAfter) c = cueCandidate(s, m, 'after', lex.descriptors);
      else if (cueBefore) c = cueCandidate(s, m, 'before', lex.descriptors);
      if (c) out.push({ ...c, score: c.score * factor });
    }
  }
  return out;
}

/** The best-scored candidate that is not an authority commenting on the incident. */
export function pickVictim(found: Candidate[], notVictims: readonly string[]): Candidate | undefined {
  // A name found by a cue inside an organisation's full name ("collège de l'Isère victime …") counts for the full name.
  const all: Candidate[] = [];
  for (const c of found) {
    const outer = found.find((o) => o !== c && o.listable && o.sentence === c.sentence && o.start <= c.start && c.end <= o.end
      && o.name.length > c.name.length);
    if (outer && !c.listable) outer.score += c.score;
    else all.push(c);
  }
  const byName = new Map<string, Candidate>();
  for (const c of all) {
    const folded = ` ${fold(c.name)} `;
    if (notVictims.some((n) => folded.includes(` ${n} `))) continue;
    const key = c.name.toLowerCase();
    const prev = byName.get(key);
    if (prev) {
      prev.score += c.score;
      if (!prev.sector && c.sector) prev.sector = c.sector;
    }
    else byName.set(key, { ...c });
  }
  const merged = [...byName.values()];
  for (const c of merged) {
    // A cue found the name and a lexicon also knows it: keep the lexicon's sector.
    const other = merged.find((o) => o !== c && o.sector && o.name.toLowerCase() === c.name.toLowerCase());
    if (other && !c.sector) c.sector = other.sector;
  }
  merged.sort((a, b) => b.score - a.score || a.start - b.start);
  return merged[0];
}
