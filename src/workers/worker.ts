/**
 * Entry of a worker thread of the pool: parses feed bodies and analyses items. This file is the
 * worker's own wiring: its classifier is built once, from the lexicon (and trained model) the pool passes as workerData.
 */
import { workerData } from 'node:worker_threads';
import { analyseItem, type Analysis } from '../core/analysis.js';
import type { Lexicon } from '../core/classify/index.js';
import type { ModelFile } from '../core/classify/model.js';
import { classifierFor } from '../core/classify/trained.js';
import { createSummariser } from '../core/summarise.js';
import type { NewsItem } from '../core/types.js';
import { parseItems, type ParsedItems, type ParseJob } from '../feeds/items.js';
import { toWire, type Wire } from './wire.js';

const data = workerData as { lexicon: Lexicon; model?: ModelFile };
const deps = { classifier: classifierFor(data.lexicon, data.model), summariser: createSummariser() };

/** Parses one feed body. */
export function parse(job: ParseJob): Promise<Wire<ParsedItems>> {
  return toWire(() => parseItems(job));
}

/** Analyses a batch of items. */
export function analyse(items: NewsItem[]): Promise<Wire<Analysis[]>> {
  return toWire(() => items.map((item) => analyseItem(item, deps)));
}
