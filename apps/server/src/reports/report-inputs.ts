/**
 * What the report is built from: the analytics services' answers for one period, exactly as the
 * API serves them (the same service calls, so every figure of the report equals the API's), and
 * the few feedback counts the API does not aggregate. Only the fields the model uses are kept,
 * so their digest (`dataHash`) changes exactly when the report could: an unchanged input gives
 * the same digest and the same bytes. Wall-clock fields (when a row arrived, whether a coach is
 * online now) are left out on purpose.
 */
import type {
  ComparisonRow,
  DeadLetterCount,
  DriverSummary,
  FuelRange,
  KpiGroup,
  RatingConditions,
  RatingSummary,
  Refuel,
  ReportKind,
} from '@app/contract';

/** Parameters of the analytics queries the report makes (listed in its annex B). */
export const REPORT_QUERY = {
  iterations: 2000,
  seed: 2018,
  confidence: 0.95,
  /** Recent trips behind the remaining-range model (as GET /api/v1/vehicles). */
  rangeTrips: 20,
} as const;

export interface ReportPeriod {
  from: string;
  to: string;
}

export interface ReportVehicleRow {
  id: string;
  fuelType: 'cng' | 'diesel';
  isReference: boolean;
}

export interface QualityDayInput {
  vehicleId: string;
  serviceDate: string;
  telemetryRolledUp: boolean;
  coverage: number | null;
  receivedSeconds: number;
  gaps: number;
  gapSeconds: number;
  maxGapS: number;
  inferredTrips: number;
  tripsWithoutEnd: number;
  clockAnomalies: number;
  fuelCounterResets: number;
  fuelCounterGlitches: number;
  duplicates: number;
  deadLetters: number;
  sensorChecks: number;
  sensorFlags: number;
  fuelDisagreement: boolean | null;
}

export interface ConditionRatingInput {
  overall: number;
  floorAv: number | null;
  cabinNoiseLeqDbA: number | null;
  cabinTempC: number | null;
  cabinCo2Ppm: number | null;
  samples: number;
}

export interface CommentInput {
  vehicleId: string;
  answeredAt: string;
  language: 'fr' | 'en' | 'oc' | 'ca';
  overall: number;
  text: string;
}

export interface ReportInputs {
  kind: ReportKind;
  period: ReportPeriod;
  candidate: string;
  reference: string;
  /** Newest trip end or answer of the period (ISO), null without data. */
  dataUpTo: string | null;
  settings: { prices: { cngEurPerKg: number; dieselEurPerL: number }; sensorTolerance: number };
  vehicles: ReportVehicleRow[];
  comparison: ComparisonRow[];
  totals: KpiGroup[];
  daily: KpiGroup[];
  ambient: KpiGroup[];
  fuelRange: FuelRange[];
  refuels: Array<Pick<Refuel, 'vehicleId' | 'ts' | 'amount' | 'status' | 'odometerKm'>>;
  /** Per vehicle: consumption per 100 km of its last trips of the period (newest first). */
  recentPer100km: Record<string, number[]>;
  quality: QualityDayInput[];
  sensorChecks: { windows: number; flagged: number };
  deadLetters: DeadLetterCount[];
  ratings: RatingSummary[];
  conditions: { windowMinutes: number; links: RatingConditions['links']; ratings: ConditionRatingInput[] };
  drivers: DriverSummary[];
  feedback: Array<{ vehicleId: string; ratings: number; partial: number; contextComplete: number; comments: number }>;
  comments: CommentInput[];
}

/** Steps of a build, for a progress bar (the CLI's). */
export type BuildStep = 'comparison' | 'kpis' | 'fuel' | 'quality' | 'passengers' | 'drivers' | 'model' | 'render';

export type ProgressListener = (step: BuildStep, done: number, total: number) => void;
