#!/usr/bin/env node
/** `vigie` command-line entry: dispatches to the commands of cli/commands.ts; `--version`; exit 2 on usage errors. */
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, StoreError, VigieError } from './core/errors.js';
import { UsageError } from './cli/args.js';
import { COMMANDS, type CliCommand, type CliIo } from './cli/commands.js';
import { packageRoot } from './config/index.js';
import { tuneV8 } from './v8-tuning.js';

const USAGE = `vigie — alertes cyberattaques et pannes informatiques depuis la presse française

Usage: vigie <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(16)} ${c.summary}`).join('\n')}

Run "vigie <command> --help" for a command's options; "vigie --version" for the version.`;

/** The version in package.json. */
export function version(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Runs the CLI with the given arguments; resolves the process exit code. `onCommand` learns which
 * command runs (the entry point uses it to decide how a signal stops the process).
 */
export async function main(argv: string[], io: CliIo, onCommand?: (command: CliCommand) => void): Promise<number> {
  const [first, second] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v' || first === 'version') {
    io.stdout.write(`vigie ${version()}\n`);
    return 0;
  }
  const command = findCommand(first, second);
  if (!command) {
    io.stderr.write(`vigie: unknown command "${argv.slice(0, 2).join(' ')}"\n\n${USAGE}\n`);
    return 2;
  }
  const rest = argv.slice(command.name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.help}\n`);
    return 0;
  }
  onCommand?.(command);
  try {
    return await command.run(rest, io);
  } catch (error) {
    return reportFatal(error, io);
  }
}

function findCommand(first: string, second: string | undefined): CliCommand | undefined {
  return COMMANDS.find((c) => c.name === `${first} ${second ?? ''}`.trim()) ?? COMMANDS.find((c) => c.name === first);
}

/** One readable message, no stack trace: exit 2 for configuration and usage, 1 otherwise. */
function reportFatal(error: unknown, io: CliIo): number {
  if (error instanceof ConfigError) {
    io.stderr.write(`vigie: invalid configuration:\n${error.issues.map((i) => `  - ${i.where}: ${i.message}`).join('\n')}\n`);
    return 2;
  }
  if (error instanceof UsageError) {
    io.stderr.write(`vigie: ${error.message}\n`);
    return 2;
  }
  if (error instanceof StoreError || error instanceof VigieError) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    io.stderr.write(`vigie: ${error.message}${cause}\n`);
    return 1;
  }
  io.stderr.write(`vigie: unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  return 1;
}

function isEntryPoint(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

/** Longest clean stop after SIGINT/SIGTERM before the process exits anyway (ms). */
const STOP_GRACE_MS = 10_000;

/**
 * One SIGINT or SIGTERM always ends the process: a command that stops cleanly (run, demo) sees
 * `controller` abort and has STOP_GRACE_MS to finish; any other command, or a second signal, ends
 * it at once with exit code 130.
 */
function stopOnSignals(controller: AbortController): (command: CliCommand) => void {
  let clean = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!clean || controller.signal.aborted) process.exit(130);
    controller.abort(signal);
    setTimeout(() => {
      process.stderr.write(`vigie: still stopping ${STOP_GRACE_MS / 1000} s after ${signal}; exiting\n`);
      process.exit(130);
    }, STOP_GRACE_MS).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return (command) => {
    clean = command.stopsOnSignal === true;
  };
}

if (isEntryPoint()) {
  tuneV8();
  const controller = new AbortController();
  const onCommand = stopOnSignals(controller);
  const io: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: controller.signal };
  main(process.argv.slice(2), io, onCommand).then((code) => {
    process.exitCode = code;
  });
}
