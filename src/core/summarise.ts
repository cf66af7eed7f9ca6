/**
 * Extractive summary of a news item: two or three informative sentences of the story, at most
 * 400 characters, cut on sentence boundaries, with page junk (ads, subscription and paywall
 * prompts, affiliate disclaimers, photo credits, stamps, wire prefixes, tickers) left out.
 */
import type { Summariser } from './services.js';
import type { ClassifierInput } from './types.js';
import { splitSentences, type Sentence } from './sentences.js';
import { fold } from './text.js';
import { contentWords, overlap, wordFacts, type WordFacts } from './summary/facts.js';
import { isEmojiOrTicker, JUNK, stripPrefixes } from './summary/junk.js';

/** Tuning of the summariser. */
export interface SummariserOptions {
  /** Longest summary in characters (default 400). */
  maxChars?: number;
  /** Most sentences kept (default 3). */
  maxSentences?: number;
  /** Extra junk phrases (plain text, matched folded and case-insensitively; never compiled as regex). */
  junkPhrases?: string[];
  /** Usable sentences read from the top of the story (default 12): summaries come from the lead. */
  maxCandidates?: number;
}

const WEAK_START = /^(mais|cependant|pourtant|heureusement|or|pour certains|au fil|en effet|toutefois|celui ci|celle ci|cela|ce type)\b/;

interface Candidate extends WordFacts {
  text: string;
  /** `text` folded once, for every test below, and its words. */
  folded: string;
  order: number;
  score: number;
  content: Set<string> | undefined;
}

/** Ends with a question mark (then maybe spaces and a closing quote); most text holds no "?" at all. */
const endsWithQuestion = (text: string): boolean => text.includes('?') && /\?\s*»?$/.test(text);

const ENDINGS = new Set(['.', '!', '?', '…', '»', '"', ')', ']']);
const endsSentence = (line: string): boolean => ENDINGS.has(line.trimEnd().slice(-1));

/** Builds a summariser; all patterns are compiled here, once. */
export function createSummariser(options: SummariserOptions = {}): Summariser {
  const maxChars = options.maxChars ?? 400;
  const maxSentences = options.maxSentences ?? 3;
  const maxCandidates = options.maxCandidates ?? 12;
  const extra = (options.junkPhrases ?? []).map((p) => fold(p)).filter((p) => p.length > 0);
  const isJunk = (f: string): boolean => JUNK.test(f) || extra.some((p) => f.includes(p));

  /** The usable sentences of a paragraph (a line of the text) added to `out`, up to maxCandidates. */
  const addSentences = (line: string, titleKey: string, out: Candidate[]): void => {
    const sentences = splitSentences(line);
    for (let k = 0; k < sentences.length && out.length < maxCandidates; k += 1) {
      const text = (sentences[k] as Sentence).text;
      if (text.length < 25) continue;
      const folded = fold(text);
      if (folded === titleKey) continue;
      if (k === sentences.length - 1 && !endsSentence(text) && out.length > 0) continue; // truncated tail
      const c: Candidate = { text, folded, order: out.length, score: 0, informative: 0, explains: false, content: undefined };
      wordFacts(folded, c);
      out.push(c);
    }
  };

  const candidates = (input: ClassifierInput): Candidate[] => {
    const titleKey = fold(input.title);
    const out: Candidate[] = [];
    const text = input.text;
    // Lines as text.split(/\r?\n/) gives them: a "\r" left at the end of a line is trimmed below anyway.
    let lastStart = text.lastIndexOf('\n') + 1; // start of the last line that is not blank (or of the first line)
    for (let lastEnd = text.length; lastStart > 0 && text.slice(lastStart, lastEnd).trim() === '';) {
      lastEnd = lastStart - 1; // the line break before it
      lastStart = lastEnd === 0 ? 0 : text.lastIndexOf('\n', lastEnd - 1) + 1;
    }
    for (let start = 0; start <= text.length && out.length < maxCandidates;) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const line = stripPrefixes(text.slice(start, end).trim()); // wire stamps and credits open a paragraph
      const last = start >= lastStart;
      start = end + 1;
      if (line.length === 0 || isEmojiOrTicker(line) || /^[•▪►✓*·-]\s/.test(line)) continue;
      if (!endsSentence(line) && !(last && out.length === 0 && line.length > 80)) continue; // heading or cut-off fragment
      if (line.length < 90 && endsWithQuestion(line)) continue; // rhetorical subheading
      addSentences(line, titleKey, out);
    }
    return out;
  };

  const score = (c: Candidate): number => {
    const f = c.folded;
    let s = 1.2 * 0.85 ** c.order + 0.35 * Math.min(3, c.informative) + (c.explains ? 0.5 : 0);
    if (WEAK_START.test(f)) s -= 0.4;
    if (endsWithQuestion(c.text)) s -= 0.6;
    if (/^[«"“]/.test(c.text)) s -= 0.2;
    return s;
  };

  return {
    summarise(input: ClassifierInput): string {
      const all = candidates({ title: input.title ?? '', text: input.text ?? '' });
      if (all.length === 0) return clip(input.title.trim(), maxChars);
      for (const c of all) c.score = score(c);
      // The lead comes first unless it is colour without a single fact ("Le cœur de Marseille bat …").
      const chosen: Candidate[] = [];
      let length = -1;
      const take = (c: Candidate): void => { chosen.push(c); length += 1 + c.text.length; };
      const facts = all.filter((c) => c.informative > 0);
      const pool = facts.length >= 2 ? facts : all; // colour goes only when facts are short
      const lead = all[0];
      if (lead && facts.includes(lead) && !isJunk(lead.folded)) take(lead);
      for (const c of [...pool].sort((a, b) => b.score - a.score || a.order - b.order)) {
        if (chosen.length >= maxSentences) break;
        if (chosen.includes(c) || (c.score < 0.6 && chosen.length >= 2)) continue;
        if (length + 1 + c.text.length > maxChars && chosen.length > 0) continue;
        if (isJunk(c.folded)) continue; // checked only for sentences about to be chosen
        if (chosen.some((o) => overlap(wordsOf(o), wordsOf(c)) > 0.5)) continue; // says the same thing again
        take(c);
      }
      chosen.sort((a, b) => a.order - b.order);
      // Joined by hand: an optimised `map` makes a holey array, which deoptimised this function.
      let text = '';
      chosen.forEach((c, i) => { text = i === 0 ? c.text : `${text} ${c.text}`; });
      return clip(text, maxChars);
    },
  };
}

function wordsOf(c: Candidate): Set<string> {
  c.content ??= contentWords(c.folded);
  return c.content;
}

/** Cuts `text` to `max` characters on a word boundary, with an ellipsis when cut. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}
