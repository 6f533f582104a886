/**
 * Prometheus figures of the scheduled rollup, on the app's registry (see /metrics): which process
 * runs the rounds and since when. Each vehicle-day has its own lock (RollupService), so after a
 * scheduler dies the others' rounds run at their next tick: the takeover time is read from these,
 * not guessed.
 */
import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';

@Injectable()
export class RollupMetrics {
  private readonly rounds: Counter<'outcome'>;
  private readonly lastRan: Gauge;

  constructor(metrics: MetricsService) {
    this.rounds = new Counter({
      name: 'analytics_rollup_rounds_total',
      help: 'Scheduled rollup rounds of this process: ran, or skipped (every vehicle-day it tried was locked by another process)',
      labelNames: ['outcome'] as const,
      registers: [metrics.registry],
    });
    this.lastRan = new Gauge({
      name: 'analytics_rollup_last_ran_timestamp_seconds',
      help: 'When this process last started a rollup round that ran (Unix time)',
      registers: [metrics.registry],
    });
  }

  round(ran: boolean, startedAtMs: number): void {
    this.rounds.inc({ outcome: ran ? 'ran' : 'skipped' });
    if (ran) this.lastRan.set(startedAtMs / 1000);
  }
}
