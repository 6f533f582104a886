/**
 * Builds the report model of a period from the analytics services directly (the same calls the
 * API's routes make, not over HTTP): comparison, KPIs, fuel range and refuels, data quality and
 * sensor checks, ratings, conditions, drivers. Everything it reads comes from rollups except the
 * ratings' conditions (the minutes of telemetry before each rating, as GET
 * /api/v1/analytics/ratings/conditions reads them) and the feedback rows themselves.
 *
 * The model's `dataHash` is the SHA-256 of those answers (report-inputs.ts): the same data gives
 * the same hash, the same model and, rendered, the same bytes.
 */
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ReportKind } from '@app/contract';
import { ApiException } from '../common/api-error';
import { parseReportModel, type ReportModel } from '@app/report';
import { AnalyticsRepository } from '../analytics/analytics.repository';
import { ComparisonService } from '../analytics/comparison.service';
import { FleetService } from '../analytics/fleet.service';
import { KpiService } from '../analytics/kpi.service';
import { QualityService } from '../analytics/quality.service';
import { RatingAnalyticsService } from '../analytics/rating-analytics.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { codeVersion } from './code-version';
import { REPORT_QUERY, type BuildStep, type ProgressListener, type ReportInputs, type ReportPeriod } from './report-inputs';
import { modelFromInputs } from './report-model';
import { ReportsRepository } from './reports.repository';

export interface BuiltModel {
  model: ReportModel;
  dataHash: string;
  inputs: ReportInputs;
  ms: number;
}

const STEPS: BuildStep[] = ['comparison', 'kpis', 'fuel', 'quality', 'passengers', 'drivers', 'model'];

/** SHA-256 of a JSON value with its keys sorted (a digest that does not depend on key order). */
export function digestOf(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
      );
    }
    return typeof v === 'number' && !Number.isFinite(v) ? null : v;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex');
}

