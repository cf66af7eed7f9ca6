import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ENTITIES_FILE, LEXICON_FILE, loadLexicon } from '../../src/config/lexicon.js';
import { ConfigError } from '../../src/core/errors.js';

const configDir = fileURLToPath(new URL('../../config/', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'vigie-lexicon-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A copy of the shipped config with the lexicon file transformed. */
function configWith(edit: (yaml: string) => string, file = LEXICON_FILE): string {
  n += 1;
  const dir = join(root, `c${n}`);
  cpSync(configDir, dir, { recursive: true });
  writeFileSync(join(dir, file), edit(readFileSync(join(configDir, file), 'utf8')));
  return dir;
}

function loadError(dir: string): ConfigError {
  try {
    loadLexicon(dir);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadLexicon accepted a bad lexicon');
}

describe('loadLexicon', () => {
  it('loads and validates the shipped lexicon and entities', () => {
    const lex = loadLexicon(configDir);
    expect(lex.attack.terms.length).toBeGreaterThan(5);
    expect(lex.negatives.map((f) => f.id)).toContain('exercise');
    expect(lex.entities.actors.map((a) => a.name)).toEqual(expect.arrayContaining(['LockBit', 'NoName057(16)', 'Pysa', 'Killnet', 'Anonymous Sudan', 'Akira', 'RansomHub', 'Qilin']));
  });

  it('names the file and the path of a wrong type', () => {
    const dir = configWith((y) => y.replace('  attackThreshold: 3\n', '  attackThreshold: trois\n'));
    const error = loadError(dir);
    expect(error.message).toContain(`${join(dir, LEXICON_FILE)}: weights.attackThreshold: expected a number`);
  });

  it('names an array index in the path', () => {
    const dir = configWith((y) => y.replace(/attack:\n {2}terms:\n {4}- weight: 3\n/, 'attack:\n  terms:\n    - weight: "lourd"\n'));
    expect(loadError(dir).issues).toContainEqual({ where: `${join(dir, LEXICON_FILE)}: attack.terms[0].weight`, message: 'expected a number' });
  });

  it('reports every problem at once, across both files', () => {
    const dir = configWith((y) => y.replace('  title: 2.5\n', '').replace('  penalty: 0.9\n', '  penalty: 7\n'));
    writeFileSync(join(dir, ENTITIES_FILE), readFileSync(join(dir, ENTITIES_FILE), 'utf8').replace('actorWeight: 2', 'actorWeight: []'));
    const issues = loadError(dir).issues.map((i) => `${i.where}: ${i.message}`);
    expect(issues).toEqual(expect.arrayContaining([
      `${join(dir, LEXICON_FILE)}: weights.title: missing (expected a number)`,
      expect.stringMatching(/negatives\[0\]\.penalty: Too big/),
      `${join(dir, ENTITIES_FILE)}: actorWeight: expected a number`,
    ]));
  });

  it('rejects unknown keys, so a typo does not silently vanish', () => {
    const dir = configWith((y) => y.replace('  gapMax: 3\n', '  gapMax: 3\n  gapmax: 2\n'));
    expect(loadError(dir).issues).toContainEqual({ where: `${join(dir, LEXICON_FILE)}: matching`, message: 'Unrecognized key: "gapmax"' });
  });

  it('rejects a distinct form that is not one word, naming where it is', () => {
    const dir = configWith((y) => y.replace('    mai,', '    mai de,'));
    expect(loadError(dir).issues).toContainEqual({ where: `${join(dir, LEXICON_FILE)}: matching.distinctForms[10]`, message: 'expected one word of letters or digits' });
  });

  it('rejects an unknown subtype', () => {
    const dir = configWith((y) => y.replace('subtype: ransomware', 'subtype: rançon'));
    expect(loadError(dir).issues.some((i) => /attack\.terms\[\d+\]\.subtype$/.test(i.where))).toBe(true);
  });

  it('rejects a term that folds to nothing', () => {
    const dir = configWith((y) => y.replace('words: [cyberattaque,', 'words: ["de la", cyberattaque,'));
    const issue = loadError(dir).issues.find((i) => i.where.endsWith('attack.terms[0].words[0]'));
    expect(issue?.message).toMatch(/no word left/);
  });

  it('reports a YAML syntax error with the file name', () => {
    const dir = configWith(() => 'weights: [unclosed\n');
    const issues = loadError(dir).issues;
    expect(issues[0]?.where).toBe(join(dir, LEXICON_FILE));
    expect(issues[0]?.message).toMatch(/^invalid YAML/);
  });

  it('reports a missing file', () => {
    const dir = configWith((y) => y);
    rmSync(join(dir, ENTITIES_FILE));
    expect(loadError(dir).issues[0]).toMatchObject({ where: join(dir, ENTITIES_FILE), message: expect.stringMatching(/^cannot read the file/) });
  });

  it('lets an operator tune a weight without touching code', async () => {
    const { createClassifier } = await import('../../src/core/classify/index.js');
    const item = { title: 'La mairie de Lens visée par une cyberattaque', text: '' };
    expect(createClassifier(loadLexicon(configDir)).classify(item).category).toBe('cyberattack');
    const dir = configWith((y) => y.replace('  attackThreshold: 3\n', '  attackThreshold: 50\n'));
    expect(createClassifier(loadLexicon(dir)).classify(item).category).toBe('none');
  });
});
