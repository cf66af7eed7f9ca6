/**
 * Tokenising through a word table (see WordTable): each word is read once, hashed as it is read
 * and looked up, instead of folded and stemmed again; a text can be split into sentences in the
 * same pass.
 */
import * as sentences from './sentences.js';
import * as folding from './text.js';
import * as kinds from './tokens.js';
import type { Token } from './tokens.js';
import * as surfaces from './word-table.js';
import type { SurfaceWord, WordTable } from './word-table.js';

// Module-local copies: every read of an imported binding is checked (it may not be initialised
// yet), which the per-character loop below pays for (about 15 % of it).
const { K_APOS, K_DROP, K_MAP, K_SELF, K_SEP, KIND, unitKind } = kinds;
const { SURFACE_PRIME, SURFACE_SEED } = surfaces;
const { isSpace, mayEndSentence, sentenceEnd } = sentences;
const { TABLE } = folding;

/**
 * Receives one sentence of a text: its trimmed offsets, the word of each token and the spans of
 * its tokens (see tokensOf).
 */
export type SentenceSink<W> = (start: number, end: number, words: W[], spans: number[]) => void;

/**
 * The tokens of words and their spans: token k is `words[first + k]` at `spans[2k]`…`spans[2k + 1]`,
 * a start written `-1 - start` marking an elided token (what tokenizeInterned writes).
 */
export function tokensOf(words: readonly SurfaceWord[], spans: readonly number[], first = 0): Token[] {
  const out: Token[] = [];
  for (let k = 0; 2 * k < spans.length; k += 1) {
    const w = words[first + k] as SurfaceWord;
    const start = spans[2 * k] as number;
    const elided = start < 0;
    out.push({ norm: w.norm, stem: elided ? w.norm : w.stem, start: elided ? -1 - start : start, end: spans[2 * k + 1] as number, cap: w.cap, elided });
  }
  return out;
}

/**
 * `tokenize`, with each word looked up in `table` instead of folded and stemmed again: the same
 * tokens (equal strings, offsets and flags), and the table's word of each token pushed on `words`.
 */
export function tokenizeInterned<W extends SurfaceWord>(table: WordTable<W>, text: string, from: number, to: number,
  words: W[]): Token[] {
  const first = words.length;
  const spans: number[] = [];
  scan(table, text, from, to, words, spans);
  return tokensOf(words, spans, first);
}

/** `tokenizeInterned` without making the tokens: their spans (see tokensOf) pushed on `spans`. */
export function tokenizeSpans<W extends SurfaceWord>(table: WordTable<W>, text: string, from: number, to: number,
  words: W[], spans: number[]): void {
  scan(table, text, from, to, words, spans);
}

/**
 * Splits `text` into sentences as `splitSentences` does and tokenises each one as
 * `tokenizeInterned` does, in one pass over the text; hands them to `sink` in order.
 */
export function tokenizeSentences<W extends SurfaceWord>(table: WordTable<W>, text: string, sink: SentenceSink<W>): void {
  scan(table, text, 0, text.length, [], [], sink);
}

/**
 * Scratch of `scan`: the words and spans of the text being read, written by index (cheaper than
 * growing fresh arrays word by word) and handed over as slices. A sink that tokenises again while
 * a scan runs (none does) would find `reading` set and get arrays of its own.
 */
const scratchWords: SurfaceWord[] = [];
const scratchSpans: number[] = [];
let reading = false;

/**
 * Reads the words of `text[from, to)` onto `words` and their spans onto `spans` (see tokensOf);
 * with `sink`, every sentence end is looked for too, and each sentence is handed over with fresh arrays.
 */
