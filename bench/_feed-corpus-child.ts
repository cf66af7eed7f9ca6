/**
 * Child process of bench/feed-corpus.ts: decodes and parses each file of the list given in
 * `LIST` (a JSON file) as Vigie reads a fetched body, and prints one JSON line per file.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { decodeFeedBody } from '../src/feeds/decode.js';
import { parseItems } from '../src/feeds/items.js';

interface Entry { name: string; path: string; contentType?: string }

const list = JSON.parse(readFileSync(process.env.LIST ?? '', 'utf8')) as Entry[];
const from = Number(process.env.FROM ?? 0);
const feed = { id: 'corpus', name: 'Corpus', url: 'https://corpus.example/feed.xml', tags: [] };

for (const entry of list.slice(from)) {
  const bytes = readFileSync(entry.path);
  const started = performance.now();
  let line: Record<string, unknown>;
  try {
    const decoded = decodeFeedBody(bytes, entry.contentType);
    const job = { feed, text: decoded.text, status: 200, ...(entry.contentType ? { contentType: entry.contentType } : {}) };
    const parsed = await parseItems(job) as { items: unknown[]; partial?: string };
    line = { items: parsed.items.length, ...(parsed.partial ? { partial: parsed.partial } : {}) };
  } catch (error) {
    const kind = (error as { kind?: string }).kind ?? 'crash';
    line = { items: 0, error: kind, message: error instanceof Error ? error.message.slice(0, 200) : String(error) };
  }
  process.stdout.write(`${JSON.stringify({ name: entry.name, ms: performance.now() - started, ...line })}\n`);
}
