/**
 * Countries an item names, as folded keys: the same service failing in two countries, or one brand's
 * subsidiaries ("Orange Belgique" and Orange in France), are two incidents. Nationality adjectives
 * count only for victims' countries: the attackers' ("pirates russes") are left out. Pure.
 */
import { fold, words } from '../text.js';

// Folded country names and victim-side adjectives → one key per country. Countries mostly named as
// attackers' origin (Russia, China, Iran, North Korea) are left out: "hackers russes" places no victim.
// A Map, not an object: a word such as "constructor" must not find the object's prototype.
const COUNTRY_WORDS: ReadonlyMap<string, string> = (() => {
  const table = new Map<string, string>();
  const add = (key: string, list: string): void => {
    for (const w of list.split(/\s+/)) if (w.length > 0) table.set(w, key);
  };
  add('fr', 'france francais francaise francaises hexagone');
  add('be', 'belgique belge belges belgium wallonie flandre bruxelles');
  add('ch', 'suisse suisses switzerland helvetique helvetiques');
  add('lu', 'luxembourg luxembourgeois luxembourgeoise luxembourgeoises');
  add('ca', 'canada canadien canadienne canadiens canadiennes quebec quebecois quebecoise quebecoises');
  add('ma', 'maroc marocain marocaine marocains marocaines');
  add('dz', 'algerie algerien algerienne algeriens algeriennes');
  add('tn', 'tunisie tunisien tunisienne tunisiens tunisiennes');
  add('sn', 'senegal senegalais senegalaise senegalaises');
  add('ci', 'ivoirien ivoirienne ivoiriens ivoiriennes');
  add('cm', 'cameroun camerounais camerounaise camerounaises');
  add('ml', 'mali malien malienne maliens maliennes');
  add('bf', 'burkina burkinabe burkinabes');
  add('us', 'usa americain americaine americains americaines');
  add('gb', 'britannique britanniques');
  add('de', 'allemagne allemand allemande allemands allemandes');
  add('es', 'espagne espagnol espagnole espagnols espagnoles');
  add('it', 'italie italien italienne italiens italiennes');
  add('nl', 'neerlandais neerlandaise');
  return table;
})();

// Two-word names whose words are common alone ("côte d'ivoire" → "cote ivoire"): first word → second → key.
const PAIRS: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map([
  ['cote', new Map([['ivoire', 'ci']])], ['etats', new Map([['unis', 'us']])],
  ['royaume', new Map([['uni', 'gb']])], ['pays', new Map([['bas', 'nl']])],
]);

/** The country keys a text names, sorted and without duplicates ("Orange Belgique" → ["be"]). */
export function countriesOf(text: string): string[] {
  return countriesOfWords(words(fold(text)));
}

/** `countriesOf` of text already folded and split by `words`. */
export function countriesOfWords(list: readonly string[]): string[] {
  let out: Set<string> | undefined;
  for (let i = 0; i < list.length; i++) {
    const w = list[i] as string;
    // A pair's second word may come next or one word later.
    const seconds = PAIRS.get(w);
    const key = (seconds === undefined ? undefined : seconds.get(list[i + 1] ?? '') ?? seconds.get(list[i + 2] ?? ''))
      ?? COUNTRY_WORDS.get(w);
    if (key !== undefined) (out ??= new Set()).add(key);
  }
  return out === undefined ? [] : [...out].sort();
}
