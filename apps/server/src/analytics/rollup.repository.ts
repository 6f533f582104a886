/**
 * SQL of the rollup job: reads raw telemetry/events/vibration for one vehicle-day, finds days
 * whose inputs changed, and replaces a day's rollup rows. Only queries; rules live in the service.
 * Every method takes the manager of the caller's transaction (PGlite: docs/sources.md#pglite-one-session).
 */
import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type {
  EarlierSensorCheck,
  KpiSums,
  RawVibrationWindow,
  ReconciledRefuel,
  SensorCheck,
  TripResult,
  VehicleDayResult,
} from '@app/domain';
import { BUCKET_S, bucketColumns, fillExpressions } from './series-buckets';

type Db = Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>;

export interface TelemetryRow {
  ts: Date;
  lat: number | null;
  lon: number | null;
  speed_kmh: number;
  odometer_km: number;
  engine_rpm: number;
  passengers: number;
  fuel_type: 'cng' | 'diesel';
  tank_pressure_bar: number | null;
  tank_temp_c: number | null;
  fuel_level_pct: number;
  total_used_kg: number | null;
  total_used_l: number | null;
  ambient_temp_c: number;
  cabin_temp_c: number;
  cabin_co2_ppm: number;
  cabin_noise_dba: number;
  driver_noise_dba: number;
  seat_awx: number;
  seat_awy: number;
  seat_awz: number;
  floor_awx: number;
  floor_awy: number;
  floor_awz: number;
}

export interface EventRow {
  ts: Date;
  type: string;
  data: Record<string, unknown>;
}
const parseFloats = (s: string | null): number[] => (s ? s.split(',').map(Number) : []);
export interface DirtyDay {
  vehicle_id: string;
  service_date: string;
  signature: string;
}

@Injectable()
export class RollupRepository {
  /**
   * Vehicle-days whose input signature differs from the one their rollup was computed from. A
   * UTC day of ingest_counter feeds the Paris service days it overlaps (the same date and the
   * next: Paris is ahead of UTC), so a change in either re-opens the day. A final day (its raw
   * month archived by the retention) is never re-opened: its raw rows are gone.
   */
  async dirtyDays(db: Db, limit: number): Promise<DirtyDay[]> {
    return db.query(
      `WITH c AS (
         SELECT vehicle_id, day, sum(n)::bigint AS n FROM ingest_counter WHERE outcome = 'stored' AND stream <> 'status' GROUP BY 1, 2
       ), s AS (
         SELECT c.vehicle_id, d.service_date, string_agg(c.day::text || ':' || c.n::text, ',' ORDER BY c.day) AS signature
         FROM c CROSS JOIN LATERAL (VALUES (c.day), (c.day + 1)) AS d(service_date)
         GROUP BY 1, 2
       )
       SELECT s.vehicle_id, to_char(s.service_date, 'YYYY-MM-DD') AS service_date, s.signature
       FROM s LEFT JOIN rollup_state r ON r.vehicle_id = s.vehicle_id AND r.service_date = s.service_date
       WHERE r.signature IS DISTINCT FROM s.signature AND r.final IS NOT TRUE
       ORDER BY s.service_date, s.vehicle_id
       LIMIT $1`,
      [limit],
    );
  }

  /** The signature a vehicle-day's stored rollup was computed from (null: never rolled up). */
  async storedSignature(db: Db, vehicleId: string, date: string): Promise<string | null> {
    const rows: Array<{ signature: string }> = await db.query(
      `SELECT signature FROM rollup_state WHERE vehicle_id = $1 AND service_date = $2`,
      [vehicleId, date],
    );
    return rows[0]?.signature ?? null;
  }

