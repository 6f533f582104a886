import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trial configuration (libs/contract/src/trial.ts): one `trial` row (name, period) and the
 * vehicles taking part with their role. The primary key on vehicle_id makes "a vehicle has one
 * role" a rule of the database; the seed (database/trial-seed.ts) writes the 2018 trial when no
 * configuration exists, and the admin API (PUT /api/v1/admin/trial) replaces it afterwards.
 */
export class TrialConfiguration1780001400000 implements MigrationInterface {
  name = 'TrialConfiguration1780001400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE trial (
        id          smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        name        text NOT NULL,
        period_from date NOT NULL,
        period_to   date NOT NULL CHECK (period_to >= period_from),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        updated_by  text
      )`);
    await q.query(`
      CREATE TABLE trial_vehicle (
        vehicle_id text PRIMARY KEY REFERENCES vehicle (id),
        role       text NOT NULL CHECK (role IN ('candidate', 'reference'))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE trial_vehicle`);
    await q.query(`DROP TABLE trial`);
  }
}
