/**
 * KPIs of any period and grouping, read from the rollups and finalised once from merged sums
 * (libs/domain kpi.ts), so a figure over the whole trial is exactly the merge of its trips or days.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { KpiQuery } from '@app/contract';
import { emptySums, kpisFromSums, mergeSums, type Kpis, type KpiSums } from '@app/domain';
import { ANALYTICS_CONFIG, type AnalyticsConfig } from './analytics.config';
import { AnalyticsRepository, type TripRow } from './analytics.repository';

export interface KpiGroup {
  vehicleId: string;
  fuelType: 'cng' | 'diesel';
  scope: 'operation' | 'service';
  /** Identity of the group: serviceDate, direction, tripKey… as the grouping asks. */
  key: Record<string, string | number | boolean | null>;
  kpis: Kpis;
}

@Injectable()
export class KpiService {
  constructor(
    private readonly repository: AnalyticsRepository,
    @Inject(ANALYTICS_CONFIG) private readonly config: AnalyticsConfig,
  ) {}

  get prices() {
    return { cngEurPerKg: this.config.ANALYTICS_PRICE_CNG_EUR_PER_KG, dieselEurPerL: this.config.ANALYTICS_PRICE_DIESEL_EUR_PER_L };
  }

  async fuelTypes(): Promise<Map<string, 'cng' | 'diesel'>> {
    return new Map((await this.repository.vehicles()).map((v) => [v.id, v.fuel_type]));
  }

  async kpis(q: Pick<KpiQuery, 'from' | 'to' | 'vehicleId' | 'groupBy' | 'scope'>): Promise<KpiGroup[]> {
    const fuel = await this.fuelTypes();
    const finish = (vehicleId: string, scope: KpiGroup['scope'], key: KpiGroup['key'], sums: KpiSums): KpiGroup => {
      const fuelType = fuel.get(vehicleId) ?? 'cng';
      return { vehicleId, fuelType, scope, key, kpis: kpisFromSums(sums, fuelType, this.prices) };
    };
    if (q.groupBy === 'trip') {
      const trips = await this.repository.trips(q);
      return trips.map((t) => finish(t.vehicle_id, 'service', tripKeyOf(t), mergeSums(emptySums(), t.sums)));
    }
    if (q.groupBy === 'direction' || q.scope === 'service') {
      const trips = await this.repository.trips(q);
      const keyOf = (t: TripRow): KpiGroup['key'] =>
        q.groupBy === 'direction' ? { direction: t.direction } : q.groupBy === 'day' ? { serviceDate: t.service_date } : {};
      return this.group(trips.map((t) => ({ vehicleId: t.vehicle_id, key: keyOf(t), sums: t.sums })))
        .map((g) => finish(g.vehicleId, 'service', g.key, g.sums));
    }
    const days = await this.repository.days(q);
    const keyOf = (serviceDate: string): KpiGroup['key'] => (q.groupBy === 'day' ? { serviceDate } : {});
    return this.group(days.map((d) => ({ vehicleId: d.vehicle_id, key: keyOf(d.service_date), sums: d.sums })))
      .map((g) => finish(g.vehicleId, 'operation', g.key, g.sums));
  }

  /** Merges rows with the same vehicle and key, keeping first-seen order. */
  private group(rows: Array<{ vehicleId: string; key: KpiGroup['key']; sums: Partial<KpiSums> }>) {
    const groups = new Map<string, { vehicleId: string; key: KpiGroup['key']; sums: KpiSums }>();
    for (const r of rows) {
      const id = `${r.vehicleId}|${JSON.stringify(r.key)}`;
      const g = groups.get(id) ?? { vehicleId: r.vehicleId, key: r.key, sums: emptySums() };
      g.sums = mergeSums(g.sums, r.sums);
      groups.set(id, g);
    }
    return [...groups.values()];
  }
}

export function tripKeyOf(t: TripRow): KpiGroup['key'] {
  return {
    tripKey: t.trip_key,
    serviceDate: t.service_date,
    gtfsTripId: t.gtfs_trip_id,
    direction: t.direction,
    inferred: t.inferred,
    startTs: t.start_ts.toISOString(),
  };
}
