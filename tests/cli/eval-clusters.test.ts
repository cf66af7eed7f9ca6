import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runEvalClusters } from '../../src/cli/eval-clusters.js';
import { loadLexicon } from '../../src/config/lexicon.js';
import { createClassifier } from '../../src/core/classify/index.js';
import { clusterFixturePath } from '../fixtures/clusters/load.js';

const configDir = fileURLToPath(new URL('../../config/', import.meta.url));
const classifier = createClassifier(loadLexicon(configDir));
const small = clusterFixturePath('eval-small.jsonl');
const tmp = mkdtempSync(join(tmpdir(), 'vigie-eval-clusters-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the command in-process with captured output and the real classifier. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runEvalClusters(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    readFile: (p) => readFile(p, 'utf8'),
    classifier,
  });
  return { code, out, err };
}

describe('vigie eval --clusters', () => {
  it('prints pairwise precision and recall with the counts behind them', async () => {
    const { code, out } = await run(['--clusters', small]);
    expect(code).toBe(0);
    expect(out).toContain('items 6 (cyberattack/outage), labelled incidents 2');
    expect(out).toMatch(/pair precision 1\.000 \(4\/4 merged pairs correct\)/);
    expect(out).toMatch(/pair recall {4}1\.000 \(4\/4 labelled pairs merged\)/);
  });

  it('--json prints one object with pair_precision, pair_recall and the counts', async () => {
    const { code, out } = await run([small, '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(out) as Record<string, number>;
    expect(result).toEqual({
      pair_precision: 1, pair_recall: 1, true_pairs: 4, predicted_pairs: 4, correct_pairs: 4, items: 6, events: 2, stories: 3,
    });
  });

  it('uses url_slug_text when the title is empty, and skips items labelled other', async () => {
    const withSlug = JSON.parse((await run([small, '--json'])).out) as { items: number; correct_pairs: number };
    expect(withSlug.items).toBe(6);
    expect(withSlug.correct_pairs).toBe(4);
    // Without its slug, s3 (no title, a vague lead) has nothing left to join the Télécom Azur story with.
    const file = join(tmp, 'no-slug.jsonl');
    const text = await readFile(small, 'utf8');
    writeFileSync(file, text.replace(/"url_slug_text": "panne[^"]*"/, '"url_slug_text": ""'));
    const withoutSlug = JSON.parse((await run([file, '--json'])).out) as { correct_pairs: number };
    expect(withoutSlug.correct_pairs).toBe(2);
  });

  it('--errors lists wrong merges and missed pairs by id', async () => {
    const file = join(tmp, 'errors.jsonl');
    const lines = [
      { id: 'a', title: 'Panne géante chez Télécom Azur', summary: '', label: 'outage', event: 'e1', date: '2025-04-15' },
      { id: 'b', title: 'Hexanet : incendie à Roubaix', summary: '', label: 'outage', event: 'e1', date: '2025-04-15' },
    ];
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    const { code, out } = await run([file, '--errors']);
    expect(code).toBe(0);
    expect(out).toMatch(/^missed\ta\tb\t/m);
    expect(out).toContain('pair recall    0.000 (0/1');
  });

  it('fails with exit code 1 and the line number on a malformed line', async () => {
    const file = join(tmp, 'bad.jsonl');
    writeFileSync(file, '{"id":"x","label":"outage","title":"t","event":""}\n{oops\n');
    const { code, err, out } = await run([file]);
    expect(code).toBe(1);
    expect(err).toContain('bad.jsonl:2: not valid JSON');
    expect(out).toBe('');
  });

  it('fails with exit code 1 when the file cannot be read', async () => {
    const { code, err } = await run([join(tmp, 'missing.jsonl')]);
    expect(code).toBe(1);
    expect(err).toMatch(/eval --clusters: .*ENOENT/);
  });

  it('prints the usage with exit code 2 without a file or with an unknown option', async () => {
    expect((await run(['--clusters'])).code).toBe(2);
    const unknown = await run([small, '--fast']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown option --fast');
  });
});
