/** The scheduled alerts round every ALERTS_INTERVAL_MS (scheduler role); it only dispatches. */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { IntervalJob } from '../common/interval-job';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ScheduledAlertsService } from './scheduled-alerts.service';

export const ALERTS_JOB = 'alerts.scheduled';

@Injectable()
export class AlertsJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AlertsJob.name);
  private readonly job: IntervalJob;

  constructor(
    private readonly alerts: ScheduledAlertsService,
    registry: SchedulerRegistry,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.job = new IntervalJob(
      registry,
      ALERTS_JOB,
      config.ALERTS_INTERVAL_MS,
      async () => {
        await this.alerts.round();
      },
      this.logger,
    );
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
}
