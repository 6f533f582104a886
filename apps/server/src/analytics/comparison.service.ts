/**
 * The trial's candidates versus its references, criterion by criterion (who is which: the trial
 * configuration, apps/server/src/trial). The candidates form one group per powertrain, each group
 * compared with the references pooled into one (docs/analytics.md#several-vehicles); a group of
 * one vehicle is that vehicle, so one candidate against one reference is the 2018 comparison.
 * The unit of comparison is the trip (every coach runs a timetable of the same kind): per-trip
 * values from the trip rollups, the trips of a group's vehicles pooled, the difference of means
 * with a seeded percentile bootstrap over trips (the full tank's range as a ratio of sums over the
 * trips, bootstrapped the same way), or from LARGE_SAMPLE_UNITS trips a side (a fleet) the normal
 * interval the bootstrap converges to, at a thousandth of its cost; ratings as a difference of CSAT proportions (Newcombe).
 * A difference is only called when its interval excludes zero; otherwise the verdict says the
 * data does not show one.
 */
import { Injectable } from '@nestjs/common';
import type { ComparisonGroup, ComparisonQuery, ComparisonRow } from '@app/contract';
import {
  csat,
  differenceOfMeans,
  differenceOfProportions,
  differenceOfRatios,
  kpisFromSums,
  mean,
  mergeSums,
  emptySums,
  ratioOfSums,
  usableGasMassKg,
  type Difference,
  type Kpis,
  type RatioUnit,
} from '@app/domain';
import { CompletenessService } from './completeness.service';
import { AnalyticsRepository, type TripRow } from './analytics.repository';
import { KpiService } from './kpi.service';
import { dieselTankCapacityL, tankVolumeL } from './line';
import { ApiException } from '../common/api-error';
import { TrialService } from '../trial/trial.service';
import { candidateGroups, referenceGroup, type GroupMember } from '../trial/trial-groups';

interface Metric {
  criterion: ComparisonRow['criterion'];
  metric: string;
  unit: string;
  better: 'lower' | 'higher';
  /** Words for a significant difference in the better / worse direction. */
  words: [string, string];
  /** The per-trip value, averaged over trips… */
  value: (k: Kpis, ctx: { usableFull: number }) => number;
  /** …or, for a ratio, each trip's numerator and denominator, estimated as a ratio of sums over the trips. */
  ratio?: (k: Kpis, ctx: { usableFull: number }) => RatioUnit;
}

