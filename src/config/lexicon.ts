/**
 * Loads the classifier lexicon from `config/lexicon.yaml` and `config/classifier-entities.yaml`,
 * validates it with zod and reports every problem at once as a `ConfigError` naming file and path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Lexicon } from '../core/classify/lexicon.js';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { tokenize } from '../core/tokens.js';

/** File names, relative to the config directory. */
export const LEXICON_FILE = 'lexicon.yaml';
export const ENTITIES_FILE = 'classifier-entities.yaml';

const SUBTYPES = ['ransomware', 'ddos', 'data_breach', 'intrusion', 'phishing', 'defacement', 'espionage', 'other',
  'service_down', 'network', 'hosting_cloud', 'telecom', 'payment', 'power_fire', 'software_bug'] as const;
const ATTACK_SUBTYPES = ['ransomware', 'ddos', 'data_breach', 'intrusion', 'phishing', 'defacement', 'espionage', 'other'] as const;
const OUTAGE_SUBTYPES = ['service_down', 'network', 'hosting_cloud', 'telecom', 'payment', 'power_fire', 'software_bug', 'other'] as const;

const word = z.string().trim().min(1).max(200);
const words = z.array(word).min(1);
const weight = z.number().finite().min(0).max(100);
const positive = z.number().finite().positive();
const share = z.number().min(0).max(1);

const termGroup = z.strictObject({
  weight, words,
  subtype: z.enum(SUBTYPES).optional(),
  tags: z.array(word).optional(),
  requires: z.enum(['cyber', 'it']).optional(),
});
const terms = z.strictObject({ terms: z.array(termGroup) });

const lexiconFile = z.strictObject({
  matching: z.strictObject({
    stopwords: z.array(word), joinPrefixes: z.array(word), gapMax: z.number().int().min(0).max(5),
    distinctForms: z.array(z.string().trim().regex(/^[\p{L}\p{N}]+$/u, 'expected one word of letters or digits').max(60)).optional(),
  }),
  weights: z.strictObject({
    title: weight, lead: weight, leadSentences: z.number().int().min(0), body: weight, late: weight,
    lateAfter: z.number().int().min(0), repeat: share, background: share, attackThreshold: positive,
    outageThreshold: positive, suspectRatio: positive, overrideEvidence: weight, victimEvidence: weight,
    suspectedEvidence: weight, scoreScale: positive, itContextMin: weight,
  }),
  attack: terms, outage: terms, itContext: terms, markers: terms, techCause: terms, shield: z.array(word),
  negatives: z.array(z.strictObject({
    id: word, label: word, threshold: positive, penalty: share, overridable: z.boolean(), overrideEvidence: weight.optional(),
    suppresses: z.array(word), itOverride: weight.optional(), terms: z.array(termGroup).min(1),
  })),
  scopes: z.strictObject({
    window: z.number().int().min(0).max(20), afterWindow: z.number().int().min(0).max(20),
    negation: words, negationAfter: words, notNegation: words, speculation: words, breakers: words, bridges: words,
    background: words, backgroundLocal: words, genericDeterminers: words, denial: words, anaphora: words, interrogatives: words, questionOpeners: words,
  }),
  severity: z.strictObject({
    levels: z.tuple([positive, positive]),
    criticalSectors: z.array(word),
    scale: z.array(termGroup),
  }),
});

const entitiesFile = z.strictObject({
  actorWeight: weight,
  actors: z.array(z.strictObject({ name: word, aliases: z.array(word), subtype: z.enum(ATTACK_SUBTYPES).optional() })),
  orgNouns: z.array(z.strictObject({ sector: word, words })),
  victimCues: z.strictObject({ after: words, before: words }),
  notVictims: z.array(word),
  assetWords: words,
  descriptors: z.array(z.strictObject({ sector: word, words })),
  knownOrgs: z.array(z.strictObject({
    name: word, aliases: z.array(word), sector: word, subtype: z.enum(OUTAGE_SUBTYPES).optional(),
  })),
  sectorHints: z.array(z.strictObject({ sector: word, words })),
  places: z.strictObject({ regions: words, departements: words, communes: words }),
});

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}

