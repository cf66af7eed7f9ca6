#!/usr/bin/env node
/** `vigie` command-line entry: dispatches to run, demo, feeds check, classify, eval, discord register. */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, StoreError, VigieError } from './core/errors.js';
import { UsageError } from './cli/args.js';
import { COMMANDS, type CliCommand, type CliIo } from './cli/commands.js';

const USAGE = `vigie — alertes cyberattaques et pannes informatiques depuis la presse française

Usage: vigie <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(16)} ${c.summary}`).join('\n')}

Run "vigie <command> --help" for a command's options.`;

/** Runs the CLI with the given arguments; resolves the process exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [first, second] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return first === undefined ? 1 : 0;
  }
  const command = findCommand(first, second);
  if (!command) {
    io.stderr.write(`vigie: unknown command "${argv.slice(0, 2).join(' ')}"\n\n${USAGE}\n`);
    return 1;
  }
  const rest = argv.slice(command.name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.help}\n`);
    return 0;
  }
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

if (isEntryPoint()) {
  const io: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
  main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
