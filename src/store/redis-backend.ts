/**
 * Redis backend: `@keyv/redis` for values (native `PX` expiry), and through the adapter's own
 * client `SET NX PX` for claims and sorted sets (`ZADD`/`ZRANGE BYSCORE`) for indexes.
 */
import { Keyv } from 'keyv';
import KeyvRedis from '@keyv/redis';
import type { RateWindow, SlotSchedule } from '../ports.js';
import { KeyvBackend, type DumpedMember, type IndexMember, type IndexRange, type NewEntry, type SetEntry } from './backend.js';
import { RedisRateWindow } from './redis-rates.js';
import { RedisSchedule } from './redis-schedule.js';

/** Server and limits of one Redis store. */
export interface RedisOptions {
  url: string;
  namespace: string;
  now: () => number;
  /** Longest wait for a connection (ms). */
  timeoutMs: number;
}

/** The part of node-redis's client used here (raw commands keep Redis semantics explicit). */
interface RedisClient {
  readonly isOpen: boolean;
  connect(): Promise<unknown>;
  close(): Promise<void>;
  destroy(): void;
  sendCommand(args: string[]): Promise<unknown>;
}

/** Reconnection attempts before a dropped connection gives up until the next operation. */
const RECONNECT_TRIES = 3;

/** Takes or renews a lease: KEYS[1] lease, ARGV owner, serialised value, ttl (ms). */
const LEASE = `local cur = redis.call('GET', KEYS[1])
if cur and cjson.decode(cur).value ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

/** Deletes a lease when its owner is ARGV[1]. */
const UNLEASE = `local cur = redis.call('GET', KEYS[1])
if cur and cjson.decode(cur).value == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0`;

/** Escapes glob characters for `SCAN MATCH`. */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** Redis through `@keyv/redis`; connects lazily and fails fast while disconnected. */
export class RedisBackend extends KeyvBackend {
  private readonly adapter: KeyvRedis<unknown>;
  private readonly client: RedisClient;
  private connecting: Promise<void> | undefined;

  constructor(private readonly options: RedisOptions) {
    const adapter = new KeyvRedis(
      {
        url: options.url,
        // Commands fail at once while disconnected instead of queueing until the server returns.
        disableOfflineQueue: true,
        socket: {
          connectTimeout: options.timeoutMs,
          reconnectStrategy: (retries: number, cause: Error) => (retries >= RECONNECT_TRIES ? cause : 100 * 2 ** retries),
        },
      },
      { throwOnConnectError: true, throwOnErrors: true },
    );
    super(new Keyv({ store: adapter, namespace: undefined, useKeyPrefix: false }), options.namespace, options.now);
    this.adapter = adapter;
    this.client = adapter.client as unknown as RedisClient;
  }

  /** Connects when the client is closed (first use, or after reconnection gave up). */
  protected override async ready(): Promise<void> {
    // While the first connection is being made the client already counts as open: wait for it.
    if (this.connecting) return this.connecting;
    if (this.client.isOpen) return;
    this.connecting ??= this.client.connect().then(
      () => { this.connecting = undefined; },
      (error: unknown) => { this.connecting = undefined; throw error; },
    );
    await this.connecting;
  }

  private async command(args: string[]): Promise<unknown> {
    await this.ready();
    return this.client.sendCommand(args);
  }

  async init(): Promise<void> {
    await this.ping();
  }

  /** Pacing slots shared by every process on this Redis and namespace. */
  schedule(): SlotSchedule {
    return new RedisSchedule(async (args) => this.command(args), (key) => this.raw(key));
  }

  /** Rate counters (per-user command budgets) shared by every process on this Redis and namespace. */
  rates(): RateWindow {
    return new RedisRateWindow(async (args) => this.command(args), (key) => this.raw(key));
  }

  /** The sets in one pipelined burst (node-redis sends commands of one turn together); the last value of a key wins. */
  override async setMany(entries: SetEntry[]): Promise<void> {
    const last = new Map(entries.map((e) => [e.key, e]));
    await Promise.all([...last.values()].map(async (e) => this.set(e.key, e.value, e.ttlMs)));
  }

  async setIfAbsent(entries: NewEntry[], ttlMs?: number): Promise<boolean[]> {
    const px = ttlMs === undefined ? [] : ['PX', String(Math.max(1, Math.round(ttlMs)))];
    const values = await this.serializeRows(entries.map((e) => ({ value: e.value, ttlMs })));
    const replies = await Promise.all(entries.map(async (e, i) => this.command(['SET', this.raw(e.key), values[i] as string, 'NX', ...px])));
    return replies.map((reply) => reply !== null);
  }

  async lease(key: string, owner: string, ttlMs: number): Promise<boolean> {
    const ttl = Math.max(1, Math.round(ttlMs));
    const value = await this.serialize(owner, ttl);
    return (await this.command(['EVAL', LEASE, '1', this.raw(key), owner, value, String(ttl)])) === 1;
  }

  async unlease(key: string, owner: string): Promise<void> {
    await this.command(['EVAL', UNLEASE, '1', this.raw(key), owner]);
  }

  async indexAdd(index: string, members: IndexMember[]): Promise<void> {
    if (members.length === 0) return;
    const args = members.flatMap(({ member, score }) => [String(score), member]);
    await this.command(['ZADD', this.raw(`idx:${index}`), ...args]);
  }

  async indexRemove(index: string, members: string[]): Promise<void> {
    if (members.length > 0) await this.command(['ZREM', this.raw(`idx:${index}`), ...members]);
  }

  async indexRange(index: string, range: IndexRange): Promise<string[]> {
    const min = range.min === undefined ? '-inf' : String(range.min);
    const max = range.max === undefined ? '+inf' : String(range.max);
    const args = ['ZRANGE', this.raw(`idx:${index}`)];
    args.push(...(range.reverse ? [max, min, 'BYSCORE', 'REV'] : [min, max, 'BYSCORE']));
    if (range.limit !== undefined) args.push('LIMIT', '0', String(range.limit));
    return (await this.command(args)) as string[];
  }

  async indexTrim(index: string, score: number): Promise<void> {
    await this.command(['ZREMRANGEBYSCORE', this.raw(`idx:${index}`), '-inf', `(${score}`]);
  }

  /** Redis expires values itself. */
  async sweep(): Promise<number> {
    return 0;
  }

  async ping(): Promise<void> {
    await this.command(['PING']);
  }

  /** Keys matching `pattern`, a SCAN page at a time (a key may come twice: callers tolerate it). */
  private async *keys(pattern: string): AsyncIterable<string[]> {
    let cursor = '0';
    do {
      const [next, keys] = (await this.command(['SCAN', cursor, 'MATCH', pattern, 'COUNT', '500'])) as [string, string[]];
      if (keys.length > 0) yield keys;
      cursor = next;
    } while (cursor !== '0');
  }

  protected async *scanRows(rawPrefix: string): AsyncIterable<[string, string][]> {
    // Index keys are `<namespace>:idx:<name>`; value keys never start with `idx:`.
    const indexes = this.raw('idx:');
    for await (const found of this.keys(`${globEscape(rawPrefix)}*`)) {
      const keys = found.filter((k) => !k.startsWith(indexes));
      if (keys.length === 0) continue;
      const values = (await this.command(['MGET', ...keys])) as (string | null)[];
      yield keys.flatMap((k, i) => (values[i] === null || values[i] === undefined ? [] : [[k, values[i]] as [string, string]]));
    }
  }

  async *scanIndexes(): AsyncIterable<DumpedMember[]> {
    const head = this.raw('idx:');
    for await (const keys of this.keys(`${globEscape(head)}*`)) {
      for (const key of keys) {
        const flat = (await this.command(['ZRANGE', key, '0', '-1', 'WITHSCORES'])) as string[];
        const page: DumpedMember[] = [];
        for (let i = 0; i + 1 < flat.length; i += 2) page.push({ index: key.slice(head.length), member: flat[i]!, score: Number(flat[i + 1]) });
        if (page.length > 0) yield page;
      }
    }
  }

  async clear(): Promise<void> {
    for await (const keys of this.keys(`${globEscape(this.prefix)}*`)) await this.command(['UNLINK', ...keys]);
  }

  async close(): Promise<void> {
    if (!this.client.isOpen) return;
    let timer: NodeJS.Timeout | undefined;
    const closed = await Promise.race([
      this.adapter.disconnect().then(() => true),
      new Promise<boolean>((resolve) => { timer = setTimeout(resolve, this.options.timeoutMs, false); }),
    ]).finally(() => clearTimeout(timer));
    if (!closed && this.client.isOpen) this.client.destroy();
  }
}
