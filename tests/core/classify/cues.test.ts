/**
 * readCues gathers in one pass what the tally used to read in several: it must give the same
 * sums (to the bit, in the same order of additions) and the same cues as reading each kind on its own.
 */
import { describe, expect, it } from 'vitest';
import { analyseSentences, type SentenceInfo } from '../../../src/core/classify/analyse.js';
import { compileLexicon, type AuxTerm } from '../../../src/core/classify/compile.js';
import { readCues } from '../../../src/core/classify/cues.js';
import { seededRandom } from '../../../src/core/cv.js';
import { lexicon } from './setup.js';

const lex = compileLexicon(lexicon);

const SENTENCES = [
  'Une cyberattaque a paralysé la mairie de Brest, les services municipaux nient cette possibilité.',
  'Les services municipaux nient cette possibilité.', 'La direction dément toute attaque, elle nie cette hypothèse.',
  'Le groupe LockBit a revendiqué l’attaque, LockBit menace de publier les données.', 'Orange évoque un incident technique sur un équipement du réseau.',
  'Une mise à jour défectueuse serait à l’origine de la panne chez Orange et chez SFR.', 'Un incendie dans le datacenter a provoqué la coupure.',
  'Une plainte a été déposée et l’ANSSI est sur place, une plainte a été déposée.', 'Le site de la ville est inaccessible depuis lundi.',
  'Ligue 1 : le stade de Lens en fête après le match.', 'Cyber Monday : les meilleures offres et promotions du Black Friday.',
  'Le conseil municipal a voté le budget jeudi soir.', 'Une précédente cyberattaque avait touché la ville en 2021.', '',
];

/** The reference: each kind read on its own pass, as the tally did before readCues. */
function reference(sentences: readonly SentenceInfo[]) {
  const strengths = lexicon.negatives.map(() => 0);
  for (const s of sentences) {
    for (const m of s.main) for (const t of m.payloads) if (t.kind === 'neg' && t.family !== undefined) strengths[t.family] = (strengths[t.family] ?? 0) + t.weight * s.weight;
  }
  const pass = (kind: AuxTerm['kind']) => {
    let sum = 0;
    const found: { term: AuxTerm; sentence: SentenceInfo }[] = [];
    for (const s of sentences) {
      const seen = new Set<string>();
      for (const m of s.aux) for (const t of m.payloads) {
        if (t.kind !== kind || seen.has(t.label)) continue;
        seen.add(t.label);
        sum += t.weight * s.weight;
        found.push({ term: t, sentence: s });
      }
    }
    return { sum, found };
  };
  const actors = sentences.flatMap((s) => s.aux.flatMap((m) => m.payloads.filter((p) => p.kind === 'actor').map((term) => ({ term, sentence: s }))));
  const denials: { sentence: number; cue: string }[] = [];
  sentences.forEach((s, i) => {
    const denial = s.aux.find((m) => m.payloads.some((p) => p.kind === 'denial'));
    if (!denial) return;
    const window = lexicon.scopes.window;
    if (s.aux.some((m) => m.payloads.some((p) => p.kind === 'anaphora') && m.start >= denial.end && m.start - denial.end <= window)) {
      denials.push({ sentence: i, cue: denial.payloads[0]?.label ?? '' });
    }
  });
  const tech = pass('tech');
  return { strengths, marker: pass('marker').sum, tech: tech.sum, techs: tech.found, knownOrgs: pass('knownOrg').found, actors, denials };
}

describe('readCues', () => {
  it('gives what reading each kind of cue on its own gives, on generated items', () => {
    const r = seededRandom(11);
    const draw = (): string => SENTENCES[Math.floor(r() * SENTENCES.length)] as string;
    const seen = { denials: 0, techs: 0, knownOrgs: 0, actors: 0, marker: 0 };
    for (let i = 0; i < 400; i += 1) {
      const text = Array.from({ length: Math.floor(r() * 10) }, draw).join(r() < 0.3 ? '\n' : ' ');
      for (const lean of [false, true]) {
        const sentences = analyseSentences(lex, draw(), text, { lean });
        const cues = readCues(lex, sentences);
        expect(cues).toEqual(reference(sentences));
        seen.denials += cues.denials.length;
        seen.techs += cues.techs.length;
        seen.knownOrgs += cues.knownOrgs.length;
        seen.actors += cues.actors.length;
        seen.marker += cues.marker;
      }
    }
    for (const n of Object.values(seen)) expect(n).toBeGreaterThan(0); // the generator reaches every kind
  });
});
