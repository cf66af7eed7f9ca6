/**
 * The classifier's interned words: each distinct surface word is folded, stemmed and looked up in
 * the lexicon once, and its trained-layer hashes computed once, so that per-word work in an item
 * is a table lookup. The table is bounded and owned by one classifier.
 */
import { WordTable, type SurfaceWord } from '../word-table.js';
import { opensOf, rootCode, wordStreamStem, ROLE_JOIN, ROLE_STOP, type CompiledLexicon } from './compile.js';

/** Coordinating conjunctions: each starts a new clause (see analyse.ts). */
const CLAUSE_WORDS: ReadonlySet<string> = new Set(['et', 'mais', 'car', 'puis', 'and', 'but']);

/** A surface word with what the lexicon and the trained layer derive from it. */
export class LexWord implements SurfaceWord {
  readonly surface: string;
  readonly norm: string;
  readonly stem: string;
  readonly cap: boolean;
  readonly elision: boolean;
  /** ROLE_STOP, ROLE_JOIN or 0 (see compile.ts). */
  readonly role: number;
  /** Its stem in a matching stream when it is neither elided, a stopword nor joined (see toStream). */
  readonly streamStem: string;
  /** rootCode of `streamStem`: what a lean analysis of a sentence holding it needs. */
  readonly root: number;
  /** opensOf `streamStem`: which tries have a phrase starting with it. */
  readonly opens: number;
  /** A coordinating conjunction ("et", "mais"): it starts a new clause. */
  readonly opensClause: boolean;
  /** Trained-layer hashes of `stem` for a model of `featureDim` buckets (0: not computed yet; see features.ts). */
  featureDim = 0;
  wordBucket = 0;
  titleBucket = 0;
  pairHead = 0;
  titlePairHead = 0;

  constructor(base: SurfaceWord, lex: CompiledLexicon) {
    this.surface = base.surface;
    this.norm = base.norm;
    this.stem = base.stem;
    this.cap = base.cap;
    this.elision = base.elision;
    const role = lex.roles.get(base.norm);
    this.role = role === ROLE_STOP || role === ROLE_JOIN ? role : 0;
    this.streamStem = wordStreamStem(lex, base);
    this.root = rootCode(lex, this.streamStem);
    this.opens = opensOf(lex, this.streamStem);
    this.opensClause = CLAUSE_WORDS.has(base.norm);
  }
}

/** Distinct words a classifier remembers before it starts afresh (a few MB at most). */
export const WORD_TABLE_MAX = 32_768;

/** A word table for a compiled lexicon; `max` words at most. */
export function lexWordTable(lex: CompiledLexicon, max = WORD_TABLE_MAX): WordTable<LexWord> {
  return new WordTable((base) => new LexWord(base, lex), max);
}
