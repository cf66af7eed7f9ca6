/**
 * The seen log, alert log, destinations and feed states, written once on top of a `Backend`.
 * Key layout (logical keys; the backend prefixes `${namespace}:`):
 *   seen:<key>            the claim's owner (or 1), expires after the retention (keys over 200 chars:
 *                         seen:#<sha256>); `h:` keys mark items already taken in (see core/dedup, Store.markTaken)
 *   alert:<id>            Alert, expires after the alert retention; index `alerts` scored by createdAt;
 *                         index `fanouts` lists the announced alerts whose fan-out is not settled yet
 *   print:<alert id>:<hash of item id>  StoryFingerprint of one source of the alert, expires with alerts
 *   dest:<key>            Destination; index `destinations` scored by createdAt
 *   destinations:version  token changed by every put and delete (other processes' caches compare it)
 *   feed:<id>             FeedState; index `feeds`
 */
import { createHash, randomBytes } from 'node:crypto';
import type { StoryPrint } from '../core/alerts.js';
import type { StoryFingerprint } from '../core/cluster.js';
import { fnv1a64 } from '../core/hash.js';
import type { Alert, Destination, Platform } from '../core/types.js';
import type { AlertLog, DestinationRepo, FeedStateRepo, SeenLog } from '../ports.js';
import type { Claim } from '../core/delivery-types.js';
import type { FeedState } from '../core/feed-types.js';
import { isSeenMark } from '../core/dedup.js';
import { setInPages, type Backend, type IndexMember, type SetEntry } from './backend.js';
import type { Guard } from './guard.js';

/** What every repository needs: the backend, the guard and the clock. */
export interface RepoContext {
  backend: Backend;
  guard: Guard;
  now: () => number;
  /** Index members this process wrote; `KeyvStore.clear()` empties it. */
  indexed: IndexMemo;
}

/**
 * The index members (and scores) this process has written, oldest dropped first when full: saving
 * an alert or a feed state again (an alert marked fanned out, each poll's feed state) then skips
 * re-adding its index member. Those members only leave their index through trims (alerts already
 * past their retention) and `clear()` (this store's clears empty the memo; another process's clear
 * while this one runs leaves re-saved values unlisted until they are saved with a new score).
 */
export class IndexMemo {
  private readonly scores = new Map<string, number>();

  constructor(private readonly capacity = 20_000) {}

  has(index: string, member: string, score: number): boolean {
    return this.scores.get(`${index}\n${member}`) === score;
  }

  add(index: string, member: string, score: number): void {
    const key = `${index}\n${member}`;
    this.scores.delete(key);
    this.scores.set(key, score);
    if (this.scores.size > this.capacity) this.scores.delete(this.scores.keys().next().value as string);
  }

  clear(): void {
    this.scores.clear();
  }
}

/** Adds one member to an index unless this process already did, with the same score. */
async function indexOnce(ctx: RepoContext, index: string, member: string, score: number): Promise<void> {
  await indexAll(ctx, index, [{ member, score }]);
}

/** Adds, in one write, the members this process has not already added with the same score. */
async function indexAll(ctx: RepoContext, index: string, members: readonly IndexMember[]): Promise<void> {
  const missing = members.filter((m) => !ctx.indexed.has(index, m.member, m.score));
  if (missing.length === 0) return;
  await ctx.backend.indexAdd(index, missing);
  for (const m of missing) ctx.indexed.add(index, m.member, m.score);
}

/** A fresh destinations version token. */
function newVersion(): string {
  return randomBytes(8).toString('hex');
}

/** The alert index is trimmed at most this often (ms): `recent()` skips expired members anyway. */
const TRIM_EVERY_MS = 60_000;

/** The index of announced alerts whose fan-out is pending (written, deliveries maybe not all enqueued). */
const FANOUTS = 'fanouts';

/** Seen keys longer than this are stored by their hash (bounded key size on every backend). */
const LONG_KEY = 200;

/** The logical key of a dedup key. */
export function seenKey(key: string): string {
  return key.length <= LONG_KEY ? `seen:${key}` : `seen:#${createHash('sha256').update(key).digest('base64url')}`;
}

