/**
 * The seam between intake and story linking: intake depends on this interface, `Stories`
 * implements it, and neither imports the other.
 */
import type { StoryPrint } from '../core/alerts.js';
import type { StoryFingerprint, StoryMatch } from '../core/cluster.js';
import type { Alert, Classification, NewsItem } from '../core/types.js';

/** An incident item on its way to an alert or a story, as analysed. */
export interface IncidentItem {
  item: NewsItem;
  classification: Classification;
  summary: string;
  fingerprint: StoryFingerprint;
}

/**
 * What joining a story asks intake to write (nothing is written by the linker): the story's
 * updated first alert with the fingerprint of the source it gains, the follow-up to post as a
 * reply, and when to edit the posted messages.
 */
export type StoryJoin =
  | { kind: 'gone' }
  | { kind: 'known' }
  | { kind: 'joined'; head?: Alert; print?: StoryPrint; followUp?: Alert; editAt?: number };

/** Joins an incident item to a recent alert's story (cross-outlet clustering). */
export interface StoryLinker {
  /** Marks the recent stories stale (and drops them): they are reloaded from the store before the next link. */
  refresh(): Promise<void>;
  /** Runs `fn` alone: linking items and creating alerts must not interleave. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** The recent story the item reports, if any (in memory, no store read). */
  find(fingerprint: StoryFingerprint): StoryMatch | undefined;
  /**
   * Decides how the item joins the matched story: 'joined' with what to write; 'known' when the
   * story already lists it (an item taken in before a restart); 'gone' when the story's alert is.
   * `head` is the story's first alert when the caller holds its latest version unwritten; it is
   * the version the linker knows (see `written`) otherwise, or read from the store.
   */
  join(incident: IncidentItem, match: StoryMatch, head?: Alert): Promise<StoryJoin>;
  /**
   * Tells the linker the versions of alerts this process has just written: a story's first alert
   * among them is joined as written, without reading it back.
   */
  written(alerts: readonly Alert[]): void;
  /** Alerts whose stored version this process no longer knows (another part rewrote them): read them again. */
  forget(ids: readonly string[]): void;
  /** Remembers a new alert, whose first source has `fingerprint`, as the head of a story. */
  remember(alert: Alert, fingerprint: StoryFingerprint): void;
}