  /** Current signature of given days, to recompute on demand (forced) with a consistent state; final (archived) days are left out. */
  async signatures(db: Db, vehicleId: string | null, from: string, to: string): Promise<DirtyDay[]> {
    return db.query(
      `WITH c AS (
         SELECT vehicle_id, day, sum(n)::bigint AS n FROM ingest_counter WHERE outcome = 'stored' AND stream <> 'status'
           AND ($1::text IS NULL OR vehicle_id = $1) GROUP BY 1, 2
       )
       SELECT c.vehicle_id, to_char(d.service_date, 'YYYY-MM-DD') AS service_date,
              string_agg(c.day::text || ':' || c.n::text, ',' ORDER BY c.day) AS signature
       FROM c CROSS JOIN LATERAL (VALUES (c.day), (c.day + 1)) AS d(service_date)
       WHERE d.service_date BETWEEN $2::date AND $3::date
         AND NOT EXISTS (SELECT 1 FROM rollup_state f WHERE f.vehicle_id = c.vehicle_id AND f.service_date = d.service_date AND f.final)
       GROUP BY c.vehicle_id, d.service_date
       ORDER BY 2, 1`,
      [vehicleId, from, to],
    );
  }

  /** The line the vehicle runs (its trips are matched against that line's GTFS); '101' for an unknown vehicle. */
  async lineOf(db: Db, vehicleId: string): Promise<string> {
    const rows: Array<{ line_id: string }> = await db.query(`SELECT line_id FROM vehicle WHERE id = $1`, [vehicleId]);
    return rows[0]?.line_id ?? '101';
  }

  async telemetry(db: Db, vehicleId: string, from: Date, to: Date): Promise<TelemetryRow[]> {
    return db.query(
      `SELECT ts, lat, lon, speed_kmh, odometer_km, engine_rpm, passengers, fuel_type, tank_pressure_bar, tank_temp_c, fuel_level_pct,
              total_used_kg, total_used_l, ambient_temp_c, cabin_temp_c, cabin_co2_ppm, cabin_noise_dba, driver_noise_dba,
              seat_awx, seat_awy, seat_awz, floor_awx, floor_awy, floor_awz
       FROM telemetry WHERE vehicle_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts, seq`,
      [vehicleId, from, to],
    );
  }

  async events(db: Db, vehicleId: string, from: Date, to: Date): Promise<EventRow[]> {
    return db.query(`SELECT ts, type, data FROM event WHERE vehicle_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts, seq`, [
      vehicleId,
      from,
      to,
    ]);
  }

  /** The audit windows of a period not checked yet, in the domain's shape. */
  async uncheckedWindows(db: Db, vehicleId: string, from: Date, to: Date): Promise<RawVibrationWindow[]> {
    // Arrays as comma-separated text, split in JS: twice as fast as node-pg's real[] parser (measured).
    const rows: Array<{
      seq: string;
      ts: Date;
      location: 'driverSeat' | 'floor';
      sample_rate_hz: number;
      x: string;
      y: string;
      z: string;
    }> = await db.query(
      // Windows never change once stored: only those not yet checked against the unit's figures
      // (or checked before those figures arrived) are read again; 1.5 M floats a day otherwise.
      `SELECT seq, ts, location, sample_rate_hz, array_to_string(x, ',') AS x, array_to_string(y, ',') AS y, array_to_string(z, ',') AS z
       FROM vibration_window w
       WHERE vehicle_id = $1 AND ts >= $2 AND ts < $3
         AND NOT EXISTS (SELECT 1 FROM sensor_check c WHERE c.vehicle_id = w.vehicle_id AND c.seq = w.seq AND c.unit_awx IS NOT NULL)
       ORDER BY ts`,
      [vehicleId, from, to],
    );
    return rows.map((r) => ({
      seq: Number(r.seq),
      ts: r.ts.getTime(),
      location: r.location,
      sampleRateHz: r.sample_rate_hz,
      x: parseFloats(r.x),
      y: parseFloats(r.y),
      z: parseFloats(r.z),
    }));
  }

