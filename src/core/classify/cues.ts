/**
 * One pass over an item's analysed sentences for what the tally reads besides the term hits:
 * hard-negative family strengths, event markers, technical causes, known organisations, threat
 * actors and denials pointing back to an attack ("… nient cette possibilité").
 */
import type { SentenceInfo } from './analyse.js';
import type { AuxTerm, CompiledLexicon } from './compile.js';

/** A cue of the overlapping trie and the sentence it was found in. */
export interface CueIn {
  term: AuxTerm;
  sentence: SentenceInfo;
}

/** What readCues gathers, in sentence order. */
export interface Cues {
  /** Weighted strength of each hard-negative family (index of `lexicon.negatives`). */
  strengths: number[];
  /** Weighted event markers and technical causes, each cue counted once per sentence. */
  marker: number;
  tech: number;
  /** The technical causes counted, and the known organisations (once per sentence each). */
  techs: CueIn[];
  knownOrgs: CueIn[];
  /** Every threat actor mention. */
  actors: CueIn[];
  /** Sentences (by index) with a denial followed, within the scope window, by an anaphora. */
  denials: { sentence: number; cue: string }[];
}

/** Reads the cues of the sentences (see Cues). */
export function readCues(lex: CompiledLexicon, sentences: readonly SentenceInfo[]): Cues {
  const cues: Cues = { strengths: new Array<number>(lex.lexicon.negatives.length).fill(0), marker: 0, tech: 0, techs: [], knownOrgs: [], actors: [], denials: [] };
  const strengths = cues.strengths;
  for (let i = 0; i < sentences.length; i += 1) {
    const s = sentences[i] as SentenceInfo;
    for (const m of s.main) {
      for (const p of m.payloads) if (p.kind === 'neg' && p.family !== undefined) strengths[p.family] = (strengths[p.family] as number) + p.weight * s.weight;
    }
    if (s.aux.length > 0) readAux(lex, s, i, cues);
  }
  return cues;
}

/** Whether `label` is new to `seen` (then added): cues count once per sentence. */
function firstTime(seen: string[], label: string): boolean {
  if (seen.includes(label)) return false;
  seen.push(label);
  return true;
}

function readAux(lex: CompiledLexicon, s: SentenceInfo, index: number, cues: Cues): void {
  let markers: string[] | undefined;
  let techs: string[] | undefined;
  let orgs: string[] | undefined;
  let denial: { end: number; cue: string } | undefined;
  let anaphoraStarts: number[] | undefined;
  for (const m of s.aux) {
    for (const p of m.payloads) {
      switch (p.kind) {
        case 'marker':
          if (firstTime(markers ??= [], p.label)) cues.marker += p.weight * s.weight;
          break;
        case 'tech':
          if (firstTime(techs ??= [], p.label)) {
            cues.tech += p.weight * s.weight;
            cues.techs.push({ term: p, sentence: s });
          }
          break;
        case 'knownOrg':
          if (firstTime(orgs ??= [], p.label)) cues.knownOrgs.push({ term: p, sentence: s });
          break;
        case 'actor':
          cues.actors.push({ term: p, sentence: s });
          break;
        case 'denial': // the first match holding a denial is the one that counts
          denial ??= { end: m.end, cue: m.payloads[0]?.label ?? '' };
          break;
        case 'anaphora':
          (anaphoraStarts ??= []).push(m.start);
          break;
        default:
      }
    }
  }
  if (denial === undefined || anaphoraStarts === undefined) return;
  const { end, cue } = denial;
  const window = lex.lexicon.scopes.window;
  if (anaphoraStarts.some((start) => start >= end && start - end <= window)) cues.denials.push({ sentence: index, cue });
}
