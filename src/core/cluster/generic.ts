/**
 * Folded words that say nothing about *which* incident an item reports: French and English
 * function words, dates and the vocabulary every incident article shares. They are left out of
 * story terms so that two articles only look alike when they share what is specific to them.
 */

const FUNCTION_WORDS = `
a au aux avec ce ces cet cette ceci cela ca chez comme dans de des du elle elles en entre et eux il ils
je la le les leur leurs lui ma mais me meme mes moi mon ne ni nos notre nous on ou par pas pour qu que qui
sa se ses si son sur ta te tes toi ton tu un une vos votre vous y est sont ete etre etait etaient sera
seront serait a ont avait avaient aura auraient aurait fait font faire plus moins tres tout tous toute
toutes autre autres aussi ainsi alors apres avant depuis pendant selon sans sous vers encore deja
dont donc car puis quand comment pourquoi quel quelle quels quelles lequel laquelle lesquels ici
cependant toutefois pourtant enfin notamment egalement desormais actuellement certain certains
certaine certaines plusieurs nombreux nombreuse nombreuses beaucoup peu trop bien mal non oui
the of and to in for on at by with from is are was were be been has have had this that these those it
its as an or but not after over into new says said will would can could about than
deux trois quatre cinq six sept huit neuf dix cent mille premier premiere dernier derniere
nouveau nouvelle nouvelles nouveaux grand grande grands grandes petit petite gros grosse
selon cours lors face fin debut partie part cas fois suite ainsi voici voila contre envers via malgre
etes suis sommes seul seule seuls pouvoir peut peuvent pourrait pourraient savoir sait agit agir met mettre
temps environ partir rendu rend hors combien partout presque lorsque lorsqu puisque passant toujours
jamais bientot tard tot etc juste ayant effet concernant concerne ensuite afin parmi instar deuxieme
troisieme quelque quelques chaque aucun aucune rien tant autant comment celui celle ceux celles
what who how why when where you your our their they there here all more most some any just
`;

const NEWS_WORDS = `
lundi mardi mercredi jeudi vendredi samedi dimanche matin soir nuit midi journee
janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
hier aujourd demain heure heures jour jours semaine semaines mois an ans annee annees
monday tuesday wednesday thursday friday saturday sunday today yesterday
dit dire declare indique explique annonce annoncer affirme precise confirme rapporte selon
afp reuters source sources article communique presse media medias journal info infos actu actualite
france francais francaise francaises pays monde mondial mondiale national nationale
panne pannes cyberattaque cyberattaques attaque attaques attaquer informatique informatiques
piratage pirate pirates piratee pirater hacker hackers hackeur hackeurs cybercriminel cybercriminels
victime victimes touche touchee touches touchees toucher affecte affectee affectes perturbation
perturbations perturbe perturbee incident incidents probleme problemes technique techniques
service services site sites internet web ligne reseau reseaux systeme systemes donnee donnees
client clients utilisateur utilisateurs abonne abonnes usager usagers personne personnes
entreprise entreprises societe groupe operateur operateurs
cyber cybersecurite securite securitaire ransomware rancongiciel rancon
inaccessible inaccessibles indisponible indisponible indisponibilite acces
outage down attack attacks hack hacked breach data
impossible important importante majeur majeure massive massif enorme vaste
fuite fuites vol alerte attention urgent centre etat public publique interet tech co info
avoir aupres habituellement rassurez non cause causee provoque provoquee origine raison
ddos deni dos saturation sature satures malware malveillant malveillants logiciel logiciels phishing
hameconnage intrusion intrusions exfiltration chiffrement chiffre chiffres rancons hacktiviste hacktivistes
collectif prorusse prorusses cyberattaquant cyberattaquants attaquant attaquants criminel criminels
cybercriminalite revendique revendiquee revendication darkweb dark leak fuiter vole volee volees derobe
derobees plainte enquete crise cellule mode degrade panne panner bug bogue defaillance dysfonctionnement
coupure coupe coupees interruption indisponible restaure retabli retablissement retour normale
telecom telecoms telecommunication telecommunications telephonie telephonique telephone mobile mobiles
fixe fibre box wifi adsl 4g 5g appel appels sms messagerie courriel courriels email mail mails
application applications app serveur serveurs datacenter cloud hebergement numerique
`;

/** Every generic folded word, before stemming. */
export const GENERIC_WORDS: ReadonlySet<string> = new Set(
  `${FUNCTION_WORDS} ${NEWS_WORDS}`.split(/\s+/).filter((w) => w.length > 0),
);

/**
 * Names that appear across unrelated stories (countries, regulators, agencies quoted about any
 * incident): they count as ordinary shared words, never as proof of the same story.
 */
export const WEAK_NAMES: ReadonlySet<string> = new Set(
  `russie russe russes chine chinois iran iranien coree ukraine israel etats unis usa europe europeen
   europeenne belgique espagne allemagne italie suisse royaume uni paris anssi cnil afp gouvernement
   ministre police gendarmerie parquet justice europol interpol fbi onu otan`
    .split(/\s+/).filter((w) => w.length > 0),
);
