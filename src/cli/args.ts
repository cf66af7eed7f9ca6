/** Argument parsing shared by the CLI commands (node:util parseArgs, errors as UsageError). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { VigieError } from '../core/errors.js';

/** Bad command-line arguments; reported in one line with exit code 2. */
export class UsageError extends VigieError {}

/** Parses `argv` with the given options; unknown options and bad values become a UsageError. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}`, { cause: error });
  }
}
