/** Operator commands on the store: chats list, outbox list/retry, feeds status/reset. */
import { VigieError } from '../core/errors.js';
import { feedHealth } from '../http/status-data.js';
import type { OutboxEntry, Refusal } from '../core/delivery-types.js';
import { parseCommandArgs, UsageError } from './args.js';
import type { CliIo } from './commands.js';
import { withStore } from './store-access.js';
import { cell, table, utc } from './table.js';

const storeOption = { store: { type: 'string' } } as const;

/**
 * `vigie chats list [--json]`: every registered chat and channel with its settings, and the
 * temporary refusal of those that refuse Vigie's messages for now (alerts waiting).
 */
export async function runChatsList(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('chats list', argv, { json: { type: 'boolean' }, ...storeOption });
  return withStore(io, { storeUrl: values.store }, async (store) => {
    const chats = await store.destinations.list();
    const refusals = await store.refusals.getMany(chats.map((d) => d.key));
    if (values.json) {
      io.stdout.write(`${JSON.stringify(chats.map((d, i) => (refusals[i] ? { ...d, refusal: refusals[i] } : d)))}\n`);
      return 0;
    }
    const rows = chats.map((d, i) => [
      d.key, cell(d.title, 40), d.active ? (d.paused ? 'paused' : 'active') : d.excluded ? 'excluded' : 'inactive',
      Object.entries(d.categories).filter(([, on]) => on).map(([c]) => c).join(',') || '-',
      String(d.keywords.length), d.lang, d.digest ? `${d.digest.time} ${d.digest.timeZone}` : '-', utc(d.createdAt),
      refusalCell(refusals[i]),
    ]);
    io.stdout.write(`${table(['chat', 'title', 'state', 'categories', 'keywords', 'lang', 'digest', 'added (UTC)', 'refused (UTC)'], rows, [4])}\n`);
    const refused = refusals.filter((r) => r !== undefined).length;
    io.stdout.write(`${chats.length} chats, ${chats.filter((d) => d.active).length} active${refused > 0 ? `, ${refused} refusing messages for now` : ''}\n`);
    return 0;
  });
}

/** "rights since 2025-03-12 13:05, next try 14:05", or "-". */
function refusalCell(refusal: Refusal | undefined): string {
  return refusal ? `${refusal.kind} since ${utc(refusal.since)}, next try ${utc(refusal.retryAt).slice(11)}` : '-';
}

function entryRows(entries: OutboxEntry[]): string[][] {
  return entries.map((e) => [e.id, e.status, String(e.attempts), utc(e.notBefore), cell(e.lastError, 50)]);
}

/** `vigie outbox list [--failed]`: pending deliveries (or the failed ones). */
export async function runOutboxList(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('outbox list', argv, { failed: { type: 'boolean' }, ...storeOption });
  return withStore(io, { storeUrl: values.store }, async (store) => {
    const status = values.failed ? 'failed' : 'pending';
    const entries = await store.outbox.list({ status });
    io.stdout.write(`${table(['id', 'status', 'attempts', 'not before (UTC)', 'last error'], entryRows(entries), [2])}\n`);
    io.stdout.write(`${entries.length} ${status} ${entries.length === 1 ? 'entry' : 'entries'}\n`);
    return 0;
  });
}

/** `vigie outbox retry ID|--failed`: puts entries back in the queue, due now, with their attempts reset. */
export async function runOutboxRetry(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('outbox retry', argv, { failed: { type: 'boolean' }, ...storeOption }, true);
  if (Boolean(values.failed) === (positionals.length > 0) || positionals.length > 1) {
    throw new UsageError('outbox retry: give one entry ID, or --failed for every failed entry');
  }
  return withStore(io, { storeUrl: values.store }, async (store) => {
    let entries: OutboxEntry[];
    if (values.failed) entries = await store.outbox.list({ status: 'failed' });
    else {
      const entry = await store.outbox.get(positionals[0]!);
      if (!entry) throw new VigieError(`outbox retry: no entry "${positionals[0]}" (see vigie outbox list --failed)`);
      entries = [entry];
    }
    const now = Date.now();
    for (const entry of entries) {
      const { lastError: _dropped, ...rest } = entry;
      await store.outbox.update({ ...rest, status: 'pending', attempts: 0, notBefore: now });
    }
    io.stdout.write(`${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} queued again; a running bot sends them within a second\n`);
    return 0;
  });
}

/** `vigie feeds status`: each configured feed's state, backoff and last error, from the store. */
export async function runFeedsStatus(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('feeds status', argv, { feeds: { type: 'string' }, ...storeOption });
  return withStore(io, { storeUrl: values.store, feedsFile: values.feeds }, async (store, config) => {
    const states = await store.feedStates.all();
    const now = Date.now();
    const rows = config.feeds.map((feed) => {
      const state = states[feed.id];
      const health = feedHealth(feed, state, now);
      return [
        feed.id, health.state === 'failing' ? `failing ×${health.failures}` : health.state, utc(health.lastSuccessAt),
        health.items === undefined ? '-' : String(health.items), utc(health.backoffUntil),
        health.state === 'failing' ? cell(`${state?.lastErrorKind ?? 'unknown'}: ${state?.lastError ?? ''}`, 70) : '',
      ];
    });
    io.stdout.write(`${table(['feed', 'state', 'last success (UTC)', 'items', 'backoff until (UTC)', 'last error'], rows, [3])}\n`);
    const failing = rows.filter((r) => r[1]!.startsWith('failing')).length;
    io.stdout.write(`${rows.length} feeds, ${failing} failing, ${rows.filter((r) => r[4] !== '-').length} in backoff\n`);
    return 0;
  });
}

/** `vigie feeds reset ID`: forgets a feed's failures and backoff, so the next cycle polls it. */
export async function runFeedsReset(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('feeds reset', argv, { ...storeOption }, true);
  if (positionals.length !== 1) throw new UsageError('feeds reset: give one feed ID (see vigie feeds status)');
  const id = positionals[0]!;
  return withStore(io, { storeUrl: values.store }, async (store) => {
    const state = await store.feedStates.get(id);
    if (!state) throw new VigieError(`feeds reset: no stored state for feed "${id}" (see vigie feeds status)`);
    const { nextAttemptAt: _a, lastError: _e, lastErrorKind: _k, ...rest } = state;
    await store.feedStates.set(id, { ...rest, failures: 0 });
    io.stdout.write(`feed ${id}: failures and backoff cleared; the next cycle polls it\n`);
    return 0;
  });
}
