/**
 * The medium tier (between unit and end-to-end): services and repositories of the server against
 * a real, migrated database (global-setup.ts), without the simulator, the broker or HTTP. Each
 * test file builds the services with `new` and their real repositories, empties the tables it
 * fills, and writes hand-made rows whose answers can be computed by hand.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { DataSource } from 'typeorm';
import { emptySums, type KpiSums, type VibrationSums } from '@app/domain';
import { AnalyticsRepository } from '../../apps/server/src/analytics/analytics.repository';
import { ComparisonService } from '../../apps/server/src/analytics/comparison.service';
import { CompletenessRepository } from '../../apps/server/src/analytics/completeness.repository';
import { CompletenessService } from '../../apps/server/src/analytics/completeness.service';
import { FleetService } from '../../apps/server/src/analytics/fleet.service';
import { KpiService } from '../../apps/server/src/analytics/kpi.service';
import { QualityService } from '../../apps/server/src/analytics/quality.service';
import { RatingAnalyticsService } from '../../apps/server/src/analytics/rating-analytics.service';
import { DriverPseudonyms } from '../../apps/server/src/auth/pseudonym';
import { TripsService } from '../../apps/server/src/analytics/trips.service';
import { loadConfig } from '../../apps/server/src/config/app-config';
import { dataSourceOptions } from '../../apps/server/src/database/data-source';
import { TrialRepository } from '../../apps/server/src/trial/trial.repository';
import { TrialService } from '../../apps/server/src/trial/trial.service';

/** The migrated database of the run (its migrations already ran once in global-setup.ts). */
export async function openMediumDatabase(): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(inject('mediumDatabaseUrl'), 2));
  await dataSource.initialize();
  // The trial's two coaches (the migrations seed them today; seeded here too so that the tests do not depend on where the seed lives).
  await dataSource.query(
    `INSERT INTO vehicle (id, label, fuel_type, is_reference) VALUES ('GNV-01', 'GNV', 'cng', false), ('DSL-01', 'diesel', 'diesel', true)
     ON CONFLICT (id) DO NOTHING`,
  );
  return dataSource;
}

const TABLES = [
  'trip_rollup',
  'service_rollup',
  'vehicle_day_rollup',
  'refuel',
  'sensor_check',
  'rollup_state',
  'ingest_counter',
  'rating',
  'driver_questionnaire',
];

/** Empties every table the medium tests write (the files run one after the other on one database). */
export async function emptyTables(dataSource: DataSource): Promise<void> {
  await dataSource.query(`TRUNCATE ${TABLES.join(', ')}`);
}

/** The analytics services over their real repositories, with the default configuration (prices 1.0 EUR/kg, 1.2 EUR/L). */
export function analyticsServices(dataSource: DataSource) {
  const config = loadConfig({ NODE_ENV: 'test' });
  const repository = new AnalyticsRepository(dataSource);
  const completeness = new CompletenessService(new CompletenessRepository(dataSource));
  const kpis = new KpiService(repository, config);
  const trial = new TrialService(dataSource, new TrialRepository(dataSource));
  return {
    repository,
    completeness,
    kpis,
    trial,
    comparison: new ComparisonService(repository, kpis, completeness, trial),
    trips: new TripsService(repository, kpis, new DriverPseudonyms(config)),
    fleet: new FleetService(repository),
    quality: new QualityService(repository, completeness),
    ratings: new RatingAnalyticsService(repository, completeness),
  };
}

type SumsInput = Partial<Omit<KpiSums, 'seat' | 'floor'>> & { seat?: Partial<VibrationSums>; floor?: Partial<VibrationSums> };

/** Rollup sums: zeros, then the given fields. */
export function sums(s: SumsInput = {}): KpiSums {
  const base = emptySums();
  return { ...base, ...s, seat: { ...base.seat, ...s.seat }, floor: { ...base.floor, ...s.floor } };
}

export interface TripInput {
  vehicleId: string;
  tripKey: string;
  serviceDate: string;
  start: string;
  direction?: number | null;
  inferred?: boolean;
  sums: KpiSums;
  delaysS?: number[];
}

/** A trip rollup row; its distance, fuel and duration columns are those of its sums. */
export async function insertTrip(dataSource: DataSource, t: TripInput): Promise<void> {
  const start = new Date(t.start);
  await dataSource.query(
    `INSERT INTO trip_rollup (vehicle_id, trip_key, service_date, start_ts, end_ts, reported_trip_id, gtfs_trip_id, gtfs_match, direction, driver_id,
                              inferred, end_inferred, scheduled_departure_ts, distance_km, fuel_used, duration_s, sums, delays_s)
     VALUES ($1, $2, $3, $4, $5, NULL, $6, 'time', $7, 'D-01', $8, false, $4, $9, $10, $11, $12, $13)`,
    [
      t.vehicleId,
      t.tripKey,
      t.serviceDate,
      start,
      new Date(start.getTime() + t.sums.durationS * 1000),
      `gtfs-${t.tripKey}`,
      t.direction ?? null,
      t.inferred ?? false,
      t.sums.distanceKm,
      t.sums.fuelUsed,
      t.sums.durationS,
      JSON.stringify(t.sums),
      JSON.stringify(t.delaysS ?? []),
    ],
  );
}

/** A service rollup row (trips merged per vehicle, day and direction; -1 = unknown direction). */
export async function insertService(
  dataSource: DataSource,
  vehicleId: string,
  serviceDate: string,
  direction: number,
  s: KpiSums,
): Promise<void> {
  await dataSource.query(`INSERT INTO service_rollup (vehicle_id, service_date, direction, sums) VALUES ($1, $2, $3, $4)`, [
    vehicleId,
    serviceDate,
    direction,
    JSON.stringify(s),
  ]);
}

/** A day rollup row (operation scope: the whole day, depot runs included). */
export async function insertDay(
  dataSource: DataSource,
  vehicleId: string,
  serviceDate: string,
  s: KpiSums,
  quality: Record<string, number | null> = {},
): Promise<void> {
  await dataSource.query(
    `INSERT INTO vehicle_day_rollup (vehicle_id, service_date, sums, quality, fuel_source, fuel_disagreement) VALUES ($1, $2, $3, $4, 'counter', false)`,
    [vehicleId, serviceDate, JSON.stringify(s), JSON.stringify(quality)],
  );
}

export interface RatingInput {
  vehicleId: string;
  answeredAt: string;
  overall: number;
  deviceId?: string;
  deviceSeq?: number;
}

/** A passenger rating as stored (context left pending). */
export async function insertRating(dataSource: DataSource, r: RatingInput): Promise<void> {
  await dataSource.query(
    `INSERT INTO rating (id, vehicle_id, tablet_id, answered_at, received_at, language, complete, overall, fingerprint, device_id, device_seq)
     VALUES ($1, $2, $2, $3, $3, 'fr', true, $4, 'medium-test', $5, $6)`,
    [randomUUID(), r.vehicleId, r.answeredAt, r.overall, r.deviceId ?? null, r.deviceSeq ?? null],
  );
}
