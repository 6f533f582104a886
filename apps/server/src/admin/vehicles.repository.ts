/** SQL of the fleet's registry: the `vehicle` rows and their units' secret hashes (vehicle_unit_credential). */
import { Injectable } from '@nestjs/common';
import type { Powertrain } from '@app/contract';
import { DataSource } from 'typeorm';

export interface VehicleRecordRow {
  id: string;
  label: string;
  /** null for rows written before the registry: the fuel type names the powertrain. */
  powertrain: Powertrain | null;
  fuel_type: 'cng' | 'diesel';
  line_id: string;
  registered_at: Date | null;
}

export interface NewVehicle {
  id: string;
  label: string;
  powertrain: Powertrain;
  fuelType: 'cng' | 'diesel';
  lineId: string;
  secretHash: string;
  createdBy: string | null;
}

const SELECT = `SELECT v.id, v.label, v.powertrain, v.fuel_type, v.line_id, c.created_at AS registered_at
  FROM vehicle v LEFT JOIN vehicle_unit_credential c ON c.vehicle_id = v.id`;

@Injectable()
export class VehiclesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<VehicleRecordRow[]> {
    return this.dataSource.query(`${SELECT} ORDER BY v.id`);
  }

  /** The vehicle and its unit's secret hash in one transaction; null when the id is taken (nothing written). */
  async insert(v: NewVehicle): Promise<VehicleRecordRow | null> {
    return this.dataSource.transaction(async (m) => {
      const inserted: unknown[] = await m.query(
        `INSERT INTO vehicle (id, label, fuel_type, is_reference, powertrain, line_id) VALUES ($1, $2, $3, false, $4, $5)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [v.id, v.label, v.fuelType, v.powertrain, v.lineId],
      );
      if (inserted.length === 0) return null;
      await m.query(`INSERT INTO vehicle_unit_credential (vehicle_id, secret_hash, created_by) VALUES ($1, $2, $3)`, [
        v.id,
        v.secretHash,
        v.createdBy,
      ]);
      const rows: VehicleRecordRow[] = await m.query(`${SELECT} WHERE v.id = $1`, [v.id]);
      return rows[0];
    });
  }

  /** Replaces (or creates) the unit's secret hash of an existing vehicle; null when there is no such vehicle. */
  async replaceSecret(vehicleId: string, secretHash: string, createdBy: string | null): Promise<VehicleRecordRow | null> {
    return this.dataSource.transaction(async (m) => {
      const exists: unknown[] = await m.query(`SELECT 1 FROM vehicle WHERE id = $1 FOR UPDATE`, [vehicleId]);
      if (exists.length === 0) return null;
      await m.query(
        `INSERT INTO vehicle_unit_credential (vehicle_id, secret_hash, created_by) VALUES ($1, $2, $3)
         ON CONFLICT (vehicle_id) DO UPDATE SET secret_hash = EXCLUDED.secret_hash, created_by = EXCLUDED.created_by, created_at = now()`,
        [vehicleId, secretHash, createdBy],
      );
      const rows: VehicleRecordRow[] = await m.query(`${SELECT} WHERE v.id = $1`, [vehicleId]);
      return rows[0];
    });
  }
}
