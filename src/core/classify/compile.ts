/**
 * Compiles a `Lexicon` once into two phrase tries and lookup sets, so that classifying an item
 * is a single pass over its folded, stemmed words with no regex or allocation per term.
 */
import { stem } from '../text.js';
import { tokenize, type Token } from '../tokens.js';
import type { SurfaceWord } from '../word-table.js';
import { compileDistinctForms, distinctStem, type DistinctForms } from './forms.js';
import type { Lexicon, TermGroup } from './lexicon.js';
import { PhraseTrie } from './trie.js';
import type { LexWord } from './words.js';

/** Groups of the exclusive trie (longest match wins, so "cyberattaque simulée" hides "cyberattaque"). */
export type MainKind = 'attack' | 'outage' | 'it' | 'neg' | 'shield';

/** One term of the exclusive trie. */
export interface MainTerm {
  kind: MainKind;
  /** Unique number of the term (for cheap bookkeeping while scoring). */
  id: number;
  /** The term as the lexicon writes it (shown in evidence, gaps as "…"). */
  label: string;
  weight: number;
  subtype?: string;
  tags: readonly string[];
  requires?: 'cyber' | 'it';
  /** Index of the negative family (kind `neg`). */
  family?: number;
}

/** Groups of the overlapping trie: scope cues, markers and entities. */
export type AuxKind =
  | 'negation' | 'negationAfter' | 'notNegation' | 'speculation' | 'breaker' | 'background' | 'backgroundLocal'
  | 'denial' | 'anaphora' | 'interrogative' | 'marker' | 'tech' | 'scale'
  | 'actor' | 'knownOrg' | 'orgNoun' | 'victimCueAfter' | 'victimCueBefore' | 'sectorHint' | 'place' | 'asset';

/** One cue or entity of the overlapping trie. */
export interface AuxTerm {
  kind: AuxKind;
  /** The cue or name as the lexicon writes it (gaps as "…"). */
  label: string;
  weight: number;
  /** Index into the actor / known-org list. */
  index?: number;
  sector?: string;
  subtype?: string;
}

/** A lexicon ready for fast matching. */
export interface CompiledLexicon {
  lexicon: Lexicon;
  main: PhraseTrie<MainTerm>;
  aux: PhraseTrie<AuxTerm>;
  /** Folded word → ROLE_STOP or ROLE_JOIN. */
  roles: ReadonlyMap<string, number>;
  /** Words glued to an elided article in URL slugs ("lassurance" → "assuranc"). */
  elisionAliases: ReadonlyMap<string, string>;
  /** Surface forms that are another word than the term their stem would match ("arrêté" vs "arrêt"). */
  distinct: DistinctForms;
  /** Folded first words of questions that ask rather than doubt. */
  questionOpeners: ReadonlySet<string>;
  /** Stem of a descriptor word ("prestataire") → sector. */
  descriptors: ReadonlyMap<string, string>;
  /** Folded names never taken as the victim. */
  notVictims: readonly string[];
  /** Stems that may stand between a negation and the term it denies. */
  bridges: ReadonlySet<string>;
  /** Folded determiners that make a plural term generic. */
  genericDeterminers: ReadonlySet<string>;
  /**
   * First stems of everything that can change a lean verdict's trace beyond hard-negative
   * strength: attack, outage and IT terms, technical causes, known organisations with an outage
   * subtype. A sentence with none of them needs no scope analysis (see analyse.ts).
   */
  deepRoots: ReadonlySet<string>;
  /** First stems of hard-negative terms: a sentence with one needs the exclusive trie only. */
  negRoots: ReadonlySet<string>;
}

/** Content words of a token list (elisions and stopwords dropped, prefixes joined), as stems. */
export interface Stream {
  stems: string[];
  /** For each stem, the index of its (first) token. */
  tokenIndex: number[];
  /** For each stem, OPENS_MAIN and OPENS_AUX when a phrase of that trie starts with it (absent: ask the tries). */
  opens?: number[];
}

/** Bit of Stream.opens: a phrase of the exclusive trie starts with the stem. */
export const OPENS_MAIN = 1;
/** Bit of Stream.opens: a cue or entity of the overlapping trie starts with the stem. */
export const OPENS_AUX = 2;

