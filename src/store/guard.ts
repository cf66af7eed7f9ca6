/** Every store operation goes through a guard: a time limit, and SDK errors turned into `StoreError`. */
import { StoreError } from '../core/errors.js';

/** Runs one named store operation. */
export type Guard = <T>(operation: string, fn: () => Promise<T>) => Promise<T>;

/** A readable message for a driver error (Node's connection errors may be an AggregateError with no message). */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return [...new Set(error.errors.map(describeError))].join('; ');
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return error.message || (typeof code === 'string' ? code : error.name);
  }
  return String(error);
}

/** Where the guard reports from and what it must never print. */
export interface GuardOptions {
  /** Backend and host as shown in messages, e.g. `redis 127.0.0.1:6379` (no credentials). */
  target: string;
  timeoutMs: number;
  /** A password that must not appear in messages, should a driver echo it. */
  secret?: string;
  isClosed: () => boolean;
}

/** Makes the guard of one store. */
export function createGuard(options: GuardOptions): Guard {
  const scrub = (text: string): string =>
    options.secret ? text.split(options.secret).join('***') : text;
  return async <T>(operation: string, fn: () => Promise<T>): Promise<T> => {
    if (options.isClosed()) throw new StoreError(operation, `${options.target}: the store is closed`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StoreError(operation, `${options.target}: no answer within ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
    });
    try {
      return await Promise.race([fn(), timeout]);
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError(operation, `${options.target}: ${scrub(describeError(error))}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  };
}
