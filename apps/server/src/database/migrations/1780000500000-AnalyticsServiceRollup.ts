import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The middle level of the rollup pyramid: trips merged per vehicle, service day and direction.
 * Service-scope KPIs (per direction, per day, per vehicle) read these rows (2 per vehicle-day)
 * instead of every trip (≈ 14 per vehicle-day), so requests grow with days, not trips.
 */
export class AnalyticsServiceRollup1780000500000 implements MigrationInterface {
  name = 'AnalyticsServiceRollup1780000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_rollup (
        vehicle_id    text NOT NULL REFERENCES vehicle(id),
        service_date  date NOT NULL,
        direction     smallint NOT NULL DEFAULT -1,
        sums          jsonb NOT NULL,
        PRIMARY KEY (vehicle_id, service_date, direction)
      )`);
    await q.query(`CREATE INDEX service_rollup_date ON service_rollup (service_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS service_rollup`);
  }
}
