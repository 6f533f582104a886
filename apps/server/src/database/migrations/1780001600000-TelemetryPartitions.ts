import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMonthPartitionSql, TELEMETRY_DEFAULT_PARTITION } from '../telemetry-partitions';

/**
 * Raw telemetry becomes a declarative partitioned table, RANGE (ts), one partition per Paris month
 * plus DEFAULT (database/telemetry-partitions.ts), so that old months can be archived and dropped
 * whole (npm run retention) and inserts touch only the current month's indexes. The rows move:
 * new table, a partition per month present, copy, swap, indexes rebuilt. The primary key must hold
 * the partition key, so it becomes (vehicle_id, seq, ts): a resent message carries the same ts,
 * so ON CONFLICT still stores it once. No table references telemetry's key.
 *
 * Also the retention's state: rollup_state.final (an archived day's rollup is never recomputed from
 * an empty raw table) and rating_condition_archive (the minutes of telemetry before each rating,
 * kept when their month is archived, so the report's rating conditions stay the same).
 */
export class TelemetryPartitions1780001600000 implements MigrationInterface {
  name = 'TelemetryPartitions1780001600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE telemetry RENAME TO telemetry_unpartitioned`);
    await q.query(`ALTER TABLE telemetry_unpartitioned RENAME CONSTRAINT telemetry_pkey TO telemetry_unpartitioned_pkey`);
    await q.query(`ALTER INDEX telemetry_vehicle_ts RENAME TO telemetry_unpartitioned_vehicle_ts`);
    await q.query(`CREATE TABLE telemetry (LIKE telemetry_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (ts)`);
    await q.query(`CREATE TABLE ${TELEMETRY_DEFAULT_PARTITION} PARTITION OF telemetry DEFAULT`);
    const months: Array<{ month: string }> = await q.query(
      `SELECT DISTINCT to_char(ts AT TIME ZONE 'Europe/Paris', 'YYYY-MM') AS month FROM telemetry_unpartitioned ORDER BY 1`,
    );
    for (const { month } of months) await q.query(createMonthPartitionSql(month));
    await q.query(`INSERT INTO telemetry SELECT * FROM telemetry_unpartitioned`);
    await q.query(`DROP TABLE telemetry_unpartitioned`);
    // Built after the copy (one pass per partition instead of maintained row by row).
    await q.query(`ALTER TABLE telemetry ADD CONSTRAINT telemetry_pkey PRIMARY KEY (vehicle_id, seq, ts)`);
    await q.query(`ALTER TABLE telemetry ADD CONSTRAINT telemetry_vehicle_id_fkey FOREIGN KEY (vehicle_id) REFERENCES vehicle(id)`);
    await q.query(`CREATE INDEX telemetry_vehicle_ts ON telemetry (vehicle_id, ts)`);

    await q.query(`ALTER TABLE rollup_state ADD COLUMN final boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE rating_condition_archive (
        rating_id        uuid NOT NULL,
        window_min       integer NOT NULL,
        samples          integer NOT NULL,
        floor_av         double precision,
        cabin_noise_leq  double precision,
        cabin_temp_c     double precision,
        cabin_co2_ppm    double precision,
        archived_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (rating_id, window_min)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS rating_condition_archive`);
    await q.query(`ALTER TABLE rollup_state DROP COLUMN final`);
    await q.query(`ALTER TABLE telemetry RENAME TO telemetry_partitioned`);
    await q.query(`ALTER TABLE telemetry_partitioned RENAME CONSTRAINT telemetry_pkey TO telemetry_partitioned_pkey`);
    await q.query(`ALTER INDEX telemetry_vehicle_ts RENAME TO telemetry_partitioned_vehicle_ts`);
    await q.query(`CREATE TABLE telemetry (LIKE telemetry_partitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    // Archived months are not restored here: `npm run retention -- --restore` them first.
    await q.query(`INSERT INTO telemetry SELECT * FROM telemetry_partitioned`);
    await q.query(`DROP TABLE telemetry_partitioned`);
    await q.query(`ALTER TABLE telemetry ADD CONSTRAINT telemetry_pkey PRIMARY KEY (vehicle_id, seq)`);
    await q.query(`ALTER TABLE telemetry ADD CONSTRAINT telemetry_vehicle_id_fkey FOREIGN KEY (vehicle_id) REFERENCES vehicle(id)`);
    await q.query(`CREATE INDEX telemetry_vehicle_ts ON telemetry (vehicle_id, ts)`);
  }
}
