import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseItem } from '../../src/core/analysis.js';
import { createClassifier } from '../../src/core/classify/index.js';
import { classifierFor } from '../../src/core/classify/trained.js';
import { FeedError } from '../../src/core/errors.js';
import { seenMarkKey } from '../../src/core/dedup.js';
import { createSummariser } from '../../src/core/summarise.js';
import { loadConfig } from '../../src/config/index.js';
import { loadModelFile } from '../../src/config/model.js';
import { parseItems } from '../../src/feeds/items.js';
import type { FeedConfig } from '../../src/core/feed-types.js';
import { defaultThreads, sharedDenseWeights, WorkerPool } from '../../src/workers/pool.js';

const lexicon = loadConfig({ env: {}, cwd: process.cwd() }).lexicon;
const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/feeds/${name}`, import.meta.url)), 'utf8');
const feed: FeedConfig = { id: 'presse', name: 'La Presse', url: 'https://presse.example/rss.xml', tags: [] };

describe('WorkerPool (real worker threads)', () => {
  let pool: WorkerPool;
  beforeAll(() => {
    pool = new WorkerPool({ threads: 2, lexicon });
  });
  afterAll(async () => {
    await pool.close();
  });

  it('parses a feed on a worker into the same items as on this thread', async () => {
    for (const name of ['rss2-accents.xml', 'google-news.xml', 'atom.xml', 'rdf.xml']) {
      const job = { feed, text: fixture(name), contentType: 'application/rss+xml', status: 200 };
      const [onWorker, inline] = await Promise.all([pool.parse(job), parseItems(job)]);
      expect(onWorker.items.length).toBeGreaterThan(0);
      expect(onWorker).toEqual(inline);
    }
  });

  it('parseKnowing() reads a feed never read on a worker, and one read before here, its known items recognised by their seen marks', async () => {
    const job = { feed, text: fixture('rss2-accents.xml'), contentType: 'application/rss+xml', status: 200 };
    const fresh = await pool.parseKnowing(job);
    expect(fresh).toEqual(await parseItems(job));
    expect(fresh.known).toBeUndefined(); // no seen marks on a worker
    const marks = new Set(fresh.items.slice(1).map(seenMarkKey));
    const again = await pool.parseKnowing(job, (mark) => marks.has(mark));
    expect(again.known).toEqual(fresh.items.map((_, i) => i > 0));
    expect(again.items.map((i) => i.id)).toEqual(fresh.items.map((i) => i.id));
    expect(again.items[0]).toEqual(fresh.items[0]);
  });

  it('rejects with the FeedError the worker raised: same class, feed, kind, status and message', async () => {
    const job = { feed, text: fixture('html-page.html'), contentType: 'text/html', status: 200 };
    const inline = (await parseItems(job).catch((e: unknown) => e)) as FeedError;
    const error = await pool.parse(job).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedError);
    expect(error).toMatchObject({ feedId: 'presse', kind: 'not_a_feed', status: 200, message: inline.message });
    const bomb = await pool.parse({ ...job, text: fixture('billion-laughs.xml'), status: 203 }).catch((e: unknown) => e);
    expect(bomb).toMatchObject({ feedId: 'presse', kind: 'entity_attack', status: 203 });
  });

  it('analyses items on a worker exactly as on this thread (classification, summary, fingerprint)', async () => {
    const { items } = await parseItems({ feed, text: fixture('rss2-accents.xml'), status: 200 });
    const deps = { classifier: createClassifier(lexicon), summariser: createSummariser() };
    const analyses = await pool.analyse(items);
    expect(analyses).toEqual(items.map((item) => analyseItem(item, deps)));
    expect(analyses.some((a) => a.classification.category !== 'none' && a.fingerprint !== undefined && a.summary !== undefined)).toBe(true);
    expect(analyses.filter((a) => a.classification.category === 'none').every((a) => a.summary === undefined)).toBe(true);
  });

  it('serves many feeds at once on its threads, each answer going to its own caller', async () => {
    const names = ['rss2-accents.xml', 'atom.xml', 'rdf.xml', 'cp1252.xml', 'rss2-quirks.xml'];
    const jobs = Array.from({ length: 40 }, (_, i) => ({ feed: { ...feed, id: `f${i}` }, text: fixture(names[i % names.length] as string), status: 200 }));
    const results = await Promise.all(jobs.map(async (job) => pool.parse(job)));
    results.forEach((r, i) => expect(r.items.every((item) => item.feedId === `f${i}`)).toBe(true));
  });
});

describe('WorkerPool with the trained model', () => {
  it('analyses on workers reading the model\'s weights from shared memory exactly as a classifier with its own copy', async () => {
    const model = loadModelFile(fileURLToPath(new URL('../../config/', import.meta.url)));
    expect(model).toBeDefined();
    const dense = sharedDenseWeights(model!);
    expect(dense.buffer).toBeInstanceOf(SharedArrayBuffer);
    const pool = new WorkerPool({ threads: 1, lexicon, model, dense });
    try {
      const { items } = await parseItems({ feed, text: fixture('rss2-accents.xml'), status: 200 });
      const own = { classifier: classifierFor(lexicon, model), summariser: createSummariser() };
      const shared = { classifier: classifierFor(lexicon, model, dense), summariser: createSummariser() };
      const expected = items.map((item) => analyseItem(item, own));
      expect(items.map((item) => analyseItem(item, shared))).toEqual(expected);
      expect(await pool.analyse(items)).toEqual(expected);
      // The trained layer decided: its line is in the evidence of every incident.
      expect(expected.some((a) => a.classification.evidence.some((e) => e.startsWith('modèle:')))).toBe(true);
    } finally {
      await pool.close();
    }
  });
});

describe('WorkerPool after close', () => {
  it('defaultThreads() leaves two cores to the main thread and I/O: none on 2 cores, at most 2', () => {
    expect([1, 2, 3, 4, 8, 64].map((cores) => defaultThreads(cores))).toEqual([0, 0, 1, 2, 2, 2]);
  });

  it('rejects new work once closed', async () => {
    const pool = new WorkerPool({ threads: 1, lexicon });
    await pool.close();
    await expect(pool.analyse([])).rejects.toThrow('the worker pool is closed');
    await pool.close();
  });

  it('parseKnowing() parses on this thread when no worker can answer, and keeps the feed\'s own error', async () => {
    const pool = new WorkerPool({ threads: 1, lexicon });
    await pool.close();
    const job = { feed, text: fixture('atom.xml'), status: 200 };
    await expect(pool.parse(job)).rejects.toThrow('the worker pool is closed');
    expect(await pool.parseKnowing(job)).toEqual(await parseItems(job));
    const page = pool.parseKnowing({ ...job, text: fixture('html-page.html'), contentType: 'text/html' });
    await expect(page).rejects.toMatchObject({ feedId: 'presse', kind: 'not_a_feed' });
  });
});
