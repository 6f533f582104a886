/**
 * The analytics' settings are part of the validated AppConfig (config/app-config.ts: ANALYTICS_*).
 * ANALYTICS_CONFIG is the same object under the name rollup.service.ts still injects; new code
 * injects APP_CONFIG.
 */
import type { AppConfig } from '../config/app-config';

export type AnalyticsConfig = Pick<
  AppConfig,
  | 'ANALYTICS_ROLLUP_INTERVAL_MS' | 'ANALYTICS_ROLLUP_MIN_REPEAT_MS' | 'ANALYTICS_ROLLUP_BATCH'
  | 'ANALYTICS_PRICE_CNG_EUR_PER_KG' | 'ANALYTICS_PRICE_DIESEL_EUR_PER_L' | 'ANALYTICS_SENSOR_TOLERANCE'
>;
export const ANALYTICS_CONFIG = Symbol('ANALYTICS_CONFIG');
