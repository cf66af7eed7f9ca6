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
});
