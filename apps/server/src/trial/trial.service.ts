/**
 * The rules of the trial configuration: every vehicle named must exist (422 `unknown_vehicle`,
 * one field error per unknown one); the shape rules (a vehicle once, at least one candidate and
 * one reference, the period) are the contract's (trialUpdateSchema). A change replaces the whole
 * configuration in one transaction; the comparison's cache follows it by its version.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TrialConfig, TrialUpdate } from '@app/contract';
import { ApiException } from '../common/api-error';
import { TrialRepository, type TrialVehicleRow } from './trial.repository';

export interface TrialSides {
  name: string;
  from: string;
  to: string;
  candidates: TrialVehicleRow[];
  references: TrialVehicleRow[];
}

const noTrial = () => new ApiException(404, 'not_found', 'no trial configuration (the start-up seed writes one)');

@Injectable()
export class TrialService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: TrialRepository,
  ) {}

  async config(): Promise<TrialConfig> {
    const [trial, vehicles] = [await this.repository.trial(), await this.repository.vehicles()];
    if (!trial) throw noTrial();
    return {
      name: trial.name,
      from: trial.period_from,
      to: trial.period_to,
      vehicles: vehicles.map((v) => ({ vehicleId: v.vehicle_id, role: v.role, label: v.label, fuelType: v.fuel_type })),
      updatedAt: trial.updated_at.toISOString(),
      updatedBy: trial.updated_by,
    };
  }

  /** The configuration as the comparison and the report use it. */
  async sides(): Promise<TrialSides> {
    const [trial, vehicles] = [await this.repository.trial(), await this.repository.vehicles()];
    if (!trial) throw noTrial();
    return {
      name: trial.name,
      from: trial.period_from,
      to: trial.period_to,
      candidates: vehicles.filter((v) => v.role === 'candidate'),
      references: vehicles.filter((v) => v.role === 'reference'),
    };
  }

  version(): Promise<string> {
    return this.repository.version();
  }

  async update(body: TrialUpdate, actor: string): Promise<TrialConfig> {
    await this.dataSource.transaction(async (m) => {
      const known = await this.repository.knownVehicles(
        body.vehicles.map((v) => v.vehicleId),
        m,
      );
      const unknown = body.vehicles.map((v, i) => ({ id: v.vehicleId, i })).filter((v) => !known.has(v.id));
      if (unknown.length) {
        const errors = unknown.map((u) => ({ path: `vehicles.${u.i}.vehicleId`, code: 'unknown_vehicle', message: `no vehicle ${u.id}` }));
        const names = unknown.map((u) => u.id);
        throw new ApiException(
          422,
          'unknown_vehicle',
          `not registered: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`,
          errors,
        );
      }
      await this.repository.replace(m, { name: body.name, from: body.from, to: body.to, updatedBy: actor }, body.vehicles);
    });
    return this.config();
  }
}
