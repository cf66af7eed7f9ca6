/**
 * One 'abort' listener per caller signal, fanned out to every pending read: a poll cycle passes the
 * same signal to hundreds of reads, and one listener each would trip Node's MaxListeners warning.
 */

const registry = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `callback` once when `signal` aborts; returns a function that unregisters it. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = registry.get(signal);
  if (callbacks === undefined) {
    const set = new Set<() => void>();
    callbacks = set;
    registry.set(signal, set);
    signal.addEventListener('abort', () => {
      for (const fn of [...set]) fn();
      set.clear();
    }, { once: true });
  }
  const entry = (): void => callback();
  callbacks.add(entry);
  const owned = callbacks;
  return () => void owned.delete(entry);
}
