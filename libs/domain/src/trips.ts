/**
 * Trips of a vehicle over one service day, from its events and telemetry: pairing trip_start /
 * trip_end, inferring trips from positions where events are missing (flagged), matching to the
 * line's GTFS trips, punctuality at timed stops, and the per-trip sums (kpi.ts).
 */
import { counterConsumption, detectRefuels, tankBasedConsumption } from './fuel';
import { accumulateSamples, emptySums, tankSeries, type AnalyticsSample, type KpiSums } from './kpi';

/** Service day and seconds after local midnight in Europe/Paris (stored UTC, shown local). */
const parisParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export function parisDate(tsMs: number): string {
  const p = Object.fromEntries(parisParts.formatToParts(new Date(tsMs)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

/** UTC epoch ms of local midnight (Europe/Paris) starting `date` (YYYY-MM-DD). */
export function parisMidnightUtc(date: string): number {
  const guess = Date.parse(`${date}T00:00:00Z`);
  // Offset is +1 h or +2 h: try both and keep the one that lands on local midnight of that date.
  for (const offsetH of [2, 1]) {
    const t = guess - offsetH * 3600_000;
    if (parisDate(t) === date && parisDate(t - 1) !== date) return t;
  }
  return guess - 3600_000;
}

export interface TripEventInput {
  ts: number;
  type: string;
  data: Record<string, unknown>;
}

export interface GtfsTripRef {
  tripId: string;
  direction: 0 | 1;
  /** Scheduled departures by stop, seconds after local midnight, in order. */
  stopTimes: ReadonlyArray<{ stopId: string; departureS: number }>;
}

export interface TripSegment {
  startTs: number;
  endTs: number;
  reportedTripId: string | null;
  direction: 0 | 1 | null;
  driverId: string | null;
  /** No trip_start/trip_end: found from positions. */
  inferred: boolean;
  /** trip_end missing: the trip was closed at the next trip_start or the last moving sample. */
  endInferred: boolean;
}

/**
 * trip_start … trip_end pairs. A start without an end closes at the next start (or at
 * `dayEndTs`), flagged; an end without a start is ignored (the start was lost: inference covers it).
 */
export function pairTripEvents(events: readonly TripEventInput[], dayEndTs: number): TripSegment[] {
  const sorted = events.filter((e) => e.type === 'trip_start' || e.type === 'trip_end').sort((a, b) => a.ts - b.ts);
  const out: TripSegment[] = [];
  let open: TripEventInput | null = null;
  const close = (endTs: number, endInferred: boolean) => {
    if (!open) return;
    const d = open.data;
    out.push({
      startTs: open.ts,
      endTs,
      inferred: false,
      endInferred,
      reportedTripId: typeof d.tripId === 'string' ? d.tripId : null,
      direction: d.direction === 0 || d.direction === 1 ? d.direction : null,
      driverId: typeof d.driverId === 'string' ? d.driverId : null,
    });
    open = null;
  };
  for (const e of sorted) {
    if (e.type === 'trip_start') {
      if (open) close(e.ts, true);
      open = e;
    } else if (open) {
      close(e.ts, false);
    }
  }
  if (open) close(dayEndTs, true);
  return out.filter((t) => t.endTs > t.startTs);
}

export interface Terminus {
  stopId: string;
  lat: number;
  lon: number;
  /** direction a trip leaving it runs in */ direction: 0 | 1;
}

const R = 6_371_000;
const rad = Math.PI / 180;
function distanceM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(a));
}

/**
 * Trips inferred from positions, outside the covered intervals: a run from the last sample at one
 * terminus to the first sample at another, covering at least minKm on the odometer.
 */
export function inferTripsFromPositions(
  samples: readonly Pick<AnalyticsSample, 'ts' | 'lat' | 'lon' | 'odometerKm'>[],
  termini: readonly Terminus[],
  covered: ReadonlyArray<{ startTs: number; endTs: number }>,
  options: { radiusM?: number; minKm?: number } = {},
): TripSegment[] {
  const radius = options.radiusM ?? 250;
  const minKm = options.minKm ?? 5;
  const isCovered = (ts: number) => covered.some((c) => ts >= c.startTs && ts <= c.endTs);
  const out: TripSegment[] = [];
  let lastAt: { terminus: Terminus; index: number } | null = null;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i];
    if (isCovered(s.ts)) {
      lastAt = null;
      continue;
    }
    if (s.lat === null || s.lon === null) continue;
    const t = termini.find((x) => distanceM(s.lat!, s.lon!, x.lat, x.lon) <= radius);
    if (!t) continue;
    if (lastAt && lastAt.terminus.stopId !== t.stopId) {
      const from = samples[lastAt.index];
      if (s.odometerKm - from.odometerKm >= minKm) {
        out.push({
          startTs: from.ts,
          endTs: s.ts,
          reportedTripId: null,
          direction: lastAt.terminus.direction,
          driverId: null,
          inferred: true,
          endInferred: true,
        });
      }
    }
    lastAt = { terminus: t, index: i };
  }
  return out;
}

