/**
 * Feature modules by role. A process runs the roles listed in MODULES (config): several ingest
 * processes can share the MQTT load, any number of stateless API processes can serve HTTP, and the
 * scheduler role runs the rollup jobs (each job elects one runner with a PostgreSQL advisory lock).
 * Feature engineers: add your module to the role it belongs to (one line).
 */
import type { DynamicModule, Type } from '@nestjs/common';
import type { ServerModule } from './config/app-config';
import { IngestModule } from './ingest/ingest.module';
import { FeedbackJobsModule, FeedbackModule } from './feedback/feedback.module';
import { WebModule } from './web/web.module';
import { AnalyticsModule, AnalyticsSchedulerModule } from './analytics/analytics.module';
import { AuthApiModule } from './auth/auth-api.module';
import { AdminModule } from './admin/admin.module';
import { AlertsIngestModule, AlertsModule, AlertsSchedulerModule } from './alerts/alerts.module';
import { ReportsModule, ReportsSchedulerModule } from './reports/reports.module';
import { TrialModule } from './trial/trial.module';

type ModuleRef = Type<unknown> | DynamicModule;

export const MODULES_BY_ROLE: Record<ServerModule, ModuleRef[]> = {
  ingest: [IngestModule, AlertsIngestModule],
  api: [FeedbackModule, WebModule, AnalyticsModule, AuthApiModule, AdminModule, AlertsModule, ReportsModule, TrialModule],
  scheduler: [FeedbackJobsModule, AnalyticsSchedulerModule, AlertsSchedulerModule, ReportsSchedulerModule],
};
