/**
 * Extractive summary of a news item: two or three informative sentences of the story, at most
 * 400 characters, cut on sentence boundaries, with page junk (ads, subscription and paywall
 * prompts, affiliate disclaimers, photo credits, stamps, wire prefixes, tickers) left out.
 */
import type { Summariser } from './services.js';
import type { ClassifierInput } from './types.js';
import { splitSentences } from './sentences.js';
import { fold } from './text.js';

/** Tuning of the summariser. */
export interface SummariserOptions {
  /** Longest summary in characters (default 400). */
  maxChars?: number;
  /** Most sentences kept (default 3). */
  maxSentences?: number;
  /** Extra junk phrases (plain text, matched folded and case-insensitively; never compiled as regex). */
  junkPhrases?: string[];
  /** Usable sentences read from the top of the story (default 12): summaries come from the lead. */
  maxCandidates?: number;
}

/** Sentences or lines containing one of these (on folded text) are page junk. */
const JUNK = new RegExp([
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
].join('|'));

/**
 * Leading wire stamps and kickers ("PARIS (Reuters) - ", "Strasbourg, France | AFP | mercredi
 * 10/03/2021 - ", "PIRATAGE•", "© DNA"), each with a cheap guard so most lines skip the regex.
 */
const PREFIXES: { guard: (head: string) => boolean; re: RegExp }[] = [
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

/** Words that make a sentence informative for an incident alert: folded words starting with these. */
const INFORMATIVE_PREFIXES = ['cyberattaq', 'attaq', 'pirat', 'hack', 'rancon', 'ransomware', 'ddos', 'deni', 'fuite',
  'donnees', 'panne', 'incident', 'inaccessib', 'indisponib', 'perturb', 'hors', 'retabl', 'victime', 'serveur', 'reseau',
  'origine', 'cause', 'enquete', 'revendiq', 'paralys', 'coupure', 'incendie', 'operateur', 'clients', 'usagers', 'abonnes',
  'millions', 'intrusion', 'messagerie', 'systeme', 'technique', 'informatique', 'urgences', 'cyber'];
/** Prefix length looked up first (as a number, so that no string is cut per word). */
const PREFIX = 4;

/** Numeric key of the first PREFIX characters of `s` from `at` (-1 when the word is shorter). */
function headKey(s: string, at: number, end: number): number {
  if (end - at < PREFIX) return -1;
  let key = 0;
  for (let i = at; i < at + PREFIX; i += 1) key = key * 128 + (s.charCodeAt(i) & 127);
  return key;
}

function byHead(prefixes: readonly string[]): Map<number, string[]> {
  const map = new Map<number, string[]>();
  for (const p of prefixes) {
    const key = headKey(p, 0, p.length);
    map.set(key, [...(map.get(key) ?? []), p]);
  }
  return map;
}
const INFORMATIVE_HEADS = byHead(INFORMATIVE_PREFIXES);
const INFORMATIVE_INDEX = new Map(INFORMATIVE_PREFIXES.map((p, i) => [p, i]));

/** Words of sentences that explain the cause or the outcome (worth more than colour). */
const EXPLAINS = ['origine', 'cause', 'raison', 'provoqu', 'confirm', 'revendiq', 'ecart', 'exclu', 'selon', 'expliqu',
  'retabli', 'resolu'];
const EXPLAINS_HEADS = byHead(EXPLAINS);

/**
 * Distinct informative prefixes among the words of a folded sentence, and whether a word explains
 * a cause or an outcome. Scans the string in place ("l'incident" is read as "incident").
 */
function wordFacts(folded: string): { informative: number; explains: boolean } {
  const seen = new Uint8Array(INFORMATIVE_PREFIXES.length);
  let informative = 0;
  let explains = false;
  const n = folded.length;
  for (let at = 0; at < n;) {
    let end = folded.indexOf(' ', at);
    if (end < 0) end = n;
    let from = at;
    for (let i = end - 1; i >= at; i -= 1) if (folded.charCodeAt(i) === 39) { from = i + 1; break; } // after the last "'"
    const key = headKey(folded, from, end);
    if (key >= 0) {
      const list = INFORMATIVE_HEADS.get(key);
      if (list) {
        for (const p of list) {
          const i = INFORMATIVE_INDEX.get(p) as number;
          if (seen[i] === 0 && folded.startsWith(p, from)) { seen[i] = 1; informative += 1; }
        }
      }
      if (!explains) explains = EXPLAINS_HEADS.get(key)?.some((p) => folded.startsWith(p, from)) ?? false;
    }
    at = end + 1;
  }
  return { informative, explains };
}

const WEAK_START = /^(mais|cependant|pourtant|heureusement|or|pour certains|au fil|en effet|toutefois|celui ci|celle ci|cela|ce type)\b/;
const STOP = new Set(['dans', 'avec', 'pour', 'sont', 'leur', 'leurs', 'cette', 'plus', 'tous', 'tout', 'aussi', 'depuis', 'selon']);

interface Candidate {
  text: string;
  /** `text` folded once, for every test below, and its words. */
  folded: string;
  order: number;
  score: number;
  informative: number;
  explains: boolean;
  content?: Set<string>;
}

const ENDINGS = new Set(['.', '!', '?', '…', '»', '"', ')', ']']);
const endsSentence = (line: string): boolean => ENDINGS.has(line.trimEnd().slice(-1));
// Emoji: pictographs (surrogate pairs D83C–D83E) and dingbats; a plain regex, faster than a /u one.
const hasEmoji = (line: string): boolean => /[\u2600-\u27BF]|\uD83C[\uDF00-\uDFFF]|\uD83D[\uDC00-\uDFFF]|\uD83E[\uDD00-\uDEFF]/.test(line);

function stripPrefixes(line: string): string {
  let out = line;
  for (const { mark, re } of INLINE) if (out.includes(mark)) out = out.replace(re, '');
  for (let changed = true; changed;) {
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

/** Looks like a ticker or a navigation bar: many separators or numbers, few words. */
function isTicker(line: string): boolean {
  if (!/[|•·%▲▼↑↓]/.test(line)) return false;
  if ((line.match(/\s[|•·]\s/g) ?? []).length >= 3) return true;
  const numbers = (line.match(/[+-]?\d+[.,]?\d*\s?%/g) ?? []).length + (line.match(/[▲▼↑↓]/g) ?? []).length;
  return numbers >= 2 && (line.match(/\p{Ll}{3,}/gu) ?? []).length < 8;
}

/** Builds a summariser; all patterns are compiled here, once. */
export function createSummariser(options: SummariserOptions = {}): Summariser {
  const maxChars = options.maxChars ?? 400;
  const maxSentences = options.maxSentences ?? 3;
  const maxCandidates = options.maxCandidates ?? 12;
  const extra = (options.junkPhrases ?? []).map((p) => fold(p)).filter((p) => p.length > 0);
  const isJunk = (f: string): boolean => JUNK.test(f) || extra.some((p) => f.includes(p));

  const candidates = (input: ClassifierInput): Candidate[] => {
    const titleKey = fold(input.title);
    const out: Candidate[] = [];
    const lines = input.text.split(/\r?\n/);
    let lastLine = lines.length - 1;
    while (lastLine > 0 && (lines[lastLine] as string).trim() === '') lastLine -= 1;
    lines.forEach((raw, lineNo) => {
      if (out.length >= maxCandidates) return;
      const line = stripPrefixes(raw.trim()); // wire stamps and credits open a paragraph
      if (line.length === 0 || hasEmoji(line) || isTicker(line) || /^[•▪►✓*·-]\s/.test(line)) return;
      const last = lineNo >= lastLine;
      if (!endsSentence(line) && !(last && out.length === 0 && line.length > 80)) return; // heading or cut-off fragment
      if (line.length < 90 && /\?\s*»?$/.test(line)) return; // rhetorical subheading
      const sentences = splitSentences(line);
      sentences.forEach((s, k) => {
        const text = s.text;
        if (text.length < 25 || out.length >= maxCandidates) return;
        const folded = fold(text);
        if (folded === titleKey) return;
        if (k === sentences.length - 1 && !endsSentence(text) && out.length > 0) return; // truncated tail
        out.push({ text, folded, order: out.length, score: 0, ...wordFacts(folded) });
      });
    });
    return out;
  };

  const score = (c: Candidate): number => {
    const f = c.folded;
    let s = 1.2 * 0.85 ** c.order + 0.35 * Math.min(3, c.informative) + (c.explains ? 0.5 : 0);
    if (WEAK_START.test(f)) s -= 0.4;
    if (/\?\s*»?$/.test(c.text)) s -= 0.6;
    if (/^[«"“]/.test(c.text)) s -= 0.2;
    return s;
  };

  return {
    summarise(input: ClassifierInput): string {
      const all = candidates({ title: input.title ?? '', text: input.text ?? '' });
      if (all.length === 0) return clip(input.title.trim(), maxChars);
      for (const c of all) c.score = score(c);
      // The lead comes first unless it is colour without a single fact ("Le cœur de Marseille bat …").
      const chosen: Candidate[] = [];
      let length = -1;
      const take = (c: Candidate): void => { chosen.push(c); length += 1 + c.text.length; };
      const facts = all.filter((c) => c.informative > 0);
      const pool = facts.length >= 2 ? facts : all; // colour goes only when facts are short
      const lead = all[0];
      if (lead && facts.includes(lead) && !isJunk(lead.folded)) take(lead);
      for (const c of [...pool].sort((a, b) => b.score - a.score || a.order - b.order)) {
        if (chosen.length >= maxSentences) break;
        if (chosen.includes(c) || (c.score < 0.6 && chosen.length >= 2)) continue;
        if (length + 1 + c.text.length > maxChars && chosen.length > 0) continue;
        if (isJunk(c.folded)) continue; // checked only for sentences about to be chosen
        if (chosen.some((o) => overlap(o, c) > 0.5)) continue; // says the same thing again
        take(c);
      }
      chosen.sort((a, b) => a.order - b.order);
      return clip(chosen.map((c) => c.text).join(' '), maxChars);
    },
  };
}

function contentWords(c: Candidate): Set<string> {
  c.content ??= new Set(c.folded.split(' ').filter((w) => w.length >= 4 && !STOP.has(w)));
  return c.content;
}

/** Share of the shorter sentence's content words found in the other. */
function overlap(a: Candidate, b: Candidate): number {
  const wa = contentWords(a);
  const wb = contentWords(b);
  const [small, big] = wa.size <= wb.size ? [wa, wb] : [wb, wa];
  if (small.size === 0) return 0;
  let common = 0;
  for (const w of small) if (big.has(w)) common += 1;
  return common / small.size;
}

/** Cuts `text` to `max` characters on a word boundary, with an ellipsis when cut. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}
