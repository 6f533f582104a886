/**
 * One vehicle's service day, from raw inputs to rollup rows: trips (event-based, else inferred),
 * their sums, the day's sums, refuels reconciled with the pump, data quality and the sensor check.
 * Pure: the server fetches the inputs, calls this and stores the result.
 */
import { periodConsumption, reconcileRefuels, type ReconciledRefuel } from './fuel';
import { energyAveragedRms, weightedRmsPerSecond } from './iso2631';
import { accumulateSamples, emptySums, mergeSums, tankSeries, type AnalyticsSample, type KpiSums } from './kpi';
import {
  inferTripsFromPositions,
  matchGtfsTrip,
  pairTripEvents,
  parisMidnightUtc,
  punctuality,
  segmentDistance,
  spanSums,
  type GtfsTripRef,
  type Terminus,
  type TripEventInput,
  type TripSegment,
} from './trips';

export interface RawVibrationWindow {
  seq: number;
  ts: number;
  location: 'driverSeat' | 'floor';
  sampleRateHz: number;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  z: ArrayLike<number>;
}

export interface VehicleDayInput {
  vehicleId: string;
  date: string;
  /** The tank is read from the samples: gas mass (CNG) or gauge volume (diesel). */
  samples: readonly AnalyticsSample[];
  events: readonly TripEventInput[];
  gtfsTrips: readonly GtfsTripRef[];
  termini: readonly Terminus[];
  /** The day's audit windows to check against the unit's figures (those not checked yet). Default none. */
  auditWindows?: readonly RawVibrationWindow[];
  /**
   * Checks of the day's windows made in earlier rounds (a window is checked once, when its unit
   * figures are there): with the new ones they make the day's sensor-check counts. A window
   * checked again here counts once, with its new outcome.
   */
  earlierSensorChecks?: readonly EarlierSensorCheck[];
  /** Sensor-check tolerance on the energy-averaged aw of a window. Default 10 %. */
  sensorTolerance?: number;
  /** Telemetry gap: consecutive samples further apart than this. Default 5 s. */
  gapS?: number;
}

export interface TripResult extends TripSegment {
  tripKey: string;
  gtfsTripId: string | null;
  gtfsMatch: 'trip_id' | 'time' | 'none';
  scheduledDepartureTs: number | null;
  sums: KpiSums;
  delaysS: number[];
}

export interface SensorCheck {
  seq: number;
  ts: number;
  location: 'driverSeat' | 'floor';
  seconds: number;
  server: { awx: number; awy: number; awz: number };
  unit: { awx: number; awy: number; awz: number } | null;
  maxRelativeDifference: number | null;
  /** 0: window second k is the telemetry sample at ts + k s; 1: the one at ts + k + 1 s. */
  alignmentS: number;
  flagged: boolean;
}

export interface EarlierSensorCheck {
  seq: number;
  flagged: boolean;
}

export interface DataQuality {
  /** Seconds with telemetry inside trips / seconds of trips. */
  serviceSeconds: number;
  receivedServiceSeconds: number;
  receivedSeconds: number;
  coverage: number;
  gaps: number;
  gapSeconds: number;
  maxGapS: number;
  inferredTrips: number;
  tripsWithoutEnd: number;
  /** ts going backwards or repeating in seq order. */
  clockAnomalies: number;
  fuelCounterResets: number;
  fuelCounterGlitches: number;
  /** Audit windows of the day checked so far (this round's and earlier ones), and how many were flagged. */
  sensorChecks: number;
  sensorFlags: number;
}

export interface VehicleDayResult {
  trips: TripResult[];
  day: KpiSums;
  refuels: ReconciledRefuel[];
  quality: DataQuality;
  /** The checks of this round's audit windows (to store; earlier ones are stored already). */
  sensorChecks: SensorCheck[];
  fuelSource: 'counter' | 'tank' | 'none';
  fuelDisagreement: boolean;
}

const inRange = (samples: readonly AnalyticsSample[], a: number, b: number): AnalyticsSample[] => {
  // samples are ts-sorted: binary search the first index.
  let lo = 0,
    hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (samples[mid].ts < a) lo = mid + 1;
    else hi = mid;
  }
  const out: AnalyticsSample[] = [];
  for (let i = lo; i < samples.length && samples[i].ts <= b; i++) out.push(samples[i]);
  return out;
};

