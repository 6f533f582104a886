/**
 * What `npm run trial` says about the trial it replays: its configuration as the running server
 * holds it (GET /api/v1/trial's answer, read in process), never a hard-wired pair of coaches.
 */
import type { TrialConfig } from '@app/contract';
import type { RunningServer } from '../../server/src/bootstrap';
import { TrialService } from '../../server/src/trial/trial.service';

/** The configuration, or null when this process does not serve the API (MODULES without `api`). */
export async function trialOf(server: RunningServer): Promise<TrialConfig | null> {
  try {
    return await server.app.get(TrialService, { strict: false }).config();
  } catch {
    return null;
  }
}

const list = (c: TrialConfig, role: 'candidate' | 'reference') =>
  c.vehicles
    .filter((v) => v.role === role)
    .map((v) => `${v.vehicleId} (${v.fuelType})`)
    .join(', ');

/** "Ligne 101 … 2018-06-08 → 2018-06-22: candidates GNV-01 (cng) · references DSL-01 (diesel)" */
export function describeTrial(c: TrialConfig): string {
  return `${c.name}, ${c.from} → ${c.to}: candidates ${list(c, 'candidate')} · references ${list(c, 'reference')}`;
}

/** The vehicle whose tablet page the banner shows: the first candidate. */
export const firstCandidate = (c: TrialConfig | null): string | undefined => c?.vehicles.find((v) => v.role === 'candidate')?.vehicleId;
