import { describe, expect, it } from 'vitest';
import { classify } from './setup.js';

describe('entities', () => {
  it('names the victim organisation from its head noun and capitalised name', () => {
    const c = classify('Le ministère de l’Intérieur visé par une cyberattaque', 'Les serveurs de messagerie ont été mis hors ligne.');
    expect(c.entities.victim).toBe('ministère de l’Intérieur');
    expect(c.entities.sector).toBe('administration');
  });

  it('takes the owner of the IT asset as the victim', () => {
    const c = classify('Sites consulaires inaccessibles', 'Les serveurs liés au ministère des Affaires étrangères et européennes sont coupés du réseau. La présidente de l’Assemblée des Français de l’étranger s’inquiète.');
    expect(c.entities.victim).toBe('ministère des Affaires étrangères');
  });

  it('names a victim introduced by "chez" and gives the sector of its descriptor', () => {
    const c = classify('Panne informatique chez le prestataire Nuvola', 'Des dizaines de sites de médias sont inaccessibles.');
    expect(c.entities.victim).toBe('Nuvola');
    expect(c.entities.sector).toBe('hébergement');
  });

  it('names a victim placed before "victime"', () => {
    expect(classify('Brioval victime d’une cyberattaque', 'Le groupe a porté plainte.').entities.victim).toBe('Brioval');
  });

  it('recognises well-known operators with their sector', () => {
    const c = classify('Panne géante chez SFR', 'Les abonnés sont privés de réseau mobile.');
    expect(c.entities.victim).toBe('SFR');
    expect(c.entities.sector).toBe('télécom');
  });

  it('lists several victims named together, and an acronym given in brackets', () => {
    const c = classify('Attaques DDoS contre des sites publics', 'Parmi les sites visés figurent le Tribunal administratif de Lyon, l’agence nationale de la sécurité sanitaire (ANSES) et le Conseil d’État.');
    expect(c.entities.victim).toBe('Tribunal administratif de Lyon, ANSES, Conseil d’État');
  });

  it('never takes an authority commenting on the incident as the victim', () => {
    const c = classify('Une PME bretonne victime d’un rançongiciel', 'L’ANSSI accompagne l’entreprise, selon l’Anssi.');
    expect(c.entities.victim ?? '').not.toMatch(/anssi/i);
  });

  it('finds the place: commune, département or région', () => {
    expect(classify('La mairie de Besançon visée par une cyberattaque', '').entities.place).toBe('Besançon');
    expect(classify('Un hôpital de la Sarthe victime d’un rançongiciel', '').entities.place).toBe('Sarthe');
    expect(classify('Les lycées d’Occitanie privés d’ENT après une cyberattaque', '').entities.place).toBe('Occitanie');
  });

  it('ignores a lowercase homonym of a place or an operator', () => {
    const c = classify('Cyberattaque contre une entreprise', 'Les écrans affichaient un message sur fond orange.');
    expect(c.entities.place).toBeUndefined();
    expect(c.entities.victim).toBeUndefined();
  });

  it('lists threat actors of the maintained list under their canonical name', () => {
    const c = classify('Le collectif NoName057 revendique des attaques DDoS contre des sites français', 'Killnet a également appelé à viser la France.');
    expect(c.entities.actors).toEqual(['NoName057(16)', 'Killnet']);
  });

  it('leaves out an actor only mentioned as background', () => {
    const c = classify('Panne informatique à la mairie de Brest', 'Il y a trois ans, la ville avait été victime du rançongiciel Pysa. Cette fois, la mairie évoque un incident technique.');
    expect(c.entities.actors).toEqual([]);
  });

  it('infers the sector from the vocabulary when the victim gives none', () => {
    const c = classify('Cyberattaque : les patients d’une clinique privée transférés', 'Les soins programmés sont reportés.');
    expect(c.entities.sector).toBe('santé');
  });

  it('keeps a hyphenated place name whole, in the victim and in the place', () => {
    const c = classify('Cyberattaque : l’hôpital de Valbonne-sur-Loir paralysé par un rançongiciel', 'L’hôpital de Valbonne-sur-Loir est victime depuis mardi d’une attaque.');
    expect(c.entities.victim).toBe('hôpital de Valbonne-sur-Loir');
    expect(c.entities.place).toBe('Valbonne-sur-Loir');
    expect(classify('Rançongiciel : Boulogne-sur-Mer victime d’une cyberattaque', '').entities.victim).toBe('Boulogne-sur-Mer');
    expect(classify('La mairie de Villeneuve-d’Ascq victime d’une cyberattaque', '').entities.place).toBe('Villeneuve-d’Ascq');
    expect(classify('Le centre hospitalier de Saint-Sornin frappé par une cyberattaque', '').entities.place).toBe('Saint-Sornin');
  });

  it('keeps a listed commune inside a longer compound, but a station’s city as the place', () => {
    expect(classify('Cyberattaque : la mairie de Saint-Malo-de-Guersac paralysée', '').entities.place).toBe('Saint-Malo-de-Guersac');
    expect(classify('Panne informatique à la gare de Lyon-Part-Dieu', '').entities.place).toBe('Lyon');
  });

  it('does not let the victim swallow the verb that follows it', () => {
    const c = classify('Les mairies de Saint-Aubin-des-Prés et de Montclar visées par une cyberattaque', 'La mairie de Saint-Aubin-des-Prés visée par une intrusion a porté plainte.');
    expect(c.entities.victim).toBe('mairie de Saint-Aubin-des-Prés');
    expect(c.entities.place).toBe('Saint-Aubin-des-Prés');
  });

  it('takes the town a headline opens on for a territorial victim named without it', () => {
    const c = classify('Saint-Julien-sur-Brenne : le site de la mairie piraté', 'Des messages de propagande ont remplacé la page d’accueil.');
    expect(c.entities.victim).toBe('mairie de Saint-Julien-sur-Brenne');
    expect(c.entities.place).toBe('Saint-Julien-sur-Brenne');
    expect(classify('Vierzon : la mairie victime d’une cyberattaque', '').entities.victim).toBe('mairie de Vierzon');
  });

  it('takes the name a headline opens on as a weak victim, never a rubric or a région', () => {
    expect(classify('Hexanet : un datacenter de Roubaix à l’arrêt après une coupure électrique', '').entities.victim).toBe('Hexanet');
    expect(classify('Almérys : nouvelle victime d’une cyberattaque', 'Cinq jours après le piratage de l’opérateur Viamédis, Almérys a lui aussi été touché.').entities.victim).toBe('Almérys');
    expect(classify('Enquête : des hôpitaux visés par des rançongiciels', '').entities.victim).toBeUndefined();
    expect(classify('Bretagne : une panne de la fibre coupe internet', '').entities.victim).toBeUndefined();
  });

  it('takes the place attacked now, not the one an opening "après" recalls', () => {
    const c = classify('Toulon ciblée par des hackers prorusses après Nice', 'Après la ville de Nice la semaine dernière, les hackers de NoName057 s’en prennent à Toulon.');
    expect(c.entities.victim).toBe('Toulon');
    expect(c.entities.place).toBe('Toulon');
  });

  it('never takes a threat actor or the agent of an active verb as the victim', () => {
    const c = classify('Des hackers russes ciblent des sites belges', 'Le collectif NoName057 a de nouveau paralysé lundi plusieurs sites des autorités belges.');
    expect(c.entities.victim).toBeUndefined();
    expect(c.entities.actors).toEqual(['NoName057(16)']);
  });

  it('recognises a known organisation only as written, not by a shared stem', () => {
    const c = classify('Panne géante chez Télécom Azur : ni appels ni données mobiles', 'Les abonnés de l’opérateur Télécom Azur sont privés de réseau.');
    expect(c.entities.victim).toBe('Télécom Azur');
    expect(c.entities.victim).not.toBe('Microsoft Azure');
    expect(classify('Panne chez Microsoft Azure', '').entities.victim).toBe('Microsoft Azure');
    // "Saintes" is a listed commune: "Saint" alone is not it.
    expect(classify('Saint Maur : la cyberattaque paralyse la mairie', '').entities.place).not.toBe('Saint');
  });

  it('reads a cue shared by both voices either way ("a touché X", "X touchée par")', () => {
    expect(classify('Une panne a touché Orange ce matin', '').entities.victim).toBe('Orange');
    expect(classify('Brioval touchée par un rançongiciel', '').entities.victim).toBe('Brioval');
  });

  it('ignores a ticker symbol glued to a stock code', () => {
    const c = classify('Les pannes majeures de l’année', 'La société d’infrastructure web Cloudfare NET.N a été touchée par une panne mondiale mardi.');
    expect(c.entities.victim).not.toBe('N');
  });
});
