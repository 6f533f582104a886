/**
 * The trial configuration's first value: the 2018 trial (TRIAL_NAME, TRIAL_PERIOD, FLEET's
 * vehicles with their role from `isReference`), written at start-up after the fleet (seedFleet)
 * when no configuration exists. Unlike the fleet, an existing configuration is never rewritten:
 * once written it belongs to the admins (PUT /api/v1/admin/trial). Idempotent, and safe with
 * several processes starting at once (the trial row's primary key decides which one writes).
 */
import type { DataSource } from 'typeorm';
import { FLEET, TRIAL_NAME, TRIAL_PERIOD } from '@app/data';

export async function seedTrial(db: Pick<DataSource, 'query'>): Promise<void> {
  await db.query(
    `WITH t AS (
       INSERT INTO trial (id, name, period_from, period_to) VALUES (1, $1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id
     )
     INSERT INTO trial_vehicle (vehicle_id, role)
     SELECT v.id, v.role FROM unnest($4::text[], $5::text[]) AS v(id, role) WHERE EXISTS (SELECT 1 FROM t)
     ON CONFLICT (vehicle_id) DO NOTHING`,
    [TRIAL_NAME, TRIAL_PERIOD.from, TRIAL_PERIOD.to, FLEET.map((v) => v.id), FLEET.map((v) => (v.isReference ? 'reference' : 'candidate'))],
  );
}
