/**
 * Reads of the rollup tables (and the few raw reads the API needs: latest state, time series,
 * ratings). Only queries. Figures over any period come from rollups, never from raw samples.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { KpiSums, DataQuality, RefuelStatus } from '@app/domain';
import type { DriverItem, SeriesField } from '@app/contract';
import { BUCKET_S, fromBucketsExpressions, fromRawExpressions, storedFieldsFor } from './series-buckets';

export interface TripRow {
  vehicle_id: string;
  trip_key: string;
  service_date: string;
  start_ts: Date;
  end_ts: Date;
  reported_trip_id: string | null;
  gtfs_trip_id: string | null;
  gtfs_match: 'trip_id' | 'time' | 'none';
  direction: number | null;
  driver_id: string | null;
  inferred: boolean;
  end_inferred: boolean;
  scheduled_departure_ts: Date | null;
  distance_km: number;
  fuel_used: number;
  duration_s: number;
  sums: KpiSums;
  delays_s: number[];
}

interface DayRow {
  vehicle_id: string;
  service_date: string;
  sums: KpiSums;
  /** As the rollup stored it (JSON: a NaN figure was stored as null). */
  quality: DataQuality;
  fuel_source: 'counter' | 'tank' | 'none';
  fuel_disagreement: boolean;
}

interface RefuelRow {
  vehicle_id: string;
  ts: Date;
  service_date: string;
  status: RefuelStatus;
  amount: number;
  detected_amount: number | null;
  keyed_amount: number | null;
  mass_before: number | null;
  mass_after: number | null;
  station_id: string | null;
  odometer_km: number | null;
}

interface VehicleRow {
  id: string;
  label: string;
  fuel_type: 'cng' | 'diesel';
  is_reference: boolean;
  trial_role: 'candidate' | 'reference' | null;
  online: boolean;
  last_seen_at: Date | null;
}

interface SensorCheckRow {
  vehicle_id: string;
  seq: number;
  ts: Date;
  service_date: string;
  location: 'driverSeat' | 'floor';
  seconds: number;
  server_awx: number;
  server_awy: number;
  server_awz: number;
  unit_awx: number | null;
  unit_awy: number | null;
  unit_awz: number | null;
  max_rel_diff: number | null;
  flagged: boolean;
}

interface LatestSample {
  ts: Date;
  lat: number | null;
  lon: number | null;
  speed_kmh: number;
  odometer_km: number;
  tank_pressure_bar: number | null;
  tank_temp_c: number | null;
  fuel_level_pct: number;
}

/**
 * The conditions of the `windowMin` minutes of raw telemetry before rating `r` (one row, even
 * without samples). Shared with the retention, which keeps them before dropping a month.
 */
export const RATING_CONDITIONS_FROM_RAW = (windowMin: string): string => `
         SELECT count(*)::int AS samples,
                sqrt(avg(floor_awx * floor_awx + floor_awy * floor_awy + floor_awz * floor_awz)) AS floor_av,
                10 * log(avg(power(10, cabin_noise_dba / 10.0))) AS cabin_noise_leq,
                avg(cabin_temp_c) AS cabin_temp_c, avg(cabin_co2_ppm) AS cabin_co2_ppm
         FROM telemetry t
         WHERE t.vehicle_id = r.vehicle_id AND t.ts > r.answered_at - make_interval(mins => ${windowMin}) AND t.ts <= r.answered_at`;

