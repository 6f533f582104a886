/**
 * Settings of the analytics module, validated once at start-up from the environment (its own
 * variables, so the module stays self-contained). Defaults suit the trial.
 */
import { z } from 'zod';
import { ENERGY_FACTORS } from '@app/data';

const schema = z.object({
  /** How often the scheduler looks for vehicle-days with new data. */
  ANALYTICS_ROLLUP_INTERVAL_MS: z.coerce.number().int().min(1000).default(15_000),
  /** A scheduled round recomputes a vehicle-day at most this often while its data keeps changing. */
  ANALYTICS_ROLLUP_MIN_REPEAT_MS: z.coerce.number().int().min(0).default(60_000),
  /** Vehicle-days recomputed per round (the rest wait for the next round). */
  ANALYTICS_ROLLUP_BATCH: z.coerce.number().int().min(1).default(20),
  ANALYTICS_PRICE_CNG_EUR_PER_KG: z.coerce.number().positive().default(ENERGY_FACTORS.defaultPrices.cngEurPerKg.value),
  ANALYTICS_PRICE_DIESEL_EUR_PER_L: z.coerce.number().positive().default(ENERGY_FACTORS.defaultPrices.dieselEurPerL.value),
  /** Relative tolerance of the server's ISO 2631-1 weighting against the unit's. */
  ANALYTICS_SENSOR_TOLERANCE: z.coerce.number().min(0.01).max(1).default(0.1),
});

export type AnalyticsConfig = z.infer<typeof schema>;
export const ANALYTICS_CONFIG = Symbol('ANALYTICS_CONFIG');

export function loadAnalyticsConfig(env: NodeJS.ProcessEnv = process.env): AnalyticsConfig {
  const r = schema.safeParse(env);
  if (!r.success) throw new Error(`Invalid analytics configuration: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}
