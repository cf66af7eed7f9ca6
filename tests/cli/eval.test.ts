import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runEval } from '../../src/cli/eval.js';
import { loadLexicon } from '../../src/config/lexicon.js';
import { createClassifier } from '../../src/core/classify/index.js';
import { labelledDir } from '../fixtures/labelled/load.js';

const configDir = fileURLToPath(new URL('../../config/', import.meta.url));
const classifier = createClassifier(loadLexicon(configDir));
const tmp = mkdtempSync(join(tmpdir(), 'vigie-eval-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runEval(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    readFile: (p) => readFile(p, 'utf8'),
    classifier,
  });
  return { code, out, err };
}

/** A small labelled file: two right, one outage read as none (its title is a slug), one bad line. */
const small = join(tmp, 'small.jsonl');
writeFileSync(small, [
  JSON.stringify({ id: 'c1', title: 'Cyberattaque contre la mairie de Gap', summary: '', label: 'cyberattack' }),
  JSON.stringify({ id: 'o1', title: '', url_slug_text: 'panne geante chez sfr les abonnes prives de reseau', summary: '', label: 'outage' }),
  JSON.stringify({ id: 'n1', title: 'Recette de la tarte tatin', summary: '', label: 'other' }),
  JSON.stringify({ id: 'x1', title: 'Bonne nouvelle', summary: 'Le soleil brille.', label: 'outage' }),
  '{broken',
  '',
].join('\n'));

describe('vigie eval', () => {
  it('prints per-class figures, macro-F1, alert precision and recall and the confusion matrix', async () => {
    const { code, out, err } = await run([small]);
    expect(code).toBe(0);
    expect(out).toMatch(/cyberattack\s+1\.0000\s+1\.0000\s+1\.0000\s+1/);
    expect(out).toContain('macro-F1 (cyberattack, outage): 0.8333');
    expect(out).toContain('alert precision: 1.0000   alert recall: 0.6667');
    expect(out).toMatch(/outage\s+0\s+1\s+1/);
    expect(err).toContain('small.jsonl:5: skipped');
  });

  it('uses url_slug_text when the title is empty', async () => {
    const { out } = await run([small, '--json']);
    const report = JSON.parse(out) as { confusion: Record<string, Record<string, number>> };
    expect(report.confusion['outage']?.['outage']).toBe(1);
  });

  it('prints one JSON object with the documented keys under --json', async () => {
    const { code, out } = await run([small, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out) as Record<string, unknown>;
    expect(report).toEqual(expect.objectContaining({
      macro_f1: 0.8333, alert_precision: 1, alert_recall: 0.6667,
      per_class: expect.objectContaining({ cyberattack: expect.any(Object), outage: expect.any(Object), none: expect.any(Object) }),
      confusion: expect.any(Object),
    }));
    expect(out.trim().split('\n')).toHaveLength(1);
  });

  it('lists the misclassified items under --errors, in text and in JSON', async () => {
    const text = await run([small, '--errors']);
    expect(text.out).toContain('misclassified: 1');
    expect(text.out).toContain('x1  outage → none  Bonne nouvelle');
    const json = JSON.parse((await run([small, '--json', '--errors'])).out) as { errors: { id: string; expected: string; predicted: string }[] };
    expect(json.errors).toEqual([expect.objectContaining({ id: 'x1', expected: 'outage', predicted: 'none' })]);
  });

  it('scores the project fixtures above the release bar', async () => {
    const report = JSON.parse((await run([join(labelledDir, 'cyberattacks.jsonl'), '--json'])).out) as { alert_recall: number };
    expect(report.alert_recall).toBeGreaterThanOrEqual(0.95);
  });

  it('prints help with --help', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: vigie eval FILE.jsonl [--json] [--errors]');
  });

  it('exits 2 on bad usage and 1 on an unreadable file', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run([small, '--bogus'])).code).toBe(2);
    const missing = await run([join(tmp, 'nope.jsonl')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('cannot read');
  });

  it('exits 1 with a reason on an empty file or one with no valid labelled item, never an all-zero table', async () => {
    const empty = join(tmp, 'empty.jsonl');
    const invalid = join(tmp, 'invalid.jsonl');
    writeFileSync(empty, '');
    writeFileSync(invalid, ['{broken', JSON.stringify({ title: 'x', label: 'nimportequoi' }), ''].join('\n'));
    const none = await run([empty]);
    expect(none).toMatchObject({ code: 1, out: '' });
    expect(none.err).toBe(`vigie eval: ${empty}: no valid labelled item; nothing to score\n`);
    const bad = await run([invalid, '--json']);
    expect(bad.code).toBe(1);
    expect(bad.out).toBe('');
    expect(bad.err).toContain(`vigie eval: ${invalid}: no valid labelled item (2 lines skipped); nothing to score`);
  });
});
