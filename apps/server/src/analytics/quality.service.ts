/**
 * Data quality per vehicle and service day: coverage (seconds received / seconds in service),
 * gaps, duplicates, dead letters, inferred trips, clock anomalies, fuel-counter faults, sensor
 * checks. From the day rollups and ingest_counter (never raw rows).
 */
import { Injectable } from '@nestjs/common';
import type { PeriodListQuery } from '@app/contract';
import { AnalyticsRepository } from './analytics.repository';

@Injectable()
export class QualityService {
  constructor(private readonly repository: AnalyticsRepository) {}

  async quality(q: Omit<PeriodListQuery, 'format'>) {
    const days = await this.repository.days(q);
    const counts = await this.repository.ingestCounts(q);
    // ingest_counter is per UTC day; a service day's messages are those of the same UTC date
    // (service runs 05:00–23:00 local, well inside it).
    const byKey = new Map<string, number>();
    for (const c of counts) {
      for (const k of [`${c.vehicle_id}|${c.day}|${c.outcome}|`, `${c.vehicle_id}|${c.day}|${c.outcome}|${c.stream}`]) {
        byKey.set(k, (byKey.get(k) ?? 0) + Number(c.n));
      }
    }
    const count = (vehicleId: string, day: string, outcome: string, stream = '') => byKey.get(`${vehicleId}|${day}|${outcome}|${stream}`) ?? 0;
    return days.map((d) => ({
      vehicleId: d.vehicle_id,
      serviceDate: d.service_date,
      ...d.quality,
      duplicates: count(d.vehicle_id, d.service_date, 'duplicate'),
      deadLetters: count(d.vehicle_id, d.service_date, 'rejected'),
      storedTelemetry: count(d.vehicle_id, d.service_date, 'stored', 'telemetry'),
      fuelSource: d.fuel_source,
      fuelDisagreement: d.fuel_disagreement,
    }));
  }
}
