/**
 * When a scheduled report is due, on the data's clock (pure). During the trial period a nightly
 * interim report covers the period up to the last service day that is over; once the period's
 * last service day is over, the final report. Each is made once (report-schedule.service.ts).
 *
 * The clock is the data's, as for the absence alerts (alerts/absence-conditions.ts): the newest
 * sample of any coach, or the wall clock when the data is live. A replay races through the
 * days, so wall time says nothing there; and it ends on the last day's evening, so "the clock
 * passed midnight" would never come. A service day is therefore over when the clock is past its
 * service window (15 min after the timetable's last arrival), or past that last arrival with
 * every coach parked for the night (its newest event an ignition_off of that day).
 */
import { parisMidnightUtc } from '@app/domain';
import { serviceDates } from '@app/data';
import { SERVICE_MARGIN_MS, serviceWindowAt } from '../alerts/service-window';

export interface CoachClock {
  vehicleId: string;
  lastTs: number | null;
  lastEventType: string | null;
  lastEventTs: number | null;
}

export type DueReport = { kind: 'interim' | 'final'; from: string; to: string } | null;

/** The service window of a service date (null on a day without service). */
export function windowOf(date: string): { start: number; end: number } | null {
  return serviceWindowAt(parisMidnightUtc(date) + 12 * 3_600_000);
}

export function dayIsOver(date: string, clockMs: number, coaches: readonly CoachClock[]): boolean {
  const w = windowOf(date);
  if (!w) return clockMs >= parisMidnightUtc(date) + 24 * 3_600_000;
  if (clockMs >= w.end) return true;
  const lastArrival = w.end - SERVICE_MARGIN_MS;
  const parked =
    coaches.length > 0 && coaches.every((c) => c.lastEventType === 'ignition_off' && c.lastEventTs !== null && c.lastEventTs >= w.start);
  return clockMs >= lastArrival && parked;
}

/** The last service day of [from, to] that is over at `clockMs`, or null. */
export function lastDayOver(period: { from: string; to: string }, clockMs: number, coaches: readonly CoachClock[]): string | null {
  const dates = serviceDates(period.from, period.to);
  for (let i = dates.length - 1; i >= 0; i--) if (dayIsOver(dates[i], clockMs, coaches)) return dates[i];
  return null;
}

/** The report the schedule owes at `clockMs` (before checking what is already stored). */
export function dueReport(period: { from: string; to: string }, clockMs: number | null, coaches: readonly CoachClock[]): DueReport {
  if (clockMs === null) return null;
  const last = lastDayOver(period, clockMs, coaches);
  if (!last) return null;
  const dates = serviceDates(period.from, period.to);
  if (last === dates[dates.length - 1]) return { kind: 'final', from: period.from, to: period.to };
  return { kind: 'interim', from: period.from, to: last };
}