export interface GtfsMatch {
  trip: GtfsTripRef | null;
  how: 'trip_id' | 'time' | 'none';
}

/** The GTFS trip a segment ran: by the id the driver picked, else the same direction's nearest departure within 30 min. */
export function matchGtfsTrip(segment: TripSegment, startLocalS: number, candidates: readonly GtfsTripRef[]): GtfsMatch {
  if (segment.reportedTripId) {
    const byId = candidates.find((c) => c.tripId === segment.reportedTripId);
    if (byId) return { trip: byId, how: 'trip_id' };
  }
  let best: GtfsTripRef | null = null;
  let bestDiff = 30 * 60;
  for (const c of candidates) {
    if (segment.direction !== null && c.direction !== segment.direction) continue;
    const diff = Math.abs(c.stopTimes[0].departureS - startLocalS);
    if (diff <= bestDiff) {
      best = c;
      bestDiff = diff;
    }
  }
  return best ? { trip: best, how: 'time' } : { trip: null, how: 'none' };
}

/** Departure from a timed stop counts on time from 1 min early to 5 min late (common French practice; assumed). */
const ON_TIME_WINDOW_S = [-60, 300] as const;

export interface Punctuality {
  scheduled: number;
  served: number;
  delaysS: number[];
  onTime: number;
}

/**
 * Punctuality from stop_departure events (stop_arrival when a departure is missing), against the
 * GTFS departures. A stop is served when the vehicle reported it.
 */
export function punctuality(stopEvents: readonly TripEventInput[], trip: GtfsTripRef, localMidnightTs: number): Punctuality {
  const byStop = new Map<string, number>();
  for (const e of stopEvents) {
    const stopId = e.data.stopId;
    if (typeof stopId !== 'string') continue;
    if (e.type === 'stop_departure' || !byStop.has(stopId)) byStop.set(stopId, e.ts);
  }
  const delaysS: number[] = [];
  let onTime = 0;
  for (const st of trip.stopTimes) {
    const ts = byStop.get(st.stopId);
    if (ts === undefined) continue;
    const delay = (ts - localMidnightTs) / 1000 - st.departureS;
    delaysS.push(delay);
    if (delay >= ON_TIME_WINDOW_S[0] && delay <= ON_TIME_WINDOW_S[1]) onTime++;
  }
  return { scheduled: trip.stopTimes.length, served: delaysS.length, delaysS, onTime };
}

/** Odometer distance over samples, robust to a glitch (never negative); GNSS path length as fallback. */
export function segmentDistance(samples: readonly Pick<AnalyticsSample, 'ts' | 'lat' | 'lon' | 'odometerKm'>[]): {
  odometerKm: number;
  gnssKm: number;
} {
  const odo = counterConsumption(
    samples.map((s) => ({ ts: s.ts, value: s.odometerKm })),
    { maxRatePerS: 0.05, noise: 0.01 },
  );
  let gnss = 0;
  let prev: { lat: number; lon: number } | null = null;
  for (const s of samples) {
    if (s.lat === null || s.lon === null) continue;
    if (prev) gnss += distanceM(prev.lat, prev.lon, s.lat, s.lon);
    prev = { lat: s.lat, lon: s.lon };
  }
  return { odometerKm: odo.consumed, gnssKm: gnss / 1000 };
}

/** Sums of one trip (or any span): telemetry seconds, distance, fuel from the counter, cross-checked by the tank (gas mass or diesel gauge). */
export function spanSums(samples: readonly AnalyticsSample[], startTs: number, endTs: number): KpiSums {
  const sums = accumulateSamples(samples, emptySums());
  sums.durationS = Math.max(0, (endTs - startTs) / 1000);
  const d = segmentDistance(samples);
  sums.distanceGnssKm = d.gnssKm;
  // Odometer when it moved at all; GNSS when the odometer is missing or stuck.
  sums.distanceKm = d.odometerKm > 0 || d.gnssKm < 0.5 ? d.odometerKm : d.gnssKm;
  const counter = samples.filter((s) => s.fuelCounter !== null).map((s) => ({ ts: s.ts, value: s.fuelCounter! }));
  sums.fuelUsed = counterConsumption(counter).consumed;
  const mass = tankSeries(samples);
  if (mass.length >= 10) {
    const tank = tankBasedConsumption(mass, detectRefuels(mass));
    sums.tankFuelUsed = tank;
    if (counter.length >= 2 && Math.abs(tank - sums.fuelUsed) > Math.max(3, 0.05 * sums.fuelUsed)) sums.fuelDisagreements = 1;
  }
  return sums;
}
