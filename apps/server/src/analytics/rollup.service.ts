/**
 * The rollup rules: which vehicle-days to (re)compute, one runner at a time, and how a day goes
 * from raw rows to rollup rows. The physics and statistics are libs/domain's computeVehicleDay;
 * this service fetches its inputs and stores its output.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  computeVehicleDay,
  dieselLitresFromGauge,
  mergeTripSums,
  parisMidnightUtc,
  tankGasMassKg,
  type AnalyticsSample,
  type VehicleDayResult,
} from '@app/domain';
import { RUNTIME, type Runtime } from '../runtime';
import { withSessionAdvisoryLock, type LockOutcome } from '../common/advisory-lock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { gtfsTripsOn, lineTermini, tankGeometry, type TankGeometry } from './line';
import { RollupThrottle } from './rollup-throttle';
import { RollupRepository, type DirtyDay, type TelemetryRow } from './rollup.repository';

export const ROLLUP_LOCK = 'analytics-rollup';
/** The advisory lock key of one vehicle-day's rollup: the rollup runners and the retention take the same one. */
export const rollupDayLockKey = (vehicleId: string, serviceDate: string): string => `${ROLLUP_LOCK}:${vehicleId}|${serviceDate}`;

export interface DayRun {
  vehicleId: string;
  date: string;
  /** Whole vehicle-day, of which readMs reading its inputs and computeMs computing it (the first time, with the check of its audit windows). */
  ms: number;
  readMs: number;
  computeMs: number;
  /** Audit windows checked this time (each is checked once). */
  windows: number;
  trips: number;
  samples: number;
}
export interface RoundResult {
  ran: boolean;
  days: DayRun[];
  remaining: boolean;
}

/** Series buckets are rewritten two hours at a time (a multiple of BUCKET_S: slices never split a bucket). */
const SERIES_SLICE_MS = 2 * 3600_000;

