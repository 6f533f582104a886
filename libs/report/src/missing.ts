/**
 * Missing data, stated and never invented. Most of it is read from the model itself (a service
 * day without a quality row, a coach with no ratings, a comparison below its minimum n), so a
 * builder cannot forget to say it; the builder adds what only it knows (`model.missing`).
 */
import { CRITERIA, type MissingData, type ReportModel } from './model';
import { minimumN } from './rules';

const keyOf = (m: MissingData) => JSON.stringify(Object.entries(m).sort(([a], [b]) => a.localeCompare(b)));

export function findMissingData(model: ReportModel): MissingData[] {
  const out: MissingData[] = [];
  const vehicles = [model.vehicles.candidate.id, model.vehicles.reference.id];
  const { thresholds } = model;

  for (const vehicleId of vehicles) {
    for (const date of model.period.serviceDates) {
      const day = model.quality.days.find((d) => d.vehicleId === vehicleId && d.date === date);
      if (!day || day.receivedSeconds === 0 || day.coverage === null) out.push({ kind: 'no_telemetry', vehicleId, date });
      else if (day.coverage < thresholds.lowCoverage) out.push({ kind: 'low_coverage', vehicleId, date, coverage: day.coverage });
    }
  }
  for (const vehicleId of vehicles) {
    const p = model.passengers.perVehicle.find((v) => v.vehicleId === vehicleId);
    if (!p || p.ratings === 0) out.push({ kind: 'no_ratings', vehicleId });
  }
  for (const vehicleId of vehicles) {
    const d = model.drivers.perVehicle.find((v) => v.vehicleId === vehicleId);
    const n = d?.questionnaires ?? 0;
    if (n < thresholds.minDriverAnswers) out.push({ kind: 'too_few_driver_answers', vehicleId, n, required: thresholds.minDriverAnswers });
  }
  for (const criterion of CRITERIA) {
    for (const row of model.criteria[criterion].comparisons) {
      const required = minimumN(row.metric, thresholds);
      for (const [vehicleId, n] of [
        [model.vehicles.candidate.id, row.candidate.n],
        [model.vehicles.reference.id, row.reference.n],
      ] as const) {
        // A coach without any rating is said once, as no_ratings.
        if (row.metric === 'csat_overall' && n === 0) continue;
        if (n < required) out.push({ kind: 'not_enough_data', criterion, metric: row.metric, vehicleId, n, required });
      }
    }
  }
  for (const v of model.fuelRange.perVehicle) {
    if (v.kmPerTank.length === 0) out.push({ kind: 'no_tank_interval', vehicleId: v.vehicleId, refuels: v.refuels });
  }

  const seen = new Set(out.map(keyOf));
  for (const m of model.missing)
    if (!seen.has(keyOf(m))) {
      seen.add(keyOf(m));
      out.push(m);
    }
  return out;
}

/** Service days on which a coach sent telemetry. */
export function daysWithTelemetry(model: ReportModel, vehicleId: string): number {
  return model.period.serviceDates.filter((date) => {
    const d = model.quality.days.find((q) => q.vehicleId === vehicleId && q.date === date);
    return !!d && d.receivedSeconds > 0 && d.coverage !== null;
  }).length;
}