export function computeVehicleDay(input: VehicleDayInput): VehicleDayResult {
  const { samples, events } = input;
  const midnight = parisMidnightUtc(input.date);
  const dayEnd = midnight + 24 * 3600_000;
  const lastSampleTs = samples.length ? samples[samples.length - 1].ts : dayEnd;

  // Trips: from events, then inferred where no event covers the run.
  const fromEvents = pairTripEvents(events, Math.min(dayEnd, lastSampleTs));
  const inferred = inferTripsFromPositions(samples, input.termini, fromEvents);
  const segments = [...fromEvents, ...inferred].sort((a, b) => a.startTs - b.startTs);

  const stopEvents = events.filter((e) => e.type === 'stop_departure' || e.type === 'stop_arrival');
  const harsh = events.filter((e) => e.type.startsWith('harsh_'));
  const trips: TripResult[] = segments.map((seg) => {
    const span = inRange(samples, seg.startTs, seg.endTs);
    const sums = spanSums(span, seg.startTs, seg.endTs);
    sums.trips = 1;
    sums.inferredTrips = seg.inferred ? 1 : 0;
    const inTrip = (e: TripEventInput) => e.ts >= seg.startTs && e.ts <= seg.endTs;
    for (const e of harsh.filter(inTrip)) {
      if (e.type === 'harsh_brake') sums.harshBrake++;
      else if (e.type === 'harsh_accel') sums.harshAccel++;
      else sums.harshCorner++;
    }
    const tripStops = stopEvents.filter(inTrip);
    sums.passengersBoarded = tripStops.reduce(
      (s, e) => s + (e.type === 'stop_departure' && typeof e.data.boarded === 'number' ? e.data.boarded : 0),
      0,
    );
    const match = matchGtfsTrip(seg, (seg.startTs - midnight) / 1000, input.gtfsTrips);
    const direction = seg.direction ?? match.trip?.direction ?? null;
    let delaysS: number[] = [];
    if (match.trip) {
      const p = punctuality(tripStops, match.trip, midnight);
      sums.stopsScheduled = p.scheduled;
      sums.stopsServed = p.served;
      sums.delaySumS = p.delaysS.reduce((a, b) => a + b, 0);
      sums.delayN = p.delaysS.length;
      sums.onTimeN = p.onTime;
      delaysS = p.delaysS;
    }
    const id = seg.reportedTripId ?? match.trip?.tripId ?? 'unknown';
    return {
      ...seg,
      direction,
      tripKey: `${new Date(seg.startTs).toISOString()}|${id}`,
      gtfsTripId: match.trip?.tripId ?? null,
      gtfsMatch: match.how,
      scheduledDepartureTs: match.trip ? midnight + match.trip.stopTimes[0].departureS * 1000 : null,
      sums,
      delaysS,
    };
  });

  // Day: every sample of the day (in or out of trips), fuel over the whole day with refuels.
  const day = accumulateSamples(samples, emptySums());
  for (const t of trips) {
    const s = t.sums;
    day.trips += s.trips;
    day.inferredTrips += s.inferredTrips;
    day.stopsScheduled += s.stopsScheduled;
    day.stopsServed += s.stopsServed;
    day.delaySumS += s.delaySumS;
    day.delayN += s.delayN;
    day.onTimeN += s.onTimeN;
    day.passengersBoarded += s.passengersBoarded;
  }
  for (const e of harsh) {
    if (e.type === 'harsh_brake') day.harshBrake++;
    else if (e.type === 'harsh_accel') day.harshAccel++;
    else day.harshCorner++;
  }
  day.durationS = samples.length ? (lastSampleTs - samples[0].ts) / 1000 + 1 : 0;
  const whole = segmentDistance(samples);
  day.distanceKm = whole.odometerKm > 0 || whole.gnssKm < 0.5 ? whole.odometerKm : whole.gnssKm;
  day.distanceGnssKm = whole.gnssKm;

  const counter = samples.filter((s) => s.fuelCounter !== null).map((s) => ({ ts: s.ts, value: s.fuelCounter! }));
  const tank = tankSeries(samples);
  const period = periodConsumption(counter, tank);
  day.fuelUsed = period.consumed;
  day.tankFuelUsed = period.tankBased ?? 0;
  day.fuelDisagreements = period.disagreement ? 1 : 0;
  const keyed = events
    .filter((e) => e.type === 'refuel')
    .map((e) => ({
      ts: e.ts,
      amount: typeof e.data.addedKg === 'number' ? e.data.addedKg : typeof e.data.addedL === 'number' ? e.data.addedL : undefined,
      stationId: typeof e.data.stationId === 'string' ? e.data.stationId : undefined,
    }));
  // Rises of the tank (gas mass, or diesel gauge) paired with the pump entries: a detected refuel
  // whose entry has no amount takes the measured one.
  const refuels = reconcileRefuels(period.refuels, keyed);
  // A pump entry without any rise in the tank is not a refuel (false or duplicate entry).
  const counted = refuels.filter((r) => r.status !== 'not_detected');
  day.refuels = counted.length;
  day.refuelAmount = counted.reduce((s, r) => s + r.amount, 0);

  // Data quality.
  const gapS = input.gapS ?? 5;
  let gaps = 0,
    gapSeconds = 0,
    maxGap = 0,
    clock = 0;
  for (let i = 1; i < samples.length; i++) {
    const dt = (samples[i].ts - samples[i - 1].ts) / 1000;
    if (dt <= 0) clock++;
    if (dt > gapS) {
      gaps++;
      gapSeconds += dt - 1;
      maxGap = Math.max(maxGap, dt);
    }
  }
  const serviceSeconds = trips.reduce((s, t) => s + t.sums.durationS, 0);
  const receivedServiceSeconds = trips.reduce((s, t) => s + t.sums.samples, 0);
  const counterCheck = period.counter;

  const sensorChecks = (input.auditWindows ?? []).map((w) => checkSensor(w, samples, input.sensorTolerance ?? 0.1));
  const checkedNow = new Set(sensorChecks.map((c) => c.seq));
  const earlier = (input.earlierSensorChecks ?? []).filter((c) => !checkedNow.has(c.seq));

  return {
    trips,
    day,
    refuels,
    sensorChecks,
    fuelSource: period.source,
    fuelDisagreement: period.disagreement,
    quality: {
      serviceSeconds,
      receivedServiceSeconds,
      receivedSeconds: samples.length,
      coverage: serviceSeconds > 0 ? Math.min(1, receivedServiceSeconds / serviceSeconds) : samples.length ? 1 : 0,
      gaps,
      gapSeconds,
      maxGapS: maxGap,
      inferredTrips: trips.filter((t) => t.inferred).length,
      tripsWithoutEnd: trips.filter((t) => !t.inferred && t.endInferred).length,
      clockAnomalies: clock,
      fuelCounterResets: counterCheck?.resets ?? 0,
      fuelCounterGlitches: counterCheck?.glitches ?? 0,
      sensorChecks: sensorChecks.length + earlier.length,
      sensorFlags: sensorChecks.filter((c) => c.flagged).length + earlier.filter((c) => c.flagged).length,
    },
  };
}

