/**
 * The affected service of an incident without a named victim: "paiement par carte", "réseau mobile",
 * "sites gouvernementaux", "numéros d'urgence". French noun phrases are folded into a few service
 * keys, so that reports of one nation-wide card-payment outage or one wave of DDoS on ministries'
 * sites meet although each outlet words it differently. Pure.
 */
import { fold } from '../text.js';

/** Folded-text patterns of each service (whole words; the text is folded, spaces single). */
const SERVICES: readonly (readonly [string, RegExp])[] = [
  ['paiement-carte', new RegExp([
    String.raw`\bpaiements? (par cartes?|electroniques?|sans contact|bancaires?|par cb)\b`,
    String.raw`\b(payer|regler) (par|avec (leur|sa|une)) cartes?\b`,
    String.raw`\bterminaux de paiements?\b`, String.raw`\bterminal de paiement\b`,
    String.raw`\bsystemes? de paiements?\b`, String.raw`\btransactions? (par cartes?|electroniques?|bancaires?)\b`,
  ].join('|'))],
  ['reseau-mobile', new RegExp([
    String.raw`\breseaux? (de telephonie )?(mobiles?|4g|5g|gsm|cellulaires?)\b`, String.raw`\btelephonie mobile\b`,
    String.raw`\bantennes?[ -]relais\b`, String.raw`\bantennes? (de telephonie|telephoniques?|mobiles?)\b`,
    String.raw`\bappels? et (les )?sms\b`,
  ].join('|'))],
  ['reseau-fixe', new RegExp([
    String.raw`\b(reseau|lignes?|telephonie) (fixes?|adsl)\b`, String.raw`\bacces a internet\b`,
    String.raw`\bconnexions? (a )?internet\b`, String.raw`\bfibre optique\b`,
  ].join('|'))],
  ['numeros-urgence', /\b(numeros?|appels?|services?|lignes?) d ?urgences?\b/],
  ['sites-publics', new RegExp(String.raw`\bsites? (internet |web )?(`
    + String.raw`gouvernementaux|gouvernemental|officiels?|publics?|institutionnels?|administratifs?|ministeriels?`
    + String.raw`|des (ministeres|autorites|pouvoirs publics|administrations|collectivites|institutions|mairies|communes)`
    + String.raw`|du gouvernement|de l ?etat|d ?institutions|de (mairies|communes|collectivites|ministeres)\b)`)],
  ['trafic-aerien', new RegExp([
    String.raw`\b(trafic|transport|controle|espace) aeriens?\b`, String.raw`\bavions?( \w+){0,3} cloues? au sol\b`,
    String.raw`\bvols?( \w+){0,3} (retardes?|annules?|interrompus?|suspendus?|cloues?)\b`,
  ].join('|'))],
  ['trafic-ferroviaire', /\b(trafic|circulation) (ferroviaire|des trains)\b|\btrains? (retardes|annules|supprimes|a l arret)\b/],
  ['ent-scolaire', /\bespaces? numeriques? de travail\b|\bcours en ligne\b|\bplateformes? (scolaires?|educatives?|d enseignement)\b/],
  ['reseaux-sociaux', /\breseaux sociaux\b/],
  // A wave: many websites at once (defacements, DDoS), whoever runs them.
  ['sites-en-nombre', /\b(des|les|plusieurs|nombreux|centaines de|dizaines de|milliers de|\d+) sites( (internet|web))?\b/],
  ['messagerie', /\bmessageries? (electroniques?|en ligne)\b|\bboites? (mail|e ?mail|aux lettres electroniques)\b/],
  ['tiers-payant', /\btiers payant\b/],
  ['distributeurs-billets', /\bdistributeurs? (automatiques? )?(de billets|bancaires?)\b/],
  ['declaration-en-ligne', /\b(declarations?|impots?) en ligne\b|\bplateformes? (digitales? |numeriques? )?(du fisc|des impots|fiscales?)\b/],
];

/**
 * Whether a text may name any service: every pattern at once, so that the text is scanned once where
 * most incidents name none. The patterns have no flags nor backreferences, so that joined they match
 * where one of them does.
 */
const ANY_SERVICE = new RegExp(SERVICES.map(([, pattern]) => `(?:${pattern.source})`).join('|'));

/** The affected-service keys a text names, in the order of SERVICES, each once ("…paiements par carte…" → ["paiement-carte"]). */
export function affectedServices(text: string): string[] {
  return servicesOfFolded(fold(text));
}

/** `affectedServices` of text already folded. */
export function servicesOfFolded(folded: string): string[] {
  return servicesIn(folded) ?? [];
}

/** `servicesOfFolded`, undefined when the text names none. */
export function servicesIn(folded: string): string[] | undefined {
  const spaced = ` ${folded.replace(/[^a-z0-9]+/g, ' ')} `;
  if (!ANY_SERVICE.test(spaced)) return undefined;
  let out: string[] | undefined;
  for (const [key, pattern] of SERVICES) if (pattern.test(spaced)) (out ??= []).push(key);
  return out;
}
