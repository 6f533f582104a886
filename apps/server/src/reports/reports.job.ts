/**
 * The scheduled reports: every REPORTS_SCHEDULE_INTERVAL_MS it asks for a round. It only
 * dispatches; what is due and the one-runner rule are ReportScheduleService's business.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { IntervalJob } from '../common/interval-job';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ReportScheduleService } from './report-schedule.service';

@Injectable()
export class ReportsJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReportsJob.name);
  private readonly job: IntervalJob;

  constructor(
    private readonly schedule: ReportScheduleService,
    registry: SchedulerRegistry,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.job = new IntervalJob(registry, 'reports.schedule', config.REPORTS_SCHEDULE_INTERVAL_MS, () => this.round(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  private async round(): Promise<void> {
    await this.schedule.round();
  }
}
