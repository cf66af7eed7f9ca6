/**
 * `npm run bench`: runs every scenario in bench/ in its own Node process (so peak RSS figures are
 * the scenario's own) and prints their figures. `npm run bench -- poll classify` runs only those.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const TUNING = pathToFileURL(path.join(dir, '..', 'src', 'v8-tuning.ts')).href;
const wanted = process.argv.slice(2);
const scenarios = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.startsWith('_'))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

let failed = 0;
for (const name of scenarios) {
  console.log(`\n=== bench: ${name} ===`);
  const url = pathToFileURL(path.join(dir, `${name}.ts`)).href;
  // Each scenario runs with the bot's V8 settings (src/v8-tuning.ts), as `npm start` does.
  const script = `import(${JSON.stringify(TUNING)}).then((t) => t.tuneV8()).then(() => import(${JSON.stringify(url)})).then((m) => m.run()).catch((e) => { console.error(e); process.exit(1); })`;
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '-e', script], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
  console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(1)} s${result.status !== 0 ? ', FAILED' : ''})`);
}
process.exitCode = failed > 0 ? 1 : 0;
