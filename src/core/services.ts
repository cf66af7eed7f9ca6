/** The interfaces of the core's own services, implemented in core and injected by the wiring. */
import type { Classification, ClassifierInput } from './types.js';

/** Decides whether an item reports a cyberattack, an outage or neither, and why. */
export interface Classifier {
  /**
   * With `lean`, a verdict of 'none' may come without evidence or entities (cheaper: most items
   * are not incidents and nothing reads them); category, score, subtype, cause and severity are the same.
   */
  classify(input: ClassifierInput, options?: { lean?: boolean }): Classification;
}

/** Makes the 2–3 sentence plain-text summary of an item (junk dropped, ≤ 400 characters). */
export interface Summariser {
  summarise(input: ClassifierInput): string;
}