const METRICS: Metric[] = [
  {
    criterion: 'fuel_range',
    metric: 'full_tank_range_km',
    unit: 'km',
    better: 'higher',
    words: ['goes further on a full tank', 'goes less far on a full tank'],
    value: (k, c) => (k.fuel.used > 0 ? (c.usableFull / k.fuel.used) * k.distanceKm : NaN),
    // A full tank's range is the fleet's km per unit of fuel: Σkm / Σfuel over the trips, times the
    // usable tank. The mean of per-trip ranges let one trip whose counter moved by its resolution
    // (0.01 L over 30 km) claim a million-km tank.
    ratio: (k, c) => ({ num: c.usableFull * k.distanceKm, den: k.fuel.used }),
  },
  {
    criterion: 'efficiency',
    metric: 'energy_mj_per_km',
    unit: 'MJ/km',
    better: 'lower',
    words: ['uses less energy', 'uses more energy'],
    value: (k) => k.fuel.mjPerKm,
  },
  {
    criterion: 'efficiency',
    metric: 'co2_ttw_kg_per_km',
    unit: 'kg CO2/km',
    better: 'lower',
    words: ['emits less CO2 at the exhaust', 'emits more CO2 at the exhaust'],
    value: (k) => k.fuel.co2TtwKgPerKm,
  },
  {
    criterion: 'efficiency',
    metric: 'co2_wtw_kg_per_km',
    unit: 'kg CO2e/km',
    better: 'lower',
    words: ['emits less CO2 well-to-wheel (2018 French gas mix vs diesel)', 'emits more CO2 well-to-wheel (2018 French gas mix vs diesel)'],
    value: (k) => k.fuel.co2WtwKgPerKm.frenchMix2018 ?? k.fuel.co2WtwKgPerKm.diesel,
  },
  {
    criterion: 'efficiency',
    metric: 'co2_wtw_biognv_kg_per_km',
    unit: 'kg CO2e/km',
    better: 'lower',
    words: ['emits less CO2 well-to-wheel (bioGNV vs diesel)', 'emits more CO2 well-to-wheel (bioGNV vs diesel)'],
    value: (k) => k.fuel.co2WtwKgPerKm.bioCng ?? k.fuel.co2WtwKgPerKm.diesel,
  },
  {
    criterion: 'efficiency',
    metric: 'cost_eur_per_km',
    unit: 'EUR/km',
    better: 'lower',
    words: ['costs less per km', 'costs more per km'],
    value: (k) => k.fuel.costEurPerKm,
  },
  {
    criterion: 'efficiency',
    metric: 'idle_share',
    unit: 'share',
    better: 'lower',
    words: ['idles less', 'idles more'],
    value: (k) => k.idleShare,
  },
  {
    criterion: 'driver_comfort',
    metric: 'seat_av_ms2',
    unit: 'm/s²',
    better: 'lower',
    words: ['vibrates less at the driver seat', 'vibrates more at the driver seat'],
    value: (k) => k.driverComfort.av,
  },
  {
    criterion: 'driver_comfort',
    metric: 'seat_vdv_z',
    unit: 'm/s^1.75',
    better: 'lower',
    words: ['has a lower vertical vibration dose at the seat', 'has a higher vertical vibration dose at the seat'],
    value: (k) => k.driverComfort.vdvz,
  },
  {
    criterion: 'driver_comfort',
    metric: 'cab_noise_leq_dba',
    unit: 'dB(A)',
    better: 'lower',
    words: ['is quieter in the cab', 'is noisier in the cab'],
    value: (k) => k.driverComfort.cabNoiseLeqDbA,
  },
  {
    criterion: 'driver_comfort',
    metric: 'harsh_per_100km',
    unit: '/100 km',
    better: 'lower',
    words: ['has fewer harsh events', 'has more harsh events'],
    value: (k) => k.driverComfort.harshPer100km,
  },
  {
    criterion: 'passenger_comfort',
    metric: 'floor_av_ms2',
    unit: 'm/s²',
    better: 'lower',
    words: ['gives a smoother ride', 'gives a rougher ride'],
    value: (k) => k.passengerComfort.av,
  },
  {
    criterion: 'passenger_comfort',
    metric: 'cabin_noise_leq_dba',
    unit: 'dB(A)',
    better: 'lower',
    words: ['is quieter in the cabin', 'is noisier in the cabin'],
    value: (k) => k.passengerComfort.cabinNoiseLeqDbA,
  },
  {
    criterion: 'passenger_comfort',
    metric: 'cabin_temp_ok_share',
    unit: 'share',
    better: 'higher',
    words: ['keeps the cabin in 20–24 °C more of the time', 'keeps the cabin in 20–24 °C less of the time'],
    value: (k) => k.passengerComfort.cabinTempOkShare,
  },
  {
    criterion: 'passenger_comfort',
    metric: 'cabin_co2_ok_share',
    unit: 'share',
    better: 'higher',
    words: ['keeps CO2 ≤ 800 ppm more of the time', 'keeps CO2 ≤ 800 ppm less of the time'],
    value: (k) => k.passengerComfort.cabinCo2OkShare,
  },
  {
    criterion: 'passenger_comfort',
    metric: 'accel_events_per_100km',
    unit: '/100 km',
    better: 'lower',
    words: ['has fewer strong accelerations', 'has more strong accelerations'],
    value: (k) => k.passengerComfort.accelEventsPer100km,
  },
];

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3));

export function verdict(
  candidate: string,
  m: Pick<Metric, 'better' | 'words' | 'unit'>,
  d: { difference: number; low: number; high: number; significant: boolean; confidence: number },
): string {
  const ci = `${Math.round(d.confidence * 100)} % CI ${fmt(d.low)} to ${fmt(d.high)} ${m.unit}`;
  if (!Number.isFinite(d.low)) return `not enough data to compare`;
  if (!d.significant) return `no difference shown by the data (${fmt(d.difference)} ${m.unit}, ${ci})`;
  const better = m.better === 'lower' ? d.difference < 0 : d.difference > 0;
  return `${candidate} ${better ? m.words[0] : m.words[1]} (${d.difference > 0 ? '+' : ''}${fmt(d.difference)} ${m.unit}, ${ci})`;
}

