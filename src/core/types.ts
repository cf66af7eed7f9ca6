/** Shared data types of Vigie's pure core: news items, classifications, alerts, destinations. */
import type { StoryFingerprint } from './cluster/fingerprint.js';

/** What an item reports: a cyberattack, an IT outage, or neither. */
export type Category = 'cyberattack' | 'outage' | 'none';

/** An incident category (what a destination can subscribe to). */
export type IncidentCategory = Exclude<Category, 'none'>;

/** Subtypes of a cyberattack. */
export type AttackSubtype =
  | 'ransomware' | 'ddos' | 'data_breach' | 'intrusion' | 'phishing' | 'defacement' | 'espionage' | 'other';

/** Subtypes of an outage. */
export type OutageSubtype =
  | 'service_down' | 'network' | 'hosting_cloud' | 'telecom' | 'payment' | 'power_fire' | 'software_bug' | 'other';

/** Whether the attack hypothesis is confirmed, only suspected, or explicitly ruled out. */
export type Cause = 'confirmed' | 'suspected' | 'denied';

/** One entry of one feed, normalised to plain text; all dates are epoch milliseconds. */
export interface NewsItem {
  /**
   * Stable id: the canonical link, else the guid, else a synthetic `urn:vigie:` hash; for an item
   * whose link other items of its feed share under other guids (a home or live page), a
   * `urn:vigie:` hash of its feed and guid.
   */
  id: string;
  feedId: string;
  /** Human name of the outlet (feed name, or the publisher for aggregator feeds). */
  source: string;
  title: string;
  /** Canonical link (tracking removed, redirects unwrapped); absent when the entry had none. */
  link?: string;
  /** The entry's RSS `<guid>` or Atom `<id>`, when it identifies the item within its feed. */
  guid?: string;
  /** True when other items of the feed share `link` under other guids: the link is a page, not this item's own. */
  sharedLink?: boolean;
  /** Plain-text description or content, HTML stripped and entities decoded. */
  summary: string;
  publishedAt?: number;
  categories: string[];
}

/** Named things an item speaks of. */
export interface Entities {
  /** Organisation attacked or down ("mairie de Marseille"). */
  victim?: string;
  /** Sector of the victim ("santé", "collectivité", …). */
  sector?: string;
  /** Commune, département or région. */
  place?: string;
  /** Threat actors from the maintained list. */
  actors: string[];
}

/** The classifier's verdict with its reasons. */
export interface Classification {
  category: Category;
  /** Confidence in [0, 1]. */
  score: number;
  subtype: AttackSubtype | OutageSubtype | null;
  /** For incidents: whether an attack is confirmed, suspected or denied; null when not discussed. */
  cause: Cause | null;
  /** 1 (minor) to 3 (major). */
  severity: 1 | 2 | 3;
  /** Terms and rules that fired, human-readable ("titre: rançongiciel", "négation: écarter l'hypothèse"). */
  evidence: string[];
  entities: Entities;
}

/** Text handed to the classifier. */
export interface ClassifierInput {
  title: string;
  text: string;
}

/** One source that reported a story (the first one, or a later outlet joining it). */
export interface AlertSource {
  itemId: string;
  source: string;
  title: string;
  link?: string;
  publishedAt?: number;
  /** When this source joined the story (epoch ms). */
  addedAt?: number;
  /**
   * The item's story fingerprint, as alerts stored it before it was kept beside them (a
   * `StoryPrint`): read from older alerts, never written.
   */
  fingerprint?: StoryFingerprint;
}

/** An incident story announced to destinations. */
export interface Alert {
  id: string;
  item: NewsItem;
  classification: Classification;
  /** Two or three sentences, plain text, at most 400 characters. */
  summary: string;
  /** When Vigie created it (epoch ms). */
  createdAt: number;
  /** Every outlet that reported the story, the first one included. */
  sources: AlertSource[];
  /**
   * 'none' for backfilled alerts (never posted); 'done' for announced ones, written once: the store
   * marks them pending until their deliveries are enqueued, and the next cycle finishes one a dead
   * process left marked. 'pending' is what earlier versions wrote until then.
   */
  fanout?: 'pending' | 'done' | 'none';
  /** When the alert belongs to an earlier alert's story (a follow-up posted as a reply). */
  storyId?: string;
  /** Story changes already posted as replies (cause confirmed, restored, claimed, …). */
  announced?: string[];
  /** When the last edit of this alert's messages is (or was) due, for the one-edit-a-minute rule. */
  lastEditAt?: number;
}

/**
 * A platform's id in the platform registry (`telegram`, `discord`, `webhook`, `console` …). Only the
 * platforms' own folders and the wiring give it meaning; everything else reads capabilities.
 */
export type Platform = string;

/** Reply language. */
export type Lang = 'fr' | 'en';

/** A chat or channel that receives alerts, with its settings. */
export interface Destination {
  /** `${platform}:${chatId}`. */
  key: string;
  platform: Platform;
  chatId: string;
  /** The server holding the channel (channel-choice platforms), the chat type, … — platform-defined. */
  groupId?: string;
  title?: string;
  active: boolean;
  paused: boolean;
  categories: Record<IncidentCategory, boolean>;
  /** Raw keywords as the user typed them (phrases and `prefix*` allowed). */
  keywords: string[];
  /** Raw exclusions (typed as `-mot`). */
  exclusions: string[];
  lang: Lang;
  /** Role mentioned on severity-3 alerts only (platforms with roles). */
  pingRoleId?: string;
  /** Daily digest time "HH:MM" and IANA time zone; absent when alerts are sent one by one. */
  digest?: { time: string; timeZone: string };
  /** The digest instant last handled (epoch ms). */
  lastDigestAt?: number;
  /** The destination this chat became (a Telegram group turned supergroup): queued entries go there. */
  movedTo?: string;
  /** The destination this chat was before its move: edits and replies find the messages sent there. */
  movedFrom?: string;
  /**
   * Deactivated at a start because private mode (ALLOWED_CHATS) does not list it; reactivated, with
   * its settings, at a start where the list does.
   */
  excluded?: boolean;
  createdAt: number;
  updatedAt: number;
}