/** Stream.opens bits of a stem. */
export function opensOf(lex: Pick<CompiledLexicon, 'main' | 'aux'>, s: string): number {
  return (lex.main.opens(s) ? OPENS_MAIN : 0) | (lex.aux.opens(s) ? OPENS_AUX : 0);
}

/** Role of a folded word in the stream: a stopword (skipped) or a prefix glued to the next word. */
export const ROLE_STOP = 1;
export const ROLE_JOIN = 2;

/** Builds the matching stream of a token list. */
export function toStream(tokens: readonly Token[], lex: Pick<CompiledLexicon, 'roles' | 'elisionAliases' | 'distinct'>,
  source?: string): Stream {
  const stems: string[] = [];
  const tokenIndex: number[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i] as Token;
    if (t.elided) continue;
    const role = lex.roles.get(t.norm);
    if (role === ROLE_JOIN) {
      const next = tokens[i + 1];
      if (next && !next.elided && isAsciiLetter(next.norm.charCodeAt(0)) && (source === undefined || joinable(source, t.end, next.start))) {
        stems.push(stem(t.norm + next.norm));
        tokenIndex.push(i);
        i += 1;
        continue;
      }
    }
    if (role === ROLE_STOP) continue;
    stems.push(aliased(lex, source === undefined ? t.stem : distinctStem(lex.distinct, t.stem, source, t.start, t.end)));
    tokenIndex.push(i);
  }
  return { stems, tokenIndex };
}

/** A stem, or the word it stands for when it is a slug's glued elision ("lassuranc" → "assuranc"). */
function aliased(lex: Pick<CompiledLexicon, 'elisionAliases'>, s: string): string {
  const first = s.charCodeAt(0);
  // Only "l…", "d…" and "qu…" words can be a slug's glued elision.
  return (first === 108 || first === 100 || first === 113) ? lex.elisionAliases.get(s) ?? s : s;
}

/** A word's stem in a stream with a source (`toStream`) when it is neither elided, a stopword nor joined. */
export function wordStreamStem(lex: Pick<CompiledLexicon, 'elisionAliases' | 'distinct'>, word: SurfaceWord): string {
  return aliased(lex, distinctStem(lex.distinct, word.stem, word.surface, 0, word.surface.length));
}

/** Depth code of a stream stem for a lean analysis: 2 a deep root, 1 a hard-negative root, 0 neither. */
export function rootCode(lex: Pick<CompiledLexicon, 'deepRoots' | 'negRoots'>, s: string): number {
  return lex.deepRoots.has(s) ? 2 : lex.negRoots.has(s) ? 1 : 0;
}

/**
 * `toStream(tokens, lex, source)` from the interned words of the tokens and their spans (see
 * tokensOf), with what trie phrases its stems open and the highest root code of its stems (see rootCode).
 */
export function wordStream(words: readonly LexWord[], spans: readonly number[], lex: CompiledLexicon,
  source: string): { stream: Stream; root: number } {
  const stream: Required<Stream> = { stems: [], tokenIndex: [], opens: [] };
  return { stream, root: walkStream(words, spans, lex, source, stream) };
}

/** The root code `wordStream` gives, without making the stream (most sentences need no more). */
export function streamRoot(words: readonly LexWord[], spans: readonly number[], lex: CompiledLexicon, source: string): number {
  return walkStream(words, spans, lex, source, undefined);
}

/** Walks the stream of `words` (see wordStream), pushing it onto `into` when given; returns its highest root code. */
function walkStream(words: readonly LexWord[], spans: readonly number[], lex: CompiledLexicon, source: string,
  into: Required<Stream> | undefined): number {
  let root = 0;
  for (let i = 0; i < words.length; i += 1) {
    if ((spans[2 * i] as number) < 0) continue; // elided
    const w = words[i] as LexWord;
    if (w.role === ROLE_JOIN && i + 1 < words.length) {
      const next = words[i + 1] as LexWord;
      const nextStart = spans[2 * i + 2] as number; // negative when elided
      if (nextStart >= 0 && isAsciiLetter(next.norm.charCodeAt(0)) && joinable(source, spans[2 * i + 1] as number, nextStart)) {
        const s = stem(w.norm + next.norm);
        if (into !== undefined) {
          into.stems.push(s);
          into.tokenIndex.push(i);
          into.opens.push(opensOf(lex, s));
        }
        root = Math.max(root, rootCode(lex, s));
        i += 1;
        continue;
      }
    }
    if (w.role === ROLE_STOP) continue;
    if (into !== undefined) {
      into.stems.push(w.streamStem);
      into.tokenIndex.push(i);
      into.opens.push(w.opens);
    }
    if (w.root > root) root = w.root;
  }
  return root;
}