@Injectable()
export class ReportBuilder {
  constructor(
    private readonly analytics: AnalyticsRepository,
    private readonly comparison: ComparisonService,
    private readonly kpis: KpiService,
    private readonly fleet: FleetService,
    private readonly quality: QualityService,
    private readonly ratings: RatingAnalyticsService,
    private readonly repository: ReportsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async build(kind: ReportKind, period: ReportPeriod, onProgress: ProgressListener = () => undefined): Promise<BuiltModel> {
    const started = performance.now();
    const inputs = await this.gather(kind, period, onProgress);
    onProgress('model', STEPS.length - 1, STEPS.length);
    const dataHash = digestOf(inputs);
    const model = parseReportModel(modelFromInputs(inputs, { dataHash, codeVersion: codeVersion() }));
    onProgress('model', STEPS.length, STEPS.length);
    return { model, dataHash, inputs, ms: performance.now() - started };
  }

  /**
   * The analytics answers of the period, one after the other: on the embedded PGlite every
   * connection shares one session, so running them at once would only queue them there.
   */
  async gather(kind: ReportKind, period: ReportPeriod, onProgress: ProgressListener = () => undefined): Promise<ReportInputs> {
    const step = (s: BuildStep) => onProgress(s, STEPS.indexOf(s), STEPS.length);
    const q = { from: period.from, to: period.to };
    const { candidate, reference } = await this.pair();

    step('comparison');
    const comparison = await this.comparison.compare({
      ...q,
      candidate,
      reference,
      iterations: REPORT_QUERY.iterations,
      seed: REPORT_QUERY.seed,
      confidence: REPORT_QUERY.confidence,
    });

    step('kpis');
    const totals = await this.kpis.kpis({ ...q, groupBy: 'vehicle', scope: 'service' });
    const daily = await this.kpis.kpis({ ...q, groupBy: 'day', scope: 'operation' });
    const ambient = await this.kpis.kpis({ ...q, groupBy: 'ambient', scope: 'service' });

    step('fuel');
    const vehicles = (await this.analytics.vehicles()).map((v) => ({ id: v.id, fuelType: v.fuel_type, isReference: v.is_reference }));
    const fuelRange = await this.fleet.fuelRange(q);
    const refuels = (await this.fleet.refuels(q)).map((r) => ({
      vehicleId: r.vehicleId,
      ts: r.ts,
      amount: r.amount,
      status: r.status,
      odometerKm: r.odometerKm,
    }));
    const recentPer100km: Record<string, number[]> = {};
    for (const id of [candidate, reference]) recentPer100km[id] = await this.recentConsumption(id, q);

    step('quality');
    const quality = (await this.quality.quality(q)).map((d) => ({
      vehicleId: d.vehicleId,
      serviceDate: d.serviceDate,
      telemetryRolledUp: d.telemetryRolledUp,
      coverage: d.coverage,
      receivedSeconds: d.receivedSeconds,
      gaps: d.gaps,
      gapSeconds: d.gapSeconds,
      maxGapS: d.maxGapS,
      inferredTrips: d.inferredTrips,
      tripsWithoutEnd: d.tripsWithoutEnd,
      clockAnomalies: d.clockAnomalies,
      fuelCounterResets: d.fuelCounterResets,
      fuelCounterGlitches: d.fuelCounterGlitches,
      duplicates: d.duplicates,
      deadLetters: d.deadLetters,
      sensorChecks: d.sensorChecks,
      sensorFlags: d.sensorFlags,
      fuelDisagreement: d.fuelDisagreement,
    }));
    const checks = await this.quality.sensorChecks(q);
    const sensorChecks = { windows: checks.length, flagged: checks.filter((c) => c.flagged).length };
    const deadLetters = await this.quality.deadLettersByCode(q);

    step('passengers');
    const ratings = await this.ratings.summary(q);
    const cond = await this.ratings.conditions(q);
    const conditions = {
      windowMinutes: cond.windowMinutes,
      links: cond.links,
      ratings: cond.ratings.map((r) => ({
        overall: r.overall,
        floorAv: r.floorAv,
        cabinNoiseLeqDbA: r.cabinNoiseLeqDbA,
        cabinTempC: r.cabinTempC,
        cabinCo2Ppm: r.cabinCo2Ppm,
        samples: r.samples,
      })),
    };
    const feedback = (await this.repository.feedbackCounts(q.from, q.to)).map((f) => ({
      vehicleId: f.vehicle_id,
      ratings: f.ratings,
      partial: f.partial,
      contextComplete: f.context_complete,
      comments: f.comments,
    }));
    const comments = (await this.repository.comments(q.from, q.to)).map((c) => ({
      vehicleId: c.vehicle_id,
      answeredAt: c.answered_at.toISOString(),
      language: c.language,
      overall: c.overall,
      text: c.comment,
    }));

    step('drivers');
    const drivers = await this.ratings.drivers(q);
    const upTo = await this.repository.dataUpTo(q.from, q.to);

    return {
      kind,
      period: q,
      candidate,
      reference,
      dataUpTo: upTo ? upTo.toISOString() : null,
      settings: { prices: this.kpis.prices, sensorTolerance: this.config.ANALYTICS_SENSOR_TOLERANCE },
      vehicles,
      comparison,
      totals,
      daily,
      ambient,
      fuelRange,
      refuels,
      recentPer100km,
      quality,
      sensorChecks,
      deadLetters,
      ratings,
      conditions,
      drivers,
      feedback,
      comments,
    };
  }

  /**
   * The candidate and the reference the report is about: the trial configuration's. The report's
   * model compares one CNG coach with one diesel coach (ranges and tanks, the CO2 balance, drivers
   * and passengers per coach), so any other configuration is refused by name (422
   * `trial_not_reportable`) until the model learns groups; the comparison API serves them all
   * (docs/report.md#trial-configuration).
   */
  async pair(): Promise<{ candidate: string; reference: string }> {
    const { candidates, reference } = await this.comparison.groups({});
    const candidate = candidates[0];
    const one = candidates.length === 1 && candidate.vehicleIds.length === 1 && reference.vehicleIds.length === 1;
    if (!one || candidate.powertrain !== 'cng' || reference.powertrain !== 'diesel') {
      const names = (g: { label: string; powertrain: string | null }) => `${g.label} (${g.powertrain ?? 'mixed'})`;
      throw new ApiException(
        422,
        'trial_not_reportable',
        `the report compares one CNG candidate with one diesel reference; the trial configuration compares ${candidates.map(names).join(', ')} with ${names(reference)}`,
      );
    }
    return { candidate: candidate.vehicleIds[0], reference: reference.vehicleIds[0] };
  }

  /**
   * Consumption per 100 km of the vehicle's last trips of the period (trip rollups), as GET
   * /api/v1/vehicles takes them for its remaining range: trips of at least 1 km, newest first.
   */
  private async recentConsumption(vehicleId: string, q: ReportPeriod): Promise<number[]> {
    const trips = (await this.analytics.trips({ ...q, vehicleId })).filter((t) => t.distance_km >= 1);
    return trips
      .slice(-REPORT_QUERY.rangeTrips)
      .reverse()
      .map((t) => (t.fuel_used / t.distance_km) * 100)
      .filter((x) => Number.isFinite(x));
  }
}
