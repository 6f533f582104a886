/**
 * Trial analytics (issue 4). AnalyticsModule serves the REST API (role `api`);
 * AnalyticsSchedulerModule runs the rollup job (role `scheduler`). Both share the rollup service.
 */
import { Module } from '@nestjs/common';
import { AnalyticsRepository } from './analytics.repository';
import { ComparisonService } from './comparison.service';
import { CompletenessRepository } from './completeness.repository';
import { CompletenessService } from './completeness.service';
import { ComparisonWarmer } from './comparison.warmer';
import { FleetController } from './fleet.controller';
import { FleetService } from './fleet.service';
import { KpiController } from './kpi.controller';
import { KpiService } from './kpi.service';
import { QualityController } from './quality.controller';
import { QualityService } from './quality.service';
import { RatingAnalyticsController } from './rating-analytics.controller';
import { RatingAnalyticsService } from './rating-analytics.service';
import { RollupController } from './rollup.controller';
import { RollupJob } from './rollup.job';
import { RollupMetrics } from './rollup.metrics';
import { RollupRepository } from './rollup.repository';
import { RollupService } from './rollup.service';
import { TripsController } from './trips.controller';
import { TripsService } from './trips.service';
import { TrialServicesModule } from '../trial/trial.module';

@Module({
  providers: [RollupRepository, RollupService],
  exports: [RollupService],
})
class AnalyticsCoreModule {}

const SERVICES = [
  AnalyticsRepository,
  CompletenessRepository,
  KpiService,
  ComparisonService,
  FleetService,
  QualityService,
  CompletenessService,
  RatingAnalyticsService,
];

/** The analytics services without their routes: the API's controllers and the report builder (reports module, report CLI) share them. */
@Module({
  imports: [AnalyticsCoreModule, TrialServicesModule],
  providers: SERVICES,
  exports: [...SERVICES, AnalyticsCoreModule, TrialServicesModule],
})
export class AnalyticsServicesModule {}

@Module({
  imports: [AnalyticsServicesModule],
  controllers: [KpiController, TripsController, FleetController, QualityController, RatingAnalyticsController, RollupController],
  // Trips name drivers by pseudonym (the auth module's): the API's business only.
  providers: [ComparisonWarmer, TripsService],
})
export class AnalyticsModule {}

@Module({ imports: [AnalyticsCoreModule], providers: [RollupJob, RollupMetrics] })
export class AnalyticsSchedulerModule {}
