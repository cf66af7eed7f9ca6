/**
 * The CPU-heavy, pure steps of a poll cycle (parsing feed bodies, analysing items) on a pool of
 * worker threads (piscina), so that the main thread keeps serving the store, chats and delivery.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Analysis } from '../core/analysis.js';
import { FeedError } from '../core/errors.js';
import type { Lexicon } from '../core/classify/index.js';
import { denseLength, fillDenseWeights, type ModelFile } from '../core/classify/model.js';
import type { NewsItem } from '../core/types.js';
import type { Logger } from '../ports.js';
import { parseItems, type ParsedItems, type ParseJob } from '../feeds/items.js';
import { fromWire, type Wire } from './wire.js';

/**
 * Worker threads to use by default: one per core beyond two, at most 2. The main thread and the
 * threads of SQLite, HTTP and the garbage collector keep two cores busy: on two cores a worker
 * saved about a sixth of a busy cycle but cost 40–50 MB, over the 200 MB target (bench/poll.ts).
 */
export function defaultThreads(cores = availableParallelism()): number {
  return Math.max(0, Math.min(2, cores - 2));
}

/**
 * A model's dense weights in memory every thread can read (6 MB for the shipped model): the main
 * thread and the workers then share one copy instead of holding one each.
 */
export function sharedDenseWeights(model: ModelFile): Float64Array {
  return fillDenseWeights(model, new Float64Array(new SharedArrayBuffer(denseLength(model) * Float64Array.BYTES_PER_ELEMENT)));
}

/** Young generation of each worker's heap, MB (see bench/poll.ts with POLL_THREADS=2). */
const WORKER_YOUNG_MB = 8;

/** A fixed pool of worker threads, each with its own compiled classifier. */
export class WorkerPool {
  private readonly pool: Piscina;
  private closed = false;
  private readonly logger: Logger | undefined;

  /**
   * `logger` hears of a feed parsed on this thread because no worker could answer; `dense` holds the
   * model's weights in shared memory (sharedDenseWeights), read by every worker instead of a copy each.
   */
  constructor(options: { threads: number; lexicon: Lexicon; model?: ModelFile | undefined; dense?: Float64Array | undefined; logger?: Logger }) {
    this.logger = options.logger;
    // Run from TypeScript sources (tests), the worker must load the TypeScript loader itself.
    const fromSources = import.meta.url.endsWith('.ts');
    this.pool = new Piscina({
      filename: new URL(fromSources ? './from-sources.mjs' : './worker.js', import.meta.url).href,
      minThreads: options.threads,
      maxThreads: options.threads,
      idleTimeout: Number.POSITIVE_INFINITY,
      workerData: workerDataOf(options),
      // A worker holds little between tasks: a small young generation (V8's default follows the
      // 512 MB heap cap) keeps each about 25 MB lighter at no measured cost in speed.
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    });
  }

  /** Parses one feed body on a worker; rejects with the FeedError the worker raised. */
  async parse(job: ParseJob): Promise<ParsedItems> {
    this.ensureOpen();
    return fromWire(await this.pool.run(job, { name: 'parse' }) as Wire<ParsedItems>, `parsing feed ${job.feed.id}`);
  }

  /**
   * Parses as a poll should with this pool: a feed read before on this thread, where this process's
   * seen marks (`known`) cut its known items before they are parsed, as most items of a steady cycle
   * are; a feed never read, every item of it new, whole on a worker.
   */
  async parseKnowing(job: ParseJob, known?: (seenMark: string) => boolean): Promise<ParsedItems> {
    if (known !== undefined) return parseItems(job, known);
    // A worker that could not answer (crashed, or the pool closed) must not cost the feed: it is
    // parsed here. The feed's own error, a FeedError, stands.
    return this.parse(job).catch(async (error: unknown) => {
      if (error instanceof FeedError) throw error;
      this.logger?.error({ feed: job.feed.id, err: error }, 'parsing on a worker failed; parsing inline');
      return parseItems(job);
    });
  }

  /** Analyses items on a worker (one analysis per item, in order). */
  async analyse(items: NewsItem[]): Promise<Analysis[]> {
    this.ensureOpen();
    return fromWire(await this.pool.run(items, { name: 'analyse' }) as Wire<Analysis[]>, 'analysing items');
  }

  /** Stops the threads (tasks still queued are rejected); later calls reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.destroy();
  }

  private ensureOpen(): void {
    // piscina would start fresh threads for a task given after destroy().
    if (this.closed) throw new Error('the worker pool is closed');
  }
}

/** What each worker is given: the lexicon, and the model without its sparse weights when they are shared dense. */
function workerDataOf(options: { lexicon: Lexicon; model?: ModelFile | undefined; dense?: Float64Array | undefined }): WorkerData {
  const { lexicon, model, dense } = options;
  if (model === undefined) return { lexicon };
  if (dense === undefined || !(dense.buffer instanceof SharedArrayBuffer)) return { lexicon, model };
  return { lexicon, model: { ...model, buckets: [], weights: [] }, dense: dense.buffer };
}

/** The data a worker thread starts with (see worker.ts). */
export interface WorkerData {
  lexicon: Lexicon;
  model?: ModelFile;
  /** The model's dense weights, shared (the model's own `buckets` and `weights` are then left empty). */
  dense?: SharedArrayBuffer;
}
