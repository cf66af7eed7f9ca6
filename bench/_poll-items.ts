/**
 * Generated French news items for bench/poll.ts: headlines and ~1 KB HTML descriptions. Incidents
 * name distinct victims in distinct (made-up) towns with their own figures, so that story
 * clustering keeps them apart; the other items include look-alikes (Cyber Monday, a football
 * "attaque", a virus in the medical sense).
 */

const HEADS = ['Ker', 'Mont', 'Val', 'Bel', 'Roche', 'Lan', 'Ver', 'Plou', 'Char', 'Mar', 'Beau', 'Cor', 'Fon', 'Gra', 'Tré', 'Ros', 'Ju', 'Aub', 'Sau', 'Bri'];
const MIDS = ['', 'de', 'ga', 'lo', 'ru', 'ti', 'vo', 'sé', 'bi', 'mu', 'ran', 'pel'];
const TAILS = ['ville', 'zac', 'court', 'mont', 'nay', 'rieux', 'gny', 'bourg', 'tel', 'vières', 'sac', 'loup', 'cy', 'dan', 'thiers', 'ruel'];

/** Whether two names differ by at most one edit (story clustering reads them as one name). */
function oneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const tail = (x: string, y: string): boolean => x === y;
  return tail(a.slice(i + 1), b.slice(i + 1)) || tail(a.slice(i + 1), b.slice(i)) || tail(a.slice(i), b.slice(i + 1));
}

function fold(name: string): string {
  return name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Made-up town names, any two at least two edits apart. */
const TOWNS: string[] = [];
for (let k = 0; k < HEADS.length * MIDS.length * TAILS.length; k++) {
  const name = `${HEADS[k % HEADS.length]}${MIDS[Math.floor(k / HEADS.length) % MIDS.length]}${TAILS[Math.floor(k / (HEADS.length * MIDS.length))]}`;
  const folded = fold(name);
  if (TOWNS.every((t) => !oneEdit(fold(t), folded))) TOWNS.push(name);
}

/** A made-up town name; distinct for every `n` below `TOWNS.length` (over 1,000). */
export function town(n: number): string {
  return TOWNS[Math.floor(n) % TOWNS.length]!;
}

const INCIDENTS = [
  'Cyberattaque : le centre hospitalier de {t} paralysé par un rançongiciel',
  'La mairie de {t} victime d’une cyberattaque, les services municipaux à l’arrêt',
  'Fuite de données : des pirates publient les dossiers des adhérents de la mutuelle de {t}',
  'Panne informatique géante à la caisse d’allocations familiales de {t}',
  'Rançongiciel : le département de {t} refuse de payer la rançon exigée par les pirates',
  'Les urgences de {t} en mode dégradé après le piratage de leur système informatique',
  'Panne chez l’hébergeur de {t} : des centaines de sites inaccessibles depuis ce matin',
  'Le lycée de {t} visé par une cyberattaque, les cours en ligne suspendus',
  'Panne géante du réseau mobile à {t} : ni appels ni internet depuis la nuit',
  'La communauté de communes de {t} ciblée par un rançongiciel',
  'Piratage : les données de {n} patients de la clinique de {t} dérobées',
  'Panne des serveurs de la préfecture de {t} : les guichets fermés toute la journée',
  'Attaque informatique contre le port de {t}, les livraisons retardées',
  'Cyberattaque à l’université de {t} : les examens reportés d’une semaine',
];
const OTHERS = [
  'Cyber Monday à {t} : les meilleures offres sur les ordinateurs portables',
  'Football : {t} attaque fort et s’impose 3-0 à domicile',
  'Un salon consacré au numérique ouvre ses portes à {t}',
  'Grippe : le virus circule activement dans la région de {t}',
  'Le conseil municipal de {t} vote le budget des écoles',
  'Marché de Noël de {t} : quarante exposants attendus ce week-end',
  'Travaux sur la route départementale près de {t} : une déviation mise en place',
  'Le club de handball de {t} recrute de nouveaux entraîneurs bénévoles',
];
const DAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];
const SERVICES = ['l’état civil', 'la facturation', 'les inscriptions scolaires', 'la messagerie', 'le standard téléphonique', 'la paie des agents', 'les prises de rendez-vous', 'la billetterie'];
const INCIDENT_DETAILS = [
  'Depuis {d} matin, {s} ne fonctionne plus et {n} agents travaillent sur papier.',
  'Le directeur indique que {n} postes de travail ont été isolés par précaution.',
  'Une plainte a été déposée {d} auprès de la gendarmerie.',
  'Selon la préfecture, environ {n} usagers seraient concernés par l’interruption de {s}.',
  'Les techniciens prévoient un retour progressif de {s} d’ici {k} jours.',
  'Un message des attaquants réclamait {n}000 euros en cryptomonnaie.',
  'Les sauvegardes, conservées hors ligne, devraient permettre de restaurer {s} sous {k} jours.',
  'La cellule de crise réunie {d} soir a coupé l’accès à internet de {n} bâtiments.',
  'Les élus ont été informés {d} par courriel, {k} heures après les premiers signes.',
  'Un prestataire spécialisé a été mandaté pour analyser {n} serveurs.',
  'Les usagers sont priés de reporter leurs démarches concernant {s}.',
  'Aucune donnée bancaire ne serait concernée, précise un communiqué publié {d}.',
  'Les premiers dysfonctionnements sont apparus vers {k} heures, {d}.',
  'Le standard reste joignable, mais {s} est suspendu pour au moins {k} jours.',
  'D’après un élu de l’opposition, {n} dossiers auraient été copiés avant le chiffrement.',
  'Les écrans affichaient {d} un message en anglais demandant de contacter une adresse de courriel.',
  'La direction évoque un incident « maîtrisé » mais reconnaît {k} jours de retard sur {s}.',
  'Le syndicat majoritaire demande un audit complet après cette attaque, la {k}e en cinq ans.',
  'Plus de {n} rendez-vous ont dû être reprogrammés depuis {d}.',
  'Les experts de la gendarmerie ont saisi {k} disques durs pour les analyser.',
  'Les familles ont reçu {d} un SMS les informant des perturbations sur {s}.',
  'L’opérateur promet un dédommagement pour les {n} abonnés privés de service.',
  'Le maire a convoqué un conseil extraordinaire {d} à {k} heures.',
  'Un numéro vert a été ouvert pour répondre aux {n} appels reçus depuis {d}.',
];
const OTHER_DETAILS = [
  'L’événement a réuni {n} visiteurs {d} selon les organisateurs, menés par {p}.',
  'Le programme prévoit {k} rendez-vous autour de {s} pendant la semaine.',
  'Les inscriptions restent ouvertes jusqu’à {d} prochain auprès de l’accueil de la mairie.',
  '{p}, adjoint chargé du dossier, rappelle que {n} familles en ont profité l’an dernier.',
  'Une réunion publique est prévue {d} soir, salle {p}, pour présenter le calendrier.',
  'Le budget atteint {n} 000 euros, dont {k} pour cent financés par la région.',
];
const PEOPLE = ['Claire Morvan', 'Jean-Luc Perrot', 'Sophie Garnier', 'Karim Benali', 'Anne Le Goff', 'Thomas Ferrand', 'Isabelle Roux', 'Mehdi Haddad'];
const FILLER = ' Les habitants sont invités à consulter le site officiel et les réseaux sociaux de la collectivité pour suivre '
  + 'l’évolution de la situation, un nouveau point étant attendu en fin de journée. Notre rédaction reviendra sur '
  + 'ce sujet dans sa prochaine édition ; vos témoignages sont les bienvenus par courriel ou sur notre page locale.';

