/**
 * The scheduled rollup: every ANALYTICS_ROLLUP_INTERVAL_MS it asks the service for a round. It
 * only dispatches; which days, and the one-runner lock, are the service's business. Rounds never
 * overlap, and shutdown waits for the round in flight (common/interval-job).
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { IntervalJob } from '../common/interval-job';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RollupMetrics } from './rollup.metrics';
import { RollupService } from './rollup.service';

const ROLLUP_JOB = 'analytics.rollup';

@Injectable()
export class RollupJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RollupJob.name);
  private readonly job: IntervalJob;

  constructor(
    private readonly rollups: RollupService,
    private readonly metrics: RollupMetrics,
    registry: SchedulerRegistry,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.job = new IntervalJob(registry, ROLLUP_JOB, config.ANALYTICS_ROLLUP_INTERVAL_MS, () => this.round(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  /** One round now (or the completion of the one running). */
  tick(): Promise<void> {
    return this.job.tick();
  }

  private async round(): Promise<void> {
    const startedAt = Date.now();
    const r = await this.rollups.runDirty(undefined, { throttle: true });
    this.metrics.round(r.ran, startedAt);
    if (r.days.length) this.logger.log(`rolled up ${r.days.length} vehicle-day(s)${r.remaining ? ', more pending' : ''}`);
  }
}
