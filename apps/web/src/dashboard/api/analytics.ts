/**
 * Comparison, passengers' ratings and data quality (GET /api/v1/comparison,
 * /analytics/ratings/{summary,conditions}, /ratings, /data-quality[/devices], /sensor-checks).
 * Types from libs/contract.
 */
import type {
  ComparisonRow,
  DataQualityRow,
  DeadLetterCount,
  DeviceCompleteness,
  Page,
  RatingConditions,
  RatingRecord,
  RatingSummary,
  SensorCheckRow,
} from './contract';
import { get } from './http';

export type {
  ComparisonRow,
  DataQualityRow,
  DeadLetterCount,
  DeviceCompleteness,
  RatingConditions,
  RatingRecord,
  RatingSummary,
  SensorCheckRow,
};

export interface Period {
  from: string;
  to: string;
  vehicleId?: string;
}

export const comparison = (q: Omit<Period, 'vehicleId'>): Promise<ComparisonRow[]> => get('comparison', { ...q });
export const ratingSummary = (q: Period): Promise<RatingSummary[]> => get('analytics/ratings/summary', { ...q });
export const ratingConditions = (q: Period): Promise<RatingConditions> => get('analytics/ratings/conditions', { ...q });
/** Individual ratings, oldest first, one page (engineers). */
export const ratingsPage = (q: {
  vehicle?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}): Promise<Page<RatingRecord>> => get('ratings', { ...q });
export const dataQuality = (q: Period): Promise<DataQualityRow[]> => get('data-quality', { ...q });
export const devices = (q: Period & { kind?: 'rating' | 'questionnaire' }): Promise<DeviceCompleteness[]> =>
  get('data-quality/devices', { ...q });
/** Dead letters of the period by refusal code (engineers). */
export const deadLetters = (q: Period): Promise<DeadLetterCount[]> => get('data-quality/dead-letters', { ...q });
export const sensorChecks = (q: Period): Promise<SensorCheckRow[]> => get('sensor-checks', { ...q });
