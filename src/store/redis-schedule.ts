/**
 * Send slots shared by every instance on one Redis: one key per pacing key holding its next free
 * moment, read and moved in one Lua script on the server's own clock (instances' clocks may differ).
 */
import type { SlotGap, SlotSchedule } from '../ports.js';

/** Sends one raw command (the backend's connection). */
export type RedisCommand = (args: string[]) => Promise<unknown>;

/** The server's time in ms, in Lua. */
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * KEYS: pacing keys; ARGV[1]: max wait; then per key its gap and burst. Returns {reserved 0|1, wait}.
 * The generic cell rate algorithm, as `MemorySchedule` does it.
 */
const RESERVE = `${NOW}
local n = #KEYS
local next = {}
local at = now
for i, k in ipairs(KEYS) do
  next[i] = tonumber(redis.call('GET', k) or '0')
  local free = next[i] - tonumber(ARGV[n + i + 1])
  if free > at then at = free end
end
if at - now > tonumber(ARGV[1]) then return {0, at - now} end
for i, k in ipairs(KEYS) do
  local base = next[i]
  if at > base then base = at end
  local after = base + tonumber(ARGV[i + 1])
  redis.call('SET', k, string.format('%d', after), 'PX', after - now + 1000)
end
return {1, at - now}`;

/** KEYS[1]: a pacing key; ARGV[1]: ms to hold it from now. */
const HOLD = `${NOW}
local free = now + tonumber(ARGV[1])
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n < free then redis.call('SET', KEYS[1], string.format('%d', free), 'PX', free - now + 1000) end
return 0`;

/** KEYS: pacing keys. Returns the wait until all are free. */
const PEEK = `${NOW}
local at = now
for i, k in ipairs(KEYS) do
  local n = tonumber(redis.call('GET', k) or '0')
  if n > at then at = n end
end
return at - now`;

/** The shared `SlotSchedule` on Redis; keys are namespaced by `raw`. */
export class RedisSchedule implements SlotSchedule {
  constructor(private readonly command: RedisCommand, private readonly raw: (key: string) => string) {}

  async reserve(gaps: readonly SlotGap[], maxWaitMs: number): Promise<{ reserved: boolean; waitMs: number }> {
    const max = Number.isFinite(maxWaitMs) ? String(Math.floor(maxWaitMs)) : '9007199254740991';
    const reply = (await this.command([
      'EVAL', RESERVE, String(gaps.length), ...gaps.map((g) => this.raw(g.key)), max,
      ...gaps.map((g) => String(Math.round(g.gapMs))), ...gaps.map((g) => String(Math.round(g.burstMs ?? 0))),
    ])) as [number, number];
    return { reserved: reply[0] === 1, waitMs: Number(reply[1]) };
  }

  async hold(key: string, ms: number): Promise<void> {
    await this.command(['EVAL', HOLD, '1', this.raw(key), String(Math.max(1, Math.round(ms)))]);
  }

  async peek(keys: readonly string[]): Promise<number> {
    return Math.max(0, Number(await this.command(['EVAL', PEEK, String(keys.length), ...keys.map((k) => this.raw(k))])));
  }
}
