/**
 * Data quality per vehicle and service day: coverage (seconds received / seconds in service),
 * gaps, duplicates, dead letters, inferred trips, clock anomalies, fuel-counter faults, sensor
 * checks — from the day rollups and ingest_counter (never raw rows) — and feedback completeness
 * (answers received, known missing from the devices' sequences, last answer seen). A day with
 * answers but no telemetry rolled up still gets its row: that absence is itself a finding.
 */
import { Injectable } from '@nestjs/common';
import {
  EMPTY_FEEDBACK_COMPLETENESS,
  type DataQualityRow,
  type DeadLetterCount,
  type PeriodListQuery,
  type SensorCheckRow,
} from '@app/contract';
import type { DataQuality } from '@app/domain';
import { AnalyticsRepository } from './analytics.repository';
import { CompletenessService } from './completeness.service';

@Injectable()
export class QualityService {
  constructor(
    private readonly repository: AnalyticsRepository,
    private readonly completeness: CompletenessService,
  ) {}

  async quality(q: Omit<PeriodListQuery, 'format'>): Promise<DataQualityRow[]> {
    const days = await this.repository.days(q);
    const counts = await this.repository.ingestCounts(q);
    const feedback = new Map((await this.completeness.perDay(q)).map((f) => [`${f.vehicleId}|${f.day}`, f]));
    // ingest_counter is per UTC day; a service day's messages are those of the same UTC date
    // (service runs 05:00–23:00 local, well inside it).
    const byKey = new Map<string, number>();
    for (const c of counts) {
      for (const k of [`${c.vehicle_id}|${c.day}|${c.outcome}|`, `${c.vehicle_id}|${c.day}|${c.outcome}|${c.stream}`]) {
        byKey.set(k, (byKey.get(k) ?? 0) + Number(c.n));
      }
    }
    const count = (vehicleId: string, day: string, outcome: string, stream = '') =>
      byKey.get(`${vehicleId}|${day}|${outcome}|${stream}`) ?? 0;
    const feedbackOf = (vehicleId: string, day: string) => {
      const f = feedback.get(`${vehicleId}|${day}`);
      feedback.delete(`${vehicleId}|${day}`);
      return { ratings: f?.ratings ?? EMPTY_FEEDBACK_COMPLETENESS, questionnaires: f?.questionnaires ?? EMPTY_FEEDBACK_COMPLETENESS };
    };
    const rows: DataQualityRow[] = days.map((d) => ({
      vehicleId: d.vehicle_id,
      serviceDate: d.service_date,
      telemetryRolledUp: true,
      ...qualityFigures(d.quality),
      duplicates: count(d.vehicle_id, d.service_date, 'duplicate'),
      deadLetters: count(d.vehicle_id, d.service_date, 'rejected'),
      storedTelemetry: count(d.vehicle_id, d.service_date, 'stored', 'telemetry'),
      fuelSource: d.fuel_source,
      fuelDisagreement: d.fuel_disagreement,
      feedback: feedbackOf(d.vehicle_id, d.service_date),
    }));
    // Answers on a day without rolled-up telemetry: no coverage to show, and that is the point.
    for (const f of [...feedback.values()]) {
      rows.push({
        vehicleId: f.vehicleId,
        serviceDate: f.day,
        telemetryRolledUp: false,
        ...NO_TELEMETRY,
        duplicates: count(f.vehicleId, f.day, 'duplicate'),
        deadLetters: count(f.vehicleId, f.day, 'rejected'),
        storedTelemetry: count(f.vehicleId, f.day, 'stored', 'telemetry'),
        fuelSource: null,
        fuelDisagreement: null,
        feedback: feedbackOf(f.vehicleId, f.day),
      });
    }
    return rows.sort((a, b) => a.vehicleId.localeCompare(b.vehicleId) || a.serviceDate.localeCompare(b.serviceDate));
  }

  /** Messages refused in the period, by machine-readable code (docs/errors.md, docs/contract.md). */
  deadLettersByCode(q: Omit<PeriodListQuery, 'format'>): Promise<DeadLetterCount[]> {
    return this.repository.deadLettersByCode(q);
  }

  /** The server's check of each raw vibration window against what the unit reported. */
  async sensorChecks(q: Omit<PeriodListQuery, 'format'>): Promise<SensorCheckRow[]> {
    return (await this.repository.sensorChecks(q)).map((r) => ({
      vehicleId: r.vehicle_id,
      seq: r.seq,
      ts: r.ts.toISOString(),
      serviceDate: r.service_date,
      location: r.location,
      seconds: r.seconds,
      serverAwx: r.server_awx,
      serverAwy: r.server_awy,
      serverAwz: r.server_awz,
      unitAwx: r.unit_awx,
      unitAwy: r.unit_awy,
      unitAwz: r.unit_awz,
      maxRelativeDifference: r.max_rel_diff,
      flagged: r.flagged,
    }));
  }
}

/** The day rollup's quality figures, by name: the response lists these, whatever else the stored JSON holds. */
function qualityFigures(q: DataQuality): DataQuality {
  return {
    serviceSeconds: q.serviceSeconds,
    receivedServiceSeconds: q.receivedServiceSeconds,
    receivedSeconds: q.receivedSeconds,
    coverage: q.coverage,
    gaps: q.gaps,
    gapSeconds: q.gapSeconds,
    maxGapS: q.maxGapS,
    inferredTrips: q.inferredTrips,
    tripsWithoutEnd: q.tripsWithoutEnd,
    clockAnomalies: q.clockAnomalies,
    fuelCounterResets: q.fuelCounterResets,
    fuelCounterGlitches: q.fuelCounterGlitches,
    sensorChecks: q.sensorChecks,
    sensorFlags: q.sensorFlags,
  };
}

const NO_TELEMETRY: DataQuality = {
  serviceSeconds: 0,
  receivedServiceSeconds: 0,
  receivedSeconds: 0,
  coverage: 0,
  gaps: 0,
  gapSeconds: 0,
  maxGapS: 0,
  inferredTrips: 0,
  tripsWithoutEnd: 0,
  clockAnomalies: 0,
  fuelCounterResets: 0,
  fuelCounterGlitches: 0,
  sensorChecks: 0,
  sensorFlags: 0,
};
