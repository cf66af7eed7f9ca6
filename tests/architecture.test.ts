/** The dependency rules of the README's architecture section, checked on the sources. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const relative = (file: string): string => path.relative(SRC, file).split(path.sep).join('/');
const imports = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => path.posix.join(path.posix.dirname(relative(file)), m[1]!));
const isWiring = (rel: string): boolean => rel === 'app.ts' || rel === 'cli.ts' || rel.startsWith('cli/') || rel.startsWith('config/');

describe('architecture', () => {
  it('compares no platform name outside the platforms and the wiring', () => {
    const names = '(telegram|discord|console|webhook)';
    const comparison = new RegExp(`[!=]==?\\s*'${names}'|'${names}'\\s*[!=]==?|case\\s+'${names}'|includes\\('${names}'\\)`);
    const offenders = files(SRC).map(relative)
      .filter((rel) => !rel.startsWith('platforms/') && !isWiring(rel))
      .filter((rel) => comparison.test(readFileSync(path.join(SRC, rel), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('keeps the core free of imports from outside it (ports.ts included)', () => {
    const offenders = files(path.join(SRC, 'core')).flatMap((file) =>
      imports(file).filter((target) => !target.startsWith('core/')).map((target) => `${relative(file)} → ${target}`));
    expect(offenders).toEqual([]);
  });

  it('never lets a platform import another platform, the store, the feeds or the wiring', () => {
    const offenders = files(path.join(SRC, 'platforms')).flatMap((file) => {
      const own = relative(file).split('/').slice(0, 2).join('/');
      return imports(file)
        .filter((target) => (target.startsWith('platforms/') && !target.startsWith(`${own}/`))
          || target.startsWith('store/') || target.startsWith('feeds/') || isWiring(target))
        .map((target) => `${relative(file)} → ${target}`);
    });
    expect(offenders).toEqual([]);
  });
});
