/**
 * Victims named by a head noun: "ministère de l'Intérieur", "Tribunal administratif de Paris",
 * "agence … (ANSM)", and "Vierzon : la mairie piratée" (the headline's kicker names the town).
 */
import type { Token } from '../tokens.js';
import type { SentenceInfo } from './analyse.js';
import type { AuxTerm } from './compile.js';
import { CONNECTORS, covers, isName, kindOf, nameEnd, termAt } from './names.js';
import type { TrieMatch } from './trie.js';
import type { Candidate } from './victim.js';

/** Sectors whose organisations are named after their town: "mairie de X", "CHU de X", "lycée de X". */
const TERRITORIAL = new Set(['collectivité', 'santé', 'éducation']);
/** Capitalised headline kickers that are rubrics, not towns ("Enquête : l'hôpital …"). */
const RUBRICS = new Set(['enquete', 'temoignage', 'alerte', 'direct', 'analyse', 'decryptage', 'justice', 'societe',
  'economie', 'eco', 'politique', 'tribune', 'opinion', 'breaking', 'update', 'faits', 'divers', 'region', 'local', 'actu',
  'tech', 'high', 'cybersecurite', 'securite', 'numerique', 'international', 'monde', 'business', 'sciences', 'media',
  'medias', 'conseil', 'conseils', 'question', 'questions', 'pratique', 'guide', 'interview', 'entretien', 'podcast']);
const DEFINITE = new Set(['la', 'le', 'l']);
const AGENT = new Set(['par', 'by']);

const tok = (s: SentenceInfo, i: number): Token => s.tokens[i] as Token;

/** "ministère de l'Intérieur", "Tribunal administratif de Paris", "agence … (ANSM)". */
export function orgNounCandidate(s: SentenceInfo, m: TrieMatch<AuxTerm>, noun: AuxTerm): Candidate | undefined {
  const first = s.stream.tokenIndex[m.start] as number;
  const lastNoun = s.stream.tokenIndex[m.end - 1] as number;
  const head = tok(s, lastNoun);
  if (head.norm.endsWith('s') && !head.norm.endsWith('ss') && head.norm.length > 4) return undefined; // plural: generic
  const c = orgNounName(s, first, lastNoun, noun);
  // "les serveurs du ministère …": the owner of an IT asset is the victim.
  const asset = s.aux.some((a) => a.payloads.some((p) => p.kind === 'asset') && a.end <= m.start && m.start - a.end <= 2);
  return c && asset ? { ...c, score: c.score + 1.5 } : c;
}

/** Whether token `i` is a verb or participle ("visées", "touchés"): a cue or term, or followed by "par". */
function verbAt(s: SentenceInfo, i: number): boolean {
  const next = s.tokens[i + 1];
  return termAt(s, i) || (next !== undefined && AGENT.has(next.norm))
    || s.aux.some((m) => covers(s, m, i) && kindOf(m, 'victimCueBefore') !== undefined);
}

/** A listable candidate named by a head noun (one literal, the same shape every time). */
function listed(s: SentenceInfo, noun: AuxTerm, start: number, name: string, end: number, place?: string): Candidate {
  return { name, sector: noun.sector, score: 2, sentence: s, listable: true, start, end, place };
}

