import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.js';
import { runEvalClustersCv } from '../../src/cli/eval-clusters-cv.js';
import { clusterFixturePath } from '../fixtures/clusters/load.js';
import { classifier } from '../core/classify/setup.js';

const incidents = clusterFixturePath('incidents.jsonl');

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runEvalClustersCv(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    readFile: (p) => readFile(p, 'utf8'),
    classifier,
  });
  return { code, out, err };
}

describe('vigie eval --clusters --cv', () => {
  it('prints held-out pair precision and recall, default and tuned thresholds, as mean ± spread', async () => {
    const { code, out } = await run(['--clusters', '--cv', '3', incidents]);
    expect(code).toBe(0);
    expect(out).toMatch(/folds: 3 by event/);
    expect(out).toMatch(/default thresholds\s+[01]\.\d{3} ± 0\.\d{3}\s+[01]\.\d{3} ± 0\.\d{3}/);
    expect(out).toMatch(/thresholds tuned on other folds\s+[01]\.\d{3} ± 0\.\d{3}\s+[01]\.\d{3} ± 0\.\d{3}/);
  });

  it('--json gives pair_precision and pair_recall with _sd, the thresholds chosen per fold, the same for a seed', async () => {
    const a = JSON.parse((await run(['--clusters', '--cv', '3', '--json', incidents])).out) as Record<string, unknown>;
    expect(typeof a['pair_precision']).toBe('number');
    expect(typeof a['pair_recall_sd']).toBe('number');
    expect(a['chosen']).toHaveLength(3);
    const b = JSON.parse((await run(['--clusters', '--cv', '3', '--json', incidents])).out) as Record<string, unknown>;
    expect(b).toEqual(a);
  });

  it('rejects a missing file argument and a bad fold count', async () => {
    await expect(run(['--clusters', '--cv', '3'])).rejects.toThrow(UsageError);
    await expect(run(['--clusters', '--cv', '0', incidents])).rejects.toThrow(/--cv needs/);
  });
});
