/**
 * Countries an item names, as folded keys: the same service failing in two countries, or one brand's
 * subsidiaries ("Orange Belgique" and Orange in France), are two incidents. Nationality adjectives
 * count only for victims' countries: the attackers' ("pirates russes") are left out. Pure.
 */
import { fold, words } from '../text.js';

// Folded country names and victim-side adjectives → one key per country. Countries mostly named as
// attackers' origin (Russia, China, Iran, North Korea) are left out: "hackers russes" places no victim.
const COUNTRY_WORDS: Readonly<Record<string, string>> = (() => {
  const table: Record<string, string> = {};
  const add = (key: string, list: string): void => {
    for (const w of list.split(/\s+/)) if (w.length > 0) table[w] = key;
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

// Two-word names whose words are common alone.
const PAIRS: Readonly<Record<string, string>> = { 'cote ivoire': 'ci', 'etats unis': 'us', 'royaume uni': 'gb', 'pays bas': 'nl' };

/** The country keys a text names, sorted and without duplicates ("Orange Belgique" → ["be"]). */
export function countriesOf(text: string): string[] {
  const list = words(fold(text));
  const out = new Set<string>();
  list.forEach((w, i) => {
    const pair = PAIRS[`${w} ${list[i + 1] ?? ''}`] ?? PAIRS[`${w} ${list[i + 2] ?? ''}`];
    if (pair !== undefined) out.add(pair);
    else {
      const key = COUNTRY_WORDS[w];
      if (key !== undefined) out.add(key);
    }
  });
  return [...out].sort();
}