function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const missing = /received undefined/.test(issue.message);
    return missing ? `missing (expected a ${issue.expected})` : `expected a ${issue.expected}`;
  }
  return issue.message;
}

/** The parsed YAML, or `failed` when the file could not be read or parsed (the issue is recorded). */
function readYaml(file: string, issues: ConfigIssue[]): { failed: boolean; value?: unknown } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    issues.push({ where: file, message: `cannot read the file (${(cause as Error).message})` });
    return { failed: true };
  }
  try {
    return { failed: false, value: parse(text) as unknown };
  } catch (cause) {
    issues.push({ where: file, message: `invalid YAML: ${(cause as Error).message.split('\n')[0] ?? ''}` });
    return { failed: true };
  }
}

function validate<T>(schema: z.ZodType<T>, value: unknown, file: string, issues: ConfigIssue[]): T | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = pathOf(issue.path);
    issues.push({ where: path ? `${file}: ${path}` : file, message: messageOf(issue) });
  }
  return undefined;
}

/** Checks what the schema cannot: terms that fold to nothing, duplicate family ids, ordered levels. */
function checkSemantics(lex: z.infer<typeof lexiconFile>, file: string, issues: ConfigIssue[]): void {
  const stop = new Set(lex.matching.stopwords.map((w) => tokenize(w).map((t) => t.norm).join('')));
  const empty = (w: string): boolean => w.split('*').every((part) => tokenize(part).every((t) => t.elided || stop.has(t.norm)));
  const groups: [string, z.infer<typeof termGroup>[]][] = [
    ['attack.terms', lex.attack.terms], ['outage.terms', lex.outage.terms], ['itContext.terms', lex.itContext.terms],
    ['markers.terms', lex.markers.terms], ['techCause.terms', lex.techCause.terms], ['severity.scale', lex.severity.scale],
    ...lex.negatives.map((f, i): [string, z.infer<typeof termGroup>[]] => [`negatives[${i}].terms`, f.terms]),
  ];
  for (const [path, list] of groups) {
    list.forEach((g, gi) => g.words.forEach((w, wi) => {
      if (empty(w)) issues.push({ where: `${file}: ${path}[${gi}].words[${wi}]`, message: `"${w}" has no word left once folded (only stopwords or punctuation)` });
    }));
  }
  const ids = new Set<string>();
  lex.negatives.forEach((f, i) => {
    if (ids.has(f.id)) issues.push({ where: `${file}: negatives[${i}].id`, message: `duplicate family id "${f.id}"` });
    ids.add(f.id);
  });
  if (lex.severity.levels[0] > lex.severity.levels[1]) {
    issues.push({ where: `${file}: severity.levels`, message: 'the level for severity 2 must not exceed the level for severity 3' });
  }
}

/**
 * Reads and validates the lexicon files of `configDir`. Throws a `ConfigError` listing every problem
 * ("config/lexicon.yaml: attack.terms[3].weight: expected a number").
 */
export function loadLexicon(configDir: string): Lexicon {
  const issues: ConfigIssue[] = [];
  const lexFile = join(configDir, LEXICON_FILE);
  const entFile = join(configDir, ENTITIES_FILE);
  const rawLex = readYaml(lexFile, issues);
  const rawEnt = readYaml(entFile, issues);
  const lex = rawLex.failed ? undefined : validate(lexiconFile, rawLex.value, lexFile, issues);
  const ent = rawEnt.failed ? undefined : validate(entitiesFile, rawEnt.value, entFile, issues);
  if (lex) checkSemantics(lex, lexFile, issues);
  if (issues.length > 0 || !lex || !ent) throw new ConfigError(issues);
  return { ...lex, entities: ent } satisfies Lexicon;
}
