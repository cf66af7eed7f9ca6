/** Hyper-parameter options shared by `vigie train` and `vigie eval --cv` (defaults: the shipped ones). */
import { DEFAULT_FEATURES, type FitOptions } from '../core/classify/fit.js';
import { DEFAULT_TRAIN } from '../core/classify/train.js';
import { UsageError } from './args.js';

/** node:util parseArgs declarations of the options. */
export const MODEL_ARGS = {
  l2: { type: 'string' },
  iterations: { type: 'string' },
  'learning-rate': { type: 'string' },
  'none-below': { type: 'string' },
  'hash-bits': { type: 'string' },
  'rule-weight': { type: 'string' },
  bigrams: { type: 'boolean' },
} as const;

/** Help lines of the options. */
export const MODEL_HELP = `  --l2 X              L2 penalty (default ${DEFAULT_TRAIN.l2})
  --iterations N      gradient steps (default ${DEFAULT_TRAIN.iterations})
  --learning-rate X   Adam step size (default ${DEFAULT_TRAIN.learningRate})
  --none-below X      alert when P(none) is below X (default ${DEFAULT_TRAIN.noneBelow})
  --hash-bits N       2^N feature buckets (default ${Math.log2(DEFAULT_FEATURES.dim)})
  --rule-weight X     weight of the rule engine's features (default ${DEFAULT_FEATURES.ruleWeight})
  --bigrams           add word pairs (default: single words only)`;

type Values = { [K in keyof typeof MODEL_ARGS]?: (typeof MODEL_ARGS)[K]['type'] extends 'boolean' ? boolean : string };

function num(command: string, name: string, raw: string | undefined, fallback: number, check: (x: number) => boolean): number {
  if (raw === undefined) return fallback;
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x) || !check(x)) throw new UsageError(`${command}: invalid --${name} "${raw}"`);
  return x;
}

/** Fit options from parsed values; a bad number is a UsageError naming the option. */
export function fitOptionsFrom(command: string, v: Values): FitOptions {
  const bits = num(command, 'hash-bits', v['hash-bits'], Math.log2(DEFAULT_FEATURES.dim), (x) => Number.isInteger(x) && x >= 8 && x <= 24);
  return {
    features: {
      dim: 2 ** bits,
      bigrams: v.bigrams === true,
      ruleWeight: num(command, 'rule-weight', v['rule-weight'], DEFAULT_FEATURES.ruleWeight, (x) => x >= 0 && x <= 100),
    },
    train: {
      l2: num(command, 'l2', v.l2, DEFAULT_TRAIN.l2, (x) => x >= 0 && x <= 10),
      iterations: num(command, 'iterations', v.iterations, DEFAULT_TRAIN.iterations, (x) => Number.isInteger(x) && x >= 1 && x <= 100_000),
      learningRate: num(command, 'learning-rate', v['learning-rate'], DEFAULT_TRAIN.learningRate, (x) => x > 0 && x <= 10),
      noneBelow: num(command, 'none-below', v['none-below'], DEFAULT_TRAIN.noneBelow, (x) => x > 0 && x <= 1),
    },
  };
}
