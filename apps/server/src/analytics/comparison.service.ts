/**
 * GNV-01 versus DSL-01, criterion by criterion. The unit of comparison is the trip (both coaches
 * run the same timetable): per-trip values from the trip rollups, the difference of means with a
 * seeded percentile bootstrap over trips (the full tank's range as a ratio of sums over the trips,
 * bootstrapped the same way); ratings as a difference of CSAT proportions (Newcombe).
 * A difference is only called when its interval excludes zero; otherwise the verdict says the
 * data does not show one.
 */
import { Injectable } from '@nestjs/common';
import type { ComparisonQuery, ComparisonRow } from '@app/contract';
import {
  bootstrapDifferenceOfMeans,
  bootstrapDifferenceOfRatios,
  csat,
  differenceOfProportions,
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
  ) {}

  async compare(q: Omit<ComparisonQuery, 'format'>): Promise<ComparisonRow[]> {
    const key = JSON.stringify([q.from, q.to, q.candidate, q.reference, q.iterations, q.seed, q.confidence]);
    const version = `${await this.repository.rollupVersion()}|${await this.repository.ratingsVersion()}`;
    const hit = this.cache.get(key);
    if (hit && hit.version === version) return hit.rows;
    const rows = await this.computeComparison(q);
    this.cache.delete(key);
    this.cache.set(key, { version, rows });
    if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    return rows;
  }

  private async computeComparison(q: Omit<ComparisonQuery, 'format'>): Promise<ComparisonRow[]> {
    const fuel = await this.kpis.fuelTypes();
    const perTrip = async (vehicleId: string) => {
      const trips = (await this.repository.trips({ from: q.from, to: q.to, vehicleId })).filter(usable);
      const fuelType = fuel.get(vehicleId) ?? 'cng';
      const ctx = { usableFull: usableFullTank(vehicleId, fuelType) };
      return trips.map((t) => ({ k: kpisFromSums(mergeSums(emptySums(), t.sums), fuelType, this.kpis.prices), ctx }));
    };
    const cand = await perTrip(q.candidate);
    const ref = await perTrip(q.reference);
    const rows: ComparisonRow[] = METRICS.map((m, i) => {
      const options = { iterations: q.iterations, seed: q.seed + i, confidence: q.confidence };
      let d: Difference, candMean: number, refMean: number, nA: number, nB: number;
      if (m.ratio) {
        const units = (xs: typeof cand) =>
          xs.map((x) => m.ratio!(x.k, x.ctx)).filter((u) => Number.isFinite(u.num) && Number.isFinite(u.den) && u.den >= 0);
        const a = units(cand);
        const b = units(ref);
        d = bootstrapDifferenceOfRatios(a, b, options);
        [candMean, refMean, nA, nB] = [ratioOfSums(a), ratioOfSums(b), a.length, b.length];
      } else {
        const a = cand.map((x) => m.value(x.k, x.ctx)).filter(Number.isFinite);
        const b = ref.map((x) => m.value(x.k, x.ctx)).filter(Number.isFinite);
        d = bootstrapDifferenceOfMeans(a, b, options);
        [candMean, refMean, nA, nB] = [mean(a), mean(b), a.length, b.length];
      }
      return {
        criterion: m.criterion,
        metric: m.metric,
        unit: m.unit,
        better: m.better,
        candidate: { vehicleId: q.candidate, mean: candMean, n: nA },
        reference: { vehicleId: q.reference, mean: refMean, n: nB },
        difference: d.difference,
        relativeDifference: d.difference / refMean,
        low: d.low,
        high: d.high,
        significant: d.significant,
        verdict: verdict(q.candidate, m, d),
        method: `per trip; ${d.method}`,
      };
    });
    rows.push(...(await this.ratingRows(q)));
    return rows;
  }

  /** Passenger CSAT (top-two-box of the overall rating) per coach, as a difference of proportions. */
  private async ratingRows(q: Omit<ComparisonQuery, 'format'>): Promise<ComparisonRow[]> {
    const ratings = await this.repository.ratings({ from: q.from, to: q.to });
    const a = csat(ratings.filter((r) => r.vehicle_id === q.candidate).map((r) => r.overall));
    const b = csat(ratings.filter((r) => r.vehicle_id === q.reference).map((r) => r.overall));
    const d = differenceOfProportions(a, b, q.confidence);
    const missing = await this.completeness.perVehicle('rating', q);
    const knownMissing = (id: string) => missing.get(id)?.knownMissing ?? 0;
    const m = {
      better: 'higher' as const,
      unit: 'share',
      words: ['satisfies more passengers', 'satisfies fewer passengers'] as [string, string],
    };
    return [
      {
        criterion: 'passenger_comfort',
        metric: 'csat_overall',
        unit: 'share',
        better: 'higher',
        candidate: { vehicleId: q.candidate, mean: a.p, n: a.n, knownMissing: knownMissing(q.candidate) },
        reference: { vehicleId: q.reference, mean: b.p, n: b.n, knownMissing: knownMissing(q.reference) },
        difference: d.difference,
        relativeDifference: d.difference / b.p,
        low: d.low,
        high: d.high,
        significant: d.significant,
        verdict: verdict(q.candidate, m, d),
        method: `ratings 4–5 of 5 among all overall ratings; ${d.method}; self-selected respondents`,
      },
    ];
  }
}

/** Trips long enough to give per-km figures. */
const usable = (t: TripRow) => t.distance_km >= 1 && (t.sums.samples ?? 0) >= 60;