/** Deterministic pseudo-random integers for item `n` (mulberry32). */
function randoms(n: number): () => number {
  let state = (n * 2654435761) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(list: readonly T[], r: () => number): T => list[Math.floor(r() * list.length)]!;

/** The headline of item `n`. */
export function headline(n: number, incident: boolean, place: string): string {
  const r = randoms(n);
  return pick(incident ? INCIDENTS : OTHERS, r).replace('{t}', place).replace('{n}', String(100 + Math.floor(r() * 9000)));
}

/** The HTML description of item `n` (about 1 KB): a dated lead, seven detail sentences, boilerplate. */
export function describe(n: number, incident: boolean, place: string): string {
  const r = randoms(n + 1_000_003);
  const pool = incident ? INCIDENT_DETAILS : OTHER_DETAILS;
  const sentences = [...pool].sort(() => r() - 0.5).slice(0, 7).map((s) => s
    .replace('{d}', pick(DAYS, r)).replace('{s}', pick(SERVICES, r)).replace('{p}', pick(PEOPLE, r))
    .replaceAll('{n}', String(20 + Math.floor(r() * 900))).replace('{k}', String(2 + Math.floor(r() * 12))));
  const dateline = `${place}, ${pick(DAYS, r)} ${1 + Math.floor(r() * 28)}, ${6 + Math.floor(r() * 16)} h ${10 + Math.floor(r() * 50)}.`;
  return `<p><strong>${dateline}</strong> ${sentences.slice(0, 3).join(' ')}</p>`
    + `<p>${sentences.slice(3).join(' ')}${FILLER}</p>`;
}
