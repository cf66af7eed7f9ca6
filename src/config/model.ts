/**
 * Loads the trained layer's model from `config/model.json` (written by `vigie train`) and
 * validates it with zod. An absent file means "rules alone"; a broken one is a ConfigError.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { MODEL_CLASSES, type ModelFile } from '../core/classify/model.js';
import { zodIssues } from './schema.js';

/** File name, relative to the config directory. */
export const MODEL_FILE = 'model.json';

const finite = z.number().finite();
const modelSchema = z.strictObject({
  format: z.literal('vigie-model'),
  version: z.literal(1),
  classes: z.tuple([z.literal(MODEL_CLASSES[0]), z.literal(MODEL_CLASSES[1]), z.literal(MODEL_CLASSES[2])]),
  features: z.strictObject({
    dim: z.number().int().min(256).max(1 << 24).refine((d) => (d & (d - 1)) === 0, 'must be a power of two'),
    bigrams: z.boolean(),
    ruleWeight: finite.min(0),
  }),
  noneBelow: finite.gt(0).max(1),
  bias: z.tuple([finite, finite, finite]),
  buckets: z.array(z.number().int().min(0)),
  weights: z.array(finite),
  trainedOn: z.strictObject({ items: z.number().int().min(0), labels: z.record(z.string(), z.number().int().min(0)), l2: finite, iterations: z.number().int() }),
}).superRefine((m, ctx) => {
  if (m.weights.length !== m.buckets.length * 3) ctx.addIssue({ code: 'custom', path: ['weights'], message: 'must hold three weights per bucket' });
  if (m.buckets.some((b, i) => b >= m.features.dim || (i > 0 && b <= (m.buckets[i - 1] as number)))) {
    ctx.addIssue({ code: 'custom', path: ['buckets'], message: 'must be increasing and below features.dim' });
  }
});

/** Reads `model.json` from the directory: undefined when absent, a ConfigError when invalid. */
export function loadModelFile(configDir: string): ModelFile | undefined {
  const file = join(configDir, MODEL_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError([{ where: file, message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` }], { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([{ where: file, message: `invalid JSON: ${(error as Error).message}` }], { cause: error });
  }
  const parsed = modelSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(zodIssues(file, parsed.error));
  return parsed.data as ModelFile;
}