/** Usable fuel of a full tank: gas above the residual pressure at 15 °C, or the diesel tank's capacity. */
export function usableFullTank(vehicleId: string, fuelType: 'cng' | 'diesel'): number {
  if (fuelType === 'cng') return usableGasMassKg(200, 15, tankVolumeL(vehicleId), 15);
  return dieselTankCapacityL(vehicleId);
}

const CACHE_ENTRIES = 64;

@Injectable()
export class ComparisonService {
  /**
   * Answers by query, valid while no rollup and no rating changed: the bootstrap is seeded, so the
   * same inputs give the same answer, and 17 × 2,000 resamples need not run on every dashboard refresh.
   */
  private readonly cache = new Map<string, { version: string; rows: ComparisonRow[] }>();

  constructor(
    private readonly repository: AnalyticsRepository,
    private readonly kpis: KpiService,
    private readonly completeness: CompletenessService,
    private readonly trial: TrialService,
  ) {}

  async compare(q: Omit<ComparisonQuery, 'format'>): Promise<ComparisonRow[]> {
    const key = JSON.stringify([q.from, q.to, q.candidate ?? null, q.reference ?? null, q.iterations, q.seed, q.confidence]);
    const version = `${await this.repository.rollupVersion()}|${await this.repository.ratingsVersion()}|${await this.trial.version()}`;
    const hit = this.cache.get(key);
    if (hit && hit.version === version) return hit.rows;
    const rows = await this.computeComparison(q);
    this.cache.delete(key);
    this.cache.set(key, { version, rows });
    if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    return rows;
  }

  /**
   * The candidate groups and the reference group: the trial configuration's, or the one vehicle a
   * query names for a side. A vehicle named as the candidate is left out of the pooled references.
   */
  async groups(
    q: Pick<ComparisonQuery, 'candidate' | 'reference'>,
  ): Promise<{ candidates: ComparisonGroup[]; reference: ComparisonGroup }> {
    const fuel = await this.kpis.fuelTypes();
    const member = (vehicleId: string): GroupMember => ({ vehicleId, powertrain: fuel.get(vehicleId) ?? 'cng' });
    const trial = q.candidate && q.reference ? null : await this.trial.sides();
    const candidates = q.candidate ? [member(q.candidate)] : trial!.candidates.map((v) => member(v.vehicle_id));
    const references = q.reference
      ? [member(q.reference)]
      : trial!.references.filter((v) => v.vehicle_id !== q.candidate).map((v) => member(v.vehicle_id));
    if (references.length === 0)
      throw new ApiException(400, 'validation_failed', 'no reference left: name one with `reference`', [
        { path: 'reference', code: 'missing_role', message: `${q.candidate} is the trial’s only reference` },
      ]);
    return { candidates: candidateGroups(candidates), reference: referenceGroup(references) };
  }

  private async computeComparison(q: Omit<ComparisonQuery, 'format'>): Promise<ComparisonRow[]> {
    const { candidates, reference } = await this.groups(q);
    const fuel = await this.kpis.fuelTypes();
    const byVehicle = new Map<string, TripRow[]>();
    for (const t of await this.repository.trips({ from: q.from, to: q.to })) {
      if (!usable(t)) continue;
      const trips = byVehicle.get(t.vehicle_id);
      if (trips) trips.push(t);
      else byVehicle.set(t.vehicle_id, [t]);
    }
    // A group's trips, vehicle after vehicle (each in time order): the bootstrap resamples them as one pool.
    const perTrip = (g: ComparisonGroup) =>
      g.vehicleIds.flatMap((vehicleId) => {
        const fuelType = fuel.get(vehicleId) ?? 'cng';
        const ctx = { usableFull: usableFullTank(vehicleId, fuelType) };
        return (byVehicle.get(vehicleId) ?? []).map((t) => ({
          k: kpisFromSums(mergeSums(emptySums(), t.sums), fuelType, this.kpis.prices),
          ctx,
        }));
      });
    const ref = perTrip(reference);
    const ratings = await this.repository.ratings({ from: q.from, to: q.to });
    const missing = await this.completeness.perVehicle('rating', q);
    const rows: ComparisonRow[] = [];
    for (const group of candidates) {
      rows.push(...this.metricRows(q, group, reference, perTrip(group), ref));
      rows.push(this.ratingRow(q, group, reference, ratings, missing));
    }
    return rows;
  }

