/**
 * The victim of an incident: the organisation attacked or down, found from head nouns ("mairie
 * de …"), well-known organisations, victim cues ("chez X", "X victime de …") and IT-asset owners.
 */
import { fold } from '../text.js';
import { type Token } from '../tokens.js';
import type { SentenceInfo } from './analyse.js';
import type { AuxTerm, CompiledLexicon } from './compile.js';
import { compoundFirst, CONNECTORS, isName, kindOf, nameEnd, termAt, wordAt, writtenAs } from './names.js';
import { kicker, orgNounCandidate } from './org-noun.js';
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
  /** The place its name gives ("mairie de Saint-Malo" → "Saint-Malo"), for territorial organisations. */
  place?: string;
}

const DESCRIPTORS = new Set(['prestataire', 'hebergeur', 'operateur', 'groupe', 'societe', 'entreprise', 'geant',
  'fournisseur', 'editeur', 'site', 'plateforme', 'enseigne', 'specialiste', 'constructeur', 'laboratoire', 'chaine']);
/** Auxiliaries of an active verb: "NoName057 a paralysé …" names the attacker, not the victim. */
const ACTIVE = new Set(['a', 'ont', 'avait', 'avaient', 'aura', 'has', 'have', 'had']);
const PASSIVE = new Set(['ete', 'been']);
/** "Après Nice, Toulon …": a name right after "après" is an earlier incident. */
const EARLIER = new Set(['apres', 'after']);
const ARTICLES = new Set(['la', 'le', 'les', 'l', 'the']);
const PUNCT = /[:;,.()!?«»|]/;

/** Whether a lexicon word lies among tokens [from, to). */
function anyTerm(s: SentenceInfo, from: number, to: number): boolean {
  for (let k = from; k < to; k += 1) if (termAt(s, k)) return true;
  return false;
}

/** First token of the name a before-cue points back to ("Boulogne-sur-Mer victime"), if any. */
function nameBefore(s: SentenceInfo, cueTok: number): number | undefined {
  let j = cueTok - 1;
  for (let k = 0; k < 3 && j >= 0 && !isName(s.tokens[j], true); k += 1) j -= 1;
  if (j < 0 || !isName(s.tokens[j], true)) return undefined;
  const nameLast = j;
  j = compoundFirst(s.src, s.tokens, j); // "Boulogne-sur-Mer victime": the whole compound
  while (j > 0 && isName(s.tokens[j - 1], true) && !PUNCT.test(s.src.slice((s.tokens[j - 1] as Token).end, (s.tokens[j] as Token).start))) {
    j = compoundFirst(s.src, s.tokens, j - 1);
  }
  const gap = s.src.slice((s.tokens[j] as Token).end, (s.tokens[cueTok] as Token).start);
  // "Espionnage : des pirates …" is a rubric; "Almérys : nouvelle victime" names its topic, but
  // in "X : la mairie victime …" the victim is the mairie.
  const topic = j === 0 && s.zone === 'title' && !/[;,.()!?«»|]/.test(gap) && kicker(s) !== undefined
    && !anyTerm(s, nameLast + 1, cueTok);
  if ((PUNCT.test(gap) && !topic) || wordAt(s, j)) return undefined;
  if (/[./@]/.test(s.src.charAt((s.tokens[j] as Token).start - 1))) return undefined; // "NET.N" is a ticker
  // "NoName057 a paralysé …" (active voice) names the attacker; "X a été piraté" the victim.
  let active = false;
  for (let k = nameLast + 1; k < cueTok; k += 1) {
    const w = (s.tokens[k] as Token).norm;
    if (PASSIVE.has(w)) return j;
    if (ACTIVE.has(w)) active = true;
  }
  return active ? undefined : j;
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
    return isName(s.tokens[j], false) && !wordAt(s, j) ? j : undefined; // "chez Télécom Azur"
  };
  const j = direction === 'after' ? after() : nameBefore(s, cueTok);
  if (j === undefined) return undefined;
  const end = nameEnd(s.tokens, j, s.src);
  const start = (s.tokens[j] as Token).start;
  const c: Candidate = { name: s.src.slice(start, (s.tokens[end] as Token).end), score: 2.5, sentence: s, listable: false, start,
    end: (s.tokens[end] as Token).end };
  if (sector) c.sector = sector;
  return c;
}

/** Folded written forms of each known organisation, by index (cached per lexicon). */
const orgForms = new WeakMap<CompiledLexicon, ReadonlySet<string>[]>();
function formsOf(lex: CompiledLexicon): ReadonlySet<string>[] {
  let forms = orgForms.get(lex);
  if (forms === undefined) {
    forms = lex.lexicon.entities.knownOrgs.map((o) => new Set([o.name, ...o.aliases].map((n) => fold(n))));
    orgForms.set(lex, forms);
  }
  return forms;
}

