/** Severity 1–3 of a classified item from its scale words, its victim's sector, its subtype and its cause. */
import type { Category, Cause, Classification } from '../types.js';
import type { SentenceInfo } from './analyse.js';
import type { CompiledLexicon } from './compile.js';

/** Severity and the reasons behind it. */
export interface SeverityResult {
  severity: Classification['severity'];
  reasons: string[];
}

/** Scores the severity; an item that is not an incident is always 1. */
export function rateSeverity(lex: CompiledLexicon, sentences: readonly SentenceInfo[], verdict: {
  category: Category; cause: Cause | null; subtype: string | null; sector?: string;
}): SeverityResult {
  if (verdict.category === 'none') return { severity: 1, reasons: [] };
  const sev = lex.lexicon.severity;
  const reasons: string[] = [];
  const seen = new Set<string>();
  let scale = 0;
  for (const s of sentences) {
    if (s.background) continue;
    for (const m of s.aux) {
      for (const p of m.payloads) {
        if (p.kind !== 'scale' || seen.has(p.label)) continue;
        seen.add(p.label);
        scale += p.weight * (s.zone === 'title' ? 1.5 : s.index < 3 ? 1 : 0.5);
        reasons.push(p.label);
      }
    }
  }
  let points = Math.min(2.5, scale);
  if (verdict.sector && sev.criticalSectors.includes(verdict.sector)) {
    points += 1;
    reasons.push(`secteur ${verdict.sector}`);
  }
  if (verdict.subtype === 'ransomware' || verdict.subtype === 'data_breach') points += 0.5;
  if (verdict.cause === 'suspected') points -= 0.5;
  const [two, three] = sev.levels;
  const severity = points >= three ? 3 : points >= two ? 2 : 1;
  return { severity, reasons };
}
