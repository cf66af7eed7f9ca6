/**
 * Entities of a classified item: the victim (organisation attacked or down), its sector, the place
 * and the threat actors of the maintained list. Works on the analysed sentences: no extra pass.
 */
import { fold } from '../text.js';
import { type Token } from '../tokens.js';
import type { Entities } from '../types.js';
import type { SentenceInfo } from './analyse.js';
import type { CompiledLexicon } from './compile.js';
import { compoundFirst, compoundLast, isPlaceLink, joined, kindOf, matchTokens, placeShaped, writtenAs } from './names.js';
import { candidates, pickVictim, type Candidate } from './victim.js';

/** Folded written forms of the listed places (cached per lexicon). */
const placeForms = new WeakMap<CompiledLexicon, ReadonlySet<string>>();
function formsOf(lex: CompiledLexicon): ReadonlySet<string> {
  let forms = placeForms.get(lex);
  if (forms === undefined) {
    const { regions, departements, communes } = lex.lexicon.entities.places;
    forms = new Set([...regions, ...departements, ...communes].map((p) => fold(p)));
    placeForms.set(lex, forms);
  }
  return forms;
}

/**
 * A listed place grows to the compound holding it: "Saint-Malo-de-Guersac", "Villeneuve-Nice"; but
 * "Lyon-Part-Dieu" (a capitalised part right after it) is a spot in Lyon, which stays the place.
 */
function placeSpan(s: SentenceInfo, first: number, last: number): { first: number; last: number } {
  const before = compoundFirst(s.src, s.tokens, first);
  const after = compoundLast(s.src, s.tokens, last);
  if (before < first || (after > last && isPlaceLink(s.tokens[last + 1]))) return { first: before, last: after };
  return { first, last };
}

/** The best place so far, ranked: inside the victim's name, in the title, early, precise. */
class PlaceChoice {
  name: string | undefined;
  private rank = -Infinity;
  offer(name: string, rank: number): void {
    if (rank > this.rank) { this.name = name; this.rank = rank; }
  }
}

const inVictim = (s: SentenceInfo, t: Token, victim: Candidate | undefined): boolean =>
  victim !== undefined && s === victim.sentence && t.start >= victim.start && t.start < victim.end;

const rankOf = (s: SentenceInfo, order: number, victimHere: boolean, weight: number, words: number): number =>
  (victimHere ? 1000 : 0) + (s.zone === 'title' ? 100 : 0) - order * 2 + weight + words * 2;

function listedPlaces(lex: CompiledLexicon, s: SentenceInfo, order: number, near: boolean, victim: Candidate | undefined,
  choice: PlaceChoice): void {
  for (const m of s.aux) {
    const p = kindOf(m, 'place');
    if (!p) continue;
    const span = matchTokens(s, m);
    const t = s.tokens[span.first] as Token;
    const here = inVictim(s, t, victim);
    if (!t.cap || !(near || here) || !writtenAs(s, m, formsOf(lex))) continue; // "Saintes" is not "Saint"
    const { first, last } = placeSpan(s, span.first, span.last);
    const from = s.tokens[first] as Token;
    if (from.cap) choice.offer(s.src.slice(from.start, (s.tokens[last] as Token).end), rankOf(s, order, here, p.weight, last - first + 1));
  }
}

function shapedPlaces(s: SentenceInfo, order: number, victim: Candidate | undefined, choice: PlaceChoice): void {
  for (let i = 0; i < s.tokens.length; i += 1) {
    if (!joined(s.src, s.tokens, i)) continue;
    const last = compoundLast(s.src, s.tokens, i);
    if (placeShaped(s.tokens, i, last)) {
      const t = s.tokens[i] as Token;
      choice.offer(s.src.slice(t.start, (s.tokens[last] as Token).end), rankOf(s, order, inVictim(s, t, victim), 2, last - i + 1));
    }
    i = last;
  }
}

/** Places of the title and lead: listed places, and compounds shaped like one ("Saint-Julien-sur-Brenne"). */
function pickPlace(lex: CompiledLexicon, sentences: readonly SentenceInfo[], victim?: Candidate): string | undefined {
  const choice = new PlaceChoice();
  for (let order = 0; order < sentences.length; order += 1) {
    const s = sentences[order] as SentenceInfo;
    const near = s.zone === 'title' || s.index < 3; // a place far down is rarely the incident's
    listedPlaces(lex, s, order, near, victim, choice);
    if (near) shapedPlaces(s, order, victim, choice);
  }
  // "mairie de Vierzon": the town of a territorial victim, unless a listed place inside the victim says more.
  if (victim?.place !== undefined) {
    choice.offer(victim.place, rankOf(victim.sentence, sentences.indexOf(victim.sentence), true, 0, 0));
  }
  return choice.name;
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
  const place = pickPlace(lex, sentences, victim);
  const out: Partial<Entities> = {}; // keys in this order, each only when found
  if (victimName) out.victim = victimName;
  if (sector) out.sector = sector;
  if (place) out.place = place;
  out.actors = actorsOf(lex, sentences);
  return out as Entities;
}
