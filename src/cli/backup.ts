/**
 * `vigie backup FILE` and `vigie restore FILE [--force]`: every record of a store as JSON Lines
 * (a header line, then one value or index member a line), readable back into any store: SQLite,
 * Redis, PostgreSQL or memory.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { VigieError } from '../core/errors.js';
import { dumpRecordSchema, type DumpRecord } from '../store/dump.js';
import { parseCommandArgs, UsageError } from './args.js';
import type { CliIo } from './commands.js';
import { withStore } from './store-access.js';

/** The first line of every backup. */
const FORMAT = 'vigie-backup';
const VERSION = 1;
/** Records written to the store per step. */
const PAGE = 500;

function fileArg(command: string, positionals: string[], io: CliIo): string {
  if (positionals.length !== 1) throw new UsageError(`${command}: give one FILE`);
  return path.resolve(io.cwd, positionals[0]!);
}

/** Writes the dump to a temporary file renamed over FILE once complete (never a half backup). */
export async function runBackup(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('backup', argv, { store: { type: 'string' } }, true);
  const file = fileArg('backup', positionals, io);
  return withStore(io, { storeUrl: values.store }, async (store) => {
    const partial = `${file}.partial`;
    const out = createWriteStream(partial, { encoding: 'utf8', mode: 0o600 });
    const counts = { value: 0, index: 0 };
    try {
      out.write(`${JSON.stringify({ format: FORMAT, version: VERSION, createdAt: new Date().toISOString(), store: store.target })}\n`);
      for await (const page of store.dump()) {
        for (const record of page) {
          counts[record.kind]++;
          if (!out.write(`${JSON.stringify(record)}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
        }
      }
      out.end();
      await finished(out);
      await rename(partial, file);
    } catch (error) {
      out.destroy();
      await rm(partial, { force: true });
      throw error;
    }
    io.stdout.write(`backup: ${counts.value} values and ${counts.index} index entries from ${store.target} written to ${positionals[0]}\n`);
    return 0;
  });
}

/** Reads and checks every line; throws naming the file and line of the first problems (nothing is written then). */
async function readBackup(file: string, shown: string): Promise<DumpRecord[]> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  const records: DumpRecord[] = [];
  const problems: string[] = [];
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (line.trim() === '') continue;
      let data: unknown;
      try {
        data = JSON.parse(line);
      } catch {
        if (n === 1) throw new VigieError(`restore: ${shown} is not a Vigie backup (version ${VERSION})`);
        problems.push(`${shown}:${n}: not valid JSON`);
        continue;
      }
      if (n === 1) {
        const head = data as { format?: unknown; version?: unknown };
        if (head.format !== FORMAT || head.version !== VERSION) throw new VigieError(`restore: ${shown} is not a Vigie backup (version ${VERSION})`);
        continue;
      }
      const parsed = dumpRecordSchema.safeParse(data);
      if (parsed.success) records.push(parsed.data as DumpRecord);
      else problems.push(`${shown}:${n}: ${parsed.error.issues[0]?.path.join('.') || 'record'}: ${parsed.error.issues[0]?.message}`);
    }
  } catch (error) {
    if (error instanceof VigieError) throw error;
    throw new VigieError(`restore: cannot read ${shown} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
  if (n === 0) throw new VigieError(`restore: ${shown} is empty`);
  if (problems.length > 0) {
    const more = problems.length > 5 ? `\n  … and ${problems.length - 5} more` : '';
    throw new VigieError(`restore: nothing written, ${problems.length} bad line(s):\n  ${problems.slice(0, 5).join('\n  ')}${more}`);
  }
  return records;
}

/** Restores into the configured store; refuses a store that holds anything unless --force (which empties it first). */
export async function runRestore(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('restore', argv, { store: { type: 'string' }, force: { type: 'boolean' } }, true);
  const file = fileArg('restore', positionals, io);
  const records = await readBackup(file, positionals[0]!);
  return withStore(io, { storeUrl: values.store }, async (store) => {
    if (!(await store.isEmpty())) {
      if (!values.force) {
        io.stderr.write(`vigie: restore: ${store.target} is not empty; nothing written (--force replaces its content)\n`);
        return 1;
      }
      await store.clear();
    }
    const counts = { values: 0, members: 0, expired: 0 };
    for (let i = 0; i < records.length; i += PAGE) await store.restore(records.slice(i, i + PAGE), counts);
    io.stdout.write(`restore: ${counts.values} values and ${counts.members} index entries written to ${store.target}`
      + `${counts.expired ? ` (${counts.expired} expired since the backup, skipped)` : ''}\n`);
    return 0;
  });
}
