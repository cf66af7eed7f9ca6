import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.js';
import { runEvalCv } from '../../src/cli/eval-cv.js';
import { labelledFile } from '../fixtures/labelled/corpus.js';
import { classifier } from '../core/classify/setup.js';

const tmp = mkdtempSync(join(tmpdir(), 'vigie-evalcv-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const corpus = labelledFile(tmp);

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runEvalCv(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    readFile: (p) => readFile(p, 'utf8'),
    classifier,
  });
  return { code, out, err };
}

const fast = ['--iterations', '60'];

describe('vigie eval --cv', () => {
  it('prints mean ± spread for rules alone and rules + trained layer', async () => {
    const { code, out } = await run(['--cv', '3', corpus, ...fast]);
    expect(code).toBe(0);
    expect(out).toMatch(/folds: 3 by event\s+seed: 1/);
    expect(out).toMatch(/rules alone\s+[01]\.\d{3} ± 0\.\d{3}\s+[01]\.\d{3} ± 0\.\d{3}\s+[01]\.\d{3} ± 0\.\d{3}/);
    expect(out).toMatch(/rules \+ trained layer\s+[01]\.\d{3} ± 0\.\d{3}/);
  });

  it('gives JSON with each figure and its _sd, the same for the same seed', async () => {
    const a = JSON.parse((await run(['--cv', '3', '--json', corpus, ...fast])).out) as Record<string, unknown>;
    for (const key of ['macro_f1', 'alert_precision', 'alert_recall']) {
      expect(typeof a[key]).toBe('number');
      expect(typeof a[`${key}_sd`]).toBe('number');
      expect(typeof (a['rules'] as Record<string, unknown>)[`${key}_sd`]).toBe('number');
    }
    expect(a['folds']).toBe(3);
    const b = JSON.parse((await run(['--cv', '3', '--json', corpus, ...fast])).out) as Record<string, unknown>;
    expect(b).toEqual(a);
  });

  it('scores a fold with a model that never saw it: a label only in one fold is not learnt', async () => {
    // Two clusters of nonsense words; each event holds all its items, so its fold's model never saw the words.
    const file = join(tmp, 'nonsense.jsonl');
    const rows = [];
    for (let i = 0; i < 12; i += 1) rows.push({ id: `z${i}`, title: `zorglub quaxor ${i}`, summary: '', label: 'outage', event: 'z' });
    for (let i = 0; i < 24; i += 1) rows.push({ id: `n${i}`, title: `tartine beurre ${i}`, summary: '', label: 'other', event: `n${i}` });
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const r = JSON.parse((await run(['--cv', '3', '--json', '--errors', file, ...fast])).out) as { errors: { id: string }[] };
    expect(r.errors.filter((e) => e.id.startsWith('z'))).toHaveLength(12);
  });

  it('rejects a bad fold count and reports an unreadable file', async () => {
    await expect(run(['--cv', '1', corpus])).rejects.toThrow(UsageError);
    await expect(run(['--cv', 'x', corpus])).rejects.toThrow(/--cv needs a number of folds/);
    const missing = await run(['--cv', '3', join(tmp, 'nope.jsonl')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('cannot read');
  });
});
