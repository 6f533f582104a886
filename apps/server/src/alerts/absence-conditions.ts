/**
 * The rules about absence, judged on a schedule: a coach offline during service, a device that
 * should be sending and is not (the coach's tablet, its unit's vibration audit windows). Pure given
 * what the database says of each vehicle and the data's clock.
 *
 * Silence is how far the data's clock has moved on since a source was last heard from: as each
 * batch or rating is judged, its sources are stamped with the data's clock of that moment
 * (alert_heard: the batch's newest time; for ratings, the newest stamp), and the clock is the
 * newest stamp (dataClockOf). Measured on a one-day replay with faults, this is the only measure that holds:
 *  - comparing data timestamps across streams does not: the two coaches' committed data drifted
 *    up to 100 data-minutes apart, and a unit's audit windows hours behind its own telemetry, from
 *    nothing but the replay's transport backlogs (a coach whose data keeps arriving is not offline);
 *  - wall time × replay speed does not either: the data arrives in bursts (an hour of data in under
 *    a second after a backlog), and a few seconds' stall of the whole replay would read as an hour
 *    of silence of every coach, although no data time passed.
 * When the data is live, the data's clock is the wall clock (so a fleet falling silent all at
 * once is still seen), and silence is wall time. Silence counts at most from the start of the
 * day's service (a coach parked overnight is not offline before service begins).
 */
import type { Observation } from '@app/domain';
import type { ConditionInput } from './alert-engine';
import type { VehicleActivityRow } from './alerts.repository';
import { inServiceAt } from './service-window';

/** Newest data less than this behind the wall clock is live: the wall clock is then the clock. */
export const LIVE_LAG_MS = 24 * 3_600_000;
/** A coach not heard from for longer than this (data minutes) is not sending: its devices are then the offline rule's business. */
export const COACH_SENDING_MIN = 2;

/**
 * The data's clock as the alerts have seen it: the newest time any coach was heard at. The stamps
 * are written as the alerts judge each batch, so the clock and the silences move together, and an
 * evaluation running behind the ingest delays the absence rules instead of making everyone look
 * silent. Before any stamp: the newest sample.
 */
export function dataClockOf(activity: readonly VehicleActivityRow[]): number | null {
  let heard: number | null = null;
  let sample: number | null = null;
  for (const a of activity) {
    if (a.heard_coach) heard = Math.max(heard ?? -Infinity, a.heard_coach.getTime());
    if (a.last_ts) sample = Math.max(sample ?? -Infinity, a.last_ts.getTime());
  }
  return heard ?? sample;
}

export function absenceClock(nowMs: number, dataClockMs: number | null): number | null {
  if (dataClockMs === null) return null;
  return nowMs - dataClockMs < LIVE_LAG_MS ? Math.max(nowMs, dataClockMs) : dataClockMs;
}

const ms = (d: Date | null): number | null => (d ? d.getTime() : null);
/** Heard from at `heard` (data ms), or, never stamped yet, at its own newest data time. */
const lastHeard = (heard: Date | null, fallback: Date | null): number | null => ms(heard) ?? ms(fallback);
const minutesSince = (fromMs: number | null, clockMs: number): number =>
  fromMs === null ? Infinity : Math.max(0, clockMs - fromMs) / 60_000;

/** Parked: its latest event is an `ignition_off` of today's service (end of its block, the night's refuel run). */
const parkedToday = (a: VehicleActivityRow, serviceStart: number): boolean =>
  a.last_event_type === 'ignition_off' && a.last_event_ts !== null && a.last_event_ts.getTime() >= serviceStart;

/** Minutes a coach has not been heard from during service; null when not in service or parked for the day. */
export function offlineMinutes(a: VehicleActivityRow, clockMs: number): number | null {
  const w = inServiceAt(clockMs);
  if (!w || parkedToday(a, w.start)) return null;
  return Math.min(minutesSince(lastHeard(a.heard_coach, a.last_ts), clockMs), (clockMs - w.start) / 60_000);
}

/** While the coach is in service and sending: minutes since its tablet and its audit stream were heard from; null otherwise. */
export function deviceSilence(a: VehicleActivityRow, clockMs: number): { tabletMin: number | null; auditMin: number | null } {
  const w = inServiceAt(clockMs);
  if (!w || parkedToday(a, w.start) || minutesSince(lastHeard(a.heard_coach, a.last_ts), clockMs) > COACH_SENDING_MIN)
    return { tabletMin: null, auditMin: null };
  const fromStart = (clockMs - w.start) / 60_000;
  return {
    tabletMin: Math.min(minutesSince(lastHeard(a.heard_tablet, a.last_rating_at), clockMs), fromStart),
    auditMin: Math.min(minutesSince(lastHeard(a.heard_audit, a.last_window_ts), clockMs), fromStart),
  };
}

/**
 * Conditions of one scheduled round, observed at the data's clock, or 1 ms after the last
 * observation when the clock has not moved (the stamps may have: every round judges, and these
 * rules have no durations). A vehicle that never sent a sample is not judged (never commissioned).
 */
export function absenceConditions(activity: readonly VehicleActivityRow[], clockMs: number): ConditionInput[] {
  const at = (afterTs: number | null) => (afterTs !== null && clockMs <= afterTs ? afterTs + 1 : clockMs);
  const inputs: ConditionInput[] = [];
  for (const a of activity) {
    if (a.last_ts === null) continue;
    const offline = { silentMin: offlineMinutes(a, clockMs) };
    const silent = deviceSilence(a, clockMs);
    inputs.push(
      {
        ruleId: 'vehicle_offline',
        vehicleId: a.vehicle_id,
        observe: (memory, _p, afterTs) => ({ memory, observations: [{ ts: at(afterTs), values: offline } satisfies Observation] }),
      },
      {
        ruleId: 'device_silent',
        vehicleId: a.vehicle_id,
        observe: (memory, _p, afterTs) => ({ memory, observations: [{ ts: at(afterTs), values: silent } satisfies Observation] }),
      },
    );
  }
  return inputs;
}