/** Whether the name starting at `start` follows "après" ("Après Nice, …", "après la ville de Nice"). */
function afterEarlier(s: SentenceInfo, start: number): boolean {
  let i = 0;
  while (i < s.tokens.length && (s.tokens[i] as Token).start < start) i += 1;
  i -= 1;
  while (i >= 0 && ARTICLES.has((s.tokens[i] as Token).norm)) i -= 1;
  return i >= 0 && EARLIER.has((s.tokens[i] as Token).norm);
}

/** Whether a threat actor's name lies within [start, end) of the sentence: an attacker is never the victim. */
function holdsActor(s: SentenceInfo, start: number, end: number): boolean {
  for (const m of s.aux) {
    if (!kindOf(m, 'actor')) continue;
    const t = s.tokens[s.stream.tokenIndex[m.start] as number] as Token;
    if (t.start >= start && t.start < end) return true;
  }
  return false;
}

function knownOrgCandidate(lex: CompiledLexicon, s: SentenceInfo, m: TrieMatch<AuxTerm>, org: AuxTerm): Candidate | undefined {
  const t = s.tokens[s.stream.tokenIndex[m.start] as number] as Token;
  if (!t.cap || org.index === undefined) return undefined; // "une borne orange" is not Orange
  if (!writtenAs(s, m, formsOf(lex)[org.index] as ReadonlySet<string>)) return undefined; // "Télécom Azur" is not Azure
  const c: Candidate = { name: lex.lexicon.entities.knownOrgs[org.index]?.name ?? org.label, score: 2, sentence: s, listable: false,
    start: t.start, end: t.end };
  if (org.sector) c.sector = org.sector;
  return c;
}

/** "Hexanet : un datacenter à l'arrêt": the name a headline opens on is its topic, a weak victim. */
function topicCandidate(s: SentenceInfo): Candidate | undefined {
  const k = s.zone === 'title' ? kicker(s) : undefined;
  if (k === undefined) return undefined;
  const first = s.tokens[0] as Token;
  const end = (s.tokens[k.last] as Token).end;
  return { name: s.src.slice(first.start, end), score: 1.5, sentence: s, listable: false, start: first.start, end };
}

/** Every victim candidate of the item, scored by where and how it was found. */
export function candidates(lex: CompiledLexicon, sentences: readonly SentenceInfo[]): Candidate[] {
  const out: Candidate[] = [];
  for (const s of sentences) {
    const topic = topicCandidate(s);
    if (topic && !holdsActor(s, topic.start, topic.end)) out.push({ ...topic, score: topic.score * 2 });
    const factor = (s.zone === 'title' ? 2 : s.index < 3 ? 1.2 : 1) * (s.background ? 0.2 : 1);
    for (const m of s.aux) {
      let noun: AuxTerm | undefined;
      let org: AuxTerm | undefined;
      let cueAfter: AuxTerm | undefined;
      let cueBefore: AuxTerm | undefined;
      for (const p of m.payloads) {
        if (p.kind === 'orgNoun') noun = p;
        else if (p.kind === 'knownOrg') org = p;
        else if (p.kind === 'victimCueAfter') cueAfter = p;
        else if (p.kind === 'victimCueBefore') cueBefore = p;
      }
      if (!noun && !org && !cueAfter && !cueBefore) continue;
      let c: Candidate | undefined;
      if (org) c = knownOrgCandidate(lex, s, m, org);
      else if (noun) c = orgNounCandidate(s, m, noun);
      else {
        // "a touché Orange" and "Nice touchée par …" share a stem: a cue may look both ways.
        if (cueAfter) c = cueCandidate(s, m, 'after', lex.descriptors);
        if (!c && cueBefore) c = cueCandidate(s, m, 'before', lex.descriptors);
      }
      if (!c || holdsActor(s, c.start, c.end)) continue;
      c.score *= factor * (afterEarlier(s, c.start) ? 0.2 : 1);
      out.push(c);
    }
  }
  return out;
}

/** Each name of a list with a space either side (cached per list), to find it as whole words. */
const paddedLists = new WeakMap<readonly string[], readonly string[]>();
function padded(names: readonly string[]): readonly string[] {
  let out = paddedLists.get(names);
  if (out === undefined) paddedLists.set(names, out = names.map((n) => ` ${n} `));
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
    if (padded(notVictims).some((n) => folded.includes(n))) continue;
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
