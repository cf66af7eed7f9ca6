/**
 * `BENCH_AGAINST=REV npm run bench -- classify`: the working tree's classifier and summariser
 * against those of git revision REV, both compiled and loaded in one process, taking turns over
 * the same items round after round. Alternated processes on a shared machine differ by ±10 % from
 * run to run; turns in one process see the same machine, so a few per cent can be told apart.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ClassifierInput } from '../src/core/types.js';

/** One version under comparison: what a poll does with an item (a lean verdict, a summary of an alert). */
export interface Version {
  label: string;
  /** Analyses one item; true when it alerts. */
  analyse(item: ClassifierInput): boolean;
}

/**
 * Loads the classifier and summariser of a compiled tree (`js`: the directory holding its src/)
 * with the lexicon and model of `config`. Throws naming the module when the revision lacks one.
 */
export async function loadVersion(label: string, js: string, config: string): Promise<Version> {
  const load = async <T>(file: string): Promise<T> => {
    try {
      return await import(pathToFileURL(path.join(js, 'src', file)).href) as T;
    } catch (error) {
      throw new Error(`${label}: cannot load src/${file} (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
  };
  const { loadLexicon } = await load<typeof import('../src/config/lexicon.js')>('config/lexicon.js');
  const { loadModelFile } = await load<typeof import('../src/config/model.js')>('config/model.js');
  const { classifierFor } = await load<typeof import('../src/core/classify/trained.js')>('core/classify/trained.js');
  const { createSummariser } = await load<typeof import('../src/core/summarise.js')>('core/summarise.js');
  const classifier = classifierFor(loadLexicon(config), loadModelFile(config));
  const summariser = createSummariser();
  return {
    label,
    analyse(item) {
      if (classifier.classify(item, { lean: true }).category === 'none') return false;
      summariser.summarise(item);
      return true;
    },
  };
}

/**
 * Runs every version over `items`, `rounds` times, the order reversed every other round, and
 * prints each one's median and best round (the first two rounds, compiling, left out), the ratio
 * of the medians, and how many items each alerted on (a change of verdicts changes the work too).
 */
export function interleave(items: readonly ClassifierInput[], versions: readonly Version[], rounds: number): void {
  const cpu = versions.map((): number[] => []);
  const alerted = versions.map(() => 0);
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let round = 0; round < rounds; round += 1) {
    const order = versions.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const v of order) {
      gc?.();
      const version = versions[v] as Version;
      let n = 0;
      const before = process.cpuUsage();
      for (const item of items) if (version.analyse(item)) n += 1;
      const used = process.cpuUsage(before);
      if (round >= 2) (cpu[v] as number[]).push((used.user + used.system) / 1000);
      alerted[v] = n;
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const rate = (ms: number): string => Math.round(items.length / (ms / 1000)).toLocaleString('en-US');
  console.log(`interleaved in one process, ${rounds - 2} measured rounds each over the mix (items/s of CPU):`);
  versions.forEach((v, i) => {
    const xs = cpu[i] as number[];
    console.log(`  ${v.label.padEnd(24)} median ${rate(median(xs)).padStart(7)}  best ${rate(Math.min(...xs)).padStart(7)}  alerts ${alerted[i]}`);
  });
  if (versions.length === 2) {
    const mine = median(cpu[0] as number[]);
    const theirs = median(cpu[1] as number[]);
    const change = (100 * (mine - theirs)) / theirs; // below 0: the first version costs less
    console.log(`  ${versions[0]!.label}: ${Math.abs(change).toFixed(1)} % ${change <= 0 ? 'less' : 'more'} CPU per item than ${versions[1]!.label} (medians)`);
  }
}
