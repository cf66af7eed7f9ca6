/**
 * Second stage: sums the weighted hits of an item into attack and outage evidence by modality,
 * applies the hard-negative families (suppressed terms, penalties) and keeps the reasons.
 */
import type { Hit, Modality, SentenceInfo } from './analyse.js';
import type { CompiledLexicon } from './compile.js';
import { readCues, type CueIn } from './cues.js';

/** Evidence of one kind, by modality (already weighted by position). */
export interface ModalSums {
  confirmed: number;
  suspected: number;
  denied: number;
  background: number;
  /** Denied mentions of a subtype only ("pas un rançongiciel"): they deny the attack only when nothing else asserts it. */
  deniedSubtype: number;
  /** Confirmed mentions of a generic term (no subtype). */
  confirmedGeneric: number;
  /** Doubted mentions of a subtype ("des données pourraient avoir été volées"), also counted in `suspected`. */
  suspectedSubtype: number;
}

/** What kind of reason: evidence lists a few of each kind. */
export type ReasonKind = 'family' | 'actor' | 'term' | 'denied' | 'suspected' | 'background' | 'tech';

/** A reason shown to the user, with the weight it carried. */
export interface Reason {
  kind: ReasonKind;
  text: string;
  weight: number;
}

/** Everything the decision needs. */
export interface Tally {
  attack: ModalSums;
  outage: ModalSums;
  /** Attack subtypes and outage subtypes with their (non-denied) evidence. */
  attackSubtypes: Map<string, number>;
  outageSubtypes: Map<string, number>;
  itContext: number;
  concrete: number;
  tech: number;
  /** Attack evidence the headline asserts, and doubts or denies (weighted). */
  titleAttack: number;
  titleDoubt: number;
  /** Doubted attack evidence counting each term once (a repeated conditional sentence doubts no more). */
  suspectedOnce: number;
  /** The part of `suspectedOnce` that doubts a subtype only. */
  suspectedOnceSubtype: number;
  /** Share of evidence kept after hard-negative penalties (1 = untouched). */
  keep: number;
  /** Families that fired, with their label. */
  families: string[];
  /** Concrete evidence each overridable family that fired needs to be overridden (`concrete` can change `keep` through them). */
  overrideNeeds: number[];
  reasons: Reason[];
}

/** What other stages found that counts as concrete incident evidence. */
export interface TallyContext {
  /** A victim organisation was identified. */
  victim: boolean;
}

const zero = (): ModalSums => ({ confirmed: 0, suspected: 0, denied: 0, background: 0, deniedSubtype: 0, confirmedGeneric: 0, suspectedSubtype: 0 });
const bump = (m: Map<string, number>, k: string, v: number): void => { m.set(k, (m.get(k) ?? 0) + v); };
const where = (s: SentenceInfo): string => (s.zone === 'title' ? 'titre' : 'texte');

/** Sums the hits of an item. */
export function tally(lex: CompiledLexicon, sentences: readonly SentenceInfo[], hits: readonly Hit[], ctx: TallyContext): Tally {
  const w = lex.lexicon.weights;
  const t: Tally = {
    attack: zero(), outage: zero(), attackSubtypes: new Map(), outageSubtypes: new Map(),
    itContext: 0, concrete: 0, tech: 0, titleAttack: 0, titleDoubt: 0, suspectedOnce: 0, suspectedOnceSubtype: 0, keep: 1, families: [], overrideNeeds: [], reasons: [],
  };
  const cues = readCues(lex, sentences);
  const strengths = cues.strengths;
  t.concrete = cues.marker + (ctx.victim ? w.victimEvidence : 0);
  t.tech = cues.tech;
  let techIt = 0;
  for (const { term, sentence: s } of cues.techs) {
    if (term.subtype) bump(t.outageSubtypes, term.subtype, 1.5 * term.weight * s.weight); // a stated cause says more than a symptom
    // A software, network or human cause says a technical system failed; a power cut or a fire does not.
    if (term.subtype !== 'power_fire') techIt = Math.max(techIt, 1);
    t.reasons.push({ kind: 'tech', text: `cause technique: ${term.label}`, weight: term.weight * s.weight });
  }
  let itContext = 0;
  for (const h of hits) if (h.modality !== 'denied' && (h.term.kind === 'it' || !h.term.requires)) itContext += h.term.weight;
  const active = lex.lexicon.negatives.filter((f, i) => (strengths[i] as number) >= f.threshold
    && !(f.itOverride !== undefined && itContext >= f.itOverride));
  const suppressed = new Set<string>();
  for (const f of active) for (const tag of f.suppresses) suppressed.add(tag);
  const isSuppressed = (tags: readonly string[]): boolean => suppressed.size > 0 && tags.some((x) => suppressed.has(x));
  let cyber = false;
  for (const h of hits) {
    if (isSuppressed(h.term.tags) || h.modality === 'denied') continue;
    if (h.term.kind === 'attack' && !h.term.requires) cyber = true;
    if (h.term.kind === 'it' || !h.term.requires) t.itContext += h.term.weight;
  }
  t.itContext += techIt;
  for (const { term, sentence } of cues.knownOrgs) {
    if (!term.subtype) continue;
    t.itContext += 1;
    bump(t.outageSubtypes, term.subtype, 0.5 * sentence.weight);
  }
  addHits(lex, hits, t, isSuppressed, cyber);
  if (cyber) addActorEvidence(cues.actors, t);
  addAnaphoricDenials(cues.denials, sentences, hits, t);

  for (const f of active) {
    const need = f.overrideEvidence ?? w.overrideEvidence;
    if (f.overridable) t.overrideNeeds.push(need);
    const override = f.overridable && t.concrete >= need;
    // A family twice as strong as its threshold removes its penalty twice (capped there).
    const strength = Math.min(2, (strengths[lex.lexicon.negatives.indexOf(f)] as number) / f.threshold);
    const keep = (1 - f.penalty) ** strength;
    t.keep *= override ? 1 - 0.25 * (1 - keep) : keep;
    t.families.push(f.label);
    t.reasons.push({ kind: 'family', text: `contexte: ${f.label}${override ? ' (atténué)' : ''}`, weight: 100 });
  }
  return t;
}

