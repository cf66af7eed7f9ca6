/**
 * A Poller wired as the app wires it (real HTTP feed source, classifier, summariser, stories,
 * fan-out, store), whose parse and classify steps count their calls: what the skip tests observe.
 */
import { createClassifier } from '../../src/core/classify/index.js';
import { createSummariser } from '../../src/core/summarise.js';
import { loadConfig } from '../../src/config/index.js';
import { HttpFeedSource } from '../../src/feeds/http-feed-source.js';
import { parseItems } from '../../src/feeds/items.js';
import { FanOut } from '../../src/pipeline/fanout.js';
import { Poller } from '../../src/pipeline/poll.js';
import { Stories } from '../../src/pipeline/stories.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/ports.js';
import type { FeedConfig } from '../../src/core/feed-types.js';
import type { Classifier } from '../../src/core/services.js';
import { silentLogger } from '../helpers/builders.js';

const config = loadConfig({ env: {}, cwd: process.cwd() });

/** A poller and how often it parsed a body and classified an item. */
export interface CountingPoller {
  poller: Poller;
  store: Store;
  /** Titles of the items classified, in order. */
  classified: string[];
  /** Feed bodies parsed. */
  parsed: number;
}

/** Opens the store at `storeUrl` and wires a counting poller over `feeds`; `failOn`: a title whose classification throws. */
export async function countingPoller(storeUrl: string, feeds: FeedConfig[], namespace?: string, options: { failOn?: string } = {}): Promise<CountingPoller> {
  const store = await openStore(storeUrl, {
    retentionMs: 86_400_000, alertRetentionMs: 86_400_000, logger: silentLogger, now: () => Date.now(),
    ...(namespace ? { namespace } : {}),
  });
  const clock = { now: () => Date.now() };
  const real = createClassifier(config.lexicon);
  const counting: CountingPoller = { poller: undefined as unknown as Poller, store, classified: [], parsed: 0 };
  const classifier: Classifier = {
    classify(input, lean) {
      counting.classified.push(input.title);
      if (input.title === options.failOn) throw new Error('classifier failure for the test');
      return real.classify(input, lean);
    },
  };
  const source = new HttpFeedSource({ ...config.fetch, timeoutMs: 5000 }, silentLogger, async (job) => {
    counting.parsed++;
    return parseItems(job);
  });
  const fanout = new FanOut({ store, clock, logger: silentLogger });
  counting.poller = new Poller({
    feeds, source, store, clock, logger: silentLogger, fanout, classifier, summariser: createSummariser(),
    intervalMs: 300_000, backfillMs: 86_400_000,
    stories: new Stories({ alerts: store.alerts, clock, logger: silentLogger }),
  });
  return counting;
}
