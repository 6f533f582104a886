/**
 * A fleet for the simulator (issue 13): N coaches over lines 101 and 102, each with its powertrain,
 * its unit's secret and its tablet's token as the admin API registered them (`npm run provision`
 * writes the fleet file, `--fleet-file` reads it). Validated like every other input: a bad file
 * names the entry and the field.
 */
import { readFileSync } from 'node:fs';
import { VEHICLE_ID_PATTERN } from '@app/contract';
import { LINE_IDS, type LineId } from '@app/data';
import { z } from 'zod';

/** The largest fleet one run plays (a region's few hundred coaches). */
export const MAX_FLEET = 500;

/** The powertrains the simulator can drive: methane (CNG, bioGNV) and diesel (diesel, hybrid as diesel). */
export const SIMULATED_POWERTRAINS = ['cng', 'diesel', 'biognv', 'hybrid'] as const;
export type SimulatedPowertrain = (typeof SIMULATED_POWERTRAINS)[number];

export const fleetEntrySchema = z.strictObject({
  id: z.string().regex(VEHICLE_ID_PATTERN, 'not a vehicle id'),
  label: z.string().trim().min(1).max(100).optional(),
  powertrain: z.enum(SIMULATED_POWERTRAINS),
  lineId: z.enum(LINE_IDS),
  /** The unit's MQTT password (from the registration's answer). */
  unitSecret: z.string().min(1).optional(),
  /** The tablet's bearer token. */
  tabletToken: z.string().min(1).optional(),
});
export type FleetEntry = z.infer<typeof fleetEntrySchema>;

export const fleetFileSchema = z.strictObject({
  /** The server the fleet was registered on. */
  apiUrl: z.url().optional(),
  vehicles: z.array(fleetEntrySchema).min(1).max(MAX_FLEET),
});
export type FleetFile = z.infer<typeof fleetFileSchema>;

const PREFIX: Record<SimulatedPowertrain, string> = { cng: 'GNV', biognv: 'BIO', diesel: 'DSL', hybrid: 'HYB' };
/** The powertrain mix of a generated fleet, in turn: half methane, half diesel, as the trial's pair. */
const MIX: readonly SimulatedPowertrain[] = ['cng', 'diesel', 'biognv', 'hybrid'];

/**
 * N coaches, alternately on line 101 and 102, powertrains in turn (CNG, diesel, bioGNV, hybrid):
 * ids `GNV-101-01`, `DSL-102-01`, … (unique, never a trial coach's). No secrets: register them first.
 */
export function generateFleet(n: number): FleetEntry[] {
  if (!Number.isInteger(n) || n < 1 || n > MAX_FLEET) throw new Error(`fleet: expected 1 to ${MAX_FLEET} coaches, got ${n}`);
  const counts = new Map<string, number>();
  return Array.from({ length: n }, (_, k) => {
    const lineId: LineId = k % 2 === 0 ? '101' : '102';
    const powertrain = MIX[Math.floor(k / 2) % MIX.length];
    const key = `${PREFIX[powertrain]}-${lineId}`;
    const nth = (counts.get(key) ?? 0) + 1;
    counts.set(key, nth);
    return { id: `${key}-${String(nth).padStart(2, '0')}`, powertrain, lineId };
  });
}

/** Reads and validates a fleet file; the error names the file, the entry and the field. */
export function readFleetFile(path: string): FleetFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`fleet file ${path}: ${(error as Error).message}`, { cause: error });
  }
  const r = fleetFileSchema.safeParse(raw);
  if (!r.success)
    throw new Error(`fleet file ${path}:\n${r.error.issues.map((i) => `  ${i.path.join('.') || '(file)'}: ${i.message}`).join('\n')}`);
  return r.data;
}
