/**
 * First stage of classification: splits an item into weighted sentences, matches the compiled
 * lexicon on each one and decides, for every positive term, whether it is asserted, doubted,
 * denied or only background.
 */
import { tokenizeSpans, tokenizeSentences } from '../interned.js';
import type { Token } from '../tokens.js';
import type { WordTable } from '../word-table.js';
import type { AuxTerm, CompiledLexicon, MainTerm, Stream } from './compile.js';
import { OPENS_AUX, OPENS_MAIN, streamRoot, wordStream } from './compile.js';
import { doubtingQuestions, modalityOf } from './scope.js';
import type { TrieMatch } from './trie.js';
import { AnalysedSentence } from './sentence.js';
import { lexWordTable, type LexWord } from './words.js';

/** How a term is used in its sentence. */
export type Modality = 'confirmed' | 'suspected' | 'denied' | 'background';

/** One analysed sentence (the title is sentence -1). */
export interface SentenceInfo {
  zone: 'title' | 'body';
  index: number;
  weight: number;
  src: string;
  start: number;
  end: number;
  /** The tokens (see AnalysedSentence: made on first read). */
  readonly tokens: Token[];
  /** The interned word of each token (same index). */
  words: readonly LexWord[];
  /** Where each token sits, and whether it is elided (see tokensOf). */
  spans: readonly number[];
  /** Whether token `i` is elided (`tokens[i].elided`, without making the tokens). */
  isElided(i: number): boolean;
  stream: Stream;
  /** Clause number of each stream position (punctuation starts a new clause). */
  clause: number[];
  main: readonly TrieMatch<MainTerm>[];
  aux: readonly TrieMatch<AuxTerm>[];
  background: boolean;
  /** Stream positions inside a "not ruled out" phrase, where negation cues do not count. */
  notNegated: ReadonlySet<number>;
  /** Whether any negation, doubt or local-background cue is present (else scopes are skipped). */
  hasScopeCues: boolean;
  /**
   * How far the sentence was analysed: 'full'; 'negatives' (exclusive trie only: it holds
   * hard-negative terms and nothing else that can count); 'tokens' (nothing the lexicon counts).
   */
  depth: Depth;
}

/** How far a sentence was analysed (see SentenceInfo.depth). */
export type Depth = 'full' | 'negatives' | 'tokens';

const NONE: ReadonlySet<number> = new Set();
// Shared by every sentence analysed below 'full' (nothing adds to a sentence's clauses or matches).
const NO_CLAUSES: number[] = [];
const NO_MAIN: readonly TrieMatch<MainTerm>[] = [];
const NO_AUX: readonly TrieMatch<AuxTerm>[] = [];
const SCOPE_KINDS = new Set<AuxTerm['kind']>(['negation', 'negationAfter', 'notNegation', 'speculation', 'backgroundLocal']);

/** A positive term (attack, outage, IT context) with its modality and the cue that set it. */
export interface Hit {
  term: MainTerm;
  sentence: SentenceInfo;
  match: TrieMatch<MainTerm>;
  modality: Modality;
  cue: string | undefined;
}

/** Punctuation that ends a clause: , ; : ! ? ( ) — – | */
const isClausePunct = (c: number): boolean => c === 0x2c || c === 0x3b || c === 0x3a || c === 0x21 || c === 0x3f || c === 0x28
  || c === 0x29 || c === 0x2014 || c === 0x2013 || c === 0x7c;

/** Clause number of each stream position: punctuation and coordinating conjunctions start a new clause. */
function clauses(src: string, words: readonly LexWord[], spans: readonly number[], stream: Stream): number[] {
  const tokenIndex = stream.tokenIndex; // increasing
  const out: number[] = [];
  let clause = 0;
  let prevEnd = -1;
  for (let k = 0; out.length < tokenIndex.length; k += 1) {
    const at = spans[2 * k] as number;
    const start = at < 0 ? -1 - at : at; // an elided token's start is written -1 - start
    if (prevEnd >= 0) {
      for (let i = prevEnd; i < start; i += 1) {
        if (isClausePunct(src.charCodeAt(i))) { clause += 1; break; }
      }
    }
    if ((words[k] as LexWord).opensClause) clause += 1;
    if (tokenIndex[out.length] === k) out.push(clause);
    prevEnd = spans[2 * k + 1] as number;
  }
  return out;
}

/** How to analyse: `lean` analyses each sentence only as deep as its words require (see analyseSentences). */
export interface AnalyseOptions {
  lean?: boolean;
  /** The caller's word table (a small one is made for the call otherwise). */
  words?: WordTable<LexWord>;
}

/** The depth a lean analysis needs for a stream whose highest root code (see rootCode) is `root`. */
const DEPTH_OF_ROOT: readonly Depth[] = ['tokens', 'negatives', 'full'];

