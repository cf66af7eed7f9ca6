/** Third stage: turns the tally into a category, a cause, a subtype, a score and readable evidence. */
import type { AttackSubtype, Category, Cause, OutageSubtype } from '../types.js';
import type { Weights } from './lexicon.js';
import type { Tally } from './tally.js';

/** The verdict before entities and severity. */
export interface Decision {
  category: Category;
  cause: Cause | null;
  subtype: AttackSubtype | OutageSubtype | null;
  score: number;
  /** The rule that decided, in words. */
  rule: string;
}

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Outage subtypes in order of preference when evidence ties (causes before symptoms). */
const OUTAGE_ORDER: OutageSubtype[] = ['power_fire', 'software_bug', 'network', 'hosting_cloud', 'telecom', 'payment', 'service_down', 'other'];
const ATTACK_ORDER: AttackSubtype[] = ['ransomware', 'ddos', 'data_breach', 'defacement', 'phishing', 'espionage', 'intrusion', 'other'];

function pick<T extends string>(scores: Map<string, number>, order: readonly T[], fallback: T): T {
  let best: T = fallback;
  let bestScore = 0;
  for (const k of order) {
    const v = scores.get(k) ?? 0;
    if (k !== 'other' && v > bestScore + 1e-9) {
      best = k;
      bestScore = v;
    }
  }
  return best;
}

/** Decides from the tally. */
export function decide(t: Tally, w: Weights): Decision {
  const keep = t.keep;
  const confirmed = (t.attack.confirmed + t.attack.background * w.background) * keep;
  const suspected = t.attack.suspected * keep;
  // "pas un rançongiciel mais une intrusion": denying a subtype denies the attack only when nothing else asserts it.
  const denied = t.attack.denied + (t.attack.confirmedGeneric > 0 ? 0 : t.attack.deniedSubtype);
  const outage = (t.outage.confirmed + t.outage.background * w.background + 0.5 * t.outage.suspected) * keep;
  // A headline asserting the attack is not overturned by a body repeating one doubt: each doubted term counts once.
  const titleAsserts = t.titleAttack * keep >= w.attackThreshold && t.titleDoubt === 0;
  // "Cyberattaque : des données pourraient avoir été volées": doubting a consequence or a type
  // does not doubt an attack asserted in generic terms.
  const generic = t.attack.confirmedGeneric > 0 && denied === 0;
  const doubt = (titleAsserts ? t.suspectedOnce - (generic ? t.suspectedOnceSubtype : 0)
    : t.attack.suspected - (generic ? t.attack.suspectedSubtype : 0)) + denied;
  const rawConfirmed = t.attack.confirmed + t.attack.background * w.background;
  const attackSubtype = (): AttackSubtype => pick(t.attackSubtypes, ATTACK_ORDER, 'other');
  const outageSubtype = (): OutageSubtype => pick(t.outageSubtypes, OUTAGE_ORDER, 'service_down');
  const score = (v: number, threshold: number): number => round(logistic((v - threshold) / w.scoreScale * 4));

  if (confirmed >= w.attackThreshold) {
    if (doubt < w.suspectRatio * rawConfirmed) {
      return { category: 'cyberattack', cause: 'confirmed', subtype: attackSubtype(), score: score(confirmed, w.attackThreshold), rule: 'attaque affirmée' };
    }
    // A headline asserting the attack, only doubted in the body ("une cyberattaque présumée"), stays an attack.
    if (outage >= w.outageThreshold && !(titleAsserts && denied === 0 && t.tech === 0)) {
      const cause: Cause = denied > t.attack.suspected ? 'denied' : 'suspected';
      return { category: 'outage', cause, subtype: outageSubtype(), score: score(outage, w.outageThreshold), rule: 'panne avérée, attaque non confirmée' };
    }
    return { category: 'cyberattack', cause: 'suspected', subtype: attackSubtype(), score: score(confirmed, w.attackThreshold), rule: 'attaque annoncée mais mise en doute' };
  }
  // "Aucune preuve que la panne soit due à une cyberattaque": a firm denial of an attack, with
  // nothing asserting one, says something did fail, so weaker outage evidence suffices.
  const outageNeeded = denied >= w.attackThreshold && rawConfirmed === 0 ? w.outageThreshold / 2 : w.outageThreshold;
  if (outage >= outageNeeded) {
    let cause: Cause | null = null;
    if (denied > 0 && (denied >= t.attack.suspected || t.tech > 0)) cause = 'denied';
    else if (t.attack.suspected + t.attack.confirmed >= 1) cause = 'suspected';
    const rule = cause === 'denied' ? 'panne, hypothèse d\'attaque écartée' : cause === 'suspected' ? 'panne, attaque évoquée' : 'panne';
    return { category: 'outage', cause, subtype: outageSubtype(), score: score(outage, w.outageThreshold), rule };
  }
  if (confirmed + suspected * 0.6 >= w.attackThreshold && t.concrete >= w.suspectedEvidence) {
    return { category: 'cyberattack', cause: 'suspected', subtype: attackSubtype(), score: score(confirmed + suspected * 0.6, w.attackThreshold), rule: 'attaque soupçonnée' };
  }
  const best = Math.max(confirmed + suspected * 0.6 - w.attackThreshold, outage - w.outageThreshold);
  return { category: 'none', cause: null, subtype: null, score: round(1 - logistic(best / w.scoreScale * 4)), rule: 'aucun incident' };
}
