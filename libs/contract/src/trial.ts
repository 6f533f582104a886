/**
 * The trial configuration (`/api/v1/trial`): the trial's name, its period and which vehicles are
 * candidates (the technologies on trial) and which are references (what they are compared with).
 * The comparison, the dashboard and the report follow it; nothing else names the vehicles.
 * One vehicle has one role at most; a vehicle of the fleet outside the configuration takes no part.
 */
import { z } from 'zod';
import { checkReportPeriod } from './reports';
import { fuelType, instant } from './response-fields';
import { VEHICLE_ID_PATTERN } from './topics';

export const TRIAL_ROLES = ['candidate', 'reference'] as const;
export type TrialRole = (typeof TRIAL_ROLES)[number];
/** Vehicles one configuration may name (the design ceiling is a region's few hundred coaches). */
export const MAX_TRIAL_VEHICLES = 1000;

const vehicleId = z.string().regex(VEHICLE_ID_PATTERN);
const date = z.iso.date();

/** PUT /api/v1/admin/trial: the whole configuration (it replaces the stored one). */
export const trialUpdateSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200).describe('The trial’s name, as the report’s cover shows it'),
    from: date.describe('First service day of the trial (Europe/Paris), YYYY-MM-DD'),
    to: date.describe('Last service day (inclusive), YYYY-MM-DD'),
    vehicles: z
      .array(z.strictObject({ vehicleId, role: z.enum(TRIAL_ROLES) }))
      .min(2)
      .max(MAX_TRIAL_VEHICLES)
      .describe('Every vehicle of the trial with its role: at least one candidate and one reference, each vehicle once'),
  })
  .superRefine((body, ctx) => {
    checkReportPeriod(body, ctx);
    const seen = new Map<string, number>();
    body.vehicles.forEach((v, i) => {
      const first = seen.get(v.vehicleId);
      if (first === undefined) seen.set(v.vehicleId, i);
      else
        ctx.addIssue({
          code: 'custom',
          path: ['vehicles', i, 'vehicleId'],
          params: { code: 'duplicate_vehicle' },
          message: `${v.vehicleId} is already listed (vehicles.${first}): a vehicle has one role`,
        });
    });
    for (const role of TRIAL_ROLES)
      if (!body.vehicles.some((v) => v.role === role))
        ctx.addIssue({ code: 'custom', path: ['vehicles'], params: { code: 'missing_role' }, message: `at least one ${role} is needed` });
  });
export type TrialUpdate = z.infer<typeof trialUpdateSchema>;

export const trialVehicleSchema = z
  .strictObject({
    vehicleId,
    role: z.enum(TRIAL_ROLES),
    label: z.string(),
    fuelType: fuelType(),
  })
  .meta({ id: 'TrialVehicle' });
export type TrialVehicle = z.infer<typeof trialVehicleSchema>;

/** GET /api/v1/trial. */
export const trialConfigSchema = z
  .strictObject({
    name: z.string(),
    from: date,
    to: date,
    vehicles: z.array(trialVehicleSchema).describe('Candidates first, then references, each by id'),
    updatedAt: instant('When the configuration last changed (ISO-8601 UTC)'),
    updatedBy: z.string().nullable().describe('Who changed it (a username or API token label); null: the start-up seed'),
  })
  .meta({ id: 'TrialConfig', description: 'The trial’s name, period, candidates and references' });
export type TrialConfig = z.infer<typeof trialConfigSchema>;
