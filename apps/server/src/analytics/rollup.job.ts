/**
 * The scheduled rollup: every ANALYTICS_ROLLUP_INTERVAL_MS it asks the service for a round. It
 * only dispatches; which days, and the one-runner lock, are the service's business.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ANALYTICS_CONFIG, type AnalyticsConfig } from './analytics.config';
import { RollupService } from './rollup.service';

const JOB = 'analytics-rollup';

@Injectable()
export class RollupJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RollupJob.name);

  constructor(
    private readonly rollups: RollupService,
    private readonly registry: SchedulerRegistry,
    @Inject(ANALYTICS_CONFIG) private readonly config: AnalyticsConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Registered with the interval from config (the decorator form takes a constant).
    this.registry.addInterval(JOB, setInterval(() => void this.tick(), this.config.ANALYTICS_ROLLUP_INTERVAL_MS));
  }

  onModuleDestroy(): void {
    if (this.registry.doesExist('interval', JOB)) this.registry.deleteInterval(JOB);
  }

  async tick(): Promise<void> {
    try {
      const r = await this.rollups.runDirty();
      if (r.days.length) this.logger.log(`rolled up ${r.days.length} vehicle-day(s)${r.remaining ? ', more pending' : ''}`);
    } catch (error) {
      this.logger.error(`rollup round failed: ${(error as Error).message}`, (error as Error).stack);
    }
  }
}
