/**
 * Deletes expired sessions and full rate-limit buckets every 10 minutes. Any process may run it (two
 * deletes that match nothing do no harm); expiry itself never waits for it: an expired session is
 * refused by the lookup (sessions.repository.ts), this only keeps the tables small.
 */
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { IntervalJob } from '../common/interval-job';
import { PgRateLimiter } from '../common/pg-rate-limiter';
import { SessionService } from './session.service';

const SWEEP_EVERY_MS = 10 * 60_000;

@Injectable()
export class AuthSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AuthSweeper.name);
  private readonly job = new IntervalJob(null, 'auth.sweep', SWEEP_EVERY_MS, () => this.sweep(), this.logger);

  constructor(
    private readonly sessions: SessionService,
    private readonly limiter: PgRateLimiter,
  ) {}

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  async sweep(): Promise<void> {
    const sessions = await this.sessions.sweep();
    const buckets = await this.limiter.sweep();
    if (sessions || buckets) this.logger.debug(`swept ${sessions} expired sessions, ${buckets} rate-limit rows`);
  }
}
