import { describe, expect, it } from 'vitest';
import type { Classification } from '../../../src/core/types.js';
import { classifier, classify } from './setup.js';

describe('attack subtypes', () => {
  const cases: [string, string, string][] = [
    ['ransomware', 'La mairie de Dole paralysée par un rançongiciel', 'Les pirates exigent une rançon pour déchiffrer les serveurs.'],
    ['ddos', 'Les sites de la région ciblés par une attaque par déni de service', 'Les pages sont restées inaccessibles deux heures mardi.'],
    ['data_breach', 'Vol de données chez une mutuelle : 400 000 adhérents concernés', 'La mutuelle a confirmé lundi le piratage de son fichier clients.'],
    ['intrusion', 'Accès non autorisé au système informatique de la préfecture', 'Un intrus a consulté des dossiers pendant plusieurs jours, a confirmé la préfecture.'],
    ['phishing', 'Une campagne de phishing usurpe l’identité de la CAF', 'Des milliers d’allocataires ont reçu ce week-end un faux mail réclamant leurs coordonnées bancaires.'],
    ['defacement', 'Le site d’une commune du Jura défiguré par des pirates', 'La page d’accueil affichait samedi des messages de propagande.'],
    ['espionage', 'Cyberespionnage : un groupe étatique a visé des laboratoires de recherche', 'Les attaquants ont exfiltré des documents pendant un an, selon l’enquête.'],
    ['other', 'Cyberattaque contre la mairie de Pessac', 'Les services municipaux fonctionnent en mode dégradé depuis lundi.'],
  ];
  for (const [subtype, title, text] of cases) {
    it(`recognises a ${subtype} attack`, () => {
      const c = classify(title, text);
      expect(c.category).toBe('cyberattack');
      expect(c.subtype).toBe(subtype);
    });
  }
});

describe('outage subtypes', () => {
  const cases: [string, string, string][] = [
    ['service_down', 'Le site de l’Urssaf inaccessible toute la journée', 'Les cotisants n’ont pas pu se connecter à leur espace en ligne jeudi.'],
    ['network', 'Un incident réseau coupe l’accès à internet de l’université', 'Le cœur de réseau de l’établissement est tombé en panne lundi matin.'],
    ['hosting_cloud', 'Panne chez un hébergeur : des milliers de sites hors ligne', 'Le datacenter de la société a connu une défaillance en pleine nuit.'],
    ['telecom', 'Les clients d’un opérateur privés de réseau mobile', 'Appels et SMS étaient impossibles mardi dans tout le Grand Est.'],
    ['payment', 'Panne des paiements par carte bancaire dans les magasins', 'Les terminaux de paiement ne fonctionnaient plus samedi matin.'],
    ['power_fire', 'Un incendie dans un data center met hors ligne des sites web', 'Le feu a détruit une salle de serveurs dans la nuit.'],
    ['software_bug', 'Une mise à jour défectueuse bloque les ordinateurs d’une banque', 'Les conseillers n’ont pas pu ouvrir leurs logiciels pendant la matinée.'],
  ];
  for (const [subtype, title, text] of cases) {
    it(`recognises a ${subtype} outage`, () => {
      const c = classify(title, text);
      expect(c.category).toBe('outage');
      expect(c.subtype).toBe(subtype);
    });
  }
});