/** Claims with each backend's atomic set-if-absent; keys expire after `retentionMs`. */
export class KeyvSeenLog implements SeenLog {
  constructor(private readonly ctx: RepoContext, private readonly retentionMs: number) {}

  /**
   * Claims every key; true only when each was new or already held by `owner`. An empty list claims
   * nothing and resolves false. A key's value never changes once set, so reading it back after a
   * failed set-if-absent tells safely whether the same owner made the earlier claim.
   */
  async claim(keys: string[], owner?: string): Promise<boolean> {
    const [answer] = await this.claimAll([{ keys, owner }]);
    return answer !== false;
  }

  async claimFor(keys: string[], owner: string): Promise<'new' | 'resumed' | false> {
    const [answer] = await this.claimAll([{ keys, owner }]);
    return answer as 'new' | 'resumed' | false;
  }

  async claimEach(claims: readonly Claim[]): Promise<('new' | 'resumed' | false)[]> {
    return this.claimAll(claims);
  }

  /**
   * One set-if-absent over every claim's keys (a key repeated across claims is created by its
   * first claim only), then one read of the keys that were already taken.
   */
  private async claimAll(claims: readonly { keys: string[]; owner?: string | undefined }[]): Promise<('new' | 'resumed' | false)[]> {
    const uniques = claims.map((c) => [...new Set(c.keys.map(seenKey))]);
    const entries = claims.flatMap((c, i) => uniques[i]!.map((key) => ({ key, value: c.owner ?? 1 })));
    if (entries.length === 0) return claims.map(() => false);
    return this.ctx.guard('seen.claim', async () => {
      const created = await this.ctx.backend.setIfAbsent(entries, this.retentionMs);
      // Who holds the keys already taken: only an owner can resume a claim.
      const taken = [...new Set(entries.filter((_, i) => !created[i]).map((e) => e.key))];
      const owned = taken.length > 0 && claims.some((c) => c.owner !== undefined);
      const read = owned ? await this.ctx.backend.getMany<unknown>(taken) : [];
      const holders = new Map(taken.map((key, i) => [key, read[i]]));
      let at = 0;
      return claims.map((c, i) => {
        const keys = uniques[i]!;
        const mine = created.slice(at, at + keys.length);
        at += keys.length;
        if (keys.length === 0) return false;
        if (mine.every(Boolean)) return 'new';
        if (c.owner === undefined) return false;
        return keys.every((key, k) => mine[k] || holders.get(key) === c.owner) ? 'resumed' : false;
      });
    });
  }

  async has(key: string): Promise<boolean> {
    return this.ctx.guard('seen.has', async () => (await this.ctx.backend.get(seenKey(key))) !== undefined);
  }

  async hasEach(keys: readonly string[]): Promise<boolean[]> {
    if (keys.length === 0) return [];
    return this.ctx.guard('seen.hasEach', async () => (await this.ctx.backend.getMany(keys.map(seenKey))).map((v) => v !== undefined));
  }

  /**
   * The rows of item marks (see `Store.markTaken`), expiring like claims. Throws when a key is not a
   * mark: written unconditionally, a claim key would lose its owner.
   */
  markEntries(marks: readonly string[]): SetEntry[] {
    for (const key of marks) {
      if (!isSeenMark(key)) throw new Error(`seen log: "${key.slice(0, 80)}" is not an item mark (see seenMarkKey); claims are made with claim()`);
    }
    return [...new Set(marks.map(seenKey))].map((key) => ({ key, value: 1, ttlMs: this.retentionMs }));
  }
}

/** The key of one source's story fingerprint (item ids are URLs: hashed to a fixed length). */
const printKey = (source: { alertId: string; itemId: string }): string => `print:${source.alertId}:${fnv1a64(source.itemId)}`;

/** Alerts kept for `retentionMs` after they were saved; `recent` reads the `alerts` index. */
export class KeyvAlertLog implements AlertLog {
  private trimmedAt = -Infinity;
  /**
   * Alerts this process saved or read with their fan-out `pending` (an earlier version's rows):
   * saving them with another fan-out settles them too. Marked ones are settled only by `settle`.
   */
  private readonly savedPending = new Set<string>();