function scan<W extends SurfaceWord>(table: WordTable<W>, text: string, from: number, to: number, words: W[],
  spans: number[], sink?: SentenceSink<W>): void {
  const own = !reading;
  reading = true;
  try {
    const ws = own ? scratchWords as W[] : [];
    const sp = own ? scratchSpans : [];
    const n = read(table, text, from, to, ws, sp, sink);
    if (sink === undefined) {
      for (let k = 0; k < n; k += 1) {
        words.push(ws[k] as W);
        spans.push(sp[2 * k] as number, sp[2 * k + 1] as number);
      }
    }
  } finally {
    if (own) reading = false;
  }
}

/**
 * `scan` into `ws` and `sp` written from index 0 (word k is `ws[k]` at `sp[2k]`…`sp[2k + 1]`);
 * each sentence found is handed to `sink` as slices. Returns how many words were read.
 */
function read<W extends SurfaceWord>(table: WordTable<W>, text: string, from: number, to: number, ws: W[],
  sp: number[], sink?: SentenceSink<W>): number {
  let m = 0; // words read
  let handed = 0; // words handed to the sink
  let inGroup = false; // as in tokenize()
  let head: string | undefined;
  let sentenceStart = from;
  let next = from; // where the next sentence end may be (units before it belong to the last one found)
  let i = from;
  while (i < to) {
    let code = text.charCodeAt(i);
    let kind = code < TABLE ? (KIND[code] as number) : unitKind(code);
    if (kind === K_SELF || kind === K_MAP) { // a word: letters, digits and the combining marks among them
      const start = i;
      let hash = Math.imul(SURFACE_SEED ^ code, SURFACE_PRIME);
      let high = code; // packedKeys, computed as the word is read
      let low = 0;
      let wide = code;
      kind = K_SEP; // what ends the word (the end of the range counts as a space)
      for (i += 1; i < to; i += 1) {
        code = text.charCodeAt(i);
        const k = code < TABLE ? (KIND[code] as number) : unitKind(code);
        if (k === K_SEP || k === K_APOS) { kind = k; break; }
        hash = Math.imul(hash ^ code, SURFACE_PRIME);
        const n = i - start;
        if (n < 4) high = (high << 8) | code;
        else if (n < 8) low = (low << 8) | code;
        wide |= code;
      }
      const w = table.get(text, start, i, hash, high, low, wide);
      const word = w.norm;
      const apostrophe = kind === K_APOS;
      if (!inGroup) head = apostrophe ? word : undefined;
      inGroup = apostrophe;
      const elided = head === word && w.elision;
      // Written in order (index = length at worst): the arrays stay packed.
      sp[2 * m] = elided ? -1 - start : start;
      sp[2 * m + 1] = i;
      ws[m] = w;
      m += 1;
      if (i >= to) break;
      // On to the separator or apostrophe that ended it: the group state below is already what it makes.
    }
    if (kind !== K_DROP) { // a separator or an apostrophe
      const apostrophe = kind === K_APOS;
      if (apostrophe && !inGroup) { inGroup = true; head = undefined; } // a group opening with "'"
      if (!apostrophe) inGroup = false;
      if (sink !== undefined && i >= next && mayEndSentence(code)) {
        const end = sentenceEnd(text, i);
        if (end >= 0) {
          if (hand(sink, text, sentenceStart, end, ws, sp, handed, m)) handed = m;
          sentenceStart = end;
          next = end;
        }
      }
    }
    i += 1;
  }
  if (sink !== undefined) hand(sink, text, sentenceStart, to, ws, sp, handed, m);
  return m;
}

/**
 * Hands `text[start, end)` trimmed to `sink` with words `first`…`last - 1` of `ws` and `sp` (fresh
 * slices) unless it is blank; whether it did (a blank one's words go with the next sentence).
 */
function hand<W>(sink: SentenceSink<W>, text: string, start: number, end: number, ws: W[], sp: number[],
  first: number, last: number): boolean {
  let s = start;
  let e = end;
  while (s < e && isSpace(text.charCodeAt(s))) s += 1;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e -= 1;
  if (e <= s) return false;
  sink(s, e, ws.slice(first, last), sp.slice(2 * first, 2 * last));
  return true;
}
