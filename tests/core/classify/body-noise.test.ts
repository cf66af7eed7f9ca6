import { describe, expect, it } from 'vitest';
import { classify } from './setup.js';

const HEADLINE = 'Cyberattaque : l’hôpital de Montclar paralysé par un rançongiciel';

describe('a long body does not overturn a clear headline', () => {
  it('keeps an asserted attack confirmed when the body only repeats a conditional detail', () => {
    const body = 'L’hôpital de Montclar est touché depuis lundi. '
      + 'Selon une source proche du dossier, les serveurs auraient été piratés et une rançon aurait été demandée. '.repeat(30);
    const c = classify(HEADLINE, body);
    expect(c.category).toBe('cyberattack');
    expect(c.cause).toBe('confirmed');
  });

  it('still lets a body denial turn an announced attack into an outage', () => {
    const c = classify('Cyberattaque à la mairie de Montclar : les services informatiques en panne',
      'La mairie dément : il ne s’agit pas d’une cyberattaque mais d’une panne de serveur. Les services en ligne sont en panne depuis lundi.');
    expect(c.category).toBe('outage');
    expect(c.cause).toBe('denied');
  });

  it('still lets distinct doubts and a denial in the body leave the attack unconfirmed', () => {
    const c = classify('Cyberattaque : les services de la mairie de Valmont perturbés',
      'La mairie parle d’un simple incident réseau et dément toute cyberattaque. Selon une source interne, il pourrait pourtant s’agir d’une attaque par rançongiciel. '
      + 'Un rançongiciel aurait-il chiffré les serveurs ? Les agents travaillent sur papier.');
    expect(c.cause).not.toBe('confirmed');
  });

  it('keeps a doubting headline suspected', () => {
    const c = classify('L’hôpital de Montclar aurait été victime d’une cyberattaque', 'Les urgences fonctionnent en mode dégradé depuis lundi.');
    expect(c.cause).toBe('suspected');
  });

  it('does not read "les équipes informatiques" as sport', () => {
    const body = 'Les urgences fonctionnent en mode dégradé et les équipes informatiques travaillent avec l’ANSSI. '.repeat(20);
    const c = classify(HEADLINE, body);
    expect(c.evidence.join(' | ')).not.toMatch(/sport/);
  });

  it('does not read "chiffrées" (encrypted) as figures of a report', () => {
    const body = 'Les données des patients ont été chiffrées. '.repeat(10);
    const c = classify(HEADLINE, body);
    expect(c.evidence.join(' | ')).not.toMatch(/rapport/);
    expect(c.category).toBe('cyberattack');
  });

  it('still recognises a sports team as sport', () => {
    const c = classify('Ligue 1 : l’attaque de l’OM asphyxie Lyon', 'L’équipe de France et les joueurs marseillais ont dominé le match, l’attaquant a signé un doublé.');
    expect(c.category).toBe('none');
    expect(c.evidence.join(' | ')).toMatch(/sport/);
  });
});
