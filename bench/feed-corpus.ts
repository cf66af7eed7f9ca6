/**
 * Feed robustness over a corpus: how many items Vigie recovers, errors by kind, documents read in
 * part, and the worst parse time. By default the corpus is the generated hostile one
 * (tests/helpers/hostile-feeds.ts); `VIGIE_FEED_CORPUS=<dir>` measures a directory holding a
 * `manifest.json` ({ fixtures: [{ key, file, contentType, expectedItems }] }) instead. Files are
 * parsed in a child process that is stopped when one file takes over 20 s (reported as hung).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { hostileCorpus } from '../tests/helpers/hostile-feeds.js';

interface Entry { name: string; path: string; contentType?: string; expectedItems?: number }
interface Result { name: string; ms: number; items: number; error?: string; partial?: string; message?: string }

const HANG_MS = 20_000;
const child = path.join(path.dirname(fileURLToPath(import.meta.url)), '_feed-corpus-child.ts');

/** Runs the measurement and prints its figures. */
export async function run(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'vigie-corpus-'));
  try {
    const dir = process.env.VIGIE_FEED_CORPUS;
    const entries = dir ? fromManifest(dir) : writeHostile(work);
    console.log(`corpus: ${dir ? `${entries.length} files from ${dir}` : `${entries.length} generated hostile bodies`}`);
    const listFile = path.join(work, 'list.json');
    writeFileSync(listFile, JSON.stringify(entries));
    const results = await parseAll(entries, listFile);
    report(entries, results);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function fromManifest(dir: string): Entry[] {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { fixtures: { key: string; file: string; contentType?: string; expectedItems?: number }[] };
  return manifest.fixtures.map((f) => ({
    name: f.key, path: path.join(dir, 'fixtures', f.file),
    ...(f.contentType ? { contentType: f.contentType } : {}), ...(f.expectedItems !== undefined ? { expectedItems: f.expectedItems } : {}),
  }));
}

function writeHostile(work: string): Entry[] {
  return hostileCorpus().map((body) => {
    const file = path.join(work, `${body.name}.xml`);
    writeFileSync(file, body.body);
    return { name: body.name, path: file, contentType: body.contentType, expectedItems: body.expectedItems };
  });
}

/** Parses every file in child processes; a file with no answer within HANG_MS is recorded as hung. */
async function parseAll(entries: Entry[], listFile: string): Promise<Result[]> {
  const results: Result[] = [];
  while (results.length < entries.length) {
    const from = results.length;
    const proc = spawn(process.execPath, ['--import', 'tsx', child], { env: { ...process.env, LIST: listFile, FROM: String(from) }, stdio: ['ignore', 'pipe', 'inherit'] });
    let timer = setTimeout(() => proc.kill('SIGKILL'), HANG_MS);
    const lines = createInterface({ input: proc.stdout });
    for await (const line of lines) {
      clearTimeout(timer);
      results.push(JSON.parse(line) as Result);
      timer = setTimeout(() => proc.kill('SIGKILL'), HANG_MS);
    }
    clearTimeout(timer);
    await new Promise((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve(undefined) : proc.once('exit', resolve)));
    const next = entries[results.length];
    if (results.length < entries.length && next) results.push({ name: next.name, ms: HANG_MS, items: 0, error: proc.signalCode ? `hung (> ${HANG_MS / 1000} s)` : 'crash' });
  }
  return results;
}

function report(entries: Entry[], results: Result[]): void {
  const expected = new Map(entries.map((e) => [e.name, e.expectedItems]));
  const items = results.reduce((sum, r) => sum + r.items, 0);
  const expectedTotal = entries.reduce((sum, e) => sum + (e.expectedItems ?? 0), 0);
  const kinds = new Map<string, number>();
  for (const r of results) if (r.error) kinds.set(r.error, (kinds.get(r.error) ?? 0) + 1);
  const partial = results.filter((r) => r.partial !== undefined).length;
  const short = results.filter((r) => r.items < (expected.get(r.name) ?? 0));
  const worst = [...results].sort((a, b) => b.ms - a.ms).slice(0, 3);
  console.log(`items recovered: ${items} of ${expectedTotal} expected (${results.filter((r) => !r.error).length}/${results.length} bodies read, ${partial} in part)`);
  console.log(`errors by kind: ${kinds.size === 0 ? 'none' : [...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  console.log(`bodies with fewer items than expected: ${short.length}${short.length ? ` (${short.slice(0, 12).map((r) => `${r.name} ${r.items}/${expected.get(r.name)}`).join(', ')})` : ''}`);
  console.log(`worst parse times: ${worst.map((r) => `${r.name} ${r.ms.toFixed(0)} ms`).join(', ')}`);
  if (process.env.VERBOSE) for (const r of results) console.log(JSON.stringify(r));
}