/** A sentence analysed to `depth`; below 'full', cues, clauses and (for 'tokens') terms are left empty. */
function analyseSentence(lex: CompiledLexicon, base: Pick<SentenceInfo, 'zone' | 'index' | 'weight' | 'src' | 'start' | 'end' | 'words' | 'spans' | 'stream'>,
  depth: Depth): SentenceInfo {
  const { zone, index, weight, src, start, end, words, spans, stream } = base;
  if (depth !== 'full') {
    const main = depth === 'negatives' ? lex.main.scanLongest(stream.stems, stream.opens, OPENS_MAIN) : NO_MAIN;
    return new AnalysedSentence(zone, index, weight, src, start, end, words, spans, stream, NO_CLAUSES, main, NO_AUX, false, NONE, false, depth);
  }
  const aux = lex.aux.scanAll(stream.stems, stream.opens, OPENS_AUX);
  let background = false;
  let hasScopeCues = false;
  let notNegated: Set<number> | undefined;
  for (const m of aux) {
    for (const p of m.payloads) {
      if (p.kind === 'background') background = true;
      if (SCOPE_KINDS.has(p.kind)) hasScopeCues = true;
      if (p.kind === 'notNegation') for (let i = m.start; i < m.end; i += 1) (notNegated ??= new Set()).add(i);
    }
  }
  const main = lex.main.scanLongest(stream.stems, stream.opens, OPENS_MAIN);
  return new AnalysedSentence(zone, index, weight, src, start, end, words, spans, stream, clauses(src, words, spans, stream), main, aux,
    background, notNegated ?? NONE, hasScopeCues, depth);
}

function sentenceAt(lex: CompiledLexicon, src: string, start: number, end: number, words: LexWord[], spans: number[],
  zone: 'title' | 'body', index: number, weight: number, lean: boolean): SentenceInfo {
  // A lean sentence holding nothing the lexicon counts is not matched: its stream is made if ever read.
  if (lean && streamRoot(words, spans, lex, src) === 0) {
    return new AnalysedSentence(zone, index, weight, src, start, end, words, spans, undefined, NO_CLAUSES, NO_MAIN, NO_AUX, false, NONE, false,
      'tokens', lex);
  }
  const { stream, root } = wordStream(words, spans, lex, src);
  return analyseSentence(lex, { zone, index, weight, src, start, end, words, spans, stream }, lean ? DEPTH_OF_ROOT[root] as Depth : 'full');
}

/**
 * Splits and analyses the title and the text; each body sentence gets its position weight.
 * `lean` analyses each sentence only as deep as its words require (see SentenceInfo.depth):
 * the hits, hard-negative strengths, technical causes and IT context then come out exactly as in
 * a full analysis, which is all a verdict without attack or outage hits reads. `deepen` completes it.
 */
export function analyseSentences(lex: CompiledLexicon, title: string, text: string, o: AnalyseOptions = {}): SentenceInfo[] {
  const w = lex.lexicon.weights;
  const table = o.words ?? lexWordTable(lex, 256);
  const lean = o.lean === true;
  const out: SentenceInfo[] = [];
  const cleanTitle = title.trim();
  if (cleanTitle.length > 0) {
    const words: LexWord[] = [];
    const spans: number[] = [];
    tokenizeSpans(table, title, 0, title.length, words, spans);
    out.push(sentenceAt(lex, title, 0, title.length, words, spans, 'title', -1, w.title, lean));
  }
  let index = 0;
  tokenizeSentences(table, text, (start, end, words, spans) => {
    if (end - start === cleanTitle.length && text.startsWith(cleanTitle, start)) return; // pages often repeat the headline
    const weight = index < w.leadSentences ? w.lead : index < w.lateAfter ? w.body : w.late;
    out.push(sentenceAt(lex, text, start, end, words, spans, 'body', index, weight, lean));
    index += 1;
  });
  return out;
}

/** The sentences with every one analysed in full (the same objects when they already were). */
export function deepen(lex: CompiledLexicon, sentences: readonly SentenceInfo[]): SentenceInfo[] {
  // Pushed, not mapped: `map` makes a holey array, and the loops over sentences, compiled for the
  // packed arrays analyseSentences makes, would be deoptimised by it.
  const out: SentenceInfo[] = [];
  for (const s of sentences) out.push(s.depth === 'full' ? s : analyseSentence(lex, s, 'full'));
  return out;
}

/** Every positive or context term of the item with its modality. */
export function collectHits(lex: CompiledLexicon, sentences: readonly SentenceInfo[]): Hit[] {
  const hits: Hit[] = [];
  for (const s of sentences) hitsOf(lex, s, hits);
  return hits;
}

/**
 * `collectHits(lex, sentences)` where `sentences` is `deepen(lex, before)` and `hits` is
 * `collectHits(lex, before)`: the hits of sentences already analysed in full are taken as they are.
 */
export function collectDeepenedHits(lex: CompiledLexicon, sentences: readonly SentenceInfo[],
  before: readonly SentenceInfo[], hits: readonly Hit[]): Hit[] {
  const full = new Set(before.filter((s) => s.depth === 'full'));
  const out: Hit[] = [];
  let k = 0; // hits come sentence by sentence, in order
  for (const s of sentences) {
    if (!full.has(s)) { hitsOf(lex, s, out); continue; }
    while (k < hits.length && (hits[k] as Hit).sentence === s) out.push(hits[k++] as Hit);
  }
  return out;
}

/** Adds the hits of one sentence to `hits`. */
function hitsOf(lex: CompiledLexicon, s: SentenceInfo, hits: Hit[]): void {
  if (s.depth !== 'full') return; // no attack, outage or IT term there (see SentenceInfo.depth)
  const question = s.src.indexOf('?', s.start);
  const hasQuestion = question >= 0 && question < s.end;
  const questions = hasQuestion ? doubtingQuestions(s, lex.questionOpeners) : [];
  for (const m of s.main) {
    const { modality, cue } = modalityOf(s, m, lex, questions);
    for (const term of m.payloads) {
      if (term.kind === 'neg' || term.kind === 'shield') continue;
      hits.push({ term, sentence: s, match: m, modality, cue }); // one shape for every hit, cue or not
    }
  }
}
