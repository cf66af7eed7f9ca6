/**
 * Entry of a worker thread of the pool: parses feed bodies and analyses items. This file is the
 * worker's own wiring: its classifier is built once, from the lexicon (and trained model) the pool passes as workerData.
 */
import { workerData } from 'node:worker_threads';
import { analyseItem, type Analysis } from '../core/analysis.js';
import { classifierFor } from '../core/classify/trained.js';
import { createSummariser } from '../core/summarise.js';
import type { NewsItem } from '../core/types.js';
import { parseItems, type ParsedItems, type ParseJob } from '../feeds/items.js';
import type { WorkerData } from './pool.js';
import { toWire, type Wire } from './wire.js';

const data = workerData as WorkerData;
const dense = data.dense === undefined ? undefined : new Float64Array(data.dense);
const deps = { classifier: classifierFor(data.lexicon, data.model, dense), summariser: createSummariser() };

/** Parses one feed body. */
export function parse(job: ParseJob): Promise<Wire<ParsedItems>> {
  return toWire(() => parseItems(job));
}

/** Analyses a batch of items. */
export function analyse(items: NewsItem[]): Promise<Wire<Analysis[]>> {
  return toWire(() => items.map((item) => analyseItem(item, deps)));
}
