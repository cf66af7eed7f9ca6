/**
 * Which destinations receive an alert. Every destination's keywords and exclusions are compiled once
 * into one trie keyed by folded, plural-stemmed words; an alert's text is scanned once against it,
 * whatever the number of destinations. Matching is on whole words, case-, accent- and elision-blind.
 */
import { compileTerm, stemWord, type CompiledTerm, type KeywordSet } from './keywords.js';
import { fold, words } from './text.js';
import type { Alert, Destination, IncidentCategory } from './types.js';

interface Token {
  word: string;
  stem: string;
}

class TrieNode {
  readonly children = new Map<string, TrieNode>();
  /** Ids of the terms that end with the word leading here. */
  readonly ends: number[] = [];
  /** `prefix*` terms whose last word starts here, by that prefix. */
  prefixes: Map<string, number[]> | undefined;
  minPrefix = Number.POSITIVE_INFINITY;
  maxPrefix = 0;
}

/** A word trie of compiled terms; each distinct term (by key) gets one id. */
class TermTrie {
  private readonly root = new TrieNode();
  private readonly ids = new Map<string, number>();

  get size(): number {
    return this.ids.size;
  }

  add(term: CompiledTerm): number {
    const known = this.ids.get(term.key);
    if (known !== undefined) return known;
    const id = this.ids.size;
    this.ids.set(term.key, id);
    const full = term.prefix ? term.words.slice(0, -1) : term.words;
    let node = this.root;
    for (const word of full) {
      let next = node.children.get(word);
      if (next === undefined) node.children.set(word, (next = new TrieNode()));
      node = next;
    }
    if (!term.prefix) {
      node.ends.push(id);
      return id;
    }
    const stem = term.words[term.words.length - 1] ?? '';
    node.prefixes ??= new Map();
    const list = node.prefixes.get(stem);
    if (list === undefined) node.prefixes.set(stem, [id]);
    else list.push(id);
    node.minPrefix = Math.min(node.minPrefix, stem.length);
    node.maxPrefix = Math.max(node.maxPrefix, stem.length);
    return id;
  }

  /** Calls `hit` with the id of every term occurring in the token sequence (an id may repeat). */
  scan(tokens: readonly Token[], hit: (id: number) => void): void {
    for (let i = 0; i < tokens.length; i += 1) {
      let node: TrieNode | undefined = this.root;
      for (let j = i; node !== undefined && j < tokens.length; j += 1) {
        const token = tokens[j] as Token;
        if (node.prefixes !== undefined) scanPrefixes(node, token, hit);
        node = node.children.get(token.stem);
        if (node !== undefined) for (const id of node.ends) hit(id);
      }
    }
  }
}

function scanPrefixes(node: TrieNode, token: Token, hit: (id: number) => void): void {
  const prefixes = node.prefixes as Map<string, number[]>;
  for (const form of token.stem === token.word ? [token.word] : [token.word, token.stem]) {
    const longest = Math.min(node.maxPrefix, form.length);
    for (let length = node.minPrefix; length <= longest; length += 1) {
      const ids = prefixes.get(form.slice(0, length));
      if (ids !== undefined) for (const id of ids) hit(id);
    }
  }
}

function tokenize(text: string): Token[] {
  return words(fold(text)).map((word) => ({ word, stem: stemWord(word) }));
}

/**
 * The texts an alert is matched on, one per field so that a phrase never spans two fields: title,
 * summary, victim, place, sector, actors and the name of every source.
 */
export function alertTexts(alert: Alert): string[] {
  const { entities } = alert.classification;
  const texts = [
    alert.item.title, alert.summary, entities.victim, entities.place, entities.sector, ...entities.actors,
    alert.item.source, ...alert.sources.map((s) => s.source),
  ];
  return [...new Set(texts.filter((t): t is string => t !== undefined && t.length > 0))];
}

function scanTexts(trie: TermTrie, texts: readonly string[], hit: (id: number) => void): void {
  for (const text of texts) trie.scan(tokenize(text), hit);
}

