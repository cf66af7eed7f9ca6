/** Story fingerprint of an incident item: what clustering compares, stored with alerts as plain JSON. */
import type { AttackSubtype, Category, Cause, Classification, NewsItem, OutageSubtype } from '../types.js';
import { fold, words } from '../text.js';
import { bigramMinhash } from './minhash.js';
import { countriesOfWords } from './country.js';
import { servicesIn } from './service.js';
import { entityStems, nameStems, termSequence, termsOfWords, unitParts } from './terms.js';

/**
 * Plain-JSON summary of one item's story, stored with alerts; every array is sorted and duplicate-free
 * except `minhash`. Treat as immutable: comparisons memoise lookups per fingerprint object.
 */
export interface StoryFingerprint {
  /** Format version, bumped when stored fingerprints stop being comparable. */
  v: 1;
  category: Category;
  cause: Cause | null;
  /** Distinctive stems of the title and lead (the item's own words, entities not added). */
  terms: string[];
  /** Distinctive stems of the title alone. */
  titleTerms: string[];
  /** Stems written as proper names, plus the classifier's victim, place and actors. */
  names: string[];
  /**
   * Distinctive units of the victim organisation ("mairie de Brest" → ["brest"]); a hyphenated
   * compound is one unit, its stems joined by "-" ("mairie de Saint-Malo" → ["saint-malo"]).
   */
  victim: string[];
  /** Units of the place, as for `victim`. */
  place: string[];
  /** Threat actors, folded. */
  actors: string[];
  /** MinHash of the folded title+lead word bigrams. */
  minhash: number[];
  /** The headline gives the incident a worldwide scale ("panne mondiale"); absent when not. */
  worldwide?: true;
  /** The classifier's subtype; absent in fingerprints stored before it was kept. */
  subtype?: AttackSubtype | OutageSubtype | null;
  /** Affected-service keys of the title and lead ("paiement-carte"); absent when none. */
  service?: string[];
  /** Countries the title and lead name ("be", "ch"); absent when none. */
  countries?: string[];
  /** Countries the title names; absent when none. */
  titleCountries?: string[];
  /** The headline reports a new attack or outage on its subject ("une nouvelle cyberattaque", "à nouveau"); absent when not. */
  renewed?: true;
}

/** Tunables of the fingerprint. */
export interface FingerprintOptions {
  /** Characters of the item's text read as its lead (default 400). */
  leadChars?: number;
}

/** The lead of a text: its first `max` characters, cut at a word boundary. */
export function leadOf(text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  const cut = trimmed.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return space > max / 2 ? cut.slice(0, space) : cut;
}

const sortedUnique = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** Folded headline words that give an incident a worldwide scale. */
const WORLDWIDE = new Set(['mondial', 'mondiale', 'mondiaux', 'mondiales', 'planetaire', 'planetaires', 'worldwide', 'global', 'globale']);

/** Whether headline words give a worldwide scale ("panne mondiale", "dans le monde entier"). */
function worldwide(titleWords: readonly string[]): boolean {
  return titleWords.some((w, i) => WORLDWIDE.has(w) || (w === 'monde' && titleWords[i + 1] === 'entier'));
}

// A headline telling of another incident of the same kind: "nouvelle cyberattaque", "de nouveau ciblé",
// "encore piraté". Neither "une nouvelle victime" (one more victim of a wave) nor "fonctionne à
// nouveau" (a recovery) is one.
const HIT = String.raw`(victimes?|pirat\w*|hack\w*|attaqu\w*|cibl\w*|touch\w*|frapp\w*|vise\w*|paralys\w*|prenn?ent|en panne)`;
const RENEWED = new RegExp([
  String.raw`\b(nouvelles?|nouvel|autres?|seconde?|deuxieme|troisieme) (cyber ?attaques?|attaques?|fuites?|piratages?|intrusions?|pannes?)\b`,
  String.raw`\bencore une (cyber ?attaque|attaque|fuite|panne)\b`,
  String.raw`\bnouveaux? (piratages?|rancongiciels?|ransomwares?)\b`,
  String.raw`\b(a|de) nouveau ${HIT}`, String.raw`\b${HIT} (a|de) nouveau\b`,
  String.raw`\bencore (une fois )?${HIT}`, String.raw`\b${HIT} une fois de plus\b`,
].join('|'));

