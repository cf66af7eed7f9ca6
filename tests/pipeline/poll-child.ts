/**
 * Another process polling a store the test also uses: `fork(this file, [storeUrl, namespace, feedsJson])`
 * with tsx. It runs one forced cycle and reports `{ report, classified }` before exiting.
 */
import type { FeedConfig } from '../../src/core/feed-types.js';
import { countingPoller } from './poll-support.js';

const [storeUrl, namespace, feedsJson] = process.argv.slice(2);
if (!storeUrl || !namespace || !feedsJson || !process.send) throw new Error('usage: fork(poll-child.ts, [storeUrl, namespace, feedsJson])');

const counting = await countingPoller(storeUrl, JSON.parse(feedsJson) as FeedConfig[], namespace);
const report = await counting.poller.cycle(new AbortController().signal, { force: true });
await counting.store.close();
process.send({ report, classified: counting.classified }, () => process.exit(0));
