/**
 * What linking reads of a whole story besides the item it matched, kept per story as it grows, so
 * that joining a story of many items does not compare the new item with each of them: the items
 * whose headline names their victim (only they can oppose another victim) and the distinct country
 * readings (only they can place the story elsewhere). Pure.
 */
import { compareFingerprints, placesApart, titledVictim } from './evidence.js';
import type { StoryFingerprint } from './fingerprint.js';

/** The fields a country conflict reads. */
export type CountryReading = Pick<StoryFingerprint, 'v' | 'countries' | 'titleCountries'>;

/** One story's items and what linking needs of them. */
export interface StorySummary {
  /** Every item, in the order added. */
  readonly items: readonly StoryFingerprint[];
  /** Items whose headline names their victim, in the order added. */
  readonly titled: readonly StoryFingerprint[];
  /** Distinct country readings of the items that name a country (of the title and lead, or of the title). */
  readonly places: readonly CountryReading[];
}

interface Growing {
  items: StoryFingerprint[];
  titled: StoryFingerprint[];
  places: CountryReading[];
  placeKeys: Set<string>;
}

const EMPTY: StorySummary = { items: [], titled: [], places: [] };

/** The summaries of many stories, by alert id, grown one item at a time. */
export class StorySummaries {
  private readonly stories = new Map<string, Growing>();

  /** Adds one item of story `alertId`. */
  add(alertId: string, fp: StoryFingerprint): void {
    let s = this.stories.get(alertId);
    if (s === undefined) {
      s = { items: [], titled: [], places: [], placeKeys: new Set() };
      this.stories.set(alertId, s);
    }
    s.items.push(fp);
    if (titledVictim(fp).length > 0) s.titled.push(fp);
    if (fp.countries !== undefined || fp.titleCountries !== undefined) {
      const key = JSON.stringify([fp.v, fp.countries, fp.titleCountries]);
      if (!s.placeKeys.has(key)) {
        s.placeKeys.add(key);
        s.places.push({ v: fp.v, countries: fp.countries, titleCountries: fp.titleCountries });
      }
    }
  }

  /** The summary of story `alertId` (empty when unknown). */
  of(alertId: string): StorySummary {
    return this.stories.get(alertId) ?? EMPTY;
  }
}

/**
 * Whether an item of the story places it in another country than `fp` does: one headline names a
 * country the other article never mentions while naming another (see `placesApart`).
 */
export function placedElsewhere(fp: StoryFingerprint, story: StorySummary): boolean {
  // Items naming no country never conflict, and items reading the same countries conflict alike.
  return story.places.some((o) => o.v === fp.v && placesApart(fp, o));
}

/**
 * Whether another item of the story tells a different incident than `fp`, which matched it on scale
 * alone (a shared `service`, or a worldwide outage): a victim conflict, or (worldwide) each naming
 * what the other never mentions. Keeps a vague item from bridging two stories. A shared service
 * tolerates unmatched names: outlets name different shops, towns, banks.
 */
export function contradicted(fp: StoryFingerprint, story: StorySummary, service: boolean, common: ReadonlySet<string>): boolean {
  if (service) {
    // A victim conflict needs both headlines to name a victim: only the story's titled items can oppose `fp`.
    if (titledVictim(fp).length === 0) return false;
    return story.titled.some((o) => o.v === fp.v && compareFingerprints(fp, o, common).victim === 'conflict');
  }
  return story.items.some((o) => {
    if (o.v !== fp.v) return false;
    const e = compareFingerprints(fp, o, common);
    return (e.victim === 'conflict' && e.titleNames.length < 2) || e.namesUnmatched === 2;
  });
}