/**
 * Compiles one keyword set into a predicate over texts: true when no exclusion occurs and either
 * there are no keywords or one occurs. Used by `/latest mot-clé`; same rules as the recipient index.
 */
export function compileKeywordFilter(set: KeywordSet): (texts: readonly string[]) => boolean {
  const trie = new TermTrie();
  const include = new Set<number>();
  const exclude = new Set<number>();
  for (const raw of set.keywords) addTerm(trie, raw, include);
  for (const raw of set.exclusions) addTerm(trie, raw, exclude);
  return (texts) => {
    let included = set.keywords.length === 0;
    let excluded = false;
    scanTexts(trie, texts, (id) => {
      if (include.has(id)) included = true;
      if (exclude.has(id)) excluded = true;
    });
    return included && !excluded;
  };
}

function addTerm(trie: TermTrie, raw: string, into: Set<number>): void {
  const term = compileTerm(raw);
  if (term !== undefined) into.add(trie.add(term));
}

/** Destinations to notify for an alert, compiled once from all destinations. */
export interface RecipientIndex {
  /** Active, unpaused destinations that want this alert, in the order they were given. */
  match(alert: Alert): Destination[];
  /** Number of destinations that can receive anything (active and not paused). */
  readonly size: number;
  /** Number of distinct compiled terms (keywords and exclusions). */
  readonly terms: number;
}

type Postings = (number[] | undefined)[];

function post(postings: Postings, id: number, index: number): void {
  const list = postings[id];
  if (list === undefined) postings[id] = [index];
  else list.push(index);
}

/**
 * Builds the recipient index. A destination receives an alert when it is active, not paused, the
 * alert's category is on, none of its exclusions occurs and it has no keywords or one of them occurs.
 */
export function buildRecipientIndex(destinations: readonly Destination[]): RecipientIndex {
  // Destinations with nothing to receive are not held (paused, or every category off).
  const eligible = destinations.filter((d) => d.active && !d.paused && (d.categories.cyberattack || d.categories.outage));
  const trie = new TermTrie();
  const wanted: Postings = [];
  const unwanted: Postings = [];
  const openTo: Record<IncidentCategory, number[]> = { cyberattack: [], outage: [] };
  eligible.forEach((d, index) => {
    for (const raw of d.keywords) {
      const term = compileTerm(raw);
      if (term !== undefined) post(wanted, trie.add(term), index);
    }
    for (const raw of d.exclusions) {
      const term = compileTerm(raw);
      if (term !== undefined) post(unwanted, trie.add(term), index);
    }
    if (d.keywords.length > 0) return;
    if (d.categories.cyberattack) openTo.cyberattack.push(index);
    if (d.categories.outage) openTo.outage.push(index);
  });
  // Per-destination marks stamped with a match counter: no clearing between alerts.
  const hitAt = new Float64Array(eligible.length);
  const excludedAt = new Float64Array(eligible.length);
  let stamp = 0;

  function match(alert: Alert): Destination[] {
    const category = alert.classification.category;
    if (category === 'none') return [];
    stamp += 1;
    const hits: number[] = [];
    // Without a keyword or exclusion anywhere, no text needs reading (the alert's words are not even split).
    if (trie.size > 0) scanTexts(trie, alertTexts(alert), (id) => {
      for (const index of wanted[id] ?? []) {
        if (hitAt[index] !== stamp) hits.push(index);
        hitAt[index] = stamp;
      }
      for (const index of unwanted[id] ?? []) excludedAt[index] = stamp;
    });
    const chosen = openTo[category].filter((index) => excludedAt[index] !== stamp);
    for (const index of hits) {
      if (excludedAt[index] !== stamp && eligible[index]?.categories[category]) chosen.push(index);
    }
    if (hits.length > 0) chosen.sort((a, b) => a - b);
    return chosen.map((index) => eligible[index] as Destination);
  }

  return { match, size: eligible.length, terms: trie.size };
}
