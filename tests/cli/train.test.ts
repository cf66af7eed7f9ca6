import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.js';
import { runTrain } from '../../src/cli/train.js';
import { loadModelFile } from '../../src/config/model.js';
import { ConfigError } from '../../src/core/errors.js';
import { labelledFile } from '../fixtures/labelled/corpus.js';
import { classifier } from '../core/classify/setup.js';

const tmp = mkdtempSync(join(tmpdir(), 'vigie-train-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const corpus = labelledFile(tmp);

async function train(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runTrain(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    readFile: (p) => readFile(p, 'utf8'),
    writeFile: (p, d) => writeFile(p, d, 'utf8'),
    classifier,
    defaultOut: join(tmp, 'default-model.json'),
  });
  return { code, out, err };
}

describe('vigie train', () => {
  it('writes byte-identical model files when trained twice on the same items', async () => {
    const a = join(tmp, 'a.json');
    const b = join(tmp, 'b.json');
    expect((await train([corpus, '--out', a, '--iterations', '60'])).code).toBe(0);
    expect((await train([corpus, '--out', b, '--iterations', '60'])).code).toBe(0);
    const bytes = readFileSync(a, 'utf8');
    expect(bytes.length).toBeGreaterThan(1000);
    expect(readFileSync(b, 'utf8')).toBe(bytes);
  });

  it('writes a model the config loader accepts, holding counts and weights but no text', async () => {
    const { code, out } = await train([corpus, '--iterations', '60']);
    expect(code).toBe(0);
    expect(out).toMatch(/trained on \d+ items \(cyberattack \d+, outage \d+, other \d+\)/);
    const text = readFileSync(join(tmp, 'default-model.json'), 'utf8');
    expect(text).not.toMatch(/cyberattaque|panne|mairie/i);
    writeFileSync(join(tmp, 'model.json'), text);
    const model = loadModelFile(tmp);
    expect(model?.format).toBe('vigie-model');
    expect(model?.weights.length).toBe((model?.buckets.length ?? 0) * 3);
    expect(model?.trainedOn.iterations).toBe(60);
  });

  it('gives another file when an option changes', async () => {
    const c = join(tmp, 'c.json');
    const d = join(tmp, 'd.json');
    await train([corpus, '--out', c, '--iterations', '60']);
    await train([corpus, '--out', d, '--iterations', '60', '--l2', '0.01']);
    expect(readFileSync(c, 'utf8')).not.toBe(readFileSync(d, 'utf8'));
  });

  it('reports an unreadable file, bad lines and bad options', async () => {
    const missing = await train([join(tmp, 'nope.jsonl')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('cannot read');
    const bad = join(tmp, 'bad.jsonl');
    writeFileSync(bad, '{broken\n{"title":"x","label":"maybe"}\n');
    const empty = await train([bad]);
    expect(empty.code).toBe(1);
    expect(empty.err).toContain('bad.jsonl:1: skipped');
    expect(empty.err).toContain('bad.jsonl:2: skipped, unknown label "maybe"');
    await expect(train([corpus, '--l2', 'lots'])).rejects.toThrow(UsageError);
    await expect(train([])).rejects.toThrow(/missing FILE/);
  });
});

describe('loadModelFile', () => {
  it('is undefined without a model file and a ConfigError naming the field for a broken one', () => {
    const dir = mkdtempSync(join(tmp, 'cfg-'));
    expect(loadModelFile(dir)).toBeUndefined();
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ format: 'vigie-model', version: 1 }));
    expect(() => loadModelFile(dir)).toThrow(ConfigError);
    expect(() => loadModelFile(dir)).toThrow(/model\.json: classes/);
    writeFileSync(join(dir, 'model.json'), '{');
    expect(() => loadModelFile(dir)).toThrow(/invalid JSON/);
  });
});