/** Whether headline words tell of another incident of the kind the subject already had. */
function renewed(titleWords: readonly string[]): boolean {
  return RENEWED.test(titleWords.join(' ').replace(/-/g, ' '));
}

/**
 * `fp` with every field in one order, an absent optional field undefined: fingerprints made here and
 * fingerprints read from the store (in the shape JSON.parse gave them) then share one hidden class,
 * and the comparisons reading them stay monomorphic instead of being recompiled as shapes turn up.
 * Its JSON is unchanged.
 */
export function fixedShape(fp: StoryFingerprint): StoryFingerprint {
  const shaped: EveryField = {
    v: fp.v, category: fp.category, cause: fp.cause, terms: fp.terms, titleTerms: fp.titleTerms, names: fp.names,
    victim: fp.victim, place: fp.place, actors: fp.actors, minhash: fp.minhash, worldwide: fp.worldwide,
    subtype: fp.subtype, service: fp.service, countries: fp.countries, titleCountries: fp.titleCountries, renewed: fp.renewed,
  };
  return shaped;
}

/** A fingerprint with every field written out (a field added to StoryFingerprint must be added where one is made). */
type EveryField = { [K in keyof Required<StoryFingerprint>]: StoryFingerprint[K] };

/**
 * Fingerprints an incident item from its title, lead and classification. Deterministic: the same
 * input always gives the same JSON, on any machine.
 */
export function fingerprint(item: NewsItem, c: Classification, options: FingerprintOptions = {}): StoryFingerprint {
  const lead = leadOf(item.summary, options.leadChars ?? 400);
  // Title and lead are folded and split once; folding "title lead" gives the two folds joined by a space.
  const foldedTitle = fold(item.title);
  const foldedLead = fold(lead);
  const titleWords = words(foldedTitle);
  const leadWords = words(foldedLead);
  const bothWords = [...titleWords, ...leadWords];
  // A title without capitals is a URL slug standing in for a missing headline.
  const titleTerms = termsOfWords(titleWords, { slug: item.title === item.title.toLowerCase() });
  const victim = entityStems(c.entities.victim);
  const place = entityStems(c.entities.place);
  const folded: string[] = [];
  for (const a of c.entities.actors) {
    const f = fold(a);
    if (f.length > 0) folded.push(f);
  }
  const actors = sortedUnique(folded);
  const actorStems = actors.flatMap((a) => termSequence(a));
  // Entities count as names, but terms stay the words the item itself uses.
  const names = nameStems(item.title);
  for (const t of nameStems(lead)) names.add(t);
  for (const unit of [...victim, ...place]) for (const t of unitParts(unit)) names.add(t);
  for (const t of actorStems) names.add(t);
  const terms = [...titleTerms, ...termsOfWords(leadWords)];
  const services = servicesIn(foldedTitle.length === 0 || foldedLead.length === 0 ? `${foldedTitle}${foldedLead}` : `${foldedTitle} ${foldedLead}`);
  const countries = countriesOfWords(bothWords);
  const titleCountries = countriesOfWords(titleWords);
  // Optional fields are undefined when absent (JSON leaves them out, in this order): see fixedShape.
  const fp: EveryField = {
    v: 1,
    category: c.category,
    cause: c.cause,
    terms: sortedUnique(terms),
    titleTerms: sortedUnique(titleTerms),
    names: sortedUnique(names),
    victim,
    place,
    actors,
    minhash: bigramMinhash(bothWords),
    worldwide: worldwide(titleWords) ? true : undefined,
    subtype: c.subtype,
    service: services,
    countries: countries.length > 0 ? countries : undefined,
    titleCountries: titleCountries.length > 0 ? titleCountries : undefined,
    renewed: renewed(titleWords) ? true : undefined,
  };
  return fp;
}