  constructor(private readonly ctx: RepoContext, private readonly retentionMs: number) {}

  async save(alert: Alert): Promise<void> {
    await this.saveMany([alert]);
  }

  async saveMany(alerts: readonly Alert[], pendingFanout: readonly string[] = []): Promise<void> {
    if (alerts.length === 0) return;
    const { backend, now } = this.ctx;
    const marked = new Set(pendingFanout);
    await this.ctx.guard('alerts.save', async () => {
      // Index first: a crash in between leaves an index entry without value, which readers skip.
      await indexAll(this.ctx, 'alerts', alerts.map((a) => ({ member: a.id, score: a.createdAt })));
      const pending = alerts.filter((a) => a.fanout === 'pending' || marked.has(a.id));
      if (pending.length > 0) await backend.indexAdd(FANOUTS, pending.map((a) => ({ member: a.id, score: a.createdAt })));
      // A later save of the same alert wins, as in saving them one by one.
      await setInPages(backend, alerts.map((a) => ({ key: `alert:${a.id}`, value: a, ttlMs: this.retentionMs })));
      for (const a of pending) if (a.fanout === 'pending') this.savedPending.add(a.id);
      // The last save of an alert saved `pending` decides whether it still is.
      const last = new Map(alerts.map((a) => [a.id, a.fanout]));
      const settled = [...last].filter(([id, fanout]) => fanout !== 'pending' && !marked.has(id) && this.savedPending.has(id)).map(([id]) => id);
      await this.unmark(settled);
      const time = now();
      if (Math.abs(time - this.trimmedAt) >= TRIM_EVERY_MS) {
        await backend.indexTrim('alerts', time - this.retentionMs);
        await backend.indexTrim(FANOUTS, time - this.retentionMs);
        this.trimmedAt = time;
      }
    });
  }

  async settle(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.ctx.guard('alerts.settle', async () => this.unmark([...new Set(ids)]));
  }

  /** Removes the pending fan-out marks of `ids`. */
  private async unmark(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.ctx.backend.indexRemove(FANOUTS, [...ids]);
    for (const id of ids) this.savedPending.delete(id);
  }

  async savePrints(prints: readonly StoryPrint[]): Promise<void> {
    if (prints.length === 0) return;
    await this.ctx.guard('alerts.savePrints', async () => {
      await setInPages(this.ctx.backend, prints.map((p) => ({ key: printKey(p), value: p.fingerprint, ttlMs: this.retentionMs })));
    });
  }

  async prints(sources: readonly { alertId: string; itemId: string }[]): Promise<(StoryFingerprint | undefined)[]> {
    if (sources.length === 0) return [];
    return this.ctx.guard('alerts.prints', async () => this.ctx.backend.getMany<StoryFingerprint>(sources.map(printKey)));
  }

  async pendingFanouts(): Promise<Alert[]> {
    const { backend } = this.ctx;
    return this.ctx.guard('alerts.pendingFanouts', async () => {
      const ids = await backend.indexRange(FANOUTS, {});
      if (ids.length === 0) return [];
      const alerts = await backend.getMany<Alert>(ids.map((id) => `alert:${id}`));
      // A member is the mark: the alert's row says 'done' from its first write on ('pending' from an earlier version).
      const listed = (a: Alert | undefined): a is Alert => a !== undefined && a.fanout !== 'none';
      const pending = alerts.filter(listed);
      for (const a of pending) if (a.fanout === 'pending') this.savedPending.add(a.id);
      // Members whose alert expired (or never got written: a crash before its row) are dropped here.
      const stale = ids.filter((_, i) => !listed(alerts[i]));
      if (stale.length > 0) await backend.indexRemove(FANOUTS, stale);
      return pending;
    });
  }

  async get(id: string): Promise<Alert | undefined> {
    return this.ctx.guard('alerts.get', async () => this.ctx.backend.get<Alert>(`alert:${id}`));
  }