const isAsciiLetter = (code: number): boolean => code >= 97 && code <= 122;

/** "cyber-attaque", "cyber attaque", "cyberattaque": at most one hyphen or space between prefix and word. */
function joinable(source: string, from: number, to: number): boolean {
  if (to - from > 1) return false;
  if (to === from) return true;
  const c = source.charCodeAt(from);
  return c === 0x2d || c === 0x20 || c === 0x2010 || c === 0x2011 || c === 0xa0;
}

/** Lexicon label made readable ("incendie * hébergeur" → "incendie … hébergeur"). */
const show = (label: string): string => label.replace(/\s*\*\s*/g, ' … ');

type Base = Pick<CompiledLexicon, 'roles' | 'elisionAliases' | 'distinct'>;

/** Stems of a lexicon phrase; `*` becomes a gap marker. */
function phraseStems(phrase: string, base: Base): string[] {
  const out: string[] = [];
  phrase.split('*').forEach((part, k) => {
    if (k > 0) out.push('*');
    out.push(...toStream(tokenize(part), base, part).stems);
  });
  while (out[0] === '*') out.shift();
  while (out[out.length - 1] === '*') out.pop();
  return out;
}

/** Compiles the lexicon; throws nothing (the lexicon was validated at the edge). */
export function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  const roles = new Map<string, number>();
  for (const w of lexicon.matching.stopwords) roles.set(tokenize(w).map((t) => t.norm).join(''), ROLE_STOP);
  for (const w of lexicon.matching.joinPrefixes) roles.set(tokenize(w).map((t) => t.norm).join(''), ROLE_JOIN);
  const base: Base = { roles, elisionAliases: new Map(), distinct: compileDistinctForms(lexicon.matching.distinctForms ?? []) };
  const main = new PhraseTrie<MainTerm>(lexicon.matching.gapMax);
  const aux = new PhraseTrie<AuxTerm>(lexicon.matching.gapMax);
  const known = new Set<string>();
  const added = new Set<string>();
  const deepRoots = new Set<string>();
  const negRoots = new Set<string>();
  let nextId = 0;
  const addMain = (word: string, given: Omit<MainTerm, 'id'>): void => {
    // Every term has every field, in one order: the matcher's reads of a term stay monomorphic.
    const term: MainTerm = {
      kind: given.kind, id: nextId, label: show(given.label), weight: given.weight, subtype: given.subtype, tags: given.tags,
      requires: given.requires, family: given.family,
    };
    const stems = phraseStems(word, base);
    const key = `${term.kind}|${term.family ?? ''}|${stems.join(' ')}`;
    if (stems.length === 0 || added.has(key)) return; // "hackeur" and "hackeurs" are one term
    added.add(key);
    nextId += 1;
    stems.forEach((s) => known.add(s));
    if (term.kind === 'neg') negRoots.add(stems[0] as string);
    else if (term.kind !== 'shield') deepRoots.add(stems[0] as string);
    main.add(stems, term);
  };
  const addAux = (word: string, given: AuxTerm): void => {
    const term: AuxTerm = { kind: given.kind, label: show(given.label), weight: given.weight, index: given.index, sector: given.sector, subtype: given.subtype };
    const stems = phraseStems(word, base);
    const key = `${term.kind}|${term.index ?? ''}|${stems.join(' ')}`;
    if (stems.length === 0 || added.has(key)) return;
    added.add(key);
    stems.forEach((s) => known.add(s));
    if (term.kind === 'tech' || (term.kind === 'knownOrg' && term.subtype !== undefined)) deepRoots.add(stems[0] as string);
    aux.add(stems, term);
  };
  const addGroups = (kind: MainKind, groups: readonly TermGroup[], family?: number): void => {
    for (const g of groups) {
      for (const word of g.words) {
        addMain(word, {
          kind, label: word, weight: g.weight, tags: g.tags ?? [],
          ...(g.subtype ? { subtype: g.subtype } : {}),
          ...(g.requires ? { requires: g.requires } : {}),
          ...(family !== undefined ? { family } : {}),
        });
      }
    }
  };
  addGroups('attack', lexicon.attack.terms);
  addGroups('outage', lexicon.outage.terms);
  addGroups('it', lexicon.itContext.terms);
  lexicon.negatives.forEach((f, i) => addGroups('neg', f.terms, i));
  for (const word of lexicon.shield) addMain(word, { kind: 'shield', label: word, weight: 0, tags: [] });
  addCues(lexicon, addAux);
  addEntities(lexicon, addAux);
  const aliases = base.elisionAliases as Map<string, string>;
  for (const s of known) {
    if (s.length < 4 || !/^[aeiouyh]/.test(s)) continue;
    for (const p of ['l', 'd', 'qu']) if (!known.has(p + s)) aliases.set(p + s, s);
  }
  const questionOpeners = new Set(lexicon.scopes.questionOpeners.map((w) => tokenize(w).map((t) => t.norm).join('')));
  const descriptors = new Map<string, string>();
  for (const d of lexicon.entities.descriptors) {
    for (const w of d.words) for (const t of tokenize(w)) descriptors.set(t.stem, d.sector);
  }
  const notVictims = lexicon.entities.notVictims.map((n) => tokenize(n).map((t) => t.norm).join(' '));
  const bridges = new Set(lexicon.scopes.bridges.flatMap((w) => toStream(tokenize(w), base, w).stems));
  const genericDeterminers = new Set(lexicon.scopes.genericDeterminers.map((w) => tokenize(w).map((t) => t.norm).join('')));
  return { lexicon, main, aux, questionOpeners, descriptors, notVictims, bridges, genericDeterminers, deepRoots, negRoots, ...base };
}

