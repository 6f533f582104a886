/**
 * KPIs of any period and grouping, read from the rollups and finalised once from merged sums
 * (libs/domain kpi.ts), so a figure over the whole trial is exactly the merge of its trips or days.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { KpiGroup, KpiGroupKey, KpiQuery } from '@app/contract';
import { emptySums, kpisFromSums, mergeSums, type KpiSums } from '@app/domain';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AnalyticsRepository, type TripRow } from './analytics.repository';

@Injectable()
export class KpiService {
  constructor(
    private readonly repository: AnalyticsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get prices() {
    return { cngEurPerKg: this.config.ANALYTICS_PRICE_CNG_EUR_PER_KG, dieselEurPerL: this.config.ANALYTICS_PRICE_DIESEL_EUR_PER_L };
  }

  async fuelTypes(): Promise<Map<string, 'cng' | 'diesel'>> {
    return new Map((await this.repository.vehicles()).map((v) => [v.id, v.fuel_type]));
  }

  async kpis(q: Pick<KpiQuery, 'from' | 'to' | 'vehicleId' | 'groupBy' | 'scope'>): Promise<KpiGroup[]> {
    const fuel = await this.fuelTypes();
    const finish = (vehicleId: string, scope: KpiGroup['scope'], key: KpiGroupKey, sums: KpiSums): KpiGroup => {
      const fuelType = fuel.get(vehicleId) ?? 'cng';
      return { vehicleId, fuelType, scope, key, kpis: kpisFromSums(sums, fuelType, this.prices) };
    };
    if (q.groupBy === 'trip') {
      const trips = await this.repository.trips(q);
      return trips.map((t) => finish(t.vehicle_id, 'service', tripKeyOf(t), mergeSums(emptySums(), t.sums)));
    }
    if (q.groupBy === 'load' || q.groupBy === 'ambient') {
      // Bands of each trip's own mean load / outside temperature: grouped here, from the trips.
      const trips = await this.repository.trips(q);
      const keyOf = (t: TripRow): KpiGroupKey =>
        q.groupBy === 'load'
          ? { load: band(t.sums.passengerSeconds / t.sums.samples, LOAD_BANDS, 'passengers') }
          : { ambient: band(t.sums.ambientTempSum / t.sums.samples, AMBIENT_BANDS, '°C') };
      return this.group(trips.map((t) => ({ vehicleId: t.vehicle_id, key: keyOf(t), sums: t.sums }))).map((g) =>
        finish(g.vehicleId, 'service', g.key, g.sums),
      );
    }
    // vehicle, day, direction: from the per-day levels of the pyramid (rows grow with days, not trips).
    const keyOf = (serviceDate: string, direction: number | null): KpiGroupKey =>
      q.groupBy === 'day' ? { serviceDate } : q.groupBy === 'direction' ? { direction: direction === -1 ? null : direction } : {};
    if (q.groupBy === 'direction' || q.scope === 'service') {
      const rows = await this.repository.serviceSums(q);
      return this.group(rows.map((r) => ({ vehicleId: r.vehicle_id, key: keyOf(r.service_date, r.direction), sums: r.sums }))).map((g) =>
        finish(g.vehicleId, 'service', g.key, g.sums),
      );
    }
    const days = await this.repository.daySums(q);
    return this.group(days.map((d) => ({ vehicleId: d.vehicle_id, key: keyOf(d.service_date, null), sums: d.sums }))).map((g) =>
      finish(g.vehicleId, 'operation', g.key, g.sums),
    );
  }

  /** Merges rows with the same vehicle and key, keeping first-seen order. */
  private group(rows: Array<{ vehicleId: string; key: KpiGroupKey; sums: Partial<KpiSums> }>) {
    const groups = new Map<string, { vehicleId: string; key: KpiGroupKey; sums: KpiSums }>();
    for (const r of rows) {
      const id = `${r.vehicleId}|${JSON.stringify(r.key)}`;
      const g = groups.get(id) ?? { vehicleId: r.vehicleId, key: r.key, sums: emptySums() };
      g.sums = mergeSums(g.sums, r.sums);
      groups.set(id, g);
    }
    return [...groups.values()];
  }
}

/** Band edges for the load and ambient groupings. */
export const LOAD_BANDS = [0, 10, 20, 30, 45] as const;
export const AMBIENT_BANDS = [-30, 15, 20, 25, 30] as const;

/** '20–30 passengers', '≥ 45 passengers', 'no data'. */
export function band(value: number, edges: readonly number[], unit: string): string {
  if (!Number.isFinite(value)) return 'no data';
  for (let i = edges.length - 1; i >= 0; i--) {
    if (value >= edges[i]) return i === edges.length - 1 ? `≥ ${edges[i]} ${unit}` : `${edges[i]}–${edges[i + 1]} ${unit}`;
  }
  return `< ${edges[0]} ${unit}`;
}

function tripKeyOf(t: TripRow): KpiGroupKey {
  return {
    tripKey: t.trip_key,
    serviceDate: t.service_date,
    gtfsTripId: t.gtfs_trip_id,
    direction: t.direction,
    inferred: t.inferred,
    startTs: t.start_ts.toISOString(),
  };
}
