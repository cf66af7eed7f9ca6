/** Story terms: the distinctive, lightly stemmed words of an item and the proper names among them. */
import { fold, words } from '../text.js';
import { GENERIC_WORDS } from './generic.js';

/**
 * Light French/English stemming so that plural and feminine forms meet: "hôpitaux" → "hopital",
 * "piratées" → "pirat", "pannes" → "pann". Only ever compared with other stems.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length >= 6 && w.endsWith('aux')) w = `${w.slice(0, -3)}al`;
  if (w.length >= 5 && (w.endsWith('s') || w.endsWith('x'))) w = w.slice(0, -1);
  if (w.length >= 5 && w.endsWith('e')) w = w.slice(0, -1);
  if (w.length >= 5 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

const GENERIC_STEMS: ReadonlySet<string> = new Set([...GENERIC_WORDS].map(stem));

/** Whether a folded word carries no story-specific meaning (`stemmed`: its stem, when already made). */
export function isGeneric(folded: string, stemmed: string = stem(folded)): boolean {
  return GENERIC_WORDS.has(folded) || GENERIC_STEMS.has(stemmed);
}

/** Whether a UTF-16 unit is an ASCII digit (what `\d` matches without the `u` flag). */
const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** Stem of a folded word when it is distinctive enough to be a story term, else undefined. */
function termOf(word: string): string | undefined {
  // Most words start with a letter: the patterns below are tried only when they could match.
  if (isDigit(word.charCodeAt(0)) && /^\d+$/.test(word)) return word.length >= 3 && !/^0+$/.test(word) ? word : undefined;
  // A letter and a digit name a channel or a product ("M6", "C8"): distinctive although short.
  if (word.length === 2 && /^[a-z]\d$/.test(word)) return word;
  if (word.length < 3) return undefined;
  const s = stem(word);
  return isGeneric(word, s) ? undefined : s;
}

// URL slugs glue elisions to the next word ("durgence", "lanssi"): l/d before a vowel or h.
const GLUED_ELISION = /^[ld][aeiouyh][a-z]{3,}$/;

/**
 * Distinctive stems of a text, in order of appearance (duplicates kept). A name followed by a short
 * number also yields the joined form ("APT 28" → "apt28"); `slug` also unglues slug elisions.
 */
export function termSequence(text: string, options: { slug?: boolean } = {}): string[] {
  return termsOfWords(words(fold(text)), options);
}

/** `termSequence` of text already folded and split by `words`. */
export function termsOfWords(list: readonly string[], options: { slug?: boolean } = {}): string[] {
  const out: string[] = [];
  list.forEach((w, i) => {
    const t = termOf(w);
    if (t === undefined) return;
    out.push(t);
    const next = list[i + 1];
    if (next !== undefined && isDigit(next.charCodeAt(0)) && /^\d{1,3}$/.test(next) && /^[a-z]{2,}$/.test(w)) out.push(`${w}${next}`);
    if (options.slug === true && GLUED_ELISION.test(w)) {
      const unglued = termOf(w.slice(1));
      if (unglued !== undefined) out.push(unglued);
    }
  });
  return out;
}

// A token of the raw text: letters and digits, split on apostrophes, hyphens and punctuation.
const RAW_TOKEN = /[\p{L}\p{N}]+/gu;
const HAS_UPPER_AFTER_FIRST = /^.+\p{Lu}/u;

/** Whether a raw token is written like a name: its first letter a capital, or a capital further in. */
function capitalised(token: string): boolean {
  // ASCII answers at once; anything else is read by the Unicode rules.
  const first = token.charCodeAt(0);
  if (first >= 65 && first <= 90) return true;
  if (first >= 128) {
    const ch = token[0] as string;
    if (ch !== ch.toLowerCase()) return true;
  }
  for (let i = 1; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
    if (c >= 128) return HAS_UPPER_AFTER_FIRST.test(token);
  }
  return false;
}

/**
 * Stems of the words written like proper names in the raw (unfolded) text: capitalised
 * ("Orange", "Strasbourg") or with inner capitals ("OVHcloud", "ChatGPT"); generic words dropped.
 */
export function nameStems(raw: string): Set<string> {
  const out = new Set<string>();
  const tokens = raw.match(RAW_TOKEN) ?? [];
  tokens.forEach((token, i) => {
    if (token.length < 2 || !capitalised(token)) return;
    const folded = fold(token);
    const t = /^\d/.test(folded) ? undefined : termOf(folded);
    if (t === undefined) return;
    out.add(t);
    const next = tokens[i + 1];
    if (next !== undefined && /^\d{1,3}$/.test(next)) out.add(`${folded}${next}`);
  });
  return out;
}

/** Separator of the parts of a compound entity unit ("saint-malo"). */
export const UNIT_JOIN = '-';

/** The word stems of an entity unit: "saint-malo" → ["saint", "malo"], "brest" → ["brest"]. */
export const unitParts = (unit: string): string[] => unit.split(UNIT_JOIN);

// A hyphen between two letters or digits: "Saint-Malo", "AP-HP" (not a dash between words).
const INNER_HYPHEN = /[\p{L}\p{N}][-\u2010\u2011][\p{L}\p{N}]/u;

/** Distinctive stems of one word or compound of a name; two-letter parts count ("AP-HP"). */
function partsOf(chunk: string): string[] {
  const list = words(fold(chunk));
  const short = list.filter((w) => w.length === 2 && /^[a-z]+$/.test(w) && !isGeneric(w));
  return [...termsOfWords(list), ...short].filter((t) => !ENTITY_GENERIC.has(t));
}

/**
 * Distinctive units of an entity name, sorted: word stems, and hyphenated compounds kept whole as one
 * unit ("Centre hospitalier de Saint-Étienne" → ["saint-etienn"], "mairie de Villeneuve-d'Ascq" →
 * ["villeneuv-ascq"]). Generic place words alone ("Saint", "Villeneuve") are dropped: they name no place.
 */
export function entityStems(name: string | undefined): string[] {
  if (name === undefined || name.trim() === '') return [];
  const out = new Set<string>();
  for (const chunk of name.split(/\s+/)) {
    const parts = partsOf(chunk);
    if (parts.length > 1 && INNER_HYPHEN.test(chunk)) out.add([...new Set(parts)].join(UNIT_JOIN));
    else for (const p of parts) if (!PLACE_PARTS.has(p)) out.add(p);
  }
  return [...out].sort();
}

/** Stems that open or join many French place names ("Saint-", "Villeneuve-"): never a place on their own. */
export const PLACE_PARTS: ReadonlySet<string> = new Set(
  `saint sainte st ste villeneuve villefranche neuville neuf neuve vieux vieille chateau mont pont port bourg
   val`.split(/\s+/).filter((w) => w.length > 0).map(stem),
);

// Words naming the kind of organisation rather than which one.
const ENTITY_GENERIC: ReadonlySet<string> = new Set(
  `mairie ville commune centre hospitalier hopital clinique chu universitaire universite ecole college
   lycee conseil departemental regional region departement ministere prefecture agglomeration
   metropole communaute agence caisse office institut banque assurance mutuelle collectivite
   administration etablissement public publique syndicat societe groupe association federation
   usine site siege filiale entreprise service services direction operateur hebergeur plateforme
   reseau systeme france francais francaise national nationale`
    .split(/\s+/).filter((w) => w.length > 0).map(stem),
);
