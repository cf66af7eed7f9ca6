/**
 * Vigie's incident classifier: French and English news items → cyberattack, outage or none, with
 * subtype, cause, severity, entities and the evidence that decided. Pure and precompiled.
 */
import type { Classifier } from '../services.js';
import type { Classification, ClassifierInput } from '../types.js';
import { analyseSentences, collectDeepenedHits, collectHits, deepen, type Hit, type SentenceInfo } from './analyse.js';
import { compileLexicon, type CompiledLexicon } from './compile.js';
import { decide } from './decide.js';
import { extractEntities } from './entities.js';
import type { Lexicon } from './lexicon.js';
import { rateSeverity } from './severity.js';
import { tally, type Reason, type ReasonKind, type Tally } from './tally.js';
import { lexWordTable, WORD_TABLE_MAX } from './words.js';

export type { Lexicon } from './lexicon.js';

/** What the rule engine saw, for the trained layer: the weighted tally and every term hit. */
export interface RuleTrace {
  tally: Tally;
  hits: readonly Hit[];
  /** The analysed title and sentences, with their tokens. */
  sentences: readonly SentenceInfo[];
}

/** The rule engine: a Classifier that can also report its trace. */
export interface RuleClassifier extends Classifier {
  classify(input: ClassifierInput, options?: { lean?: boolean; trace?: (t: RuleTrace) => void }): Classification;
}

/** How many reasons of each kind the evidence shows, in this order. */
const EVIDENCE_QUOTA: [ReasonKind, number][] = [
  ['family', 3], ['actor', 3], ['term', 4], ['denied', 2], ['suspected', 2], ['tech', 1], ['background', 1],
];

function evidenceOf(reasons: readonly Reason[], rule: string, severityReasons: readonly string[]): string[] {
  const byKind = new Map<ReasonKind, Reason[]>();
  for (const r of reasons) {
    const list = byKind.get(r.kind);
    if (list) list.push(r);
    else byKind.set(r.kind, [r]);
  }
  const out: string[] = [];
  for (const [kind, quota] of EVIDENCE_QUOTA) {
    const list = byKind.get(kind);
    if (!list) continue;
    list.sort((a, b) => b.weight - a.weight);
    let taken = 0;
    for (const r of list) {
      if (taken >= quota) break;
      if (out.includes(r.text)) continue;
      out.push(r.text);
      taken += 1;
    }
  }
  out.push(`règle: ${rule}`);
  if (severityReasons.length > 0) out.push(`gravité: ${severityReasons.slice(0, 4).join(', ')}`);
  return out;
}

/**
 * The lean verdict of an item without attack terms when it is 'none', with the trace it comes from.
 * Concrete evidence (a victim, event markers) can then change the verdict only through a
 * hard-negative family it may override: without one, neither the entities nor the scopes of
 * sentences holding no countable term (analyseSentences) matter; with one, every sentence is
 * analysed for markers, and the victim matters only when it alone would carry the override.
 */
function leanNone(lex: CompiledLexicon, lazy: readonly SentenceInfo[], lazyHits: readonly Hit[]): { verdict?: Classification; trace: RuleTrace } {
  let sentences = lazy;
  let hits = lazyHits;
  let t = tally(lex, sentences, hits, { victim: false });
  const outage = hits.some((h) => h.term.kind === 'outage');
  if (outage && t.overrideNeeds.length > 0 && sentences.some((s) => s.depth !== 'full')) {
    sentences = deepen(lex, lazy);
    hits = collectDeepenedHits(lex, sentences, lazy, lazyHits);
    t = tally(lex, sentences, hits, { victim: false });
  }
  const trace = { tally: t, hits, sentences };
  const victimEvidence = lex.lexicon.weights.victimEvidence;
  if (outage && t.overrideNeeds.some((need) => t.concrete < need && t.concrete + victimEvidence >= need)) return { trace };
  const d = decide(t, lex.lexicon.weights);
  if (d.category !== 'none') return { trace };
  return { verdict: { category: 'none', score: d.score, subtype: null, cause: null, severity: 1, evidence: [], entities: { actors: [] } }, trace };
}

/**
 * Builds a classifier from a validated lexicon. Everything (tries, cue sets, entity lists) is
 * compiled here once; `classify` then makes one pass over the item's folded words. Each distinct
 * word is folded and looked up once, in a table of at most `wordTableMax` words kept by this classifier.
 */
export function createClassifier(lexicon: Lexicon, options: { wordTableMax?: number } = {}): RuleClassifier {
  const lex = compileLexicon(lexicon);
  const words = lexWordTable(lex, options.wordTableMax ?? WORD_TABLE_MAX);
  return {
    classify(input: ClassifierInput, options: { lean?: boolean; trace?: (t: RuleTrace) => void } = {}): Classification {
      const lean = options.lean === true;
      let sentences: readonly SentenceInfo[] = analyseSentences(lex, input.title ?? '', input.text ?? '', { lean, words });
      let hits: readonly Hit[] = collectHits(lex, sentences);
      // A lean verdict of 'none' skips what only an alert shows (entities, severity, evidence).
      if (lean && !hits.some((h) => h.term.kind === 'attack')) {
        const quiet = leanNone(lex, sentences, hits);
        options.trace?.(quiet.trace);
        if (quiet.verdict) return quiet.verdict;
        ({ sentences, hits } = quiet.trace);
      }
      if (lean && sentences.some((s) => s.depth !== 'full')) {
        const before = sentences;
        sentences = deepen(lex, sentences);
        hits = collectDeepenedHits(lex, sentences, before, hits);
      }
      const entities = extractEntities(lex, sentences);
      const t = tally(lex, sentences, hits, { victim: entities.victim !== undefined });
      options.trace?.({ tally: t, hits, sentences });
      const d = decide(t, lexicon.weights);
      const sev = rateSeverity(lex, sentences, {
        category: d.category, cause: d.cause, subtype: d.subtype, sector: entities.sector,
      });
      return {
        category: d.category,
        score: d.score,
        subtype: d.subtype,
        cause: d.cause,
        severity: sev.severity,
        evidence: evidenceOf(t.reasons, d.rule, sev.reasons),
        entities,
      };
    },
  };
}