/** The attack, outage and IT hits, weighted by modality and repeats, into `t` (one reason per term and modality). */
function addHits(lex: CompiledLexicon, hits: readonly Hit[], t: Tally, isSuppressed: (tags: readonly string[]) => boolean, cyber: boolean): void {
  const w = lex.lexicon.weights;
  const seen = new Map<number, number>();
  let subtypeDenials: { reason: Reason; hit: Hit }[] | undefined; // "sous-type écarté" reasons, in order
  for (const h of hits) {
    const term = h.term;
    if (term.kind === 'it') {
      if (term.subtype && h.modality !== 'denied') bump(t.outageSubtypes, term.subtype, 0.5 * term.weight * h.sentence.weight);
      continue;
    }
    if (isSuppressed(term.tags)) continue;
    // A doubted or denied "attaque" in an IT story is still the attack hypothesis.
    const itDoubt = h.modality !== 'confirmed' && h.modality !== 'background' && t.itContext >= w.itContextMin;
    if (term.requires === 'cyber' && !cyber && !itDoubt) continue;
    if (term.requires === 'it' && t.itContext < w.itContextMin) continue;
    const key = term.id * 4 + MODALITIES.indexOf(h.modality);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    if (n > MAX_REPEATS) continue; // a page repeating one sentence says it no more surely
    const value = term.weight * h.sentence.weight * (n === 0 ? 1 : w.repeat);
    if (term.kind === 'attack' && h.sentence.zone === 'title') {
      if (h.modality === 'confirmed') t.titleAttack += value;
      else if (h.modality !== 'background') t.titleDoubt += value;
    }
    if (term.kind === 'attack' && h.modality === 'suspected' && n === 0) {
      t.suspectedOnce += value;
      if (term.subtype) t.suspectedOnceSubtype += value;
    }
    const sums = term.kind === 'attack' ? t.attack : t.outage;
    if (h.modality === 'suspected' && term.subtype) sums.suspectedSubtype += value;
    if (h.modality === 'denied' && term.subtype) sums.deniedSubtype += value;
    else sums[h.modality] += value;
    if (h.modality === 'confirmed' && !term.subtype) sums.confirmedGeneric += value;
    if (h.modality !== 'denied' && term.subtype) {
      const factor = h.modality === 'background' ? w.background : 1;
      bump(term.kind === 'attack' ? t.attackSubtypes : t.outageSubtypes, term.subtype, value * factor);
    }
    if (n === 0) { // one reason per term and modality; its first (heaviest) occurrence speaks for the rest
      const subtypeDenied = h.modality === 'denied' && term.kind === 'attack' && !!term.subtype;
      const reason: Reason = { kind: h.modality === 'confirmed' ? 'term' : h.modality, weight: value,
        text: describe(h.modality, where(h.sentence), term.label, h.cue, subtypeDenied) };
      t.reasons.push(reason);
      if (subtypeDenied) (subtypeDenials ??= []).push({ reason, hit: h });
    }
  }
  if (t.attack.confirmedGeneric === 0 && subtypeDenials) { // nothing else asserts an attack: denying its type denies it
    for (const { reason, hit } of subtypeDenials) reason.text = describe('denied', where(hit.sentence), hit.term.label, hit.cue, false);
  }
}

const MODALITIES: readonly Modality[] = ['confirmed', 'suspected', 'denied', 'background'];
/** Repeats of one term (same modality) that still add evidence, at `weights.repeat` each. */
const MAX_REPEATS = 4;

function describe(modality: Modality, zone: string, label: string, cue: string | undefined, subtype: boolean): string {
  switch (modality) {
    case 'denied': return `${subtype ? 'sous-type écarté' : 'négation'}: « ${cue ?? ''} » → ${label}`;
    case 'suspected': return `doute: « ${cue ?? ''} » → ${label}`;
    case 'background': return `contexte passé: ${label}`;
    default: return `${zone}: ${label}`;
  }
}

function addActorEvidence(actors: readonly CueIn[], t: Tally): void {
  const done = new Set<string>();
  for (const { term: a, sentence: s } of actors) {
    if (done.has(a.label)) continue;
    done.add(a.label);
    const value = a.weight * s.weight;
    if (s.background) {
      t.attack.background += value;
      continue;
    }
    t.attack.confirmed += value;
    if (a.subtype) bump(t.attackSubtypes, a.subtype, value);
    t.reasons.push({ kind: 'actor', text: `acteur: ${a.label}`, weight: value });
  }
}

/** "Les services de la ville nient cette possibilité": a denial pointing back to an attack just named. */
function addAnaphoricDenials(denials: readonly { sentence: number; cue: string }[], sentences: readonly SentenceInfo[],
  hits: readonly Hit[], t: Tally): void {
  if (denials.length === 0) return;
  const attacked = new Set<SentenceInfo>();
  for (const h of hits) if (h.term.kind === 'attack') attacked.add(h.sentence);
  for (const { sentence: i, cue } of denials) {
    const s = sentences[i] as SentenceInfo;
    const prev = sentences[i - 1];
    if (!attacked.has(s) && !(prev !== undefined && attacked.has(prev))) continue;
    const value = 2 * s.weight;
    t.attack.denied += value;
    t.reasons.push({ kind: 'denied', text: `négation: « ${cue} » (hypothèse d'attaque)`, weight: value });
  }
}
