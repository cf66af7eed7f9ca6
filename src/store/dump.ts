/**
 * A portable dump of one store's namespace: every live value (logical key, JSON value, expiry) and
 * every index member, as records any backend can write back. The JSON Lines file format is the
 * CLI's (`vigie backup` / `vigie restore`); this module only moves records in and out of a `Backend`.
 */
import { z } from 'zod';
import type { Backend, DumpedMember, DumpedValue } from './backend.js';

/** One record of a dump. */
export type DumpRecord = ({ kind: 'value' } & DumpedValue) | ({ kind: 'index' } & DumpedMember);

/** The schema of one record, for reading a dump back (keys and names bounded like the SQL columns). */
export const dumpRecordSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('value'), key: z.string().min(1).max(1000), value: z.unknown(), expires: z.number().finite().optional() }).strict(),
  z.object({ kind: z.literal('index'), index: z.string().min(1).max(1000), member: z.string().max(1000), score: z.number().finite() }).strict(),
]);

/** Every record of the backend's namespace, values first, a page at a time. */
export async function* dumpBackend(backend: Backend): AsyncIterable<DumpRecord[]> {
  for await (const page of backend.scan()) yield page.map((v) => ({ kind: 'value' as const, ...v }));
  for await (const page of backend.scanIndexes()) yield page.map((m) => ({ kind: 'index' as const, ...m }));
}

/** True when the namespace holds no live value and no index member. */
export async function isBackendEmpty(backend: Backend): Promise<boolean> {
  for await (const page of backend.scan()) if (page.length > 0) return false;
  for await (const page of backend.scanIndexes()) if (page.length > 0) return false;
  return true;
}

/** What a restore wrote, and what it skipped because it had expired since the dump. */
export interface RestoreCounts {
  values: number;
  members: number;
  expired: number;
}

/** Writes records into the backend (values keep their expiry; expired ones are skipped). */
export async function restoreRecords(backend: Backend, records: readonly DumpRecord[], now: number, counts: RestoreCounts): Promise<void> {
  const values = [];
  const indexes = new Map<string, { member: string; score: number }[]>();
  for (const record of records) {
    if (record.kind === 'value') {
      if (record.expires !== undefined && record.expires <= now) {
        counts.expired++;
        continue;
      }
      values.push({ key: record.key, value: record.value, ...(record.expires !== undefined ? { ttlMs: record.expires - now } : {}) });
    } else {
      const list = indexes.get(record.index) ?? [];
      list.push({ member: record.member, score: record.score });
      indexes.set(record.index, list);
    }
  }
  if (values.length > 0) await backend.setMany(values);
  for (const [index, members] of indexes) await backend.indexAdd(index, members);
  counts.values += values.length;
  counts.members += [...indexes.values()].reduce((n, m) => n + m.length, 0);
}
