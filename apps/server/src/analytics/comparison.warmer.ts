/**
 * Keeps the whole-trial comparison (the dashboard's and the report's default) computed ahead of
 * requests: every few seconds it asks for it; while no rollup or rating changed that is a cache hit
 * (two version lookups), and after a change the bootstrap runs here instead of in a request.
 * Runs in every API process, since each holds its own cache.
 */
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { comparisonQuerySchema } from '@app/contract';
import { IntervalJob } from '../common/interval-job';
import { ComparisonService } from './comparison.service';

const WARM_EVERY_MS = 5_000;

@Injectable()
export class ComparisonWarmer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ComparisonWarmer.name);
  private readonly job = new IntervalJob(null, 'analytics.comparison-warmer', WARM_EVERY_MS, () => this.warm(), this.logger);

  constructor(private readonly comparison: ComparisonService) {}

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  private async warm(): Promise<void> {
    const { format: _format, ...query } = comparisonQuerySchema.parse({});
    await this.comparison.compare(query);
  }
}
