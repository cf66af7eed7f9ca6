import { describe, expect, it } from 'vitest';
import { groupDigest, isValidTimeZone, nextDigestAt, parseDigestTime, previousDigestAt } from '../../src/core/digest.js';
import type { Alert, Classification } from '../../src/core/types.js';

const utc = (iso: string): number => Date.parse(iso);

describe('nextDigestAt', () => {
  it('gives today 08:00 Paris time in winter (UTC+1) when it is still ahead', () => {
    expect(nextDigestAt('08:00', 'Europe/Paris', utc('2025-01-15T05:00:00Z'))).toBe(utc('2025-01-15T07:00:00Z'));
  });

  it('gives tomorrow once today’s time has passed, and never `now` itself', () => {
    expect(nextDigestAt('08:00', 'Europe/Paris', utc('2025-01-15T07:00:00Z'))).toBe(utc('2025-01-16T07:00:00Z'));
    expect(nextDigestAt('08:00', 'Europe/Paris', utc('2025-07-15T09:00:00Z'))).toBe(utc('2025-07-16T06:00:00Z'));
  });

  it('follows the spring change (last Sunday of March): 08:00 is 07:00 UTC on Saturday, 06:00 UTC on Sunday', () => {
    const saturday = utc('2025-03-29T12:00:00Z');
    expect(nextDigestAt('08:00', 'Europe/Paris', utc('2025-03-29T05:00:00Z'))).toBe(utc('2025-03-29T07:00:00Z'));
    expect(nextDigestAt('08:00', 'Europe/Paris', saturday)).toBe(utc('2025-03-30T06:00:00Z'));
    expect(nextDigestAt('08:00', 'Europe/Brussels', saturday)).toBe(utc('2025-03-30T06:00:00Z'));
  });

  it('follows the autumn change (last Sunday of October): 08:00 is 06:00 UTC on Saturday, 07:00 UTC on Sunday', () => {
    expect(nextDigestAt('08:00', 'Europe/Paris', utc('2025-10-25T05:00:00Z'))).toBe(utc('2025-10-25T06:00:00Z'));
    expect(nextDigestAt('08:00', 'Europe/Brussels', utc('2025-10-25T12:00:00Z'))).toBe(utc('2025-10-26T07:00:00Z'));
  });

  it('moves a time skipped by the spring change forward by the gap (02:30 → 03:30 CEST)', () => {
    expect(nextDigestAt('02:30', 'Europe/Paris', utc('2025-03-29T12:00:00Z'))).toBe(utc('2025-03-30T01:30:00Z'));
  });

  it('sends a time repeated by the autumn change once, at its first occurrence', () => {
    const first = nextDigestAt('02:30', 'Europe/Paris', utc('2025-10-25T12:00:00Z'));
    expect(first).toBe(utc('2025-10-26T00:30:00Z'));
    expect(nextDigestAt('02:30', 'Europe/Paris', first)).toBe(utc('2025-10-27T01:30:00Z'));
  });

  it('handles midnight and zones far from UTC', () => {
    expect(nextDigestAt('00:00', 'Europe/Paris', utc('2025-06-01T21:00:00Z'))).toBe(utc('2025-06-01T22:00:00Z'));
    expect(nextDigestAt('09:00', 'Asia/Kolkata', utc('2025-06-01T00:00:00Z'))).toBe(utc('2025-06-01T03:30:00Z'));
  });

  it('throws on a malformed time or an unknown zone', () => {
    expect(() => nextDigestAt('25:00', 'Europe/Paris', 0)).toThrow(RangeError);
    expect(() => nextDigestAt('08:00', 'Europe/Pariss', 0)).toThrow(/time zone/);
  });
});

describe('previousDigestAt', () => {
  it('gives the start of the digest’s day, across the spring change', () => {
    expect(previousDigestAt('08:00', 'Europe/Paris', utc('2025-03-30T06:00:00Z'))).toBe(utc('2025-03-30T06:00:00Z'));
    expect(previousDigestAt('08:00', 'Europe/Paris', utc('2025-03-30T05:59:00Z'))).toBe(utc('2025-03-29T07:00:00Z'));
  });
});

describe('time zone and time validation', () => {
  it('accepts IANA zones and rejects unknown, empty or oversized ones', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Europe/Brussels')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone(`Europe/${'x'.repeat(100)}`)).toBe(false);
  });

  it('parses HH:MM into minutes after midnight', () => {
    expect(parseDigestTime('08:00')).toBe(480);
    expect(parseDigestTime('7:05')).toBe(425);
    expect(parseDigestTime('23:59')).toBe(1439);
    expect(parseDigestTime('24:00')).toBeUndefined();
    expect(parseDigestTime('08h00')).toBeUndefined();
  });
});

describe('groupDigest', () => {
  const alert = (id: string, category: Classification['category'], createdAt: number): Alert => ({
    id, createdAt, summary: '', sources: [],
    item: { id, feedId: 'f', source: 's', title: id, summary: '', categories: [] },
    classification: { category, score: 1, subtype: null, cause: null, severity: 1, evidence: [], entities: { actors: [] } },
  });

  it('lists cyberattacks then outages, oldest first in each, without empty groups', () => {
    const groups = groupDigest([alert('o2', 'outage', 30), alert('c1', 'cyberattack', 20), alert('o1', 'outage', 10), alert('c0', 'cyberattack', 5)]);
    expect(groups.map((g) => [g.category, g.alerts.map((a) => a.id)])).toEqual([
      ['cyberattack', ['c0', 'c1']],
      ['outage', ['o1', 'o2']],
    ]);
    expect(groupDigest([alert('o1', 'outage', 1)]).map((g) => g.category)).toEqual(['outage']);
    expect(groupDigest([])).toEqual([]);
  });
});
