/**
 * The V8 settings every Vigie process runs with (the CLI applies them first thing; the benches too,
 * so that they measure what the bot runs).
 */
import { setFlagsFromString } from 'node:v8';

/**
 * Allocation-site pretenuring is off. When a young-generation collection happens to find most of an
 * item's short-lived analysis objects alive, V8 decides to allocate them in the old generation from
 * then on, for the rest of the process's life: each item then costs about twice as much CPU, mostly
 * in full collections (seen in two runs in five of the classification bench; never with this flag).
 */
export const V8_FLAGS: readonly string[] = ['--no-allocation-site-pretenuring'];

/** Applies V8_FLAGS to this process (worker threads share them). Safe to call more than once. */
export function tuneV8(): void {
  for (const flag of V8_FLAGS) setFlagsFromString(flag);
}
