/**
 * The `vehicle` table follows libs/data's FLEET: every process upserts it at start-up, after the
 * migrations (openDataSource, and FleetSeeder in the app). Decision: the list of vehicles is data,
 * written once in libs/data/src/fleet.ts; the first migration's INSERT is history (it created
 * the two rows of the trial) and is never edited again. A change of label, fuel or reference
 * coach, or a new vehicle, is an edit of FLEET, applied by the next start. Rows of vehicles not in
 * FLEET are left alone. Idempotent, and rows already in line are not rewritten.
 */
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FLEET } from '@app/data';
import { seedTrial } from './trial-seed';

export async function seedFleet(db: Pick<DataSource, 'query'>): Promise<void> {
  await db.query(
    `INSERT INTO vehicle (id, label, fuel_type, is_reference, powertrain, line_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[])
     ON CONFLICT (id) DO UPDATE SET label = EXCLUDED.label, fuel_type = EXCLUDED.fuel_type, is_reference = EXCLUDED.is_reference,
       powertrain = EXCLUDED.powertrain, line_id = EXCLUDED.line_id
     WHERE (vehicle.label, vehicle.fuel_type, vehicle.is_reference, vehicle.powertrain, vehicle.line_id)
       IS DISTINCT FROM (EXCLUDED.label, EXCLUDED.fuel_type, EXCLUDED.is_reference, EXCLUDED.powertrain, EXCLUDED.line_id)`,
    [
      FLEET.map((v) => v.id),
      FLEET.map((v) => v.label),
      FLEET.map((v) => v.fuel),
      FLEET.map((v) => v.isReference),
      FLEET.map((v) => v.powertrain),
      FLEET.map((v) => v.lineId),
    ],
  );
}

/** Runs before any onApplicationBootstrap hook (the ingest reads the known vehicles there); the trial configuration follows the fleet it names. */
@Injectable()
export class FleetSeeder implements OnModuleInit {
  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await seedFleet(this.dataSource);
    await seedTrial(this.dataSource);
  }
}
