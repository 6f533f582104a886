/**
 * HTTP DTOs of the fleet's registry (`/api/v1/admin/vehicles`): an admin registers a coach (its
 * id, label, powertrain and line) and receives its on-board unit's MQTT secret once. Strict
 * objects: an unknown field is a 400. No import of libs/data: which lines exist is the server's rule.
 */
import { z } from 'zod';
import { instant } from './response-fields';
import { VEHICLE_ID_PATTERN } from './topics';

/**
 * What drives the coach. The telemetry contract measures methane in kg (CNG, bioGNV: the same gas,
 * of another origin) and diesel in L (a diesel-electric hybrid burns diesel); hydrogen is listed
 * so that the registry has room for it, but registering one is refused until the contract has a
 * hydrogen fuel block (422 `unsupported_powertrain`).
 */
export const POWERTRAINS = ['cng', 'diesel', 'biognv', 'hybrid', 'hydrogen'] as const;
export type Powertrain = (typeof POWERTRAINS)[number];

/** The fuel the unit reports for each powertrain (payload `fuel.type`); null: none in the contract yet. */
export const MEASURED_FUEL: Record<Powertrain, 'cng' | 'diesel' | null> = {
  cng: 'cng',
  biognv: 'cng',
  diesel: 'diesel',
  hybrid: 'diesel',
  hydrogen: null,
};

/** A line's id as the GTFS route_short_name writes it (`101`, `102`). */
export const LINE_ID_PATTERN = /^[0-9A-Z]{1,8}$/;

/** POST /api/v1/admin/vehicles. */
export const registerVehicleSchema = z.strictObject({
  id: z.string().regex(VEHICLE_ID_PATTERN).describe(`Vehicle id, ${VEHICLE_ID_PATTERN.source}: the unit's MQTT username and topic segment`),
  label: z.string().trim().min(1).max(100).describe('What the dashboard and the report call the coach'),
  powertrain: z.enum(POWERTRAINS),
  lineId: z.string().regex(LINE_ID_PATTERN).describe('The line it runs (a line of libs/data: 101, 102)'),
});
export type RegisterVehicleRequest = z.infer<typeof registerVehicleSchema>;

/** A vehicle id in a path (`/admin/vehicles/{id}/…`). */
export const vehicleIdParamSchema = z.string().regex(VEHICLE_ID_PATTERN);

export const vehicleRecordSchema = z
  .strictObject({
    id: z.string(),
    label: z.string(),
    powertrain: z.enum(POWERTRAINS),
    fuelType: z.enum(['cng', 'diesel']).describe('What its unit measures: kg of gas or L of diesel'),
    lineId: z.string(),
    unitCredential: z
      .boolean()
      .describe('Whether its unit logs in with a secret registered here (false: a seed vehicle, FLEET_CREDENTIALS)'),
    registeredAt: instant('When the unit secret was registered (ISO-8601 UTC); null for a seed vehicle').nullable(),
  })
  .meta({ id: 'VehicleRecord' });
export type VehicleRecord = z.infer<typeof vehicleRecordSchema>;

export const registeredVehicleSchema = z
  .strictObject({
    vehicle: vehicleRecordSchema,
    unitSecret: z
      .string()
      .describe('The on-board unit’s MQTT password (username: the vehicle id), shown this once: only its argon2id hash is stored'),
  })
  .meta({ id: 'RegisteredVehicle' });
export type RegisteredVehicle = z.infer<typeof registeredVehicleSchema>;
