/**
 * When line 101 is in service: on a service day of the GTFS (libs/data), from 15 minutes before
 * the first departure to 15 minutes after the last arrival, local time (Europe/Paris is UTC+2
 * throughout June 2018: libs/data LOCAL_UTC_OFFSET_S). Outside the timetable's calendar there is
 * no service, so nothing is expected of a coach.
 */
import { buildTrips, LOCAL_UTC_OFFSET_S, serviceOn, type ServiceId } from '@app/data';

export const SERVICE_MARGIN_MS = 15 * 60_000;

let spans: Map<ServiceId, { firstS: number; lastS: number }> | null = null;

function spanOf(service: ServiceId): { firstS: number; lastS: number } | undefined {
  if (!spans) {
    spans = new Map();
    for (const t of buildTrips()) {
      const first = t.stopTimes[0].departureS;
      const last = t.stopTimes[t.stopTimes.length - 1].arrivalS;
      const s = spans.get(t.service);
      spans.set(t.service, { firstS: Math.min(s?.firstS ?? Infinity, first), lastS: Math.max(s?.lastS ?? -Infinity, last) });
    }
  }
  return spans.get(service);
}

/** The service window of the local day of `tsMs`, or null when that day has no service. */
export function serviceWindowAt(tsMs: number): { start: number; end: number } | null {
  const localDate = new Date(tsMs + LOCAL_UTC_OFFSET_S * 1000).toISOString().slice(0, 10);
  const service = serviceOn(localDate);
  const span = service ? spanOf(service) : undefined;
  if (!span) return null;
  const midnight = Date.parse(`${localDate}T00:00:00Z`) - LOCAL_UTC_OFFSET_S * 1000;
  return { start: midnight + span.firstS * 1000 - SERVICE_MARGIN_MS, end: midnight + span.lastS * 1000 + SERVICE_MARGIN_MS };
}

/** The window `tsMs` falls in, or null outside service. */
export function inServiceAt(tsMs: number): { start: number; end: number } | null {
  const w = serviceWindowAt(tsMs);
  return w && tsMs >= w.start && tsMs <= w.end ? w : null;
}
