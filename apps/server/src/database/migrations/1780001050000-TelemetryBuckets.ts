import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The series at 15 s (apps/server/src/analytics/series-buckets.ts): what merges exactly into any
 * chart resolution, written by the rollup per vehicle-day. `series_through` marks, per vehicle-
 * day, up to which instant the buckets hold everything received (later rows are read raw).
 */
export class TelemetryBuckets1780001050000 implements MigrationInterface {
  name = 'TelemetryBuckets1780001050000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE telemetry_bucket (
        vehicle_id text NOT NULL,
        bucket_ts timestamptz NOT NULL,
        samples integer NOT NULL,
        speed_kmh_sum double precision,
        speed_kmh_n integer NOT NULL,
        odometer_km_max double precision,
        engine_rpm_sum double precision,
        engine_rpm_n integer NOT NULL,
        passengers_sum double precision,
        passengers_n integer NOT NULL,
        tank_pressure_bar_sum double precision,
        tank_pressure_bar_n integer NOT NULL,
        tank_temp_c_sum double precision,
        tank_temp_c_n integer NOT NULL,
        fuel_counter_max double precision,
        cabin_temp_c_sum double precision,
        cabin_temp_c_n integer NOT NULL,
        cabin_co2_ppm_sum double precision,
        cabin_co2_ppm_n integer NOT NULL,
        ambient_temp_c_sum double precision,
        ambient_temp_c_n integer NOT NULL,
        cabin_noise_db_a_sum double precision,
        cabin_noise_db_a_n integer NOT NULL,
        driver_noise_db_a_sum double precision,
        driver_noise_db_a_n integer NOT NULL,
        seat_awx_sum double precision,
        seat_awx_n integer NOT NULL,
        seat_awy_sum double precision,
        seat_awy_n integer NOT NULL,
        seat_awz_sum double precision,
        seat_awz_n integer NOT NULL,
        floor_awx_sum double precision,
        floor_awx_n integer NOT NULL,
        floor_awy_sum double precision,
        floor_awy_n integer NOT NULL,
        floor_awz_sum double precision,
        floor_awz_n integer NOT NULL,
        lat_sum double precision,
        lat_n integer NOT NULL,
        lon_sum double precision,
        lon_n integer NOT NULL,
        PRIMARY KEY (vehicle_id, bucket_ts)
      )`);
    await q.query(`ALTER TABLE rollup_state ADD COLUMN series_through timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE rollup_state DROP COLUMN series_through`);
    await q.query(`DROP TABLE IF EXISTS telemetry_bucket`);
  }
}
