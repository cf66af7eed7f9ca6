/**
 * Entities of a classified item: the victim (organisation attacked or down), its sector, the place
 * and the threat actors of the maintained list. Works on the analysed sentences: no extra pass.
 */
import type { Token } from '../text.js';
import type { Entities } from '../types.js';
import type { SentenceInfo } from './analyse.js';
import type { CompiledLexicon } from './compile.js';
import { candidates, kindOf, pickVictim, type Candidate } from './victim.js';

function pickPlace(sentences: readonly SentenceInfo[], victim?: Candidate): string | undefined {
  let best: { name: string; rank: number } | undefined;
  sentences.forEach((s, order) => {
    for (const m of s.aux) {
      const p = kindOf(m, 'place');
      const t = s.tokens[s.stream.tokenIndex[m.start] as number] as Token;
      if (!p || !t.cap) continue;
      const inVictim = victim !== undefined && s === victim.sentence && t.start >= victim.start && t.start < victim.end;
      if (!inVictim && s.zone === 'body' && s.index >= 3) continue; // a place far down is rarely the incident's
      const rank = (inVictim ? 1000 : 0) + (s.zone === 'title' ? 100 : 0) - order * 2 + p.weight + (m.end - m.start) * 2;
      const last = s.tokens[s.stream.tokenIndex[m.end - 1] as number] as Token;
      if (!best || rank > best.rank) best = { name: s.src.slice(t.start, last.end), rank };
    }
  });
  return best?.name;
}

function hintedSector(sentences: readonly SentenceInfo[]): string | undefined {
  const votes = new Map<string, number>();
  for (const s of sentences) {
    for (const m of s.aux) {
      const h = kindOf(m, 'sectorHint');
      if (h?.sector) votes.set(h.sector, (votes.get(h.sector) ?? 0) + s.weight);
    }
  }
  let best: string | undefined;
  let bestVotes = 1.4;
  for (const [sector, v] of votes) if (v > bestVotes) { best = sector; bestVotes = v; }
  return best;
}

/** Actors of the maintained list named outside background sentences, in order of appearance. */
function actorsOf(lex: CompiledLexicon, sentences: readonly SentenceInfo[]): string[] {
  const names = new Set<string>();
  for (const s of sentences) {
    if (s.background) continue;
    for (const m of s.aux) {
      const a = kindOf(m, 'actor');
      if (a && a.index !== undefined) names.add(lex.lexicon.entities.actors[a.index]?.name ?? a.label);
    }
  }
  return [...names];
}

/** Victim, sector, place and actors of an item. */
export function extractEntities(lex: CompiledLexicon, sentences: readonly SentenceInfo[]): Entities {
  const all = candidates(lex, sentences);
  const victim = pickVictim(all, lex.notVictims);
  let victimName = victim?.name;
  if (victim?.listable) {
    const siblings = all.filter((c) => c.listable && c.sentence === victim.sentence && c.name !== victim.name);
    const names = [victim, ...siblings].sort((a, b) => a.start - b.start).map((c) => c.name);
    victimName = [...new Set(names)].slice(0, 3).join(', ');
  }
  const sector = victim?.sector ?? hintedSector(sentences);
  const place = pickPlace(sentences, victim);
  return {
    ...(victimName ? { victim: victimName } : {}),
    ...(sector ? { sector } : {}),
    ...(place ? { place } : {}),
    actors: actorsOf(lex, sentences),
  };
}
