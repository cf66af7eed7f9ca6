/**
 * Keyword subscriptions: parsing what users type after `/subscribe`, validating it, and compiling
 * one keyword into the folded, plural-stemmed word sequence the filters match. Never a regex.
 */
import { fold, words } from './text.js';
import { vocabulary, type KeywordRefusal } from './vocabulary/index.js';

/** Most keywords plus exclusions one destination may hold. */
export const MAX_KEYWORDS = 50;
/** Longest keyword or exclusion, in characters (code points). */
export const MAX_KEYWORD_LENGTH = 64;
/** Shortest stem accepted before `*`, in folded letters ("ran*" is fine, "ra*" would match half the news). */
export const MIN_PREFIX_LENGTH = 3;

/** Why a keyword argument was refused. */
export type KeywordErrorCode = KeywordRefusal;

/** A refusal with a message in French and English, ready to show. */
export interface KeywordError {
  code: KeywordErrorCode;
  term?: string;
  message: { fr: string; en: string };
}

/** Keywords and exclusions as stored on a destination (exclusions without their leading `-`). */
export interface KeywordSet {
  keywords: string[];
  exclusions: string[];
}

/** Outcome of a parse or an update: the value, or a refusal. */
export type KeywordResult<T> = ({ ok: true } & T) | { ok: false; error: KeywordError };

/** A keyword ready for matching: folded, elisions dropped, plurals stemmed; `prefix` applies to the last word. */
export interface CompiledTerm {
  words: string[];
  prefix: boolean;
  /** Identity of the term: two spellings with the same key match the same texts. */
  key: string;
}

/**
 * Reduces a folded word to its singular under simple French plural rules: -eaux/-eux/-oux lose the x,
 * -aux becomes -al (hôpitaux → hopital), a final s goes (not -ss). Applied to keywords and text alike.
 */
