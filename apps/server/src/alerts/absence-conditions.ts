/**
 * The rules about absence, judged on a schedule: a coach offline during service, a device that
 * should be sending and is not (the coach's tablet, its unit's vibration audit windows). Pure given
 * what the database says each vehicle last sent and the clock.
 *
 * The clock: the data's own, the newest sample of the fleet, while the data is a replay (the trial
 * replays 2018 at high speed: against the wall clock every coach would be years offline); the wall
 * clock when the newest data is recent (less than LIVE_LAG_MS old), so that a fleet falling silent
 * all at once is still seen offline.
 */
import { minutesBetween, type Observation } from '@app/domain';
import type { ConditionInput } from './alert-engine';
import type { VehicleActivityRow } from './alerts.repository';
import { inServiceAt } from './service-window';

export const LIVE_LAG_MS = 24 * 3_600_000;

export function absenceClock(nowMs: number, dataClockMs: number | null): number | null {
  if (dataClockMs === null) return null;
  return nowMs - dataClockMs < LIVE_LAG_MS ? Math.max(nowMs, dataClockMs) : dataClockMs;
}

const ms = (d: Date | null): number | null => (d ? d.getTime() : null);

/** Minutes of silence at `clockMs` of a vehicle last heard at `lastTs`, counted from the start of the day's service; null outside service. */
export function offlineMinutes(lastTs: number, clockMs: number): number | null {
  const w = inServiceAt(clockMs);
  return w ? minutesBetween(Math.max(lastTs, w.start), clockMs) : null;
}

/**
 * At the vehicle's latest sample: minutes since its tablet's latest answer and since its unit's
 * latest audit window, each counted from the start of the day's service (a coach parked overnight
 * is not stale in the morning); null outside service.
 */
export function deviceSilence(lastTs: number, lastRating: number | null, lastWindow: number | null): { tabletMin: number | null; auditMin: number | null } {
  const w = inServiceAt(lastTs);
  if (!w) return { tabletMin: null, auditMin: null };
  return {
    tabletMin: minutesBetween(Math.max(lastRating ?? -Infinity, w.start), lastTs),
    auditMin: minutesBetween(Math.max(lastWindow ?? -Infinity, w.start), lastTs),
  };
}

/** Conditions of one scheduled round; a vehicle that never sent anything is not judged (never commissioned). */
export function absenceConditions(activity: readonly VehicleActivityRow[], clockMs: number): ConditionInput[] {
  const inputs: ConditionInput[] = [];
  for (const a of activity) {
    const lastTs = ms(a.last_ts);
    if (lastTs === null) continue;
    const offline: Observation = { ts: clockMs, values: { silentMin: offlineMinutes(lastTs, clockMs) } };
    const silent: Observation = { ts: lastTs, values: deviceSilence(lastTs, ms(a.last_rating_at), ms(a.last_window_ts)) };
    inputs.push(
      { ruleId: 'vehicle_offline', vehicleId: a.vehicle_id, observe: (memory) => ({ memory, observations: [offline] }) },
      { ruleId: 'device_silent', vehicleId: a.vehicle_id, observe: (memory) => ({ memory, observations: [silent] }) },
    );
  }
  return inputs;
}