@Injectable()
export class RollupService {
  private readonly logger = new Logger(RollupService.name);
  private running: Promise<RoundResult> | null = null;
  /** Which dirty days the scheduled round computes now (a day still being ingested waits). */
  private readonly throttle: RollupThrottle;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: RollupRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RUNTIME) private readonly runtime: Runtime,
  ) {
    this.throttle = new RollupThrottle(config.ANALYTICS_ROLLUP_MIN_REPEAT_MS);
  }

  /**
   * One round: recompute the vehicle-days whose inputs changed since their rollup (late data and
   * replays included), up to the batch size. Each vehicle-day is computed under its own lock
   * (dayLock), so several scheduler processes share a round's days and one that dies holds none
   * after its connection closes; inside a process, a second caller joins the round in progress.
   * `ran` is false only when every day tried was locked by another process.
   */
  async runDirty(limit = this.config.ANALYTICS_ROLLUP_BATCH, { throttle = false } = {}): Promise<RoundResult> {
    this.running ??= (async (): Promise<RoundResult> => {
      const now = Date.now();
      const key = (d: DirtyDay) => `${d.vehicle_id}|${d.service_date}`;
      const listed = await this.repository.dirtyDays(this.dataSource, limit + this.throttle.size + 1);
      if (throttle) this.throttle.keepOnly(new Set(listed.map(key)));
      const dirty = throttle ? listed.filter((d) => this.throttle.due(key(d), d.signature, now)) : listed;
      const days: DayRun[] = [];
      let settled = 0;
      let lockedElsewhere = 0;
      for (const d of dirty) {
        if (days.length >= limit) break;
        const outcome = await this.withDayLock(d, async () =>
          // Another runner may have finished it since the list was read: then there is nothing to do.
          (await this.repository.storedSignature(this.dataSource, d.vehicle_id, d.service_date)) === d.signature
            ? null
            : this.computeDay(d),
        );
        if (!outcome.ran) {
          lockedElsewhere++;
          continue;
        }
        settled++;
        if (outcome.result) days.push(outcome.result);
        this.throttle.computed(key(d), Date.now());
      }
      return { ran: lockedElsewhere === 0 || settled > 0, days, remaining: dirty.length > settled };
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Recomputes until nothing is dirty (tests, the admin endpoint, benchmarks). */
  async runUntilClean(maxRounds = 1000): Promise<DayRun[]> {
    const all: DayRun[] = [];
    for (let i = 0; i < maxRounds; i++) {
      const r = await this.runDirty();
      all.push(...r.days);
      if (r.ran && !r.remaining) break;
      // Days another process is computing: wait for it rather than spin.
      if (!r.ran || r.days.length === 0) await new Promise((res) => setTimeout(res, 200));
    }
    return all;
  }

  /**
   * Recomputes given days whatever their state (a changed method, a forced rebuild). A day locked
   * by another runner is being recomputed right now, by the same code, and is left to it.
   */
  async recompute(vehicleId: string | null, from: string, to: string): Promise<DayRun[]> {
    const days = await this.repository.signatures(this.dataSource, vehicleId, from, to);
    const runs: DayRun[] = [];
    for (const d of days) {
      const outcome = await this.withDayLock(d, () => this.computeDay(d));
      if (outcome.ran) runs.push(outcome.result);
    }
    return runs;
  }

  /** One runner per vehicle-day across processes: its session lock (common/advisory-lock); on PGlite, the one process. */
  private withDayLock<T>(d: Pick<DirtyDay, 'vehicle_id' | 'service_date'>, work: () => Promise<T>): Promise<LockOutcome<T>> {
    return withSessionAdvisoryLock(this.dataSource, this.runtime.databaseKind, rollupDayLockKey(d.vehicle_id, d.service_date), work);
  }

  /**
   * One vehicle-day: read (outside any transaction, so ingest is never held up by the CPU work),
   * compute, then replace the day's rows in one short transaction.
   */
  async computeDay(d: DirtyDay): Promise<DayRun> {
    const started = performance.now();
    const from = new Date(parisMidnightUtc(d.service_date));
    const to = new Date(from.getTime() + 24 * 3600_000);
    // One after the other: PGlite multiplexes every connection onto one session, and interleaved
    // extended-protocol queries there have been seen to fail ("unnamed prepared statement does not exist").
    const rows = await this.repository.telemetry(this.dataSource, d.vehicle_id, from, to);
    const events = await this.repository.events(this.dataSource, d.vehicle_id, from, to);
    // Only the windows not checked yet (they never change once stored), and the earlier checks they join.
    const windows = await this.repository.uncheckedWindows(this.dataSource, d.vehicle_id, from, to);
    const earlierSensorChecks = await this.repository.sensorChecksOfDay(this.dataSource, d.vehicle_id, d.service_date);
    const lineId = await this.repository.lineOf(this.dataSource, d.vehicle_id);
    const readMs = performance.now() - started;
    const samples = toSamples(rows, tankGeometry(d.vehicle_id));
    const result = computeVehicleDay({
      vehicleId: d.vehicle_id,
      date: d.service_date,
      samples,
      events: events.map((e) => ({ ts: e.ts.getTime(), type: e.type, data: e.data })),
      gtfsTrips: gtfsTripsOn(d.service_date, lineId),
      termini: lineTermini(lineId),
      auditWindows: windows,
      earlierSensorChecks,
      sensorTolerance: this.config.ANALYTICS_SENSOR_TOLERANCE,
    });
    const odometers = result.refuels.map((r) => odometerNear(samples, r.ts));
    // Trips merged per direction (-1: direction unknown): the service-scope level of the pyramid.
    const service = [...new Set(result.trips.map((t) => t.direction ?? -1))].map((direction) => ({
      direction,
      sums: mergeTripSums(result.trips.filter((t) => (t.direction ?? -1) === direction)),
    }));
    const computeMs = performance.now() - started - readMs;
    // The buckets hold at least every row read above: the last one's instant (rows are in ts order).
    const seriesThrough = rows.length ? rows[rows.length - 1].ts : null;
    await this.refreshSeriesBuckets(d.vehicle_id, { from, to });
    await this.dataSource.transaction((m) =>
      this.repository.replaceDay(
        m,
        d.vehicle_id,
        d.service_date,
        result,
        odometers,
        d.signature,
        readMs + computeMs,
        service,
        seriesThrough,
      ),
    );
    const ms = performance.now() - started;
    this.logger.debug(
      `rollup ${d.vehicle_id} ${d.service_date}: ${samples.length} samples, ${result.trips.length} trips, ${windows.length} windows in ${ms.toFixed(0)} ms (read ${readMs.toFixed(0)}, compute ${computeMs.toFixed(0)}, write ${(ms - readMs - computeMs).toFixed(0)})`,
    );
    return {
      vehicleId: d.vehicle_id,
      date: d.service_date,
      ms,
      readMs,
      computeMs,
      windows: windows.length,
      trips: result.trips.length,
      samples: samples.length,
    };
  }

  /**
   * Rewrites a day's series buckets a slice at a time, each slice in its own short transaction. In
   * one statement over the day it held the embedded PGlite's one session for ~300 ms while a
   * tablet's answer waited (issue 8). A reader meanwhile sees, per slice, the old buckets or the
   * new ones: both complete up to the series_through it reads, which only moves with the day's
   * rollup row, written after this.
   */
  private async refreshSeriesBuckets(vehicleId: string, day: { from: Date; to: Date }): Promise<void> {
    for (let t = day.from.getTime(); t < day.to.getTime(); t += SERIES_SLICE_MS) {
      const range = { from: new Date(t), to: new Date(Math.min(t + SERIES_SLICE_MS, day.to.getTime())) };
      await this.dataSource.transaction((m) => this.repository.replaceSeriesBuckets(m, vehicleId, range));
    }
  }
}

function odometerNear(samples: readonly AnalyticsSample[], ts: number): number | null {
  let best: AnalyticsSample | null = null;
  for (const s of samples) {
    if (s.ts > ts) break;
    best = s;
  }
  return best?.odometerKm ?? samples[0]?.odometerKm ?? null;
}

/** Tank gas mass (kg) from pressure and temperature, memoised on the sensors' resolution. */
function massFunction(waterVolumeL: number): (p: number, t: number) => number {
  const cache = new Map<number, number>();
  return (p, t) => {
    const key = Math.round(p * 10) * 100_000 + Math.round((t + 100) * 10);
    let m = cache.get(key);
    if (m === undefined) {
      m = tankGasMassKg(Math.round(p * 10) / 10, Math.round(t * 10) / 10, waterVolumeL);
      cache.set(key, m);
    }
    return m;
  };
}

/**
 * Rows to domain samples, with the tank's content: the gas mass from pressure and temperature
 * (real-gas Z) for CNG, memoised on the sensors' resolution (0.1 bar, 0.1 °C: a day has ~60,000
 * rows but few distinct readings, and the equation of state costs microseconds each); the gauge's
 * volume for diesel.
 */
export function toSamples(rows: readonly TelemetryRow[], tank: TankGeometry): AnalyticsSample[] {
  const mass = massFunction(tank.waterVolumeL);
  return rows.map((r) => ({
    ts: r.ts.getTime(),
    lat: r.lat,
    lon: r.lon,
    speedKmh: r.speed_kmh,
    odometerKm: r.odometer_km,
    engineRpm: r.engine_rpm,
    passengers: r.passengers,
    fuelCounter: r.total_used_kg ?? r.total_used_l,
    tankMassKg: r.tank_pressure_bar !== null && r.tank_temp_c !== null ? mass(r.tank_pressure_bar, r.tank_temp_c) : null,
    tankLitres: r.fuel_type === 'diesel' ? dieselLitresFromGauge(r.fuel_level_pct, tank.dieselCapacityL) : null,
    ambientTempC: r.ambient_temp_c,
    cabinTempC: r.cabin_temp_c,
    cabinCo2Ppm: r.cabin_co2_ppm,
    cabinNoiseDbA: r.cabin_noise_dba,
    driverNoiseDbA: r.driver_noise_dba,
    seat: { awx: r.seat_awx, awy: r.seat_awy, awz: r.seat_awz },
    floor: { awx: r.floor_awx, awy: r.floor_awy, awz: r.floor_awz },
  }));
}

export type { VehicleDayResult };
