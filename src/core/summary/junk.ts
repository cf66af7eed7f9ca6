/**
 * Page junk the summariser leaves out: junk phrases (ads, subscription and paywall prompts,
 * affiliate disclaimers, photo credits, stamps), leading wire prefixes, tickers and emoji lines.
 */

/** Sentences or lines containing one of these (on folded text) are page junk: regex alternatives. */
export const JUNK_PATTERNS: readonly string[] = [
  'laisser un commentaire', 'laissez un commentaire', '\\d+ commentaires?', 'lire la suite', 'lire aussi', 'lire egalement',
  'a lire (aussi|egalement|ensuite)', 'a decouvrir (aussi|egalement)', 'voir aussi', 'sur le meme sujet', 'read more',
  'continuer la lecture', 'en savoir plus', 's abonner', 'abonnez vous', 'je m abonne', 'newsletter',
  'recevez', 'inscrivez vous', 'est apparu en premier sur', 'appeared first on', 'liens? (present|presents|affilies?)',
  'peuvent etre affilies', 'nous reverse une commission', 'si vous achetez', 'investissements? .{0,40}risque', 'n investissez pas',
  'votre capital', 'il vous reste \\d+ ?(%|pour cent)', 'reserve[es]* aux abonnes', 'article reserve', 'contenu reserve',
  'credits? photos?', 'photo d illustration', 'illustration ?:', '^photo ?:', 'publie le \\d', 'mis a jour le \\d',
  '^(publie|modifie|mis a jour|posted|updated)\\b', 'partager (cet|l) article', 'partagez', 'afficher masquer',
  'masquer le sommaire', 'zero publicite', 'vous avez lu \\d+ articles?', 'soutenir notre travail',
  'n a pas les moyens de payer', 'decouvrez', 'cliquez', '^source ?:', 'suivez nous', 'google news', '^publicite$',
  'sponsorise', 'cookies', 'mentions legales', 'tous droits reserves', 'politique de confidentialite', 'telechargez l application',
  'connectez vous', 'creer un compte', 'offre speciale', 'code promo', 'bons? plans?', 'rejoignez',
];

/**
 * One regex matching where any of `patterns` matches, the patterns that open with a plain letter
 * grouped by it ("l(?:ire aussi|aisser …)"): the engine then tries a dozen groups at each
 * position instead of every pattern.
 */
export function alternation(patterns: readonly string[]): RegExp {
  const byLetter = new Map<string, string[]>();
  const rest: string[] = [];
  for (const p of patterns) {
    const letter = p.charAt(0);
    if (p.length < 2 || !/[a-z ]/.test(letter) || /[?*+{]/.test(p.charAt(1))) rest.push(p);
    else byLetter.set(letter, [...(byLetter.get(letter) ?? []), p.slice(1)]);
  }
  return new RegExp([...[...byLetter].map(([letter, tails]) => `${letter}(?:${tails.join('|')})`), ...rest].join('|'));
}

/** Whether folded text holds page junk (one of JUNK_PATTERNS). */
export const JUNK = alternation(JUNK_PATTERNS);

/**
 * Leading wire stamps and kickers ("PARIS (Reuters) - ", "Strasbourg, France | AFP | mercredi
 * 10/03/2021 - ", "PIRATAGE•", "© DNA"), each with a cheap guard so most lines skip the regex.
 */
export const PREFIXES: readonly { guard: (head: string) => boolean; re: RegExp }[] = [
  { guard: (h) => h.includes('('), re: /^[\p{Lu}][\p{Lu}\p{Ll}' .-]{1,40}(?:,[^()\n]{0,40})?\s*\((?:AFP|Reuters|AP|Belga|ATS|Xinhua|dpa)\)\s*[-–—:]\s*/u },
  { guard: (h) => h.includes('|'), re: /^[^\n|]{0,60}\|\s*(?:AFP|Reuters|AP|Belga|ATS)\s*\|[^\n]{0,60}?\s[-–—]\s*/u },
  { guard: (h) => /AFP|Reuters|RIA|TASS|Belga/.test(h), re: /^[\p{Lu}]{3,}[^.\n]{0,40}?(?:RIA Novosti|AFP|Reuters|TASS|Belga)\.\s*/u },
  { guard: (h) => /[•|►]/.test(h), re: /^[\p{Lu}\d ]{3,30}\s?[•|►]\s*/u },
  { guard: (h) => h.startsWith('©'), re: /^©\s*(?:[\p{Lu}\d&.'’-]+(?:\s*\/\s*|\s+))+?(?=\p{Lu})/u },
  { guard: (h) => /^(?:afficher|connexion)/i.test(h), re: /^(?:afficher (?:les titres|le sommaire)\s+masquer (?:les titres|le sommaire)|connexion\s+abonnez-vous)\s*/iu },
];
const INLINE: { mark: string; re: RegExp }[] = [
  { mark: '[', re: /\[(?:mis à jour|màj|mise à jour|update)[^\]]*\]\s*/giu },
  { mark: '(', re: /\((?:photo|crédit|illustration)[^)]*\)/giu },
];

const GUARD_MARKS = /[(|•►]|AFP|Reuters|RIA|TASS|Belga/;
/** Holds whenever one of the PREFIXES guards does, in one scan of the head (most lines fail it: no guard is tried). */
export const anyGuard = (head: string): boolean => GUARD_MARKS.test(head) || head.startsWith('©') || /^(?:afficher|connexion)/i.test(head);

/** A line without wire stamps, kickers or inline update and photo notes, trimmed. */
export function stripPrefixes(line: string): string {
  let out = line;
  for (const { mark, re } of INLINE) if (out.includes(mark)) out = out.replace(re, '');
  for (let changed = anyGuard(out.slice(0, 100)); changed;) {
    changed = false;
    const head = out.slice(0, 100);
    for (const { guard, re } of PREFIXES) {
      if (!guard(head)) continue;
      const next = out.replace(re, '');
      if (next !== out) { out = next; changed = true; break; }
    }
  }
  return out.trim();
}

// Emoji: pictographs (surrogate pairs D83C–D83E) and dingbats; a plain regex, faster than a /u one.
const EMOJI = /[\u2600-\u27BF]|\uD83C[\uDF00-\uDFFF]|\uD83D[\uDC00-\uDFFF]|\uD83E[\uDD00-\uDEFF]/;
const TICKER_MARK = /[|•·%▲▼↑↓]/;
/** Either of the two above, so that most lines are cleared in one scan. */
const EMOJI_OR_TICKER_MARK = /[|•·%▲▼↑↓\u2600-\u27BF]|\uD83C[\uDF00-\uDFFF]|\uD83D[\uDC00-\uDFFF]|\uD83E[\uDD00-\uDEFF]/;

/** Looks like a ticker or a navigation bar: many separators or numbers, few words. */
export function isTicker(line: string): boolean {
  if (!TICKER_MARK.test(line)) return false;
  if ((line.match(/\s[|•·]\s/g) ?? []).length >= 3) return true;
  const numbers = (line.match(/[+-]?\d+[.,]?\d*\s?%/g) ?? []).length + (line.match(/[▲▼↑↓]/g) ?? []).length;
  return numbers >= 2 && (line.match(/\p{Ll}{3,}/gu) ?? []).length < 8;
}

/** Whether a line holds an emoji or is a ticker (`EMOJI.test(line) || isTicker(line)`, one scan for most lines). */
export function isEmojiOrTicker(line: string): boolean {
  return EMOJI_OR_TICKER_MARK.test(line) && (EMOJI.test(line) || isTicker(line));
}
