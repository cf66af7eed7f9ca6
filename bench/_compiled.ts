/**
 * What the benches measure is what `npm start` runs: the sources compiled to plain JavaScript by
 * TypeScript's own emitter (as `npm run build`, without the type check), run by a plain `node`
 * child with `npm start`'s node flags. Under tsx, esbuild's transform wraps every named function
 * and class in a naming helper, which costs the hot paths several per cent.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A compiled copy of src/ and some bench files under node_modules/.cache (one per process). */
export interface CompiledCopy {
  /** The file URL of the compiled copy of a file of src/ or of a bench file given to `compileCopy`. */
  url(file: string): string;
  /** Removes the copy. */
  dispose(): void;
}

/**
 * Compiles src/ and `benchFiles` (paths of files in bench/) to ESM JavaScript under
 * node_modules/.cache/vigie-bench-<pid> (per process: two benches at once must not share it).
 */
export async function compileCopy(benchFiles: readonly string[]): Promise<CompiledCopy> {
  const out = path.join(ROOT, 'node_modules', '.cache', `vigie-bench-${process.pid}`);
  // This file too: a compiled bench file imports it (for run() it does not call there).
  const target = await transpileTree(ROOT, out, [...benchFiles, fileURLToPath(import.meta.url)]);
  return {
    url: (file) => pathToFileURL(target(path.resolve(file))).href,
    dispose: () => rmSync(out, { recursive: true, force: true }),
  };
}

/**
 * Compiles the .ts files of `root`'s src/ and `extra` (files under `root`) into `out` (emptied
 * first) as ESM JavaScript, with `root`'s tsconfig.build.json; returns where a file of `root` lands.
 */
async function transpileTree(root: string, out: string, extra: readonly string[]): Promise<(file: string) => string> {
  const ts = (await import('typescript')).default;
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.build.json'), {}, {
    ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); },
  });
  // NodeNext emits ESM here (package.json "type": "module"); transpileModule cannot see that file.
  const options = { ...parsed!.options, module: ts.ModuleKind.ESNext, sourceMap: false, declaration: false };
  rmSync(out, { recursive: true, force: true });
  const target = (file: string): string => path.join(out, path.relative(root, file)).replace(/\.ts$/, '.js');
  const emit = (file: string): void => {
    const js = ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file }).outputText;
    mkdirSync(path.dirname(target(file)), { recursive: true });
    writeFileSync(target(file), js);
  };
  for (const entry of readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) emit(path.join(entry.parentPath, entry.name));
  }
  for (const file of extra) emit(path.resolve(file));
  // Under node_modules, files are CommonJS unless their own package.json says otherwise.
  writeFileSync(path.join(out, 'package.json'), '{ "type": "module" }\n');
  return target;
}

/** Another revision's src/ compiled beside the working tree's, with its config/ (see compileRevision). */
export interface CompiledRevision {
  /** The full commit id. */
  commit: string;
  /** Directory of its compiled src/ (`src/…/*.js` under it). */
  js: string;
  /** Its config/ directory (lexicon, trained model). */
  config: string;
  dispose(): void;
}

/**
 * Compiles src/ of git revision `rev` (with its config/) under node_modules/.cache, to be measured
 * beside the working tree in one process. Its packages are the working tree's node_modules. Throws
 * a clear error when `rev` is no commit of this repository.
 */
export async function compileRevision(rev: string): Promise<CompiledRevision> {
  const git = (args: string[]): ReturnType<typeof spawnSync> => spawnSync('git', ['-C', ROOT, ...args], { maxBuffer: 1 << 28 });
  const found = git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  if (found.status !== 0) throw new Error(`BENCH_AGAINST=${rev}: not a commit of this repository`);
  const commit = found.stdout.toString().trim();
  const base = path.join(ROOT, 'node_modules', '.cache', `vigie-bench-${process.pid}-against`);
  const tree = path.join(base, 'tree');
  const dispose = (): void => rmSync(base, { recursive: true, force: true });
  dispose();
  mkdirSync(tree, { recursive: true });
  try {
    const tar = git(['archive', '--format=tar', commit, 'src', 'config', 'tsconfig.build.json']);
    if (tar.status !== 0) throw new Error(`git archive ${rev}: ${tar.stderr.toString().trim()}`);
    const unpacked = spawnSync('tar', ['-x', '-C', tree], { input: tar.stdout });
    if (unpacked.status !== 0) throw new Error(`unpacking ${rev}: ${unpacked.stderr.toString().trim()}`);
    const js = path.join(base, 'js');
    await transpileTree(tree, js, []);
    return { commit, js, config: path.join(tree, 'config'), dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

/** The node flags of `npm start` (package.json's start script): a measuring child runs as the bot does. */
export function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const flags = /^node((?:\s+--\S+)*)\s/.exec(pkg.scripts?.start ?? '')?.[1] ?? '';
  return flags.split(/\s+/).filter(Boolean);
}

/**
 * Runs `exported()` of the compiled module `url` in a plain node child with `npm start`'s flags
 * and `extraFlags`, after the bot's V8 settings; its output is this process's, and `BENCH_ROOT`
 * in its environment (with `env`) names the project's root. Throws when it fails.
 */
export function runCompiled(copy: CompiledCopy, url: string, exported: string, extraFlags: readonly string[] = [],
  env: Record<string, string> = {}): void {
  const tuning = copy.url(path.join(ROOT, 'src', 'v8-tuning.ts'));
  const script = `import(${JSON.stringify(tuning)}).then((t) => t.tuneV8()).then(() => import(${JSON.stringify(url)}))`
    + `.then((m) => m[${JSON.stringify(exported)}]()).catch((e) => { console.error(e); process.exit(1); })`;
  const child = spawnSync(process.execPath, [...startFlags(), ...extraFlags, '-e', script], {
    stdio: 'inherit', env: { ...process.env, ...env, BENCH_ROOT: ROOT },
  });
  if (child.status !== 0) throw new Error(`measuring child exited with ${child.status}`);
}