  async getMany(ids: string[]): Promise<(Alert | undefined)[]> {
    if (ids.length === 0) return [];
    return this.ctx.guard('alerts.getMany', async () => this.ctx.backend.getMany<Alert>(ids.map((id) => `alert:${id}`)));
  }

  async recent(limit: number, sinceMs?: number): Promise<Alert[]> {
    if (limit <= 0) return [];
    const { backend, now } = this.ctx;
    const min = Math.max(sinceMs ?? -Infinity, now() - this.retentionMs);
    return this.ctx.guard('alerts.recent', async () => {
      const ids = await backend.indexRange('alerts', { min, limit, reverse: true });
      const alerts = await backend.getMany<Alert>(ids.map((id) => `alert:${id}`));
      return alerts.filter((a): a is Alert => a !== undefined);
    });
  }
}

/** Destinations by key, listed through the `destinations` index (oldest registration first). */
export class KeyvDestinationRepo implements DestinationRepo {
  constructor(private readonly ctx: RepoContext) {}

  async get(key: string): Promise<Destination | undefined> {
    return this.ctx.guard('destinations.get', async () => this.ctx.backend.get<Destination>(`dest:${key}`));
  }

  async put(destination: Destination): Promise<void> {
    const { backend } = this.ctx;
    await this.ctx.guard('destinations.put', async () => {
      await backend.indexAdd('destinations', [{ member: destination.key, score: destination.createdAt }]);
      await backend.set(`dest:${destination.key}`, destination);
      await backend.set('destinations:version', newVersion());
    });
  }

  async version(): Promise<string> {
    return this.ctx.guard('destinations.version', async () => (await this.ctx.backend.get<string>('destinations:version')) ?? '');
  }

  async list(filter: { active?: boolean; platform?: Platform } = {}): Promise<Destination[]> {
    const { backend } = this.ctx;
    return this.ctx.guard('destinations.list', async () => {
      const keys = await backend.indexRange('destinations', {});
      const all = await backend.getMany<Destination>(keys.map((k) => `dest:${k}`));
      return all.filter((d): d is Destination => d !== undefined
        && (filter.active === undefined || d.active === filter.active)
        && (filter.platform === undefined || d.platform === filter.platform));
    });
  }

  async delete(key: string): Promise<void> {
    const { backend } = this.ctx;
    await this.ctx.guard('destinations.delete', async () => {
      await backend.delete(`dest:${key}`);
      await backend.indexRemove('destinations', [key]);
      await backend.set('destinations:version', newVersion());
    });
  }
}

/** Feed polling state by feed id; `all` reads the `feeds` index. */
export class KeyvFeedStateRepo implements FeedStateRepo {
  constructor(private readonly ctx: RepoContext) {}

  async get(feedId: string): Promise<FeedState | undefined> {
    return this.ctx.guard('feedStates.get', async () => this.ctx.backend.get<FeedState>(`feed:${feedId}`));
  }

  async set(feedId: string, state: FeedState): Promise<void> {
    const { backend } = this.ctx;
    await this.ctx.guard('feedStates.set', async () => {
      await indexOnce(this.ctx, 'feeds', feedId, 0);
      await backend.set(`feed:${feedId}`, state);
    });
  }

  async setMany(states: readonly (readonly [string, FeedState])[]): Promise<void> {
    if (states.length === 0) return;
    const { backend } = this.ctx;
    await this.ctx.guard('feedStates.set', async () => {
      await indexAll(this.ctx, 'feeds', states.map(([feedId]) => ({ member: feedId, score: 0 })));
      await setInPages(backend, states.map(([feedId, state]) => ({ key: `feed:${feedId}`, value: state })));
    });
  }

  async all(): Promise<Record<string, FeedState>> {
    const { backend } = this.ctx;
    return this.ctx.guard('feedStates.all', async () => {
      const ids = await backend.indexRange('feeds', {});
      const states = await backend.getMany<FeedState>(ids.map((id) => `feed:${id}`));
      const out: Record<string, FeedState> = {};
      ids.forEach((id, i) => {
        const state = states[i];
        if (state !== undefined) out[id] = state;
      });
      return out;
    });
  }
}
