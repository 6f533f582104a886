/**
 * Scheduled fill of missing rating context (scheduler role). The interval only dispatches to the
 * service; a PostgreSQL advisory lock elects one runner when several scheduler processes run.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { withAdvisoryXactLock } from '../common/advisory-lock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RatingContextService } from './rating-context.service';

export const RATING_CONTEXT_JOB = 'feedback.rating-context';

@Injectable()
export class RatingContextJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RatingContextJob.name);
  private running = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
    private readonly context: RatingContextService,
    private readonly dataSource: DataSource,
  ) {}

  /** The interval comes from config (FEEDBACK_CONTEXT_INTERVAL_MS), so it is registered here rather than with @Interval(ms). */
  onApplicationBootstrap(): void {
    const timer = setInterval(() => void this.run(), this.config.FEEDBACK_CONTEXT_INTERVAL_MS);
    timer.unref();
    this.scheduler.addInterval(RATING_CONTEXT_JOB, timer);
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', RATING_CONTEXT_JOB)) this.scheduler.deleteInterval(RATING_CONTEXT_JOB);
  }

  /** One round: skipped if the previous round is still running here or another process holds the lock. */
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const outcome = await withAdvisoryXactLock(this.dataSource, RATING_CONTEXT_JOB, (m) => this.context.fillMissingContext({ max: 5000 }, m));
      if (outcome.ran && outcome.result.checked > 0) {
        this.logger.log(`rating context: ${JSON.stringify(outcome.result)}`);
      }
    } catch (error) {
      this.logger.error(`rating context round failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
