/**
 * Engineers' alerts (issue 10, docs/alerts.md).
 *  - AlertsCoreModule: the rules, the engine that runs conditions and keeps alerts in step, the notifier.
 *  - AlertsModule (role `api`): the HTTP API, and the judgement of the tablets' ratings it receives.
 *  - AlertsIngestModule (role `ingest`): the judgement of the telemetry this process commits.
 *  - AlertsSchedulerModule (role `scheduler`): the absence rules and escalations, on a schedule.
 */
import { Module } from '@nestjs/common';
import { AlertEngine } from './alert-engine';
import { AlertNotifier } from './alert-notifier';
import { AlertRulesController } from './alert-rules.controller';
import { AlertRulesService } from './alert-rules.service';
import { AlertSilencesController } from './alert-silences.controller';
import { AlertsController } from './alerts.controller';
import { AlertsJob } from './alerts.job';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';
import { RatingsAlertsEvaluator } from './ratings-alerts.evaluator';
import { ScheduledAlertsService } from './scheduled-alerts.service';
import { SilencesService } from './silences.service';
import { TelemetryAlertsEvaluator } from './telemetry-alerts.evaluator';

@Module({
  providers: [AlertsRepository, AlertNotifier, AlertEngine, AlertRulesService],
  exports: [AlertsRepository, AlertNotifier, AlertEngine, AlertRulesService],
})
export class AlertsCoreModule {}

@Module({
  imports: [AlertsCoreModule],
  // rules and silences before the alerts' `:id` routes
  controllers: [AlertRulesController, AlertSilencesController, AlertsController],
  providers: [AlertsService, SilencesService, RatingsAlertsEvaluator],
})
export class AlertsModule {}

@Module({ imports: [AlertsCoreModule], providers: [TelemetryAlertsEvaluator] })
export class AlertsIngestModule {}

@Module({ imports: [AlertsCoreModule], providers: [ScheduledAlertsService, AlertsJob] })
export class AlertsSchedulerModule {}