describe('cause', () => {
  it('is confirmed for an asserted attack', () => {
    expect(classify('Le CHU de Tours victime d’une cyberattaque', 'L’hôpital a confirmé l’attaque mardi.').cause).toBe('confirmed');
  });

  const suspected: [string, string, string][] = [
    ['a conditional ("serait")', 'Panne informatique à la mairie de Blois : une cyberattaque serait en cause', 'Les services sont à l’arrêt depuis lundi.'],
    ['a conditional ("pourrait")', 'Les serveurs de la métropole inaccessibles', 'Une attaque informatique pourrait être à l’origine de la panne, selon un élu.'],
    ['"la piste … n’est pas écartée"', 'Panne des logiciels de l’hôpital de Lens', 'La piste d’une cyberattaque n’est pas écartée, indique la direction.'],
    ['a question', 'Le site de la préfecture inaccessible : une cyberattaque ?', 'Le site est indisponible depuis ce matin.'],
  ];
  for (const [what, title, text] of suspected) {
    it(`is suspected for ${what}`, () => {
      const c = classify(title, text);
      expect(c.category).not.toBe('none');
      expect(c.cause).toBe('suspected');
    });
  }

  const denied: [string, string, string][] = [
    ['"écarter l’hypothèse d’une attaque"', 'Panne géante chez un hébergeur', 'Les premiers éléments permettent d’écarter l’hypothèse d’une attaque externe, indique la société.'],
    ['"il ne s’agit pas d’une cyberattaque"', 'Panne du réseau de la ville de Cergy', 'Il ne s’agit pas d’une cyberattaque mais d’un problème matériel, précise la mairie.'],
    ['"aucune attaque"', 'Panne informatique aux urgences de Laval', 'La direction assure qu’aucune cyberattaque n’est en cause.'],
    ['"rien ne suggère"', 'Panne mondiale des ordinateurs sous Windows', 'Rien ne suggère qu’il s’agit d’une cyberattaque, selon les autorités.'],
  ];
  for (const [what, title, text] of denied) {
    it(`is denied for ${what}, and the item stays an outage`, () => {
      const c = classify(title, text);
      expect(c.category).toBe('outage');
      expect(c.cause).toBe('denied');
    });
  }

  it('is null for an outage where no attack is discussed', () => {
    expect(classify('Panne de la messagerie de l’université', 'Les étudiants n’ont plus accès à leurs mails depuis mardi.').cause).toBeNull();
  });

  it('keeps the attack when only its subtype is denied', () => {
    const c = classify('Cyberattaque contre un laboratoire pharmaceutique', 'Il ne s’agit pas d’un rançongiciel mais d’une intrusion, a précisé le groupe.');
    expect(c.category).toBe('cyberattack');
    expect(c.cause).toBe('confirmed');
    expect(c.subtype).toBe('intrusion');
    expect(c.evidence.some((e) => e.startsWith('sous-type écarté'))).toBe(true);
  });

  it('does not read a denial about something else as a denial of the attack', () => {
    const c = classify('Cyberattaque contre la mairie de Pau', 'La ville a décidé de ne pas commenter ces attaques, revendiquées par un groupe prorusse.');
    expect(c.category).toBe('cyberattack');
    expect(c.cause).toBe('confirmed');
  });

  it('alerts an attack only doubted when the story is concrete, with cause suspected', () => {
    const c = classify('La clinique de Bayonne aurait été victime d’un piratage', 'Plusieurs patients ont reçu lundi des courriels inquiétants.');
    expect(c.category).toBe('cyberattack');
    expect(c.cause).toBe('suspected');
  });

  it('does not alert a risk of attack', () => {
    expect(classify('Le risque de cyberattaque pendant les élections', '').category).toBe('none');
  });
});