/**
 * The server's own ISO 2631-1 weighting of a raw window (Wd on x, y; Wk on z) against the unit's
 * reported 1-s aw for the same seconds, both energy-averaged over the window. The first two
 * seconds are left out on both sides: the 0.4 Hz high-pass has not settled there.
 */
export function checkSensor(w: RawVibrationWindow, samples: readonly AnalyticsSample[], tolerance: number): SensorCheck {
  const fs = w.sampleRateHz;
  const skip = Math.min(2, Math.floor(w.x.length / fs) - 1);
  const per = (data: ArrayLike<number>, kind: 'Wk' | 'Wd') => weightedRmsPerSecond(data, kind, fs).slice(Math.max(0, skip));
  const sx = per(w.x, 'Wd'),
    sy = per(w.y, 'Wd'),
    sz = per(w.z, 'Wk');
  const seconds = sz.length;
  const server = { awx: energyAveragedRms(sx), awy: energyAveragedRms(sy), awz: energyAveragedRms(sz) };
  const pick = (s: AnalyticsSample) => (w.location === 'driverSeat' ? s.seat : s.floor);
  // Which telemetry second holds window second k? The contract reads both ways (a sample's aw is
  // "over the last second"; a window's ts is its first sample), units differ by one: try both
  // and keep the better, so a one-second stamping convention is not taken for a sensor fault.
  let best: { unit: SensorCheck['unit']; maxRel: number | null; offsetS: number } = { unit: null, maxRel: null, offsetS: 0 };
  for (const offsetS of [0, 1]) {
    const from = w.ts + (Math.max(0, skip) + offsetS) * 1000;
    const unitSamples = inRange(samples, from, from + (seconds - 1) * 1000);
    if (!unitSamples.length) continue;
    const unit = {
      awx: energyAveragedRms(unitSamples.map((s) => pick(s).awx)),
      awy: energyAveragedRms(unitSamples.map((s) => pick(s).awy)),
      awz: energyAveragedRms(unitSamples.map((s) => pick(s).awz)),
    };
    let maxRel = 0;
    for (const k of ['awx', 'awy', 'awz'] as const) {
      // Relative to the larger of the two, with a floor so near-zero axes do not flag on noise.
      const ref = Math.max(server[k], unit[k], 0.02);
      maxRel = Math.max(maxRel, Math.abs(server[k] - unit[k]) / ref);
    }
    if (best.maxRel === null || maxRel < best.maxRel) best = { unit, maxRel, offsetS };
  }
  const { unit, maxRel } = best;
  return {
    seq: w.seq,
    ts: w.ts,
    location: w.location,
    seconds,
    server,
    unit,
    maxRelativeDifference: maxRel,
    alignmentS: best.offsetS,
    flagged: maxRel !== null && maxRel > tolerance,
  };
}

/** Sums of a set of trips (any grouping), merged. */
export function mergeTripSums(rows: ReadonlyArray<{ sums: Partial<KpiSums> }>): KpiSums {
  return rows.reduce((acc, r) => mergeSums(acc, r.sums), emptySums());
}
