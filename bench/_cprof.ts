import { loadLexicon } from '../src/config/lexicon.js';
import { createClassifier } from '../src/core/classify/index.js';
import { createSummariser } from '../src/core/summarise.js';
import { makeItems } from './classify.js';
const classifier = createClassifier(loadLexicon(new URL('../config/', import.meta.url).pathname));
const summariser = createSummariser();
const items = makeItems(10000);
const which = process.env.WHICH ?? 'both';
for (let r = 0; r < 4; r++) {
  const c0 = process.cpuUsage();
  for (const i of items) { if (which !== 'sum') classifier.classify(i); if (which !== 'cls') summariser.summarise(i); }
  const u = process.cpuUsage(c0); console.log(which, ((u.user + u.system) / items.length).toFixed(1), 'µs/item');
}
