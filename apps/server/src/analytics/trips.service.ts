/**
 * Trip lists and details from the trip rollups; time series from raw telemetry, bounded and
 * downsampled in SQL.
 */
import { Injectable } from '@nestjs/common';
import type { Role } from '@app/contract';
import { DriverPseudonyms } from '../auth/pseudonym';
import type { Series, SeriesPoint, SeriesQuery, TripDetail, TripListQuery, TripSummary } from '@app/contract';
import { emptySums, kpisFromSums, mergeSums, tankGasMassKg } from '@app/domain';
import { AnalyticsRepository, type TripRow } from './analytics.repository';
import { KpiService } from './kpi.service';
import { tankVolumeL } from './line';

@Injectable()
export class TripsService {
  constructor(
    private readonly repository: AnalyticsRepository,
    private readonly kpis: KpiService,
    private readonly pseudonyms: DriverPseudonyms,
  ) {}

  /** `viewer`: the caller's roles; outside engineers a trip's driver is a pseudonym (issue 10). */
  async list(q: Omit<TripListQuery, 'format'>, viewer: readonly Role[]): Promise<TripSummary[]> {
    const rows = await this.repository.trips(q);
    const fuel = await this.kpis.fuelTypes();
    return rows.map((t) => this.summary(t, fuel.get(t.vehicle_id) ?? 'cng', viewer));
  }

  /** One trip with its delay at each served stop. */
  async detail(vehicleId: string, tripKey: string, viewer: readonly Role[]): Promise<TripDetail | null> {
    const t = await this.repository.trip(vehicleId, tripKey);
    if (!t) return null;
    const fuel = await this.kpis.fuelTypes();
    return { ...this.summary(t, fuel.get(vehicleId) ?? 'cng', viewer), delaysS: t.delays_s };
  }

  private summary(t: TripRow, fuelType: 'cng' | 'diesel', viewer: readonly Role[]): TripSummary {
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
      driverId: this.pseudonyms.forViewer(viewer, t.driver_id),
      inferred: t.inferred,
      endInferred: t.end_inferred,
      scheduledDepartureTs: t.scheduled_departure_ts?.toISOString() ?? null,
      distanceKm: t.distance_km,
      durationMin: t.duration_s / 60,
      fuelUsed: t.fuel_used,
      kpis: k,
    };
  }

  async tripSeries(vehicleId: string, tripKey: string, q: Omit<SeriesQuery, 'format'>): Promise<Series | null> {
    const t = await this.repository.trip(vehicleId, tripKey);
    if (!t) return null;
    return this.series(vehicleId, t.start_ts, new Date(t.end_ts.getTime() + 1000), q);
  }

  async series(vehicleId: string, from: Date, to: Date, q: Omit<SeriesQuery, 'format'>): Promise<Series> {
    const { bucketS, rows } = await this.repository.series(vehicleId, from, to, q.fields, q.maxPoints);
    const vol = tankVolumeL(vehicleId);
    // Aggregates of integer columns (passengers) come back as numeric, i.e. strings: Number() them.
    const value = (x: number | string | null | undefined) => (x === null || x === undefined ? null : Number(x));
    const points = rows.map((r) => {
      const p: SeriesPoint = { ts: r.ts.toISOString(), samples: r.samples };
      for (const f of q.fields) {
        if (f === 'tankMassKg') {
          const pr = value(r.tankPressureBar),
            te = value(r.tankTempC);
          p.tankMassKg = pr !== null && te !== null ? tankGasMassKg(pr, te, vol) : null;
        } else p[f] = value(r[f]);
      }
      return p;
    });
    return { vehicleId, from: from.toISOString(), to: to.toISOString(), bucketSeconds: bucketS, fields: q.fields, points };
  }
}
