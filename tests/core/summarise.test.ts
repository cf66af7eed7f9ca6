import { describe, expect, it } from 'vitest';
import { createSummariser } from '../../src/core/summarise.js';

const summariser = createSummariser();
const summarise = (text: string, title = 'Cyberattaque contre la mairie de Lorient'): string => summariser.summarise({ title, text });

const STORY = [
  'La mairie de Lorient a été victime d’une cyberattaque dans la nuit de dimanche à lundi.',
  'Les services d’état civil et les démarches en ligne sont à l’arrêt depuis lundi matin.',
  'La ville a porté plainte et travaille avec l’ANSSI pour rétablir ses serveurs.',
].join(' ');

describe('summary length and sentences', () => {
  it('keeps two or three whole sentences of the story, at most 400 characters', () => {
    const long = `${STORY} Le maire a réuni une cellule de crise. Les agents travaillent sur papier. Les élus de l’opposition demandent des explications sur la sécurité du réseau informatique municipal.`;
    const s = summarise(long);
    expect(s.length).toBeLessThanOrEqual(400);
    const sentences = s.split(/(?<=[.!?])\s+/);
    expect(sentences.length).toBeGreaterThanOrEqual(2);
    expect(sentences.length).toBeLessThanOrEqual(3);
    for (const sentence of sentences) expect(long).toContain(sentence);
    expect(s.startsWith('La mairie de Lorient a été victime')).toBe(true);
  });

  it('cuts on sentence boundaries, not after "M.", "Dr" or inside "1.5"', () => {
    const s = summarise('Selon M. Durand, directeur informatique, la panne a touché 1.5 million d’usagers. Le Dr. Martin, médecin urgentiste, confirme que la panne a retardé les soins. Le service a été rétabli mardi.');
    expect(s).toContain('Selon M. Durand, directeur informatique, la panne a touché 1.5 million d’usagers.');
    expect(s).toContain('Le Dr. Martin, médecin urgentiste, confirme que la panne a retardé les soins.');
  });

  it('clips a single over-long sentence on a word boundary with an ellipsis', () => {
    const words = Array.from({ length: 120 }, (_, i) => `mot${i}`).join(' ');
    const text = `La panne ${words}.`;
    const s = summarise(text);
    expect(s.length).toBeLessThanOrEqual(400);
    expect(s.length).toBeGreaterThan(300);
    expect(s.endsWith('…')).toBe(true);
    const body = s.slice(0, -1);
    expect(text.startsWith(body)).toBe(true);
    expect(text.charAt(body.length)).toBe(' ');
  });

  it('falls back to the title when the text is empty', () => {
    expect(summarise('', 'Panne géante chez SFR')).toBe('Panne géante chez SFR');
  });

  it('keeps a short feed lead of one sentence as it is', () => {
    expect(summarise('La ville a porté plainte lundi après la cyberattaque.')).toBe('La ville a porté plainte lundi après la cyberattaque.');
  });

  it('skips a colourful opening without a fact', () => {
    const s = summarise('Le cœur de la ville bat au rythme des codes binaires. Un incident réseau perturbe les services municipaux depuis jeudi. La mairie évoque un problème technique.');
    expect(s.startsWith('Un incident réseau perturbe')).toBe(true);
  });

  it('does not repeat the same fact twice', () => {
    const s = summarise('Les sites des consulats sont inaccessibles depuis ce matin. Les sites des consulats restent inaccessibles ce matin. Un incendie chez l’hébergeur est à l’origine de la panne.');
    expect(s.match(/inaccessibles/g)?.length).toBe(1);
  });
});

