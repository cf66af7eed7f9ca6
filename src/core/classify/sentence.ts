/**
 * The analysed sentence: its tokens are made from the interned words and their spans when first
 * read, and so is the matching stream of a sentence analysed no deeper than its tokens.
 */
import { tokensOf } from '../interned.js';
import type { Token } from '../tokens.js';
import type { Depth, SentenceInfo } from './analyse.js';
import { wordStream, type AuxTerm, type CompiledLexicon, type MainTerm, type Stream } from './compile.js';
import type { TrieMatch } from './trie.js';
import type { LexWord } from './words.js';

/**
 * A SentenceInfo (see there for the fields). Most sentences of a lean analysis are never read
 * token by token, nor matched (nothing the lexicon counts is there), so their tokens are only made
 * on demand (then kept), and so is their stream when it is not given (`lex` then makes it).
 */
export class AnalysedSentence implements SentenceInfo {
  private made: Token[] | undefined = undefined;

  constructor(
    public zone: 'title' | 'body', public index: number, public weight: number, public src: string,
    public start: number, public end: number, public words: readonly LexWord[], public spans: readonly number[],
    private madeStream: Stream | undefined, public clause: number[], public main: readonly TrieMatch<MainTerm>[],
    public aux: readonly TrieMatch<AuxTerm>[], public background: boolean, public notNegated: ReadonlySet<number>,
    public hasScopeCues: boolean, public depth: Depth, private readonly lex?: CompiledLexicon,
  ) {}

  /** The matching stream of the sentence's words (see wordStream). */
  get stream(): Stream {
    return (this.madeStream ??= wordStream(this.words, this.spans, this.lex as CompiledLexicon, this.src).stream);
  }

  /** The tokens of the sentence (as tokenize finds them), made on first read. */
  get tokens(): Token[] {
    return (this.made ??= tokensOf(this.words, this.spans));
  }

  /** Whether token `i` is elided (`tokens[i].elided`, without making the tokens). */
  isElided(i: number): boolean {
    return (this.spans[2 * i] as number) < 0;
  }
}
