import { describe, expect, it } from 'vitest';
import { absenceClock, deviceSilence, LIVE_LAG_MS, offlineMinutes } from './absence-conditions';
import { inServiceAt, serviceWindowAt } from './service-window';

const ms = (iso: string) => Date.parse(iso);

describe('service window (GTFS of line 101, Europe/Paris = UTC+2 in June 2018)', () => {
  it('spans the day’s first departure − 15 min to its last arrival + 15 min, on service days only', () => {
    const w = serviceWindowAt(ms('2018-06-11T09:00:00Z'))!;
    // Weekday blocks start at 06:05 local (04:05 UTC).
    expect(new Date(w.start).toISOString()).toBe('2018-06-11T03:50:00.000Z');
    expect(w.end).toBeGreaterThan(ms('2018-06-11T17:00:00Z'));
    expect(w.end).toBeLessThan(ms('2018-06-11T22:00:00Z'));
    expect(serviceWindowAt(ms('2018-06-10T09:00:00Z'))).toBeNull(); // Sunday
    expect(serviceWindowAt(ms('2026-06-11T09:00:00Z'))).toBeNull(); // outside the trial's calendar
    expect(inServiceAt(ms('2018-06-11T02:00:00Z'))).toBeNull();
  });
});

describe('absence rules', () => {
  it('use the data’s clock during a replay, the wall clock when the data is live', () => {
    const now = ms('2026-12-01T10:00:00Z');
    expect(absenceClock(now, ms('2018-06-11T09:00:00Z'))).toBe(ms('2018-06-11T09:00:00Z'));
    expect(absenceClock(now, now - 60_000)).toBe(now);
    expect(absenceClock(now, now - LIVE_LAG_MS - 1)).toBe(now - LIVE_LAG_MS - 1);
    expect(absenceClock(now, null)).toBeNull();
  });

  it('count a coach’s silence from its last sample, or from the start of service when it was last heard the day before', () => {
    expect(offlineMinutes(ms('2018-06-11T08:50:00Z'), ms('2018-06-11T09:02:00Z'))).toBe(12);
    expect(offlineMinutes(ms('2018-06-08T19:00:00Z'), ms('2018-06-11T04:00:00Z'))).toBe(10);
    expect(offlineMinutes(ms('2018-06-11T08:50:00Z'), ms('2018-06-11T23:30:00Z'))).toBeNull();
  });

  it('judge a device’s silence at the coach’s latest sample, from the start of the day’s service', () => {
    const last = ms('2018-06-11T09:00:00Z');
    expect(deviceSilence(last, ms('2018-06-11T08:00:00Z'), ms('2018-06-11T08:55:00Z'))).toEqual({ tabletMin: 60, auditMin: 5 });
    expect(deviceSilence(last, null, ms('2018-06-10T18:00:00Z'))).toEqual({ tabletMin: 310, auditMin: 310 });
    expect(deviceSilence(ms('2018-06-10T09:00:00Z'), null, null)).toEqual({ tabletMin: null, auditMin: null });
  });
});
