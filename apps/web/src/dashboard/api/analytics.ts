/**
 * Comparison, passengers' ratings and data quality (GET /api/v1/comparison,
 * /analytics/ratings/{summary,conditions}, /ratings, /data-quality[/devices], /sensor-checks).
 * Row types from libs/contract where they exist; the others as the services return them today.
 */
import type { ComparisonRow } from '../../../../../libs/contract/src/analytics-responses';
import type { DeviceCompleteness, FeedbackCompleteness } from '../../../../../libs/contract/src/completeness';
import type { Page, RatingRecord } from '../../../../../libs/contract/src/feedback';
import { get } from './http';

export type { ComparisonRow, DeviceCompleteness, RatingRecord };

export interface Period {
  from: string;
  to: string;
  vehicleId?: string;
}

export interface Interval {
  p: number | null;
  low: number | null;
  high: number | null;
}

export interface RatingSummary {
  vehicleId: string;
  ratings: number;
  knownMissing: number;
  unsequenced: number;
  passengersCarried: number;
  responseRate: Interval & { overCount?: boolean };
  questions: Array<{ question: string; n: number; knownMissing: number; mean: number | null; csat: Interval; distribution: number[] | Record<string, number> }>;
}

export interface RatingConditions {
  windowMinutes: number;
  ratings: Array<{ vehicleId: string; answeredAt: string; overall: number; samples: number; floorAv: number | null; cabinNoiseLeqDbA: number | null; cabinTempC: number | null; cabinCo2Ppm: number | null }>;
  links: Array<{
    condition: string; lowRatings: { n: number; mean: number | null }; highRatings: { n: number; mean: number | null };
    difference: number | null; low: number | null; high: number | null; significant: boolean; reading: string;
  }>;
}

export interface QualityRow {
  vehicleId: string;
  serviceDate: string;
  telemetryRolledUp: boolean;
  serviceSeconds: number;
  coverage: number | null;
  gaps: number;
  gapSeconds: number;
  maxGapS: number;
  inferredTrips: number;
  tripsWithoutEnd: number;
  clockAnomalies: number;
  sensorChecks: number;
  sensorFlags: number;
  duplicates: number;
  deadLetters: number;
  storedTelemetry: number;
  fuelDisagreement: boolean | null;
  feedback: { ratings: FeedbackCompleteness; questionnaires: FeedbackCompleteness };
}

/** Rows as the repository reads them (snake_case). */
export interface SensorCheck {
  vehicle_id: string;
  seq: number;
  ts: string;
  service_date: string;
  location: 'driverSeat' | 'floor';
  server_awz: number | null;
  unit_awz: number | null;
  max_rel_diff: number | null;
  flagged: boolean;
}

export const comparison = (q: Omit<Period, 'vehicleId'>): Promise<ComparisonRow[]> => get('comparison', { ...q });
export const ratingSummary = (q: Period): Promise<RatingSummary[]> => get('analytics/ratings/summary', { ...q });
export const ratingConditions = (q: Period): Promise<RatingConditions> => get('analytics/ratings/conditions', { ...q });
/** Individual ratings, oldest first, one page (engineers). */
export const ratingsPage = (q: { vehicle?: string; from?: string; to?: string; limit?: number; cursor?: string }): Promise<Page<RatingRecord>> => get('ratings', { ...q });
export const dataQuality = (q: Period): Promise<QualityRow[]> => get('data-quality', { ...q });
export const devices = (q: Period & { kind?: 'rating' | 'questionnaire' }): Promise<DeviceCompleteness[]> => get('data-quality/devices', { ...q });
export const sensorChecks = (q: Period): Promise<SensorCheck[]> => get('sensor-checks', { ...q });
