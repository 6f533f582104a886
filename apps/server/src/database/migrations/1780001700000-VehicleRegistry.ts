import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fleet's registry (issue 13): each vehicle's powertrain (what drives it; `fuel_type` stays
 * what its unit measures, so the analytics keep their two fuels; null: the fuel type names it, as for
 * rows written before this migration or by tools that know only fuel_type) and the line it runs, and the
 * argon2id hash of each registered unit's MQTT secret, which the embedded broker reads
 * (infra/unit-credentials.ts). The seed vehicles keep their FLEET_CREDENTIALS secrets.
 */
export class VehicleRegistry1780001700000 implements MigrationInterface {
  name = 'VehicleRegistry1780001700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE vehicle ADD COLUMN powertrain text CHECK (powertrain IN ('cng', 'diesel', 'biognv', 'hybrid', 'hydrogen'))`);
    await q.query(`ALTER TABLE vehicle ADD COLUMN line_id text NOT NULL DEFAULT '101'`);
    await q.query(`
      CREATE TABLE vehicle_unit_credential (
        vehicle_id  text PRIMARY KEY REFERENCES vehicle (id),
        secret_hash text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        created_by  text
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE vehicle_unit_credential`);
    await q.query(`ALTER TABLE vehicle DROP COLUMN line_id`);
    await q.query(`ALTER TABLE vehicle DROP COLUMN powertrain`);
  }
}