function addCues(lexicon: Lexicon, add: (word: string, term: AuxTerm) => void): void {
  const s = lexicon.scopes;
  const lists: [AuxKind, string[]][] = [
    ['negation', s.negation], ['negationAfter', s.negationAfter], ['notNegation', s.notNegation],
    ['speculation', s.speculation], ['breaker', s.breakers], ['background', s.background],
    ['backgroundLocal', s.backgroundLocal],
    ['denial', s.denial], ['anaphora', s.anaphora], ['interrogative', s.interrogatives],
  ];
  for (const [kind, words] of lists) for (const w of words) add(w, { kind, label: w, weight: 1 });
  const groups: [AuxKind, TermGroup[]][] = [
    ['marker', lexicon.markers.terms], ['tech', lexicon.techCause.terms], ['scale', lexicon.severity.scale],
  ];
  for (const [kind, list] of groups) {
    for (const g of list) {
      for (const w of g.words) add(w, { kind, label: w, weight: g.weight, ...(g.subtype ? { subtype: g.subtype } : {}) });
    }
  }
}

function addEntities(lexicon: Lexicon, add: (word: string, term: AuxTerm) => void): void {
  const e = lexicon.entities;
  e.actors.forEach((a, index) => {
    for (const w of [a.name, ...a.aliases]) {
      add(w, { kind: 'actor', label: a.name, weight: e.actorWeight, index, ...(a.subtype ? { subtype: a.subtype } : {}) });
    }
  });
  e.knownOrgs.forEach((o, index) => {
    for (const w of [o.name, ...o.aliases]) {
      add(w, { kind: 'knownOrg', label: o.name, weight: 1, index, sector: o.sector, ...(o.subtype ? { subtype: o.subtype } : {}) });
    }
  });
  for (const n of e.orgNouns) for (const w of n.words) add(w, { kind: 'orgNoun', label: w, weight: 1, sector: n.sector });
  for (const w of e.victimCues.after) add(w, { kind: 'victimCueAfter', label: w, weight: 1 });
  for (const w of e.victimCues.before) add(w, { kind: 'victimCueBefore', label: w, weight: 1 });
  for (const w of e.assetWords) add(w, { kind: 'asset', label: w, weight: 1 });
  for (const h of e.sectorHints) for (const w of h.words) add(w, { kind: 'sectorHint', label: w, weight: 1, sector: h.sector });
  const { regions, departements, communes } = e.places;
  for (const [list, weight] of [[regions, 1], [departements, 2], [communes, 3]] as const) {
    for (const w of list) add(w, { kind: 'place', label: w, weight });
  }
}