describe('junk removal', () => {
  const junk: [string, string][] = [
    ['comment prompts', 'Laisser un commentaire'],
    ['read-more links', 'Lire la suite'],
    ['"also read" teasers', 'A lire également : Les 5 règles d’or de la sécurité numérique'],
    ['republication footers', 'L’article Cyberattaque à Lorient est apparu en premier sur Le Journal du Net.'],
    ['subscription prompts', 'Abonnez-vous à notre newsletter pour ne rien manquer.'],
    ['paywall notices', 'Il vous reste 70% de cet article à lire.'],
    ['subscriber-only notices', 'La suite est réservée aux abonnés.'],
    ['affiliate disclaimers', 'Certains liens présents dans cet article peuvent être affiliés. Si vous achetez un produit, notre partenaire nous reverse une commission.'],
    ['investment disclaimers', 'Les investissements dans les crypto-monnaies sont risqués. N’investissez pas si vous n’êtes pas prêt à perdre votre capital.'],
    ['photo credits', 'Crédit photo : Jean Dupont / Hans Lucas'],
    ['publication stamps', 'Publié le 12/03/2024 à 10h32, mis à jour le 12/03/2024 à 11h05'],
    ['emoji promotions', '👉 Découvrez les meilleurs sites pour acheter des cryptomonnaies'],
    ['tickers', 'CAC 40 +0,45 % | Dow Jones -0,12 % | Nasdaq +1,02 % | Bitcoin +2,3 %'],
    ['UI noise', 'Afficher Masquer le sommaire'],
    ['bullet lists', '• 1 Numerama+ contribue à offrir une expérience gratuite à tous les lecteurs.'],
  ];
  for (const [what, line] of junk) {
    it(`drops ${what}`, () => {
      const s = summarise(`${STORY}\n${line}\n`);
      expect(s).not.toContain(line.slice(0, 20));
      expect(s.length).toBeGreaterThan(50);
    });
  }

  it('strips wire prefixes', () => {
    expect(summarise('PARIS (Reuters) - Le réseau de l’opérateur est tombé en panne mardi. Les clients sont privés d’internet.'))
      .toMatch(/^Le réseau de l’opérateur est tombé en panne mardi\./);
    expect(summarise('Strasbourg, France | AFP | mercredi 10/03/2021 - Un incendie a ravagé un datacenter. Des sites sont inaccessibles.'))
      .toMatch(/^Un incendie a ravagé un datacenter\./);
    expect(summarise('LYON, 3 juin-RIA Novosti. Une panne a touché les numéros d’urgence. Le service a été rétabli.'))
      .toMatch(/^Une panne a touché les numéros d’urgence\./);
    expect(summarise('PIRATAGE•Le constructeur a arrêté son usine à titre préventif après la cyberattaque. La production reprendra lundi.'))
      .toMatch(/^Le constructeur a arrêté son usine/);
  });

  it('drops headings, rhetorical subheadings and the repeated title', () => {
    const s = summarise(`Cyberattaque contre la mairie de Lorient\nUn jeudi noir pour la ville\n${STORY}\nUne cyberattaque en toile de fond ?`);
    expect(s).not.toContain('jeudi noir');
    expect(s).not.toContain('toile de fond');
    expect(s.startsWith('La mairie de Lorient')).toBe(true);
  });

  it('drops a truncated last fragment of a feed lead', () => {
    const s = summarise('La panne a duré six heures. Le ministère va lancer un audit externe pour faire la lumière sur');
    expect(s).toBe('La panne a duré six heures.');
  });

  it('drops operator-configured junk phrases', () => {
    const custom = createSummariser({ junkPhrases: ['Retrouvez notre dossier'] });
    const s = custom.summarise({ title: 't', text: `${STORY} Retrouvez notre dossier spécial cybersécurité.` });
    expect(s).not.toContain('Retrouvez');
  });

  it('honours maxChars and maxSentences', () => {
    const short = createSummariser({ maxChars: 120, maxSentences: 1 });
    const s = short.summarise({ title: 't', text: STORY });
    expect(s.length).toBeLessThanOrEqual(120);
    expect(s.split(/(?<=\.)\s/).length).toBe(1);
  });
});

describe('lines', () => {
  const lead = 'La mairie de Lorient a été victime d’une cyberattaque dans la nuit de dimanche à lundi, ses services sont à l’arrêt';

  it('reads "\\r\\n" line breaks as "\\n" ones', () => {
    const text = `Titre de rubrique\n${STORY}\nLes agents travaillent sur papier depuis lundi matin.\n\n`;
    expect(summarise(text.replace(/\n/g, '\r\n'))).toBe(summarise(text));
  });

  it('keeps a long unfinished last line, even before blank lines, when nothing else is usable', () => {
    expect(summarise(`Menu\n${lead}\n \n\r\n`)).toBe(lead);
    expect(summarise(`${lead}\nMenu du jour`, 'Titre')).toBe('Titre'); // not the last line: a cut-off fragment
  });
});
