import { describe, expect, it } from 'vitest';
import { absenceClock, deviceSilence, LIVE_LAG_MS, offlineMinutes } from './absence-conditions';
import type { VehicleActivityRow } from './alerts.repository';
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

  const coach = (over: Partial<VehicleActivityRow> = {}): VehicleActivityRow => ({
    vehicle_id: 'DSL-01',
    last_ts: new Date('2018-06-11T08:20:00Z'),
    last_event_type: 'stop_arrival',
    last_event_ts: new Date('2018-06-11T08:19:00Z'),
    last_window_ts: new Date('2018-06-11T07:00:00Z'),
    last_rating_at: new Date('2018-06-11T06:00:00Z'),
    heard_coach: new Date('2018-06-11T08:50:00Z'),
    heard_tablet: new Date('2018-06-11T08:00:00Z'),
    heard_audit: new Date('2018-06-11T08:55:00Z'),
    ...over,
  });

  it('count a coach’s silence from when it was last heard on the data’s clock (not from its own, possibly lagging, data), at most since service began', () => {
    expect(offlineMinutes(coach(), ms('2018-06-11T09:02:00Z'))).toBe(12);
    // Its own samples are 40 min behind the fleet's, but it keeps arriving: not offline.
    expect(offlineMinutes(coach({ heard_coach: new Date('2018-06-11T09:01:50Z') }), ms('2018-06-11T09:02:00Z'))).toBeLessThan(1);
    // Never stamped yet: its own newest sample.
    expect(offlineMinutes(coach({ heard_coach: null }), ms('2018-06-11T08:30:00Z'))).toBe(10);
    // Heard from last night: silent since service began (03:50 UTC).
    expect(offlineMinutes(coach({ heard_coach: new Date('2018-06-10T18:00:00Z') }), ms('2018-06-11T04:00:00Z'))).toBe(10);
    // Parked for the day (its block is over), or outside service: not judged.
    expect(
      offlineMinutes(
        coach({ last_event_type: 'ignition_off', last_event_ts: new Date('2018-06-11T16:05:00Z') }),
        ms('2018-06-11T17:00:00Z'),
      ),
    ).toBeNull();
    expect(offlineMinutes(coach(), ms('2018-06-11T23:30:00Z'))).toBeNull();
  });

  it('judge a device’s silence only while its coach is sending', () => {
    const sending = coach({ heard_coach: new Date('2018-06-11T09:00:00Z') });
    expect(deviceSilence(sending, ms('2018-06-11T09:00:00Z'))).toEqual({ tabletMin: 60, auditMin: 5 });
    expect(deviceSilence({ ...sending, heard_tablet: null, last_rating_at: null }, ms('2018-06-11T09:00:00Z')).tabletMin).toBe(310);
    expect(deviceSilence({ ...sending, heard_tablet: null }, ms('2018-06-11T09:00:00Z')).tabletMin).toBe(180);
    expect(deviceSilence(coach(), ms('2018-06-11T09:00:00Z'))).toEqual({ tabletMin: null, auditMin: null });
    expect(deviceSilence(sending, ms('2018-06-10T09:00:00Z'))).toEqual({ tabletMin: null, auditMin: null });
  });
});
