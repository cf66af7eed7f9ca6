/**
 * Daily digest scheduling (pure, Intl only): when a destination's digest is due in its time zone,
 * across daylight-saving changes, and how its alerts are grouped.
 */
import type { Alert, IncidentCategory } from './types.js';

const DAY_MS = 86_400_000;
const MAX_ZONE_LENGTH = 64;

/** Whether `tz` is an IANA time zone this runtime knows ("Europe/Paris"); input is length-limited. */
export function isValidTimeZone(tz: string): boolean {
  if (tz.length === 0 || tz.length > MAX_ZONE_LENGTH) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Parses "HH:MM" (00:00–23:59) into minutes after midnight, or undefined. */
export function parseDigestTime(time: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time.trim());
  if (m === null) return undefined;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  return hours <= 23 && minutes <= 59 ? hours * 60 + minutes : undefined;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time of an instant in a zone, written as if it were UTC (epoch ms). */
function wallClock(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** UTC offset of a zone at an instant, in ms (Paris in winter: +3 600 000). */
function offsetAt(instant: number, timeZone: string): number {
  return wallClock(instant - (instant % 1000), timeZone) - (instant - (instant % 1000));
}

/**
 * The instant a local wall-clock time (written as UTC ms) happens in a zone. Ambiguous times (the
 * repeated hour in autumn) give the first occurrence; missing ones (the skipped hour in spring)
 * are moved forward by the gap (02:30 → 03:30).
 */
export function instantOf(localMs: number, timeZone: string): number {
  const before = offsetAt(localMs - DAY_MS, timeZone);
  const after = offsetAt(localMs + DAY_MS, timeZone);
  const valid = [localMs - before, localMs - after].filter((t) => wallClock(t, timeZone) === localMs);
  if (valid.length > 0) return Math.min(...valid);
  return localMs - before;
}

/** Local midnight of the day containing `instant`, written as UTC ms. */
function localDay(instant: number, timeZone: string): number {
  const wall = wallClock(instant, timeZone);
  return wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS);
}

function checkedMinutes(time: string, timeZone: string): number {
  const minutes = parseDigestTime(time);
  if (minutes === undefined) throw new RangeError(`digest time "${time.slice(0, 16)}" is not HH:MM`);
  if (!isValidTimeZone(timeZone)) throw new RangeError(`digest time zone "${timeZone.slice(0, MAX_ZONE_LENGTH)}" is unknown`);
  return minutes;
}

/**
 * The first instant strictly after `now` at which the local time in `timeZone` is `time` ("HH:MM").
 * Throws a RangeError for a malformed time or an unknown zone.
 */
export function nextDigestAt(time: string, timeZone: string, now: number): number {
  const minutes = checkedMinutes(time, timeZone);
  const today = localDay(now, timeZone);
  for (let d = 0; d <= 2; d++) {
    const t = instantOf(today + d * DAY_MS + minutes * 60_000, timeZone);
    if (t > now) return t;
  }
  throw new RangeError(`no digest time after ${now} in ${timeZone}`);
}

/** The last instant at or before `at` at which the local time in `timeZone` was `time`: the start of a digest's day. */
export function previousDigestAt(time: string, timeZone: string, at: number): number {
  const minutes = checkedMinutes(time, timeZone);
  const today = localDay(at, timeZone);
  for (let d = 0; d <= 2; d++) {
    const t = instantOf(today - d * DAY_MS + minutes * 60_000, timeZone);
    if (t <= at) return t;
  }
  throw new RangeError(`no digest time before ${at} in ${timeZone}`);
}

/** One section of a digest: a category's alerts, oldest first. */
export interface DigestGroup {
  category: IncidentCategory;
  alerts: Alert[];
}

const ORDER: readonly IncidentCategory[] = ['cyberattack', 'outage'];

/** Groups a digest's alerts by category (cyberattacks, then outages), oldest first in each; empty groups left out. */
export function groupDigest(alerts: readonly Alert[]): DigestGroup[] {
  return ORDER.map((category) => ({
    category,
    alerts: alerts
      .filter((a) => a.classification.category === category)
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)),
  })).filter((g) => g.alerts.length > 0);
}
