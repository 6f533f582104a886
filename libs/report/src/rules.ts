/**
 * What the data allows the report to say about a comparison — one rule for every renderer:
 * a difference is a difference only when its interval excludes zero; otherwise the trial could
 * not tell the coaches apart. Below the minimum n (or without an interval) there is no verdict.
 */
import { METRICS, RATING_METRICS, type Comparison, type ReportModel } from './model';

export type Verdict =
  | { kind: 'insufficient'; vehicleId: string | null; n: number; required: number }
  | { kind: 'not_told_apart' }
  | { kind: 'better' }
  | { kind: 'worse' };

export const excludesZero = (low: number | null, high: number | null): boolean => low !== null && high !== null && (low > 0 || high < 0);

export function minimumN(metric: Comparison['metric'], thresholds: ReportModel['thresholds']): number {
  return RATING_METRICS.includes(metric) ? thresholds.minRatingsPerVehicle : thresholds.minTripsPerVehicle;
}

export function verdictOf(row: Comparison | undefined, model: Pick<ReportModel, 'thresholds' | 'vehicles'>): Verdict {
  if (!row) return { kind: 'insufficient', vehicleId: null, n: 0, required: model.thresholds.minTripsPerVehicle };
  const required = minimumN(row.metric, model.thresholds);
  if (row.candidate.n < required) return { kind: 'insufficient', vehicleId: model.vehicles.candidate.id, n: row.candidate.n, required };
  if (row.reference.n < required) return { kind: 'insufficient', vehicleId: model.vehicles.reference.id, n: row.reference.n, required };
  if (row.difference === null || row.low === null || row.high === null)
    return { kind: 'insufficient', vehicleId: null, n: Math.min(row.candidate.n, row.reference.n), required };
  if (!excludesZero(row.low, row.high)) return { kind: 'not_told_apart' };
  const lowerIsBetter = METRICS[row.metric].better === 'lower';
  return row.difference < 0 === lowerIsBetter ? { kind: 'better' } : { kind: 'worse' };
}

/** The comparison the summary rests on for a criterion, if any. */
export function keyComparison(model: ReportModel, criterion: keyof ReportModel['criteria']): Comparison | undefined {
  const c = model.criteria[criterion];
  return c.comparisons.find((r) => r.metric === c.keyMetric);
}