  /** The checks stored for a vehicle-day by earlier rounds. */
  async sensorChecksOfDay(db: Db, vehicleId: string, date: string): Promise<EarlierSensorCheck[]> {
    const rows: Array<{ seq: string; flagged: boolean }> = await db.query(
      `SELECT seq, flagged FROM sensor_check WHERE vehicle_id = $1 AND service_date = $2`,
      [vehicleId, date],
    );
    return rows.map((r) => ({ seq: Number(r.seq), flagged: r.flagged }));
  }

  /** Replaces everything computed for one vehicle-day, and records the signature it came from. */
  async replaceDay(
    db: Db,
    vehicleId: string,
    date: string,
    result: VehicleDayResult,
    refuelOdometers: Array<number | null>,
    signature: string,
    durationMs: number,
    service: ReadonlyArray<{ direction: number; sums: KpiSums }>,
    seriesThrough: Date | null,
  ): Promise<void> {
    await db.query(`DELETE FROM trip_rollup WHERE vehicle_id = $1 AND service_date = $2`, [vehicleId, date]);
    await db.query(`DELETE FROM service_rollup WHERE vehicle_id = $1 AND service_date = $2`, [vehicleId, date]);
    for (const r of service) {
      await db.query(`INSERT INTO service_rollup (vehicle_id, service_date, direction, sums) VALUES ($1, $2, $3, $4)`, [
        vehicleId,
        date,
        r.direction,
        JSON.stringify(r.sums),
      ]);
    }
    await db.query(`DELETE FROM refuel WHERE vehicle_id = $1 AND service_date = $2`, [vehicleId, date]);
    await db.query(`DELETE FROM vehicle_day_rollup WHERE vehicle_id = $1 AND service_date = $2`, [vehicleId, date]);
    if (result.trips.length) await this.insertTrips(db, vehicleId, date, result.trips);
    if (result.refuels.length) await this.insertRefuels(db, vehicleId, date, result.refuels, refuelOdometers);
    if (result.sensorChecks.length) await this.upsertSensorChecks(db, vehicleId, date, result.sensorChecks);
    if (result.quality.receivedSeconds > 0 || result.trips.length) {
      await db.query(
        `INSERT INTO vehicle_day_rollup (vehicle_id, service_date, sums, quality, fuel_source, fuel_disagreement) VALUES ($1, $2, $3, $4, $5, $6)`,
        [vehicleId, date, JSON.stringify(result.day), JSON.stringify(result.quality), result.fuelSource, result.fuelDisagreement],
      );
    }
    await db.query(
      `INSERT INTO rollup_state (vehicle_id, service_date, signature, computed_at, duration_ms, series_through) VALUES ($1, $2, $3, now(), $4, $5)
       ON CONFLICT (vehicle_id, service_date) DO UPDATE SET signature = EXCLUDED.signature, computed_at = now(), duration_ms = EXCLUDED.duration_ms,
         series_through = EXCLUDED.series_through`,
      [vehicleId, date, signature, Math.round(durationMs), seriesThrough],
    );
  }

  /** Rewrites the 15 s series buckets of a time range (aligned on BUCKET_S) from its raw rows, in one statement (series-buckets.ts). */
  async replaceSeriesBuckets(db: Db, vehicleId: string, range: { from: Date; to: Date }): Promise<void> {
    await db.query(`DELETE FROM telemetry_bucket WHERE vehicle_id = $1 AND bucket_ts >= $2 AND bucket_ts < $3`, [
      vehicleId,
      range.from,
      range.to,
    ]);
    await db.query(
      `INSERT INTO telemetry_bucket (vehicle_id, bucket_ts, samples, ${bucketColumns().join(', ')})
       SELECT $1, to_timestamp(floor(extract(epoch FROM ts) / ${BUCKET_S}) * ${BUCKET_S}), count(*)::int, ${fillExpressions().join(', ')}
       FROM telemetry WHERE vehicle_id = $1 AND ts >= $2 AND ts < $3 GROUP BY 2`,
      [vehicleId, range.from, range.to],
    );
  }