  private metricRows(
    q: Omit<ComparisonQuery, 'format'>,
    candidate: ComparisonGroup,
    reference: ComparisonGroup,
    cand: Array<{ k: Kpis; ctx: { usableFull: number } }>,
    ref: Array<{ k: Kpis; ctx: { usableFull: number } }>,
  ): ComparisonRow[] {
    return METRICS.map((m, i) => {
      const options = { iterations: q.iterations, seed: q.seed + i, confidence: q.confidence };
      let d: Difference, candMean: number, refMean: number, nA: number, nB: number;
      if (m.ratio) {
        const units = (xs: typeof cand) =>
          xs.map((x) => m.ratio!(x.k, x.ctx)).filter((u) => Number.isFinite(u.num) && Number.isFinite(u.den) && u.den >= 0);
        const a = units(cand);
        const b = units(ref);
        d = differenceOfRatios(a, b, options);
        [candMean, refMean, nA, nB] = [ratioOfSums(a), ratioOfSums(b), a.length, b.length];
      } else {
        const a = cand.map((x) => m.value(x.k, x.ctx)).filter(Number.isFinite);
        const b = ref.map((x) => m.value(x.k, x.ctx)).filter(Number.isFinite);
        d = differenceOfMeans(a, b, options);
        [candMean, refMean, nA, nB] = [mean(a), mean(b), a.length, b.length];
      }
      return {
        criterion: m.criterion,
        metric: m.metric,
        unit: m.unit,
        better: m.better,
        candidate: { ...single(candidate), mean: candMean, n: nA },
        reference: { ...single(reference), mean: refMean, n: nB },
        groups: { candidate, reference },
        difference: d.difference,
        relativeDifference: d.difference / refMean,
        low: d.low,
        high: d.high,
        significant: d.significant,
        verdict: verdict(candidate.label, m, d),
        method: `per trip; ${d.method}`,
      };
    });
  }

  /** Passenger CSAT (top-two-box of the overall rating) per group, as a difference of proportions. */
  private ratingRow(
    q: Omit<ComparisonQuery, 'format'>,
    candidate: ComparisonGroup,
    reference: ComparisonGroup,
    ratings: Array<{ vehicle_id: string; overall: number }>,
    missing: Map<string, { knownMissing: number }>,
  ): ComparisonRow {
    const of = (g: ComparisonGroup) => {
      const ids = new Set(g.vehicleIds);
      return csat(ratings.filter((r) => ids.has(r.vehicle_id)).map((r) => r.overall));
    };
    const a = of(candidate);
    const b = of(reference);
    const d = differenceOfProportions(a, b, q.confidence);
    const knownMissing = (g: ComparisonGroup) => g.vehicleIds.reduce((s, id) => s + (missing.get(id)?.knownMissing ?? 0), 0);
    const m = {
      better: 'higher' as const,
      unit: 'share',
      words: ['satisfies more passengers', 'satisfies fewer passengers'] as [string, string],
    };
    return {
      criterion: 'passenger_comfort',
      metric: 'csat_overall',
      unit: 'share',
      better: 'higher',
      candidate: { ...single(candidate), mean: a.p, n: a.n, knownMissing: knownMissing(candidate) },
      reference: { ...single(reference), mean: b.p, n: b.n, knownMissing: knownMissing(reference) },
      groups: { candidate, reference },
      difference: d.difference,
      relativeDifference: d.difference / b.p,
      low: d.low,
      high: d.high,
      significant: d.significant,
      verdict: verdict(candidate.label, m, d),
      method: `ratings 4–5 of 5 among all overall ratings; ${d.method}; self-selected respondents`,
    };
  }
}

/** A side's `vehicleId`, when it is one vehicle (what a client of the two-coach comparison reads). */
const single = (g: ComparisonGroup): { vehicleId?: string } => (g.vehicleIds.length === 1 ? { vehicleId: g.vehicleIds[0] } : {});

/** Trips long enough to give per-km figures. */
const usable = (t: TripRow) => t.distance_km >= 1 && (t.sums.samples ?? 0) >= 60;