describe('hard negatives stay none', () => {
  const cases: [string, string, string][] = [
    ['Cyber Monday', 'Cyber Monday : les meilleures réductions sur les téléviseurs', 'Les enseignes prolongent les promotions du Black Friday.'],
    ['a football attack', 'Ligue 1 : l’attaque lyonnaise enfin efficace', 'L’OL s’impose 2-0 grâce à ses attaquants, dimanche au Groupama Stadium.'],
    ['a military attack', 'Une attaque de drones vise un dépôt de carburant', 'L’armée a abattu une dizaine de drones dans la nuit.'],
    ['a flu virus', 'Le virus de la grippe progresse en Bretagne', 'L’épidémie touche surtout les enfants, selon Santé publique France.'],
    ['IPTV piracy', 'Piratage IPTV : une nouvelle vague de blocages de sites', 'L’Arcom a ordonné le blocage de sites de streaming illégal de matchs de football.'],
    ['a conference', 'Les Assises de la cybersécurité s’ouvrent à Monaco', 'Plus de 2 000 professionnels assistent aux conférences sur les rançongiciels.'],
    ['a product launch', 'Un éditeur français lance une solution contre les rançongiciels', 'La nouvelle offre est disponible sur abonnement pour les PME.'],
    ['an advice piece', 'Rançongiciel : les bons réflexes pour protéger votre PME', 'Nos conseils pour sauvegarder vos données et former vos salariés.'],
    ['a law', 'Cybersécurité : le projet de loi de transposition de NIS 2 adopté', 'Le texte impose de nouvelles obligations aux collectivités.'],
    ['a crisis exercise', 'Une cyberattaque simulée pour entraîner les agents de la mairie', 'Les services ont réagi à un scénario fictif de rançongiciel.'],
    ['fiction', 'Une mini-série sur une cyberattaque contre Paris', 'Le thriller en six épisodes sera diffusé cet automne.'],
    ['an advisory without a victim', 'Une faille critique corrigée dans un logiciel de messagerie', 'L’éditeur a publié un correctif pour cette vulnérabilité et recommande de mettre à jour.'],
    ['a car breakdown', 'Panne de voiture : que faire sur l’autoroute ?', 'Les conseils pour attendre la dépanneuse en sécurité.'],
    ['a household breakdown', 'Panne de lave-linge : faut-il réparer ou remplacer ?', 'Un réparateur donne ses astuces.'],
    ['a game bug', 'Un bug dans le dernier jeu vidéo de la saison fait rire les joueurs', 'Les personnages traversent les murs, le studio promet un patch.'],
    ['a general power blackout', 'Panne de courant géante : 100 000 foyers privés d’électricité', 'Le gestionnaire du réseau électrique évoque un incident sur une ligne.'],
    ['a police takedown', 'Europol démantèle un réseau de pirates informatiques', 'Dix suspects ont été interpellés et leurs serveurs saisis.'],
    ['a fine', 'La CNIL inflige une amende à un hébergeur de données de santé', 'La sanction fait suite à des manquements constatés en 2022.'],
    ['a trend report', 'Les cyberattaques contre les hôpitaux en hausse selon un rapport', 'Le rapport annuel recense plus de 500 incidents.'],
    ['a retrospective', 'Les plus grandes pannes informatiques de ces dernières années', 'Retour sur les incidents qui ont paralysé internet.'],
  ];
  for (const [what, title, text] of cases) {
    it(`classifies ${what} as none`, () => {
      expect(classify(title, text).category).toBe('none');
    });
  }

  it('names the hard-negative family in the evidence', () => {
    const c = classify('Cyberattaque simulée au conseil départemental', 'Un exercice de crise a mobilisé les agents.');
    expect(c.evidence).toContain('contexte: exercice ou simulation');
  });

  it('lets a real incident through a hard-negative context when it is concrete', () => {
    const c = classify('Le club de football de Metz victime d’un rançongiciel', 'Le club a confirmé lundi que ses serveurs étaient chiffrés et a porté plainte.');
    expect(c.category).toBe('cyberattack');
  });

  it('treats a power cut in a data centre as an IT outage', () => {
    const c = classify('Coupure de courant dans un datacenter : des sites web hors ligne', 'Les serveurs de l’hébergeur sont restés éteints trois heures.');
    expect(c.category).toBe('outage');
    expect(c.subtype).toBe('power_fire');
  });
});

describe('weights and evidence', () => {
  it('weighs the title more than the body', () => {
    const term = 'une cyberattaque';
    const inTitle = classify(`La mairie de Rodez touchée par ${term}`, 'Les services sont fermés.');
    const late = classify('La mairie de Rodez ferme ses services', `Les services sont fermés. Le maire est en réunion. La presse attend. Le conseil se réunira. Les usagers patientent. Le standard sature. Les élus débattent. L’opposition s’interroge. Il évoque ${term} passée.`);
    expect(inTitle.category).toBe('cyberattack');
    expect(late.category).toBe('none');
  });

  it('explains a verdict with the terms and rules that fired, readably', () => {
    const c = classify('Panne chez un opérateur : il ne s’agit pas d’une cyberattaque', 'Des milliers d’abonnés sont privés de réseau mobile.');
    expect(c.evidence).toContain('titre: panne');
    expect(c.evidence).toContain('négation: « pas » → cyberattaque');
    expect(c.evidence.some((e) => e.startsWith('règle: panne, hypothèse d\'attaque écartée'))).toBe(true);
    for (const line of c.evidence) expect(line).toMatch(/^[^\n*]{3,200}$/);
  });

  it('scores incidents above 0.5 and leaves none with a confidence', () => {
    const incident = classify('Cyberattaque contre l’hôpital de Niort', 'L’établissement a porté plainte lundi.');
    const none = classify('La recette de la tarte aux pommes', 'Éplucher les pommes.');
    expect(incident.score).toBeGreaterThan(0.5);
    expect(none.category).toBe('none');
    expect(none.score).toBeGreaterThan(0.5);
    expect(none.evidence).toContain('règle: aucun incident');
  });
});

