/** SQL of the trial configuration (tables `trial`, `trial_vehicle`: migration 1780001400000). */
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { TrialRole } from '@app/contract';

export interface TrialRow {
  name: string;
  period_from: string;
  period_to: string;
  updated_at: Date;
  updated_by: string | null;
}

export interface TrialVehicleRow {
  vehicle_id: string;
  role: TrialRole;
  label: string;
  fuel_type: 'cng' | 'diesel';
}

@Injectable()
export class TrialRepository {
  constructor(private readonly dataSource: DataSource) {}

  async trial(m: Pick<EntityManager, 'query'> = this.dataSource): Promise<TrialRow | null> {
    const rows: TrialRow[] = await m.query(
      `SELECT name, to_char(period_from, 'YYYY-MM-DD') AS period_from, to_char(period_to, 'YYYY-MM-DD') AS period_to, updated_at, updated_by
       FROM trial WHERE id = 1`,
    );
    return rows[0] ?? null;
  }

  /** Candidates first, then references, each by id. */
  vehicles(m: Pick<EntityManager, 'query'> = this.dataSource): Promise<TrialVehicleRow[]> {
    return m.query(
      `SELECT t.vehicle_id, t.role, v.label, v.fuel_type FROM trial_vehicle t JOIN vehicle v ON v.id = t.vehicle_id
       ORDER BY t.role, t.vehicle_id`,
    );
  }

  /** When the configuration last changed: part of the comparison cache's version. */
  async version(): Promise<string> {
    const rows: Array<{ v: string | null }> = await this.dataSource.query(`SELECT updated_at::text AS v FROM trial WHERE id = 1`);
    return rows[0]?.v ?? '';
  }

  /** Of `ids`, those the `vehicle` table knows. */
  async knownVehicles(ids: readonly string[], m: Pick<EntityManager, 'query'> = this.dataSource): Promise<Set<string>> {
    const rows: Array<{ id: string }> = await m.query(`SELECT id FROM vehicle WHERE id = ANY($1::text[])`, [ids]);
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Replaces the configuration, inside the caller's transaction. The trial row is updated first:
   * its row lock orders two concurrent replacements, so the vehicles are never a mix of both.
   */
  async replace(
    m: Pick<EntityManager, 'query'>,
    t: { name: string; from: string; to: string; updatedBy: string | null },
    vehicles: ReadonlyArray<{ vehicleId: string; role: TrialRole }>,
  ): Promise<void> {
    await m.query(
      `INSERT INTO trial (id, name, period_from, period_to, updated_at, updated_by) VALUES (1, $1, $2, $3, clock_timestamp(), $4)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, period_from = EXCLUDED.period_from, period_to = EXCLUDED.period_to,
         updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
      [t.name, t.from, t.to, t.updatedBy],
    );
    await m.query(`DELETE FROM trial_vehicle`);
    await m.query(`INSERT INTO trial_vehicle (vehicle_id, role) SELECT * FROM unnest($1::text[], $2::text[])`, [
      vehicles.map((v) => v.vehicleId),
      vehicles.map((v) => v.role),
    ]);
  }
}
