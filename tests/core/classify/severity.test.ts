import { describe, expect, it } from 'vitest';
import { classify } from './setup.js';

describe('severity', () => {
  it('is 1 for a local incident of an ordinary victim', () => {
    expect(classify('Cyberattaque contre une boulangerie de Vannes', 'Le site de commande en ligne est inaccessible.').severity).toBe(1);
  });

  it('rises with scale words ("mondiale", "géante", "des millions")', () => {
    const c = classify('Panne mondiale géante : des millions d’utilisateurs privés de messagerie', '');
    expect(c.severity).toBe(3);
    expect(c.evidence.some((e) => e.startsWith('gravité:') && e.includes('mondiale'))).toBe(true);
  });

  it('rises for a critical sector victim', () => {
    expect(classify('Le centre hospitalier de Dax victime d’un rançongiciel', 'Les urgences sont perturbées.').severity).toBeGreaterThanOrEqual(2);
  });

  it('is lower when the attack is only suspected than when it is confirmed', () => {
    const confirmed = classify('Cyberattaque massive contre l’hôpital de Rouen', 'L’établissement a confirmé l’attaque.');
    const suspected = classify('L’hôpital de Rouen aurait été victime d’une cyberattaque massive', 'Plusieurs services sont touchés depuis lundi.');
    expect(suspected.cause).toBe('suspected');
    expect(suspected.severity).toBeLessThan(confirmed.severity);
  });

  it('is 1 for items that are not incidents', () => {
    expect(classify('Les plus grandes cyberattaques mondiales de l’histoire', '').severity).toBe(1);
  });
});
