/** The real classifier and summariser built from the project's config, shared by the classifier tests. */
import { fileURLToPath } from 'node:url';
import { loadLexicon } from '../../../src/config/lexicon.js';
import { createClassifier } from '../../../src/core/classify/index.js';
import type { Classification } from '../../../src/core/types.js';

/** The project's config directory. */
export const configDir = fileURLToPath(new URL('../../../config/', import.meta.url));

/** The lexicon shipped in config/. */
export const lexicon = loadLexicon(configDir);

/** A classifier built from the shipped lexicon. */
export const classifier = createClassifier(lexicon);

/** Classifies a title and an optional text. */
export function classify(title: string, text = ''): Classification {
  return classifier.classify({ title, text });
}
