/**
 * Trip lists and details from the trip rollups; time series from raw telemetry, bounded and
 * downsampled in SQL.
 */
import { Injectable } from '@nestjs/common';
import type { SeriesQuery, TripListQuery } from '@app/contract';
import { emptySums, kpisFromSums, mergeSums, tankGasMassKg } from '@app/domain';
import { AnalyticsRepository, type TripRow } from './analytics.repository';
import { KpiService } from './kpi.service';
import { tankVolumeL } from './line';

@Injectable()
export class TripsService {
  constructor(private readonly repository: AnalyticsRepository, private readonly kpis: KpiService) {}

  async list(q: Omit<TripListQuery, 'format'>) {
    const rows = await this.repository.trips(q);
    const fuel = await this.kpis.fuelTypes();
    return rows.map((t) => this.view(t, fuel.get(t.vehicle_id) ?? 'cng', false));
  }

  async detail(vehicleId: string, tripKey: string) {
    const t = await this.repository.trip(vehicleId, tripKey);
    if (!t) return null;
    const fuel = await this.kpis.fuelTypes();
    return this.view(t, fuel.get(vehicleId) ?? 'cng', true);
  }

  private view(t: TripRow, fuelType: 'cng' | 'diesel', withDelays: boolean) {
    const k = kpisFromSums(mergeSums(emptySums(), t.sums), fuelType, this.kpis.prices);
    return {
      vehicleId: t.vehicle_id,
      tripKey: t.trip_key,
      serviceDate: t.service_date,
      startTs: t.start_ts.toISOString(),
      endTs: t.end_ts.toISOString(),
      reportedTripId: t.reported_trip_id,
      gtfsTripId: t.gtfs_trip_id,
      gtfsMatch: t.gtfs_match,
      direction: t.direction,
      driverId: t.driver_id,
      inferred: t.inferred,
      endInferred: t.end_inferred,
      scheduledDepartureTs: t.scheduled_departure_ts?.toISOString() ?? null,
      distanceKm: t.distance_km,
      durationMin: t.duration_s / 60,
      fuelUsed: t.fuel_used,
      kpis: k,
      ...(withDelays ? { delaysS: t.delays_s } : {}),
    };
  }

  async tripSeries(vehicleId: string, tripKey: string, q: Omit<SeriesQuery, 'format'>) {
    const t = await this.repository.trip(vehicleId, tripKey);
    if (!t) return null;
    return this.series(vehicleId, t.start_ts, new Date(t.end_ts.getTime() + 1000), q);
  }

  async series(vehicleId: string, from: Date, to: Date, q: Omit<SeriesQuery, 'format'>) {
    const { bucketS, rows } = await this.repository.series(vehicleId, from, to, q.fields, q.maxPoints);
    const vol = tankVolumeL(vehicleId);
    const points = rows.map((r) => {
      const p: Record<string, number | string | null> = { ts: (r.ts as unknown as Date).toISOString(), samples: r.samples };
      for (const f of q.fields) {
        if (f === 'tankMassKg') {
          const pr = r.tankPressureBar as number | null, te = r.tankTempC as number | null;
          p.tankMassKg = pr !== null && te !== null ? tankGasMassKg(Number(pr), Number(te), vol) : null;
        } else p[f] = r[f] === null ? null : Number(r[f]);
      }
      return p;
    });
    return { vehicleId, from: from.toISOString(), to: to.toISOString(), bucketSeconds: bucketS, fields: q.fields, points };
  }
}
