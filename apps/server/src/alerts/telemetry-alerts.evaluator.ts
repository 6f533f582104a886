/**
 * Judges the rules about telemetry as the ingest commits it (ingest role). It reads the batches
 * this process committed (LiveBus.committed, never bridged): each batch is committed by exactly one
 * ingest process, so it is judged exactly once, and the AlertEngine's row locks serialise the
 * processes that judge the same vehicle. Batches committed while a judgement runs are judged
 * together in the next one.
 */
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RANGE_RECENT_TRIPS } from '@app/data';
import { filter, type Subscription } from 'rxjs';
import { LiveBus, type CommittedData } from '../live/live-bus.service';
import { AlertEngine, type ConditionInput } from './alert-engine';
import { AlertsRepository, type HeardSource } from './alerts.repository';
import { CoalescingRunner } from './coalescing-runner';
import { deadLetterCondition, telemetryConditions, type Sample, type VehicleContext } from './telemetry-conditions';

type IngestCommit = Extract<CommittedData, { kind: 'ingest' }>;

/** How long a vehicle's recent-trip consumption (for the range) is reused before it is read again. */
const CONTEXT_TTL_MS = 60_000;

@Injectable()
export class TelemetryAlertsEvaluator implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TelemetryAlertsEvaluator.name);
  private readonly runner = new CoalescingRunner<IngestCommit>((b) => this.judge(b), this.logger, 'telemetry alert evaluation');
  private subscription?: Subscription;
  private readonly contexts = new Map<string, { at: number; ctx: VehicleContext }>();

  constructor(
    private readonly bus: LiveBus,
    private readonly engine: AlertEngine,
    private readonly repository: AlertsRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.bus.committed
      .pipe(filter((c): c is IngestCommit => c.kind === 'ingest'))
      .subscribe((c) => this.runner.push(c));
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.runner.stop();
  }

  /** Resolves once every batch committed so far has been judged. */
  drain(): Promise<void> {
    return this.runner.drain();
  }

  private async judge(batches: IngestCommit[]): Promise<void> {
    const byVehicle = new Map<string, Sample[]>();
    for (const b of batches) {
      for (const t of b.telemetry) {
        let list = byVehicle.get(t.vehicleId);
        if (!list) byVehicle.set(t.vehicleId, (list = []));
        list.push({ ts: Date.parse(t.ts), t });
      }
    }
    const inputs: ConditionInput[] = [];
    for (const [vehicleId, samples] of byVehicle) {
      samples.sort((a, b) => a.ts - b.ts || a.t.seq - b.t.seq);
      inputs.push(...telemetryConditions(vehicleId, samples, await this.context(vehicleId)));
    }
    // Only valid messages carry a trustworthy time (a rejected one may claim any).
    inputs.push(deadLetterCondition(batches.map((b) => ({ dead: b.deadLetters.length, total: b.messages, ts: newestValidTs(b) }))));
    // First: the absence rules' clock and silences are these stamps (absence-conditions.ts).
    await this.repository.touchHeard(heardIn(batches));
    await this.engine.evaluate(inputs);
  }

  private async context(vehicleId: string): Promise<VehicleContext> {
    const cached = this.contexts.get(vehicleId);
    if (cached && Date.now() - cached.at < CONTEXT_TTL_MS) return cached.ctx;
    const ctx = { recentPer100km: await this.repository.recentTripConsumption(vehicleId, RANGE_RECENT_TRIPS) };
    this.contexts.set(vehicleId, { at: Date.now(), ctx });
    return ctx;
  }
}

/**
 * Every vehicle (and audit stream) in a batch was heard from at the batch's newest data time: the
 * data's clock of that moment, whatever its own samples' times (absence-conditions.ts).
 */
function heardIn(batches: IngestCommit[]): Array<{ vehicleId: string; source: HeardSource; dataTs: number }> {
  const out: Array<{ vehicleId: string; source: HeardSource; dataTs: number }> = [];
  for (const b of batches) {
    const at = newestValidTs(b);
    if (at === null) continue;
    for (const id of new Set([...b.telemetry, ...b.events].map((x) => x.vehicleId)))
      out.push({ vehicleId: id, source: 'coach', dataTs: at });
    for (const id of new Set(b.vibration.map((x) => x.vehicleId))) out.push({ vehicleId: id, source: 'audit', dataTs: at });
  }
  return out;
}

function newestValidTs(b: IngestCommit): number | null {
  let max = -Infinity;
  for (const x of b.telemetry) max = Math.max(max, Date.parse(x.ts));
  for (const x of b.events) max = Math.max(max, Date.parse(x.ts));
  for (const x of b.vibration) max = Math.max(max, Date.parse(x.ts));
  return Number.isFinite(max) ? max : null;
}
