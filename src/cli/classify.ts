/**
 * `vigie classify`: JSON Lines in (`title`, `summary` or `content`, optional `id`), one JSON line
 * out per input line, in order. A malformed line yields `{ "line": n, "error": "…" }` in its place.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Classifier, Summariser } from '../ports.js';

/** Streams and services the command uses (passed in so tests run it in-process). */
export interface ClassifyIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  classifier: Classifier;
  summariser: Summariser;
}

/** Longest input line accepted (characters); longer lines are reported, not classified. */
export const MAX_LINE = 1_000_000;
/** Longest title and text handed to the classifier (characters); the rest is ignored. */
const MAX_TITLE = 1_000;
const MAX_TEXT = 100_000;

type Parsed = { id: unknown; title: string; text: string } | { error: string };

function parseLine(line: string): Parsed {
  if (line.length > MAX_LINE) return { error: `line longer than ${MAX_LINE} characters` };
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch (cause) {
    return { error: `not valid JSON (${(cause as Error).message})` };
  }
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return { error: 'not a JSON object' };
  const r = row as Record<string, unknown>;
  for (const key of ['title', 'summary', 'content'] as const) {
    if (r[key] !== undefined && r[key] !== null && typeof r[key] !== 'string') return { error: `"${key}" must be a string` };
  }
  const title = typeof r['title'] === 'string' ? r['title'] : '';
  const content = typeof r['content'] === 'string' ? r['content'] : '';
  const text = content || (typeof r['summary'] === 'string' ? r['summary'] : '');
  if (title.trim() === '' && text.trim() === '') return { error: 'no "title", "summary" or "content"' };
  return { id: r['id'] ?? null, title: title.slice(0, MAX_TITLE), text: text.slice(0, MAX_TEXT) };
}

async function writeLine(out: NodeJS.WritableStream, value: unknown): Promise<void> {
  if (!out.write(`${JSON.stringify(value)}\n`)) await once(out, 'drain');
}

/**
 * Classifies and summarises every line of `stdin`. Blank lines are skipped. Resolves 0 when every
 * line was classified, 1 when at least one was malformed (each reported in its place).
 */
export async function runClassify(io: ClassifyIo): Promise<number> {
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  let n = 0;
  let failed = false;
  for await (const line of lines) {
    n += 1;
    if (line.trim() === '') continue;
    const parsed = parseLine(line);
    if ('error' in parsed) {
      failed = true;
      await writeLine(io.stdout, { line: n, error: parsed.error });
      continue;
    }
    const input = { title: parsed.title, text: parsed.text };
    const c = io.classifier.classify(input);
    await writeLine(io.stdout, {
      id: parsed.id,
      category: c.category,
      score: c.score,
      subtype: c.subtype,
      cause: c.cause,
      severity: c.severity,
      evidence: c.evidence,
      entities: c.entities,
      summary: io.summariser.summarise(input),
    });
  }
  return failed ? 1 : 0;
}
