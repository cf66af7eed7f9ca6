/**
 * Property test of feed reading over generated French feeds: cut at many offsets, tags duplicated
 * or left open, random bytes flipped, hostile DOCTYPE / CDATA / comment patterns injected. Whatever
 * the damage, reading never throws anything but a FeedError, never runs past its parse budget, and
 * returns every item complete before the damage, unchanged.
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { FeedError } from '../../src/core/errors.js';
import type { NewsItem } from '../../src/core/types.js';
import { decodeFeedBody } from '../../src/feeds/decode.js';
import { parseItems } from '../../src/feeds/items.js';
import { endOfItem, frenchAtom, frenchRss, seeded } from '../helpers/hostile-feeds.js';

const BUDGET_MS = 2000;
// One slice of work may run past the budget before it is checked: a chunk of XML or one item.
const SLICE_ALLOWANCE_MS = 500;
const feed = { id: 'fuzz', name: 'Flux fuzz', url: 'https://www.veille-exemple.fr/rss', tags: [] };

interface Outcome {
  items?: NewsItem[];
  error?: FeedError;
  ms: number;
}

async function readBody(bytes: Buffer, contentType = 'application/rss+xml'): Promise<Outcome> {
  const started = performance.now();
  try {
    const { text } = decodeFeedBody(bytes, contentType);
    const { items } = await parseItems({ feed, text, contentType, status: 200, budgetMs: BUDGET_MS });
    return { items, ms: performance.now() - started };
  } catch (error) {
    if (!(error instanceof FeedError)) throw new Error(`not a FeedError: ${String(error)}`, { cause: error });
    return { error, ms: performance.now() - started };
  }
}

const clean = Buffer.from(frenchRss(12), 'utf8');
const cleanText = clean.toString('utf8');
let reference: NewsItem[] = [];

/** Items wholly before byte offset `offset` of the clean feed. */
function completeBefore(offset: number, text = cleanText, close = '</item>'): number {
  const charOffset = Buffer.from(text, 'utf8').subarray(0, offset).toString('utf8').length;
  let count = 0;
  while (endOfItem(text, count + 1, close) <= charOffset && count < 12) count += 1;
  return count;
}

function expectPrefix(outcome: Outcome, count: number, label: string): void {
  expect(outcome.ms, `${label}: parse time`).toBeLessThan(BUDGET_MS + SLICE_ALLOWANCE_MS);
  if (count === 0) return;
  expect(outcome.error, `${label}: ${outcome.error?.message}`).toBeUndefined();
  const got = outcome.items ?? [];
  expect(got.length, label).toBeGreaterThanOrEqual(count);
  expect(got.slice(0, count), label).toEqual(reference.slice(0, count));
}

describe('feed reading under damage (property test)', () => {
  it('reads the clean feed whole', async () => {
    const outcome = await readBody(clean);
    reference = outcome.items ?? [];
    expect(reference).toHaveLength(12);
  });

  it('recovers every complete item of a feed cut at any of 200 offsets', async () => {
    const random = seeded(11);
    for (let n = 0; n < 200; n += 1) {
      const offset = Math.floor(random() * clean.length);
      expectPrefix(await readBody(clean.subarray(0, offset)), completeBefore(offset), `cut at ${offset}`);
    }
  });

  it('recovers the Atom entries complete before a cut', async () => {
    const atom = frenchAtom(8);
    const bytes = Buffer.from(atom, 'utf8');
    const random = seeded(12);
    for (let n = 0; n < 60; n += 1) {
      const offset = Math.floor(random() * bytes.length);
      const outcome = await readBody(bytes.subarray(0, offset), 'application/atom+xml');
      const want = completeBefore(offset, atom, '</entry>');
      expect(outcome.ms).toBeLessThan(BUDGET_MS + SLICE_ALLOWANCE_MS);
      if (want > 0) expect(outcome.items?.length ?? 0, `atom cut at ${offset}`).toBeGreaterThanOrEqual(want);
    }
  });

  it('keeps the items before 150 random byte flips, wherever they land after the channel head', async () => {
    const random = seeded(13);
    const start = clean.indexOf('<item>');
    const hostileBytes = [0x3c, 0x3e, 0x26, 0x5d, 0x22, 0x00, 0xff, 0x80, 0x92, 0xc3, 0x2f, 0x21];
    for (let n = 0; n < 150; n += 1) {
      const body = Buffer.from(clean);
      const at = start + Math.floor(random() * (clean.length - start));
      body[at] = hostileBytes[Math.floor(random() * hostileBytes.length)] ?? 0;
      expectPrefix(await readBody(body), completeBefore(at), `byte ${body[at]} at ${at}`);
    }
  });

  it('keeps the items before duplicated, unclosed or hostile markup injected between items', async () => {
    const random = seeded(14);
    const injections = [
      '<item>', '</item>', '<title>', '</title></title>', '<channel>', '</rss>', '<![CDATA[', '<!--', '<?', ']]>',
      `<!DOCTYPE rss [${'[a]'.repeat(40)}[`, '<!-- a '.repeat(20_000), '<![CDATA[ b '.repeat(10_000), '<?x '.repeat(20_000),
      `<content type="xhtml">${'<div>'.repeat(5000)}`, '&'.repeat(50_000), `<item><description>${'<p>'.repeat(30_000)}`,
      '<!ENTITY x "y">', '<rss>'.repeat(10_000), `<a b="${'c'.repeat(100_000)}`,
    ];
    for (let n = 0; n < 80; n += 1) {
      const after = Math.floor(random() * 13);
      const cut = endOfItem(cleanText, after);
      const at = after === 0 ? cleanText.indexOf('<item>') : cut;
      const injected = injections[Math.floor(random() * injections.length)] ?? '';
      const body = Buffer.from(cleanText.slice(0, at) + injected + cleanText.slice(at), 'utf8');
      expectPrefix(await readBody(body), Math.min(after, 12), `${JSON.stringify(injected.slice(0, 30))} after item ${after}`);
    }
  });
});
