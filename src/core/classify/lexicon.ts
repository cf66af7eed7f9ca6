/**
 * The classifier's tunable data, as read from `config/lexicon.yaml` and
 * `config/classifier-entities.yaml`. Terms are written in plain French or English; they are folded
 * and stemmed like the text, so "cyber-attaque", "Cyberattaques" and "cyberattaque" are one term.
 * In a term, `*` stands for up to `matching.gapMax` arbitrary words ("fuite * données").
 */
import type { AttackSubtype, OutageSubtype } from '../types.js';

/** Some words sharing a weight, a subtype and tags. */
export interface TermGroup {
  weight: number;
  words: string[];
  subtype?: AttackSubtype | OutageSubtype;
  /** Labels that negative families can suppress ("generic_attack", "piracy", …). */
  tags?: string[];
  /** Counts only when the item also has cyber vocabulary (`cyber`) or IT context (`it`). */
  requires?: 'cyber' | 'it';
}

/** A family of hard negatives (sport, fiction, advice, …) that lowers or vetoes an alert. */
export interface NegativeFamily {
  id: string;
  /** Shown in the evidence ("contexte: fiction"). */
  label: string;
  /** Family strength (sum of weighted matches) from which it is active. */
  threshold: number;
  /** Share of incident evidence removed when active, in [0, 1]. */
  penalty: number;
  /** Concrete incident evidence (a victim, "a été victime", …) cancels most of the penalty. */
  overridable: boolean;
  /** Concrete evidence needed to override this family (default `weights.overrideEvidence`). */
  overrideEvidence?: number;
  /** Tags of positive terms ignored while the family is active. */
  suppresses: string[];
  /** IT context from which the family is ignored (a power cut in a data centre is an IT outage). */
  itOverride?: number;
  terms: TermGroup[];
}

/** Position weights, thresholds and ratios of the scoring. */
export interface Weights {
  title: number;
  lead: number;
  /** Number of body sentences that get the `lead` weight. */
  leadSentences: number;
  body: number;
  /** Weight of body sentences after `lateAfter`. */
  late: number;
  lateAfter: number;
  /** Factor for each further occurrence of a term already counted. */
  repeat: number;
  /** Factor for mentions in background sentences ("il y a trois ans", pluperfect). */
  background: number;
  attackThreshold: number;
  outageThreshold: number;
  /** Doubt (suspected + denied attack mentions) at or above this share of the confirmed ones makes the cause suspected. */
  suspectRatio: number;
  /** Concrete incident evidence needed to override an overridable negative family. */
  overrideEvidence: number;
  /** Concrete evidence an identified victim organisation brings. */
  victimEvidence: number;
  /** Concrete evidence needed before doubted-only attack mentions make an alert. */
  suspectedEvidence: number;
  /** Net evidence giving a score of about 0.63 (score = 1 − e^(−net/scale)). */
  scoreScale: number;
  /** IT context needed for terms that require it. */
  itContextMin: number;
}

/** Cue words for negation, speculation and background scopes (all folded and stemmed). */
export interface Scopes {
  /** Content words allowed between a negation cue and the term it negates. */
  window: number;
  /** Content words allowed between a term and a following denial ("… a été écartée"). */
  afterWindow: number;
  negation: string[];
  negationAfter: string[];
  /** Phrases that look negative but mean "not ruled out" (speculation): they win over negation cues. */
  notNegation: string[];
  speculation: string[];
  /** Words that end a negation scope ("mais", "revendiqué"). */
  breakers: string[];
  /** The only words allowed between a negation and the term it denies ("aucune preuve que … soit liée à"). */
  bridges: string[];
  background: string[];
  /** Words that put only the next term in the past ("une précédente cyberattaque"). */
  backgroundLocal: string[];
  /** Determiners that make a following plural term generic ("les cyberattaques"); folded, not stemmed. */
  genericDeterminers: string[];
  /** Denial verbs that may point back to an attack named in the previous sentence ("nient cette possibilité"). */
  denial: string[];
  anaphora: string[];
  /** Words that make a question ask about the event rather than doubt it ("comment", "pourquoi"). */
  interrogatives: string[];
  /** Same, when they open the questioning clause ("que risquent les clients ?"); folded, not stemmed. */
  questionOpeners: string[];
}

/** A threat actor of the maintained list. */
export interface Actor {
  name: string;
  aliases: string[];
  subtype?: AttackSubtype;
}

/** A well-known organisation (operator, cloud, platform) with its sector. */
export interface KnownOrg {
  name: string;
  aliases: string[];
  sector: string;
  /** Outage subtype its outages usually are (telecom for operators, hosting_cloud for clouds). */
  subtype?: OutageSubtype;
}

/** Head nouns that open an organisation's name ("ministère", "mairie", "centre hospitalier"). */
export interface OrgNoun {
  words: string[];
  sector: string;
}

/** Named things the classifier recognises. */
export interface EntityLexicon {
  actors: Actor[];
  /** Evidence weight of a threat actor's mention (counts as an attack term). */
  actorWeight: number;
  orgNouns: OrgNoun[];
  knownOrgs: KnownOrg[];
  /** Words near which a capitalised name is taken as the victim: the name follows `after` cues
   * ("chez Orange", "contre la mairie de …") and precedes `before` cues ("Nuxe victime de …"). */
  victimCues: { after: string[]; before: string[] };
  /** Authorities and sources that comment on incidents; a candidate naming one is never the victim. */
  notVictims: string[];
  /** IT assets whose owner is the victim ("les serveurs du ministère …", "le site de la mairie …"). */
  assetWords: string[];
  /** Descriptors before a name that give its sector ("le prestataire Oxalide" → hébergement). */
  descriptors: { sector: string; words: string[] }[];
  /** Sector inferred from vocabulary when the victim gives none. */
  sectorHints: { sector: string; words: string[] }[];
  places: { regions: string[]; departements: string[]; communes: string[] };
}

/** Severity inputs. */
export interface SeverityLexicon {
  /** Scale words ("géante", "mondiale", "des millions") and their weights. */
  scale: TermGroup[];
  criticalSectors: string[];
  /** Points from which severity is 2 and 3. */
  levels: [number, number];
}

/** Everything the classifier needs, validated by `src/config/lexicon.ts`. */
export interface Lexicon {
  /** `distinctForms`: surface words (accents matter) that are another word than the term sharing their stem. */
  matching: { stopwords: string[]; joinPrefixes: string[]; gapMax: number; distinctForms?: string[] };
  weights: Weights;
  attack: { terms: TermGroup[] };
  outage: { terms: TermGroup[] };
  /** Vocabulary that shows an item is about IT (servers, sites, operators, apps). */
  itContext: { terms: TermGroup[] };
  /** Concrete-event markers ("a été victime", "ce lundi", "revendiqué"). */
  markers: { terms: TermGroup[] };
  /** Phrases read as plain words, so that their parts never count as terms ("conseil régional" is not advice). */
  shield: string[];
  /** Identified technical causes ("mise à jour défectueuse", "incendie"): evidence against an attack. */
  techCause: { terms: TermGroup[] };
  negatives: NegativeFamily[];
  scopes: Scopes;
  severity: SeverityLexicon;
  entities: EntityLexicon;
}
