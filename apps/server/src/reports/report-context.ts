/**
 * The reports services without the server: a NestJS application context holding only the
 * database (the same migrations), the analytics services and the reports module — no HTTP, no
 * broker, no scheduled job. The report CLI and the benchmark use it, so they run the very
 * services the API and the schedule run. The embedded PGlite is started on DATA_DIR (the
 * server's default) unless DATABASE_URL is set.
 */
import { resolve, join } from 'node:path';
import { Global, Module, type DynamicModule, type INestApplicationContext, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RollupService } from '../analytics/rollup.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source';
import { FleetSeeder } from '../database/fleet-seed';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../infra/embedded-database';
import { RUNTIME, type Runtime } from '../runtime';
import { ReportsCoreModule } from './reports.module';
import { ReportsService } from './reports.service';

@Global()
@Module({})
class ReportContextCore {
  static forRoot(config: AppConfig, runtime: Runtime): DynamicModule {
    return {
      module: ReportContextCore,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: RUNTIME, useValue: runtime },
      ],
      exports: [APP_CONFIG, RUNTIME],
    };
  }
}

@Module({})
class ReportContextModule {
  static forRoot(config: AppConfig, runtime: Runtime): DynamicModule {
    return {
      module: ReportContextModule,
      imports: [
        ReportContextCore.forRoot(config, runtime),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(runtime.databaseUrl, Math.min(config.DATABASE_POOL_SIZE, 2)),
          migrationsRun: true,
          autoLoadEntities: true,
        }),
        ReportsCoreModule,
      ],
      providers: [FleetSeeder],
    };
  }
}

export interface ReportContext {
  app: INestApplicationContext;
  runtime: Runtime;
  reports: ReportsService;
  rollups: RollupService;
  /** Where the data is: the embedded folder or the server named by DATABASE_URL (without its password). */
  where: string;
  close(): Promise<void>;
}

export async function openReportContext(config: AppConfig, logger: LoggerService | false = false): Promise<ReportContext> {
  let embedded: EmbeddedDatabase | undefined;
  const dataDir = resolve(join(config.DATA_DIR, 'pglite'));
  if (!config.DATABASE_URL) embedded = await startEmbeddedDatabase(dataDir);
  try {
    const runtime: Runtime = {
      databaseUrl: config.DATABASE_URL ?? embedded!.url,
      databaseKind: config.DATABASE_URL ? 'postgres' : 'pglite',
      mqttUrl: '',
      mqttKind: 'external',
    };
    const app = await NestFactory.createApplicationContext(ReportContextModule.forRoot(config, runtime), { logger });
    const where = config.DATABASE_URL ? config.DATABASE_URL.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') : `${dataDir} (embedded PGlite)`;
    return {
      app,
      runtime,
      where,
      reports: app.get(ReportsService),
      rollups: app.get(RollupService),
      async close() {
        await app.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
}
