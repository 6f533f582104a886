/**
 * The rules of registering a coach: its id is new, its line has a GTFS feed in libs/data, its
 * powertrain's fuel is one the telemetry contract measures. Its unit's MQTT secret is answered once
 * and stored only as an argon2id hash (the project's PasswordHasher): the embedded broker verifies
 * a login against it (infra/unit-credentials.ts), so a registered unit connects without a restart.
 */
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { MEASURED_FUEL, type RegisterVehicleRequest, type RegisteredVehicle, type VehicleRecord } from '@app/contract';
import { isLineId, LINE_IDS } from '@app/data';
import { PasswordHasher } from '../auth/password-hasher';
import { ApiException } from '../common/api-error';
import { IngestService } from '../ingest/ingest.service';
import { VehiclesRepository, type VehicleRecordRow } from './vehicles.repository';

/** 256 random bits with a prefix that says what it is (`unit_…`), like the tablet tokens. */
const newUnitSecret = (): string => `unit_${randomBytes(32).toString('base64url')}`;

export const vehicleRecord = (r: VehicleRecordRow): VehicleRecord => ({
  id: r.id,
  label: r.label,
  powertrain: r.powertrain ?? r.fuel_type,
  fuelType: r.fuel_type,
  lineId: r.line_id,
  unitCredential: r.registered_at !== null,
  registeredAt: r.registered_at?.toISOString() ?? null,
});

@Injectable()
export class AdminVehiclesService {
  private readonly logger = new Logger(AdminVehiclesService.name);

  constructor(
    private readonly vehicles: VehiclesRepository,
    private readonly hasher: PasswordHasher,
    private readonly moduleRef: ModuleRef,
  ) {}

  async list(): Promise<VehicleRecord[]> {
    return (await this.vehicles.list()).map(vehicleRecord);
  }

  async register(input: RegisterVehicleRequest, createdBy: string | null): Promise<RegisteredVehicle> {
    const fuelType = MEASURED_FUEL[input.powertrain];
    if (!fuelType)
      throw new ApiException(422, 'unsupported_powertrain', `the telemetry contract does not measure ${input.powertrain} yet`, [
        { path: 'powertrain', code: 'unsupported_powertrain', message: 'no fuel block for it in the contract' },
      ]);
    if (!isLineId(input.lineId))
      throw new ApiException(422, 'unknown_line', `line ${input.lineId} has no GTFS feed here`, [
        { path: 'lineId', code: 'unknown_line', message: `one of ${LINE_IDS.join(', ')}` },
      ]);
    const unitSecret = newUnitSecret();
    const row = await this.vehicles.insert({
      id: input.id,
      label: input.label,
      powertrain: input.powertrain,
      fuelType,
      lineId: input.lineId,
      secretHash: await this.hasher.hash(unitSecret),
      createdBy,
    });
    if (!row)
      throw new ApiException(409, 'vehicle_exists', `vehicle ${input.id} exists`, [
        { path: 'id', code: 'vehicle_exists', message: 'taken' },
      ]);
    await this.refreshIngest();
    return { vehicle: vehicleRecord(row), unitSecret };
  }

  /**
   * A new secret for a vehicle's unit (a unit replaced, a secret leaked): the old one is refused by
   * the embedded broker from now on (it reads the hash at every login); a session the unit opened
   * with the old secret lasts until it reconnects.
   */
  async rotateUnitSecret(vehicleId: string, createdBy: string | null): Promise<RegisteredVehicle> {
    const unitSecret = newUnitSecret();
    const row = await this.vehicles.replaceSecret(vehicleId, await this.hasher.hash(unitSecret), createdBy);
    if (!row) throw new ApiException(404, 'not_found', `vehicle ${vehicleId} is not registered`);
    this.logger.log(`unit secret of ${vehicleId} replaced`);
    return { vehicle: vehicleRecord(row), unitSecret };
  }

  /**
   * An ingest in this process learns the vehicle now rather than at its next 30 s refresh, so the
   * unit's first messages are not dead-lettered as unknown. Ingest processes elsewhere refresh on
   * their timer: provision before the units start.
   */
  private async refreshIngest(): Promise<void> {
    let ingest: IngestService;
    try {
      ingest = this.moduleRef.get(IngestService, { strict: false });
    } catch {
      return; // this process runs no ingest (MODULES without ingest)
    }
    await ingest.refreshVehicles().catch((error: Error) => this.logger.warn(`ingest vehicle refresh failed: ${error.message}`));
  }
}