  private async insertTrips(db: Db, vehicleId: string, date: string, trips: TripResult[]): Promise<void> {
    // One statement per day: unnest of parallel arrays (docs/sources.md#insert-throughput: far faster than row by row).
    const col = <T>(f: (t: TripResult) => T) => trips.map(f);
    await db.query(
      `INSERT INTO trip_rollup (vehicle_id, trip_key, service_date, start_ts, end_ts, reported_trip_id, gtfs_trip_id, gtfs_match,
         direction, driver_id, inferred, end_inferred, scheduled_departure_ts, distance_km, fuel_used, duration_s, sums, delays_s)
       SELECT $1, k, $2::date, s, e, r, g, m, d, dr, i, ei, sd, km, f, du, su::jsonb, de::jsonb
       FROM unnest($3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::smallint[], $10::text[],
                   $11::boolean[], $12::boolean[], $13::timestamptz[], $14::float8[], $15::float8[], $16::float8[], $17::text[], $18::text[])
         AS u(k, s, e, r, g, m, d, dr, i, ei, sd, km, f, du, su, de)`,
      [
        vehicleId,
        date,
        col((t) => t.tripKey),
        col((t) => new Date(t.startTs)),
        col((t) => new Date(t.endTs)),
        col((t) => t.reportedTripId),
        col((t) => t.gtfsTripId),
        col((t) => t.gtfsMatch),
        col((t) => t.direction),
        col((t) => t.driverId),
        col((t) => t.inferred),
        col((t) => t.endInferred),
        col((t) => (t.scheduledDepartureTs === null ? null : new Date(t.scheduledDepartureTs))),
        col((t) => t.sums.distanceKm),
        col((t) => t.sums.fuelUsed),
        col((t) => t.sums.durationS),
        col((t) => JSON.stringify(t.sums)),
        col((t) => JSON.stringify(t.delaysS)),
      ],
    );
  }

  /** mass_before / mass_after hold the tank's content in the fuel's unit: kg of gas, or L of diesel (gauge). */
  private async insertRefuels(
    db: Db,
    vehicleId: string,
    date: string,
    refuels: ReconciledRefuel[],
    odometers: Array<number | null>,
  ): Promise<void> {
    for (const [i, r] of refuels.entries()) {
      await db.query(
        `INSERT INTO refuel (vehicle_id, ts, service_date, status, amount, detected_amount, keyed_amount, mass_before, mass_after, station_id, odometer_km)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (vehicle_id, ts) DO NOTHING`,
        [
          vehicleId,
          new Date(r.ts),
          date,
          r.status,
          r.amount,
          r.detected?.addedKg ?? null,
          r.keyed?.amount ?? null,
          r.detected?.massBeforeKg ?? null,
          r.detected?.massAfterKg ?? null,
          r.stationId ?? null,
          odometers[i] ?? null,
        ],
      );
    }
  }

  private async upsertSensorChecks(db: Db, vehicleId: string, date: string, checks: SensorCheck[]): Promise<void> {
    for (const c of checks) {
      await db.query(
        `INSERT INTO sensor_check (vehicle_id, seq, ts, service_date, location, seconds, server_awx, server_awy, server_awz,
           unit_awx, unit_awy, unit_awz, max_rel_diff, flagged)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT (vehicle_id, seq) DO UPDATE SET unit_awx = EXCLUDED.unit_awx, unit_awy = EXCLUDED.unit_awy, unit_awz = EXCLUDED.unit_awz,
           max_rel_diff = EXCLUDED.max_rel_diff, flagged = EXCLUDED.flagged`,
        [
          vehicleId,
          c.seq,
          new Date(c.ts),
          date,
          c.location,
          c.seconds,
          c.server.awx,
          c.server.awy,
          c.server.awz,
          c.unit?.awx ?? null,
          c.unit?.awy ?? null,
          c.unit?.awz ?? null,
          c.maxRelativeDifference,
          c.flagged,
        ],
      );
    }
  }
}