function orgNounName(s: SentenceInfo, first: number, lastNoun: number, noun: AuxTerm): Candidate | undefined {
  const head = tok(s, lastNoun);
  let j = lastNoun + 1;
  let adjectives = 0;
  while (j < s.tokens.length && !tok(s, j).cap && !CONNECTORS.has(tok(s, j).norm) && !tok(s, j).elided && adjectives < 2) {
    j += 1;
    adjectives += 1;
  }
  const link = j;
  while (j < s.tokens.length && (CONNECTORS.has(tok(s, j).norm) || tok(s, j).elided)) j += 1;
  const start = tok(s, first).start;
  if (isName(s.tokens[j], false) && !/[,;:()]/.test(s.src.slice(head.end, tok(s, j).start))) {
    const nameLast = nameEnd(s.tokens, j, s.src);
    let end = nameLast;
    const last = tok(s, end);
    const next = s.tokens[end + 1];
    // "Affaires étrangères": a lowercase adjective agreeing with a plural name belongs to it, a participle does not.
    if (last.norm.endsWith('s') && next && !next.cap && /[sx]$/.test(next.norm) && !CONNECTORS.has(next.norm)
      && /^\s+$/.test(s.src.slice(last.end, next.start)) && !verbAt(s, end + 1)) end += 1;
    const nameStart = tok(s, j).start;
    const endAt = tok(s, end).end;
    // "mairie de Saint-Malo": the town after a single "de" is the place (not after "de la": "hôpital de la Cavale-Blanche").
    const townLink = j === link + 1 && (tok(s, link).norm === 'de' || tok(s, link).norm === 'd');
    const place = noun.sector !== undefined && TERRITORIAL.has(noun.sector) && townLink ? s.src.slice(nameStart, tok(s, nameLast).end) : undefined;
    return listed(s, noun, start, s.src.slice(start, endAt), endAt, place || undefined);
  }
  const opener = tok(s, first);
  if (opener.cap && head.cap && lastNoun > first) return listed(s, noun, start, s.src.slice(opener.start, head.end), head.end); // "Conseil d'État"
  const rest = s.src.slice(head.end, Math.min(s.end, head.end + 160));
  const acronym = /^[^()]{0,140}?\(([A-ZÉ][A-Z0-9É&-]{1,9})\)/.exec(rest);
  if (acronym?.[1]) return listed(s, noun, start, acronym[1], head.end);
  return kickerCandidate(s, first, lastNoun, noun);
}

/**
 * "Saint-Julien-sur-Brenne : le site de la mairie piraté": a definite territorial head noun with no
 * name in a headline opened by a town takes the town ("mairie de Saint-Julien-sur-Brenne").
 */
function kickerCandidate(s: SentenceInfo, first: number, lastNoun: number, noun: AuxTerm): Candidate | undefined {
  if (s.zone !== 'title' || noun.sector === undefined || !TERRITORIAL.has(noun.sector)) return undefined;
  if (first === 0 || !DEFINITE.has(tok(s, first - 1).norm)) return undefined;
  const town = kicker(s);
  if (town === undefined || town.last >= first) return undefined;
  const place = s.src.slice(tok(s, 0).start, tok(s, town.last).end);
  const noun0 = s.src.slice(tok(s, first).start, tok(s, lastNoun).end);
  const link = /^[aeiouyh]/.test(tok(s, 0).norm) ? ' d’' : ' de ';
  return { name: `${noun0}${link}${place}`, sector: noun.sector, score: 2, sentence: s, listable: false,
    start: tok(s, first).start, end: tok(s, lastNoun).end, place };
}

/**
 * The name opening a headline before a colon ("Vierzon : …", "Hexanet : …"): the headline's topic,
 * unless a rubric, a lexicon word, a threat actor, a known organisation or a département/région.
 */
export function kicker(s: SentenceInfo): { last: number } | undefined {
  if (!isName(s.tokens[0], true) || RUBRICS.has(tok(s, 0).norm) || termAt(s, 0)) return undefined;
  const last = nameEnd(s.tokens, 0, s.src);
  const after = s.tokens[last + 1];
  if (after === undefined || !/^\s*:/.test(s.src.slice(tok(s, last).end, after.start))) return undefined;
  for (const m of s.aux) {
    if (!covers(s, m, 0)) continue;
    if (kindOf(m, 'actor') || kindOf(m, 'knownOrg')) return undefined;
    const p = kindOf(m, 'place');
    if (p && p.weight < 3) return undefined; // a département or région names no single town
  }
  return { last };
}