export function stemWord(word: string): string {
  if (word.length > 3 && /(?:eau|eu|ou)x$/.test(word)) return word.slice(0, -1);
  if (word.length > 4 && word.endsWith('aux')) return `${word.slice(0, -3)}al`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

type Analysis = { ok: true; term: CompiledTerm } | { ok: false; code: KeywordErrorCode };

/** Words that match nearly every article: alone, they are a mistake ("mairie de Lyon" typed without quotes). */
const TOO_COMMON = new Set([
  'le', 'la', 'les', 'de', 'des', 'du', 'un', 'une', 'et', 'ou', 'a', 'au', 'aux', 'en', 'dans', 'sur', 'pour',
  'par', 'avec', 'est', 'the', 'of', 'and', 'or', 'to', 'in', 'on', 'for', 'an', 'is',
]);

function analyse(raw: string): Analysis {
  let text = raw.trim();
  const prefix = text.endsWith('*');
  if (prefix) text = text.slice(0, -1);
  if (text.includes('*')) return { ok: false, code: 'bad_star' };
  const ws = words(fold(text));
  const last = ws.length - 1;
  if (last < 0) return { ok: false, code: 'empty_term' };
  if (prefix && (ws[last] ?? '').length < MIN_PREFIX_LENGTH) return { ok: false, code: 'prefix_too_short' };
  if (!prefix && last === 0 && TOO_COMMON.has(ws[0] ?? '')) return { ok: false, code: 'too_common' };
  const stems = ws.map((w, i) => (prefix && i === last ? w : stemWord(w)));
  return { ok: true, term: { words: stems, prefix, key: stems.join(' ') + (prefix ? '*' : '') } };
}

/** Compiles one stored keyword for matching; undefined when it holds no word (or a misplaced `*`). */
export function compileTerm(raw: string): CompiledTerm | undefined {
  const result = analyse(raw);
  return result.ok ? result.term : undefined;
}

function refuse(code: KeywordErrorCode, term?: string): { ok: false; error: KeywordError } {
  const t = term ?? '';
  const limits = { maxKeywords: MAX_KEYWORDS, maxLength: MAX_KEYWORD_LENGTH, minPrefix: MIN_PREFIX_LENGTH };
  const message = { fr: vocabulary('fr').keywordError(code, t, limits), en: vocabulary('en').keywordError(code, t, limits) };
  return { ok: false, error: { code, ...(term === undefined ? {} : { term }), message } };
}

const QUOTE_CLOSERS: Record<string, string> = {
  '"': '"”“', '“': '”"“', '”': '”"', '«': '»', '„': '“”"', '»': '«',
};
const NEGATIONS = new Set(['-', '−', '–', '—']);

/** Splits on commas (and semicolons); on whitespace too when the text has no comma. Quotes group. */
function split(input: string): string[] {
  const onSpace = !/[,;]/.test(input);
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < input.length; i += 1) {
    const c = input[i] ?? '';
    const closers = QUOTE_CLOSERS[c];
    if (closers !== undefined) {
      let end = i + 1;
      while (end < input.length && !closers.includes(input[end] ?? '')) end += 1;
      current += input.slice(i + 1, end);
      i = end;
    } else if (c === ',' || c === ';' || (onSpace && /\s/.test(c))) {
      terms.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  terms.push(current);
  return terms.map((t) => t.replace(/\s+/g, ' ').trim()).filter((t) => t.length > 0);
}

/**
 * Parses a `/subscribe` argument: `hôpital, "mairie de Marseille", -test, ransom*` or, without commas,
 * space-separated words and quoted phrases (« guillemets » too). `-mot` is an exclusion. Duplicates
 * collapse; each term is validated (not empty, ≤ 64 characters, `*` only as a final prefix mark).
 */
export function parseKeywordArgs(input: string): KeywordResult<KeywordSet> {
  const keywords: string[] = [];
  const exclusions: string[] = [];
  const seen = new Set<string>();
  for (const piece of split(input)) {
    const negated = NEGATIONS.has(piece[0] ?? '');
    const text = negated ? piece.slice(1).trim() : piece;
    if ([...text].length > MAX_KEYWORD_LENGTH) return refuse('too_long', text);
    const analysis = analyse(text);
    if (!analysis.ok) return refuse(analysis.code, piece);
    const id = (negated ? '-' : '+') + analysis.term.key;
    if (seen.has(id)) continue;
    seen.add(id);
    (negated ? exclusions : keywords).push(text);
  }
  if (keywords.length + exclusions.length === 0) return refuse('empty_input');
  return { ok: true, keywords, exclusions };
}

function keyOf(raw: string): string {
  return compileTerm(raw)?.key ?? raw;
}

function without(list: string[], keys: Set<string>): string[] {
  return list.filter((k) => !keys.has(keyOf(k)));
}

/**
 * Adds parsed keywords and exclusions to a destination's set: already present ones are skipped, a
 * word moves from keywords to exclusions (or back) when re-added the other way, and the total stays ≤ 50.
 */
export function addKeywords(current: KeywordSet, added: KeywordSet): KeywordResult<KeywordSet & { added: string[] }> {
  const addedKw = new Set(added.keywords.map(keyOf));
  const addedEx = new Set(added.exclusions.map(keyOf));
  const haveKw = new Set(current.keywords.map(keyOf));
  const haveEx = new Set(current.exclusions.map(keyOf));
  const newKw = added.keywords.filter((k) => !haveKw.has(keyOf(k)));
  const newEx = added.exclusions.filter((k) => !haveEx.has(keyOf(k)));
  const keywords = [...without(current.keywords, addedEx), ...newKw];
  const exclusions = [...without(current.exclusions, addedKw), ...newEx];
  if (keywords.length + exclusions.length > MAX_KEYWORDS) return refuse('too_many');
  return { ok: true, keywords, exclusions, added: [...newKw, ...newEx.map((e) => `-${e}`)] };
}

/**
 * Removes terms from a destination's set: `mot` removes it from keywords and exclusions, `-mot` from
 * exclusions only. Reports what was removed and what was not found.
 */
export function removeKeywords(current: KeywordSet, removed: KeywordSet): KeywordSet & { removed: string[]; missing: string[] } {
  const anyKeys = new Set(removed.keywords.map(keyOf));
  const exKeys = new Set([...removed.exclusions, ...removed.keywords].map(keyOf));
  const keywords = without(current.keywords, anyKeys);
  const exclusions = without(current.exclusions, exKeys);
  const gone = [
    ...current.keywords.filter((k) => !keywords.includes(k)),
    ...current.exclusions.filter((k) => !exclusions.includes(k)).map((e) => `-${e}`),
  ];
  const goneKeys = new Set(gone.map((g) => keyOf(g.replace(/^-/, ''))));
  const missing = [...removed.keywords, ...removed.exclusions.map((e) => `-${e}`)]
    .filter((t) => !goneKeys.has(keyOf(t.replace(/^-/, ''))));
  return { keywords, exclusions, removed: gone, missing };
}
