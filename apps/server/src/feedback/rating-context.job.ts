/**
 * Scheduled fill of missing rating context (scheduler role). The interval only dispatches to the
 * service; a PostgreSQL advisory lock elects one runner when several scheduler processes run.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { withAdvisoryXactLock } from '../common/advisory-lock';
import { IntervalJob } from '../common/interval-job';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RatingContextService } from './rating-context.service';

export const RATING_CONTEXT_JOB = 'feedback.rating-context';
/**
 * Ratings per transaction. During a replay the ratings arrive hours (of simulated time) before their
 * telemetry, so every round re-checks all the pending ones; a batch of 250 held the embedded PGlite's
 * one session for up to 5.4 s (measured 2026-12-04), and a tablet's answer waited behind it.
 */
const BATCH = 25;
const ROUND_MAX = 5000;

@Injectable()
export class RatingContextJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RatingContextJob.name);
  private readonly job: IntervalJob;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    scheduler: SchedulerRegistry,
    private readonly context: RatingContextService,
    private readonly dataSource: DataSource,
  ) {
    this.job = new IntervalJob(scheduler, RATING_CONTEXT_JOB, config.FEEDBACK_CONTEXT_INTERVAL_MS, () => this.round(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  /** Before the database closes (onApplicationShutdown), let a round in flight finish. */
  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  /** One round: skipped if the previous round is still running here or another process holds the lock. */
  run(): Promise<void> {
    return this.job.tick();
  }

  /**
   * Up to ROUND_MAX ratings, BATCH at a time, each batch in a short transaction of its own: on the
   * embedded PGlite a transaction holds the one session, and one of 5,000 ratings kept the
   * tablets' answers waiting behind it (issue 8). Filling is idempotent, so another runner taking
   * the lock between two batches does no harm.
   */
  private async round(): Promise<void> {
    const startedAt = new Date(Date.now() - 1);
    const total = { checked: 0, complete: 0, settled: 0, pending: 0 };
    for (let i = 0; i < ROUND_MAX / BATCH; i++) {
      const outcome = await withAdvisoryXactLock(this.dataSource, RATING_CONTEXT_JOB, (m) =>
        this.context.fillMissingContext({ max: BATCH, batchSize: BATCH, checkedBefore: startedAt }, m),
      );
      if (!outcome.ran) break;
      for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += outcome.result[k];
      if (outcome.result.checked < BATCH) break;
    }
    if (total.checked > 0) this.logger.log(`rating context: ${JSON.stringify(total)}`);
  }
}