@Injectable()
export class AnalyticsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every vehicle with its role in the trial configuration (a reference there is `is_reference`): candidates, references, the rest. */
  vehicles(): Promise<VehicleRow[]> {
    return this.dataSource.query(
      `SELECT v.id, v.label, v.fuel_type, t.role IS NOT DISTINCT FROM 'reference' AS is_reference, t.role AS trial_role, v.online, v.last_seen_at
       FROM vehicle v LEFT JOIN trial_vehicle t ON t.vehicle_id = v.id
       ORDER BY CASE t.role WHEN 'candidate' THEN 0 WHEN 'reference' THEN 1 ELSE 2 END, v.id`,
    );
  }

  async trips(q: {
    from: string;
    to: string;
    vehicleId?: string;
    direction?: number;
    inferred?: boolean;
    limit?: number;
    offset?: number;
  }): Promise<TripRow[]> {
    return this.dataSource.query(
      `SELECT vehicle_id, trip_key, to_char(service_date, 'YYYY-MM-DD') AS service_date, start_ts, end_ts, reported_trip_id, gtfs_trip_id,
              gtfs_match, direction, driver_id, inferred, end_inferred, scheduled_departure_ts, distance_km, fuel_used, duration_s, sums, delays_s
       FROM trip_rollup
       WHERE service_date BETWEEN $1 AND $2 AND ($3::text IS NULL OR vehicle_id = $3)
         AND ($4::smallint IS NULL OR direction = $4) AND ($5::boolean IS NULL OR inferred = $5)
       ORDER BY start_ts, vehicle_id
       LIMIT $6 OFFSET $7`,
      [q.from, q.to, q.vehicleId ?? null, q.direction ?? null, q.inferred ?? null, q.limit ?? 1_000_000, q.offset ?? 0],
    );
  }

  /** Day rollups' sums only (operation scope). */
  daySums(q: {
    from: string;
    to: string;
    vehicleId?: string;
  }): Promise<Array<{ vehicle_id: string; service_date: string; sums: KpiSums }>> {
    return this.dataSource.query(
      `SELECT vehicle_id, to_char(service_date, 'YYYY-MM-DD') AS service_date, sums FROM vehicle_day_rollup
       WHERE service_date BETWEEN $1 AND $2 AND ($3::text IS NULL OR vehicle_id = $3) ORDER BY service_date, vehicle_id`,
      [q.from, q.to, q.vehicleId ?? null],
    );
  }

  /** Trips merged per vehicle, day and direction (service scope; direction -1 = unknown). */
  serviceSums(q: {
    from: string;
    to: string;
    vehicleId?: string;
  }): Promise<Array<{ vehicle_id: string; service_date: string; direction: number; sums: KpiSums }>> {
    return this.dataSource.query(
      `SELECT vehicle_id, to_char(service_date, 'YYYY-MM-DD') AS service_date, direction, sums FROM service_rollup
       WHERE service_date BETWEEN $1 AND $2 AND ($3::text IS NULL OR vehicle_id = $3) ORDER BY service_date, vehicle_id, direction`,
      [q.from, q.to, q.vehicleId ?? null],
    );
  }

  /** Changes whenever ratings arrive (the comparison's CSAT row reads them directly). */
  async ratingsVersion(): Promise<string> {
    const [r]: Array<{ v: string }> = await this.dataSource.query(
      `SELECT count(*)::text || ':' || coalesce(max(received_at)::text, '') AS v FROM rating`,
    );
    return r.v;
  }

  /** Changes whenever any rollup is recomputed: a cache key for derived answers. */
  async rollupVersion(): Promise<string> {
    const [r]: Array<{ v: string }> = await this.dataSource.query(
      `SELECT count(*)::text || ':' || coalesce(max(computed_at)::text, '') AS v FROM rollup_state`,
    );
    return r.v;
  }

  async trip(vehicleId: string, tripKey: string): Promise<TripRow | null> {
    const rows: TripRow[] = await this.dataSource.query(
      `SELECT vehicle_id, trip_key, to_char(service_date, 'YYYY-MM-DD') AS service_date, start_ts, end_ts, reported_trip_id, gtfs_trip_id,
              gtfs_match, direction, driver_id, inferred, end_inferred, scheduled_departure_ts, distance_km, fuel_used, duration_s, sums, delays_s
       FROM trip_rollup WHERE vehicle_id = $1 AND trip_key = $2`,
      [vehicleId, tripKey],
    );
    return rows[0] ?? null;
  }

  days(q: { from: string; to: string; vehicleId?: string }): Promise<DayRow[]> {
    return this.dataSource.query(
      `SELECT vehicle_id, to_char(service_date, 'YYYY-MM-DD') AS service_date, sums, quality, fuel_source, fuel_disagreement
       FROM vehicle_day_rollup WHERE service_date BETWEEN $1 AND $2 AND ($3::text IS NULL OR vehicle_id = $3)
       ORDER BY service_date, vehicle_id`,
      [q.from, q.to, q.vehicleId ?? null],
    );
  }

  refuels(q: { from: string; to: string; vehicleId?: string }): Promise<RefuelRow[]> {
    return this.dataSource.query(
      `SELECT vehicle_id, ts, to_char(service_date, 'YYYY-MM-DD') AS service_date, status, amount, detected_amount, keyed_amount,
              mass_before, mass_after, station_id, odometer_km
       FROM refuel WHERE service_date BETWEEN $1 AND $2 AND ($3::text IS NULL OR vehicle_id = $3) ORDER BY ts`,
      [q.from, q.to, q.vehicleId ?? null],
    );
  }

  sensorChecks(q: { from: string; to: string; vehicleId?: string }): Promise<SensorCheckRow[]> {
    return this.dataSource.query(
      `SELECT vehicle_id, seq::int AS seq, ts, to_char(service_date, 'YYYY-MM-DD') AS service_date, location, seconds,
              server_awx, server_awy, server_awz, unit_awx, unit_awy, unit_awz, max_rel_diff, flagged
       FROM sensor_check WHERE service_date BETWEEN $1 AND $2 AND ($3::text IS NULL OR vehicle_id = $3) ORDER BY ts`,
      [q.from, q.to, q.vehicleId ?? null],
    );
  }

  /** Stored / duplicate / rejected per vehicle and UTC day (ingest_counter), for data quality. */
  ingestCounts(q: {
    from: string;
    to: string;
    vehicleId?: string;
  }): Promise<Array<{ vehicle_id: string; day: string; stream: string; outcome: string; n: string }>> {
    return this.dataSource.query(
      `SELECT vehicle_id, to_char(day, 'YYYY-MM-DD') AS day, stream, outcome, n FROM ingest_counter
       WHERE day BETWEEN $1 AND $2 AND ($3::text IS NULL OR vehicle_id = $3)`,
      [q.from, q.to, q.vehicleId ?? null],
    );
  }

  /**
   * Dead letters by code, on the day the message claims (its payload's `ts` when one can be read:
   * a replay's refusals are dated by their data, not by when they arrived), else the UTC day it was
   * received — the same UTC day as ingest_counter's.
   */
  deadLettersByCode(q: { from: string; to: string; vehicleId?: string }): Promise<Array<{ code: string; n: number }>> {
    return this.dataSource.query(
      `SELECT code, count(*)::int AS n FROM (
         SELECT code, vehicle_id,
                coalesce(substring(encode(payload, 'escape') from '"ts"\\s*:\\s*"([0-9]{4}-[0-9]{2}-[0-9]{2})T'), to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')) AS day
         FROM dead_letter
       ) d
       WHERE day BETWEEN $1 AND $2 AND ($3::text IS NULL OR vehicle_id = $3)
       GROUP BY code ORDER BY n DESC, code`,
      [q.from, q.to, q.vehicleId ?? null],
    );
  }

  async latestSample(vehicleId: string): Promise<LatestSample | null> {
    const rows: LatestSample[] = await this.dataSource.query(
      `SELECT ts, lat, lon, speed_kmh, odometer_km, tank_pressure_bar, tank_temp_c, fuel_level_pct
       FROM telemetry WHERE vehicle_id = $1 ORDER BY ts DESC LIMIT 1`,
      [vehicleId],
    );
    return rows[0] ?? null;
  }

  /** Latest trips of a vehicle (for the recent consumption behind the remaining range). */
  recentTrips(vehicleId: string, limit: number): Promise<Array<{ distance_km: number; fuel_used: number }>> {
    return this.dataSource.query(
      `SELECT distance_km, fuel_used FROM trip_rollup WHERE vehicle_id = $1 AND distance_km >= 1 ORDER BY start_ts DESC LIMIT $2`,
      [vehicleId, limit],
    );
  }

  /**
   * A downsampled time series: one point per bucket of ⌈span / maxPoints⌉ seconds, each field
   * aggregated the way it combines (energy for dB and aw). Bounded by the caller (24 h max).
   */
  /**
   * A coach's series over [from, to) at about maxPoints buckets. At 15 s or coarser it merges the
   * rollup's 15 s buckets (series-buckets.ts) up to the instant they hold everything received,
   * and reads only the rest raw (the open tail of a live day); finer, it reads raw rows.
   */
  async series(
    vehicleId: string,
    from: Date,
    to: Date,
    fields: readonly SeriesField[],
    maxPoints: number,
  ): Promise<{ bucketS: number; rows: Array<{ ts: Date; samples: number } & Partial<Record<SeriesField, number | string | null>>> }> {
    const spanS = Math.max(1, (to.getTime() - from.getTime()) / 1000);
    let bucketS = Math.max(1, Math.ceil(spanS / maxPoints));
    const stored = storedFieldsFor(fields);
    const rows: Array<{ ts: Date; samples: number } & Partial<Record<SeriesField, number | string | null>>> = [];
    let rawFrom = from;
    if (bucketS >= BUCKET_S) {
      bucketS = Math.ceil(bucketS / BUCKET_S) * BUCKET_S;
      const through = await this.seriesThrough(vehicleId, from, to);
      // Up to a whole output bucket below `through`: the bucket holding it may have grown since.
      const end = through ? new Date(Math.min(to.getTime(), Math.floor(through.getTime() / (bucketS * 1000)) * bucketS * 1000)) : from;
      if (end > from) {
        rows.push(
          ...(await this.dataSource.query(
            `SELECT to_timestamp(floor(extract(epoch FROM bucket_ts) / $4) * $4) AS ts, sum(samples)::int AS samples, ${fromBucketsExpressions(stored).join(', ')}
           FROM telemetry_bucket WHERE vehicle_id = $1 AND bucket_ts >= $2 AND bucket_ts < $3
           GROUP BY 1 ORDER BY 1`,
            [vehicleId, from, end, bucketS],
          )),
        );
        rawFrom = end;
      }
    }
    if (rawFrom < to) {
      rows.push(
        ...(await this.dataSource.query(
          `SELECT to_timestamp(floor(extract(epoch FROM ts) / $4) * $4) AS ts, count(*)::int AS samples, ${fromRawExpressions(stored).join(', ')}
         FROM telemetry WHERE vehicle_id = $1 AND ts >= $2 AND ts < $3
         GROUP BY 1 ORDER BY 1`,
          [vehicleId, rawFrom, to, bucketS],
        )),
      );
    }
    return { bucketS, rows };
  }

  /** Until when the 15 s buckets of [from, to) hold everything: every service day in it rolled up, the earliest mark; else null. */
  private async seriesThrough(vehicleId: string, from: Date, to: Date): Promise<Date | null> {
    const [r]: Array<{ days: number; marked: number; through: Date | null }> = await this.dataSource.query(
      `WITH days AS (
         SELECT generate_series(($2::timestamptz AT TIME ZONE 'Europe/Paris')::date, (($3::timestamptz - interval '1 ms') AT TIME ZONE 'Europe/Paris')::date, interval '1 day')::date AS d
       )
       SELECT count(*)::int AS days, count(s.series_through)::int AS marked, min(s.series_through) AS through
       FROM days LEFT JOIN rollup_state s ON s.vehicle_id = $1 AND s.service_date = days.d`,
      [vehicleId, from, to],
    );
    return r && r.days === r.marked ? r.through : null;
  }

  /** Passenger ratings in a period (service days in Europe/Paris). */
  ratings(q: { from: string; to: string; vehicleId?: string }): Promise<
    Array<{
      vehicle_id: string;
      answered_at: Date;
      overall: number;
      smoothness: number | null;
      temperature: number | null;
      noise: number | null;
      seat: number | null;
      trip_id: string | null;
    }>
  > {
    return this.dataSource.query(
      `SELECT vehicle_id, answered_at, overall, smoothness, temperature, noise, seat, trip_id FROM rating
       WHERE (answered_at AT TIME ZONE 'Europe/Paris')::date BETWEEN $1 AND $2 AND ($3::text IS NULL OR vehicle_id = $3)
       ORDER BY answered_at`,
      [q.from, q.to, q.vehicleId ?? null],
    );
  }

  /** The questionnaires of a period, their scores named as in the contract (DRIVER_ITEMS). */
  driverQuestionnaires(q: {
    from: string;
    to: string;
    vehicleId?: string;
  }): Promise<Array<{ vehicle_id: string; driver_id: string; shift_date: string } & Record<DriverItem, number>>> {
    return this.dataSource.query(
      `SELECT vehicle_id, driver_id, to_char(shift_date, 'YYYY-MM-DD') AS shift_date, seat, driving_position AS "drivingPosition",
              cab_noise AS "cabNoise", vibration, gearbox, acceleration, braking, cab_temperature AS "cabTemperature", visibility, overall
       FROM driver_questionnaire WHERE shift_date BETWEEN $1 AND $2 AND ($3::text IS NULL OR vehicle_id = $3) ORDER BY shift_date`,
      [q.from, q.to, q.vehicleId ?? null],
    );
  }

  /**
   * Conditions measured in the minutes before each rating (delivered quality beside perceived
   * quality): energy-averaged floor av, cabin noise Leq, mean cabin temperature and CO2. Once the
   * raw month is archived (npm run retention) they come from what the retention kept of them.
   */
  ratingConditions(q: { from: string; to: string; vehicleId?: string; windowMin: number }): Promise<
    Array<{
      vehicle_id: string;
      answered_at: Date;
      overall: number;
      smoothness: number | null;
      temperature: number | null;
      noise: number | null;
      samples: number;
      floor_av: number | null;
      cabin_noise_leq: number | null;
      cabin_temp_c: number | null;
      cabin_co2_ppm: number | null;
    }>
  > {
    return this.dataSource.query(
      `SELECT r.vehicle_id, r.answered_at, r.overall, r.smoothness, r.temperature, r.noise, c.*
       FROM rating r
       CROSS JOIN LATERAL (
         SELECT a.samples, a.floor_av, a.cabin_noise_leq, a.cabin_temp_c, a.cabin_co2_ppm
         FROM rating_condition_archive a WHERE a.rating_id = r.id AND a.window_min = $4
         UNION ALL
         ${RATING_CONDITIONS_FROM_RAW('$4')}
         HAVING NOT EXISTS (SELECT 1 FROM rating_condition_archive a WHERE a.rating_id = r.id AND a.window_min = $4)
       ) c
       WHERE (r.answered_at AT TIME ZONE 'Europe/Paris')::date BETWEEN $1 AND $2 AND ($3::text IS NULL OR r.vehicle_id = $3)
       ORDER BY r.answered_at`,
      [q.from, q.to, q.vehicleId ?? null, q.windowMin],
    );
  }
}
