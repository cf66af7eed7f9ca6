/**
 * Negation, speculation and background scopes: decides whether a term is asserted, doubted,
 * denied or only recalled from the past, from the cues around it in its clause.
 */
import type { Token } from '../tokens.js';
import type { Modality, SentenceInfo } from './analyse.js';
import type { AuxTerm, CompiledLexicon, MainTerm } from './compile.js';
import type { TrieMatch } from './trie.js';
import type { LexWord } from './words.js';

// Plain loops: these run for every cue around every term, where a closure per call showed.
function has(m: TrieMatch<AuxTerm>, kind: AuxTerm['kind']): boolean {
  for (const p of m.payloads) if (p.kind === kind) return true;
  return false;
}
function isPositive(m: TrieMatch<MainTerm>): boolean {
  for (const p of m.payloads) if (p.kind === 'attack' || p.kind === 'outage') return true;
  return false;
}
function isAttack(m: TrieMatch<MainTerm>): boolean {
  for (const p of m.payloads) if (p.kind === 'attack') return true;
  return false;
}

/**
 * True when every word in stream positions [from, to) may stand between a negation and its target:
 * a bridge word ("preuve", "lié", "s'agit"), a scale or doubt word, or — when the target is an
 * attack — an outage term ("aucune preuve que la panne soit due à une cyberattaque").
 */
function bridged(s: SentenceInfo, lex: CompiledLexicon, from: number, to: number, target: TrieMatch<MainTerm>): boolean {
  const attack = isAttack(target);
  for (let p = from; p < to; p += 1) {
    if (lex.bridges.has(s.stream.stems[p] as string)) continue;
    const term = s.main.find((o) => o !== target && o.start <= p && p < o.end);
    if (term && (attack ? !isAttack(term) && isPositive(term) : false)) continue;
    if (s.aux.some((a) => a.start <= p && p < a.end && (has(a, 'scale') || has(a, 'speculation')))) continue;
    return false;
  }
  return true;
}

/** Modality of one main match inside its sentence. */
export function modalityOf(s: SentenceInfo, m: TrieMatch<MainTerm>, lex: CompiledLexicon,
  questions: readonly [number, number][]): { modality: Modality; cue?: string } {
  const { window, afterWindow } = lex.lexicon.scopes;
  const clause = s.clause[m.start];
  if (!s.hasScopeCues) return plainModality(s, m, lex, questions);
  const covered = s.notNegated;
  // An outage term right before an attack term leaves the negation to the attack.
  const attackAfter = !isAttack(m) && s.main.some((o) => isAttack(o) && o.start >= m.end && o.start - m.end <= window
    && s.clause[o.start] === clause);
  for (const a of s.aux) {
    if (s.clause[a.start] !== clause || covered.has(a.start)) continue;
    if (has(a, 'negation') && afterImperative(s, a.start)) continue;
    if (has(a, 'negation') && a.end <= m.start && m.start - a.end <= window && !attackAfter && bridged(s, lex, a.end, m.start, m)) {
      return { modality: 'denied', cue: a.payloads[0]?.label ?? '' };
    }
    if (has(a, 'negationAfter') && a.start >= m.end && a.start - m.end <= afterWindow && bridged(s, lex, m.end, a.start, m)) {
      return { modality: 'denied', cue: a.payloads[0]?.label ?? '' };
    }
  }
  for (const a of s.aux) {
    if (s.clause[a.start] !== clause || !(has(a, 'speculation') || has(a, 'notNegation'))) continue;
    // "une panne dont la cause n'est pas connue": an unknown cause doubts the attack, not the outage.
    if (!has(a, 'speculation') && !isAttack(m)) continue;
    // "n'a pas encore été revendiqué": the doubt is about the claim, not the attack.
    if (s.aux.some((b) => has(b, 'breaker') && b.start >= a.end && b.start - a.end <= 1)) continue;
    const dist = a.start >= m.end ? a.start - m.end : m.start - a.end;
    if (dist <= window) return { modality: 'suspected', cue: a.payloads[0]?.label ?? '' };
  }
  return plainModality(s, m, lex, questions);
}

/**
 * True when the negation cue at stream position `p` follows a verb in the imperative or second
 * person ("N'ouvrez pas ce mail frauduleux", "ne cliquez pas"): a warning, not a denial.
 */
function afterImperative(s: SentenceInfo, p: number): boolean {
  const prev = normBefore(s, s.stream.tokenIndex[p] as number);
  return prev !== undefined && prev.length > 4 && prev.endsWith('ez');
}

/** Modality from questions and background only (no negation or doubt cue applies). */
function plainModality(s: SentenceInfo, m: TrieMatch<MainTerm>, lex: CompiledLexicon,
  questions: readonly [number, number][]): { modality: Modality; cue?: string } {
  const clause = s.clause[m.start];
  // Read from the words and spans: making the sentence's tokens for this showed in profiles.
  const first = s.stream.tokenIndex[m.start] as number;
  const at = s.spans[2 * first] as number;
  const start = at < 0 ? -1 - at : at; // an elided token's start is written -1 - start
  if (questions.some(([from, to]) => start >= from && start < to)) return { modality: 'suspected', cue: '?' };
  if (s.background) return { modality: 'background' };
  const before = normBefore(s, first);
  if (before !== undefined && lex.genericDeterminers.has(before) && /[sx]$/.test((s.words[first] as LexWord).norm) && isAttack(m)) {
    return { modality: 'background', cue: 'générique' }; // "les cyberattaques se multiplient": a topic, not an incident
  }
  if (s.aux.some((a) => has(a, 'backgroundLocal') && a.end <= m.start && m.start - a.end <= 1 && s.clause[a.start] === clause)) {
    return { modality: 'background' };
  }
  return { modality: 'confirmed' };
}

/** Character ranges of yes/no questions (clauses ending with "?" that do not ask "how", "what", "who" …). */
export function doubtingQuestions(s: SentenceInfo, openers: ReadonlySet<string>): [number, number][] {
  const out: [number, number][] = [];
  let from = s.start;
  const tokenAt = (streamPos: number): Token => s.tokens[s.stream.tokenIndex[streamPos] as number] as Token;
  for (let i = s.start; i < s.end; i += 1) {
    const ch = s.src.charAt(i);
    if (':;|\u2014\u2013(«"“'.includes(ch) || (ch === '.' && i + 1 < s.end && /\s/.test(s.src.charAt(i + 1)))) from = i + 1;
    if (ch !== '?') continue;
    const first = s.tokens.find((t) => t.start >= from);
    const asks = (first !== undefined && first.start < i && openers.has(first.norm))
      || s.aux.some((a) => has(a, 'interrogative') && tokenAt(a.start).start >= from && tokenAt(a.start).start < i);
    if (!asks) out.push([from, i]);
    from = i + 1;
  }
  return out;
}

/** The folded word before token `i` of a sentence, if any (never reads index -1: that lookup is a slow, generic one). */
function normBefore(s: SentenceInfo, i: number): string | undefined {
  return i > 0 ? (s.words[i - 1] as LexWord).norm : undefined;
}
