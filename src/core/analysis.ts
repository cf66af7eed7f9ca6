/**
 * Everything the pipeline concludes about one item before touching the store: its classification
 * and, for incidents, its summary and story fingerprint. Pure: it may run on a worker thread.
 */
import type { Classifier, Summariser } from './services.js';
import { fingerprint, type StoryFingerprint } from './cluster.js';
import type { Classification, NewsItem } from './types.js';

/** What was concluded about one item; `summary` and `fingerprint` only for incidents. */
export interface Analysis {
  classification: Classification;
  summary?: string;
  fingerprint?: StoryFingerprint;
}

/**
 * Classifies an item, then summarises and fingerprints it when it is an incident. A non-incident
 * keeps its verdict without evidence or entities: nothing reads them, and most items are such.
 */
export function analyseItem(item: NewsItem, deps: { classifier: Classifier; summariser: Summariser }): Analysis {
  const classification = deps.classifier.classify({ title: item.title, text: item.summary }, { lean: true });
  if (classification.category === 'none') return { classification: { ...classification, evidence: [], entities: { actors: [] } } };
  return {
    classification,
    summary: deps.summariser.summarise({ title: item.title, text: item.summary }),
    fingerprint: fingerprint(item, classification),
  };
}
