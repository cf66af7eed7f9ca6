/**
 * `vigie classify`: JSON Lines in (`title`, `summary` or `content`, optional `id`), one JSON line
 * out per input line, in order. A malformed line yields `{ "line": n, "error": "…" }` in its place.
 */
import { once } from 'node:events';
import type { Classifier, Summariser } from '../core/services.js';

/** Streams and services the command uses (passed in so tests run it in-process). */
export interface ClassifyIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  classifier: Classifier;
  summariser: Summariser;
}

/** Longest input line accepted (characters); longer lines are reported, not classified. */
export const MAX_LINE = 1_000_000;
// A line of MAX_LINE characters takes at most 4 bytes each in UTF-8; longer ones are not kept in memory.
const MAX_LINE_BYTES = 4 * MAX_LINE;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The raw lines of a stream (without their "\n" or "\r\n"); a line over `MAX_LINE_BYTES` comes as `undefined`. */
async function* byteLines(input: NodeJS.ReadableStream): AsyncGenerator<Buffer | undefined> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  const flush = (): Buffer | undefined => {
    const line = tooLong ? undefined : Buffer.concat(parts);
    parts = [];
    size = 0;
    tooLong = false;
    return line !== undefined && line[line.length - 1] === 0x0d ? line.subarray(0, -1) : line;
  };
  for await (const chunk of input) {
    let data = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a)) {
      if (!tooLong) parts.push(data.subarray(0, nl));
      yield flush();
      data = data.subarray(nl + 1);
    }
    size += data.length;
    if (size > MAX_LINE_BYTES) tooLong = true;
    if (!tooLong && data.length > 0) parts.push(data);
  }
  if (size > 0 || parts.length > 0) yield flush();
}

/** A line's text, or why it cannot be read: invalid UTF-8 is reported, never guessed at. */
function decodeLine(bytes: Buffer | undefined): string | { error: string } {
  if (bytes === undefined) return { error: `line longer than ${MAX_LINE} characters` };
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return { error: 'not UTF-8' };
  }
}
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
 * line was classified, 1 when at least one was malformed, not UTF-8 or too long (each reported in its place).
 */
export async function runClassify(io: ClassifyIo): Promise<number> {
  let n = 0;
  let failed = false;
  for await (const bytes of byteLines(io.stdin)) {
    n += 1;
    const line = decodeLine(bytes);
    if (typeof line === 'string' && line.trim() === '') continue;
    const parsed = typeof line === 'string' ? parseLine(line) : line;
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
