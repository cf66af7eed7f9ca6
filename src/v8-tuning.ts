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
 *
 * TurboFan inlines at most a quarter of its default bytecode (920) into one function. A first cycle
 * compiles some 340 functions while it runs, on the core the main thread does not use: smaller
 * compiles cost that core about 0.2 s less and have the code optimised sooner, for 5–10 % of
 * classification speed once everything is compiled (bench/poll.ts, bench/classify.ts).
 *
 * `npm start` gives the main isolate an initial old generation of 128 MB (`--initial-old-space-size`): a
 * first cycle of 200 feeds promotes some 100 MB of short-lived data (feed bodies and items waiting on
 * other feeds' I/O), and from V8's own first limit, which it lowers after the first young collections
 * and then raises only a little over the live data under the 512 MB cap, that cost ten full
 * collections. V8 keeps the size as the least limit for good, so it sets the heap's floor: 128 MB
 * holds that first cycle without a full collection, where 192 held 20 MB more at 2,000 feeds. The
 * flag is read when an isolate is made, so it is reset here: worker isolates, made later, start
 * from V8's default (their heaps hold little).
 */
export const V8_FLAGS: readonly string[] = ['--no-allocation-site-pretenuring', '--max-inlined-bytecode-size-cumulative=230',
  '--initial-old-space-size=0'];

/** Applies V8_FLAGS to this process (worker threads share them). Safe to call more than once. */
export function tuneV8(): void {
  for (const flag of V8_FLAGS) setFlagsFromString(flag);
}
