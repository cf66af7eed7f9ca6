/**
 * Sliding-window counters shared by every instance on one Redis: one sorted set per key holding
 * the moments counted, trimmed, counted and added to in one Lua script on the server's clock.
 */
import { randomUUID } from 'node:crypto';
import type { RateWindow } from '../ports.js';
import type { RedisCommand } from './redis-schedule.js';

/**
 * KEYS[1]: the counter; ARGV: limit, window (ms), a unique member. Returns 0 when counted, or the
 * wait (ms, at least 1) until the oldest counted moment leaves the window.
 */
const TAKE = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= limit then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  local wait = tonumber(first[2]) + window - now
  if wait < 1 then wait = 1 end
  return wait
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return 0`;

/** The shared `RateWindow` on Redis; keys are namespaced by `raw`. */
export class RedisRateWindow implements RateWindow {
  constructor(private readonly command: RedisCommand, private readonly raw: (key: string) => string) {}

  async take(key: string, limit: number, windowMs: number): Promise<number> {
    const reply = await this.command([
      'EVAL', TAKE, '1', this.raw(`rate:${key}`), String(Math.max(0, Math.floor(limit))), String(Math.max(1, Math.round(windowMs))), randomUUID(),
    ]);
    return Number(reply);
  }
}