describe('French folding', () => {
  for (const spelling of ['cyberattaque', 'cyber-attaque', 'cyber attaque', 'Cyber‑Attaque', 'CYBERATTAQUE', 'cyberattaques']) {
    it(`reads "${spelling}"`, () => {
      expect(classify(`La mairie de Gap visée par une ${spelling}`, '').category).toBe('cyberattack');
    });
  }

  it('handles typographic apostrophes, elisions and accents', () => {
    expect(classify('L’hôpital d’Alès : l’attaque par rançongiciel confirmée', '').subtype).toBe('ransomware');
    expect(classify('L\'hopital d\'Ales : l\'attaque par rancongiciel confirmee', '').subtype).toBe('ransomware');
  });

  it('reads URL slugs with glued elisions', () => {
    const c = classify('numeros durgence injoignables apres une panne chez lopérateur', '');
    expect(c.category).toBe('outage');
  });

  it('matches plurals and participles through light stemming', () => {
    expect(classify('Des sites municipaux piratés', 'Les pages ont été défigurées samedi.').category).toBe('cyberattack');
    expect(classify('Des fuites de données massives chez un assureur', 'L’assureur a confirmé mardi.').subtype).toBe('data_breach');
  });

  it('reads French and English terms side by side', () => {
    expect(classify('Ransomware attack on a French city', 'The city hall confirmed the attack on Monday.').subtype).toBe('ransomware');
    expect(classify('Un ransomware paralyse une PME', '').subtype).toBe('ransomware');
    expect(classify('Data breach at a French retailer', 'Customer data was leaked, the company confirmed on Tuesday.').subtype).toBe('data_breach');
    expect(classify('Attaque DDoS contre les sites de la ville', '').subtype).toBe('ddos');
  });
});

describe('lean verdicts', () => {
  const texts: [string, string][] = [
    ['Le conseil municipal de Quimper vote le budget des écoles', 'Les élus ont adopté mardi un budget en hausse pour la restauration scolaire.'],
    ['Marché de Noël : quarante exposants attendus à Colmar', 'Le site de la mairie publie le plan des chalets et les horaires.'],
    ['Football : Lorient attaque fort et s’impose 3-0', 'Les Merlus ont dominé la rencontre de bout en bout samedi soir.'],
    ['Cyberattaque contre la mairie de Pessac', 'Les services municipaux fonctionnent en mode dégradé depuis lundi.'],
    ['Panne chez un hébergeur : des milliers de sites hors ligne', 'Le datacenter de la société a connu une défaillance en pleine nuit.'],
  ];
  it('give the same category, score, subtype, cause and severity as full ones', () => {
    for (const [title, text] of texts) {
      const full = classifier.classify({ title, text });
      const lean = classifier.classify({ title, text }, { lean: true });
      expect(pickVerdict(lean)).toEqual(pickVerdict(full));
    }
  });

  it('skip evidence and entities for a none without attack terms, and keep them where an attack term needs explaining', () => {
    const [budget, , football, attack] = texts.map(([title, text]) => classifier.classify({ title, text }, { lean: true }));
    expect(budget).toMatchObject({ category: 'none', evidence: [], entities: { actors: [] } });
    // "attaque" is an attack term that the football context overrules: the full path explains why.
    expect(football?.category).toBe('none');
    expect(football?.evidence.length).toBeGreaterThan(0);
    expect(attack?.evidence.length).toBeGreaterThan(0);
  });
});

function pickVerdict(c: Classification): Partial<Classification> {
  return { category: c.category, score: c.score, subtype: c.subtype, cause: c.cause, severity: c.severity };
}
