/**
 * The experience report (issue 11). ReportsCoreModule builds, renders and stores versions (used by
 * the API, the scheduler and the report CLI); ReportsModule serves /api/v1/reports and the public
 * school page /decouvrir (role `api`); ReportsSchedulerModule makes the nightly interim and the
 * final report (role `scheduler`).
 */
import { Module } from '@nestjs/common';
import { AnalyticsServicesModule } from '../analytics/analytics.module';
import { RollupRepository } from '../analytics/rollup.repository';
import { ReportBuilder } from './report-builder.service';
import { ReportScheduleService } from './report-schedule.service';
import { ReportsController } from './reports.controller';
import { ReportsJob } from './reports.job';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { SchoolController } from './school.controller';

@Module({
  imports: [AnalyticsServicesModule],
  providers: [ReportsRepository, ReportBuilder, ReportsService, RollupRepository, ReportScheduleService],
  exports: [ReportsService, ReportBuilder, ReportScheduleService, AnalyticsServicesModule],
})
export class ReportsCoreModule {}

@Module({ imports: [ReportsCoreModule], controllers: [ReportsController, SchoolController] })
export class ReportsModule {}

@Module({ imports: [ReportsCoreModule], providers: [ReportsJob] })
export class ReportsSchedulerModule {}
