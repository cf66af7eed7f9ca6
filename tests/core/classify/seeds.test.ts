import { describe, expect, it } from 'vitest';
import { loadModelFile } from '../../../src/config/model.js';
import { classifierFor } from '../../../src/core/classify/trained.js';
import type { Cause, Category } from '../../../src/core/types.js';
import { classifier as rules, configDir, lexicon } from './setup.js';

/**
 * Five situations Vigie was conceived from, retold in our own words with invented details: the
 * verdict and, above all, the cause must come out right, page junk included.
 */
interface Situation {
  name: string;
  title: string;
  text: string;
  categories: Category[];
  causes: (Cause | null)[];
  subtype?: string;
}

const SITUATIONS: Situation[] = [
  {
    name: 'an outage whose attack hypothesis is ruled out (power fault and fire at the host)',
    title: 'Les sites des consulats de France injoignables dans le monde entier',
    text: 'Depuis ce matin, les sites de toutes les représentations consulaires françaises sont inaccessibles, partout dans le monde. '
      + 'Les serveurs du ministère semblent coupés du réseau. '
      + 'Piratage ou simple panne ? Des élus ont d’abord parlé d’une attaque, d’autres d’un incident chez l’hébergeur. '
      + 'En début d’après-midi, le ministère a tranché : un problème électrique a provoqué un incendie dans la salle des serveurs de son prestataire, à l’origine de la panne. '
      + 'Il ne s’agit pas d’une attaque informatique, précise le ministère. '
      + 'Partager sur Facebook. Laisser un commentaire. Votre adresse e-mail ne sera pas publiée.',
    categories: ['outage'], causes: ['denied'], subtype: 'power_fire',
  },
  {
    name: 'an intrusion that is explicitly not ransomware',
    title: 'Le ministère de la Mer confirme une cyberattaque contre sa messagerie',
    text: 'Le ministère a confirmé que ses serveurs de messagerie ont été la cible d’une cyberattaque qui a perturbé les échanges internes. '
      + 'Une activité anormale a été repérée sur l’infrastructure de courrier électronique. '
      + 'Selon le ministère, l’attaque ne visait pas à réclamer une rançon : il ne s’agit pas d’un rançongiciel. '
      + 'Les assaillants ont obtenu un accès non autorisé à une partie du système, et les serveurs touchés ont été mis hors ligne. '
      + 'Une enquête est en cours avec l’appui des services nationaux de cyberdéfense.',
    categories: ['cyberattack'], causes: ['confirmed'], subtype: 'intrusion',
  },
  {
    name: 'a headline shouting attack over a city that reports a network incident and denies any attack',
    title: 'Valmorin de nouveau frappée par une cyberattaque ?',
    text: 'Ce mardi, un « incident réseau » perturbe une grande partie des services de la mairie de Valmorin. '
      + 'Guichets fermés, téléphones muets : les agents travaillent sur papier. '
      + 'Il y a trois ans, un rançongiciel avait paralysé les services municipaux pendant des semaines. '
      + 'À lire aussi : trois astuces pour protéger votre téléphone. '
      + 'La mairie dément toute cyberattaque et parle d’une panne de matériel réseau. '
      + 'Certains agents redoutent pourtant une nouvelle attaque informatique, une hypothèse que la ville écarte.',
    categories: ['outage', 'cyberattack'], causes: ['suspected', 'denied'],
  },
  {
    name: 'DDoS waves on government sites, claimed by no one yet, with crypto ads around them',
    title: 'Des sites de l’État visés par des attaques DDoS après l’arrestation d’un patron de messagerie',
    text: 'Plusieurs dizaines de sites publics français ont subi des attaques par déni de service, en représailles à l’interpellation du dirigeant d’une messagerie chiffrée. '
      + 'Le site d’un tribunal administratif et celui d’une agence sanitaire sont restés inaccessibles pendant des heures. '
      + '👉 Les meilleures plateformes pour acheter des cryptomonnaies en toute sécurité. '
      + 'Aucun groupe n’a encore revendiqué ces attaques, mais des hackers prorusses sont soupçonnés. '
      + 'Investir dans les cryptoactifs comporte des risques de perte en capital.',
    categories: ['cyberattack'], causes: ['confirmed'], subtype: 'ddos',
  },
  {
    name: 'a hosting provider\'s network-core failure with a DDoS explicitly ruled out',
    title: 'Une panne chez l’hébergeur Nubéo rend plusieurs sites de presse indisponibles',
    text: 'Ce matin, les sites de nombreux journaux sont devenus inaccessibles, tous victimes d’une même panne informatique chez leur hébergeur. '
      + 'Le prestataire explique que le problème est apparu sur son cœur de réseau ; le retour à la normale a été constaté vers midi. '
      + '« Les premiers éléments nous permettent d’écarter l’hypothèse d’une attaque externe de type DDoS », indique l’entreprise. '
      + 'Abonnez-vous pour lire la suite. Déjà abonné ? Connectez-vous.',
    categories: ['outage'], causes: ['denied'], subtype: 'network',
  },
];

const combined = classifierFor(lexicon, loadModelFile(configDir));

describe('the five founding situations', () => {
  for (const [which, c] of [['rules alone', rules], ['rules + trained layer', combined]] as const) {
    for (const s of SITUATIONS) {
      it(`${which}: ${s.name} is ${s.categories.join(' or ')}, cause ${s.causes.join(' or ')}`, () => {
        const v = c.classify({ title: s.title, text: s.text });
        expect(s.categories, v.evidence.join(' ; ')).toContain(v.category);
        expect(s.causes, v.evidence.join(' ; ')).toContain(v.cause);
        if (s.subtype !== undefined && v.category === s.categories[0]) expect(v.subtype).toBe(s.subtype);
      });
    }
  }
});
