import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from './auth/auth.module';
import { ResponseContractInterceptor } from './common/response-contract.interceptor';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source';
import { FleetSeeder } from './database/fleet-seed';
import { HealthModule } from './health/health.module';
import { LiveModule } from './live/live.module';
import { MetricsModule } from './metrics/metrics.module';
import { MqttModule } from './mqtt/mqtt.module';
import { MODULES_BY_ROLE } from './modules';
import { RUNTIME, type Runtime } from './runtime';

@Global()
@Module({})
class CoreModule {
  static forRoot(config: AppConfig, runtime: Runtime): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: RUNTIME, useValue: runtime },
        // Tests check every JSON answer against its libs/contract schema (response-contract.interceptor.ts).
        ...(config.NODE_ENV === 'test' ? [{ provide: APP_INTERCEPTOR, useClass: ResponseContractInterceptor }] : []),
      ],
      exports: [APP_CONFIG, RUNTIME],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, runtime: Runtime): DynamicModule {
    const roleModules = [...new Set(config.MODULES.flatMap((role) => MODULES_BY_ROLE[role]))];
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, runtime),
        AuthModule,
        TypeOrmModule.forRoot({
          ...dataSourceOptions(runtime.databaseUrl, config.DATABASE_POOL_SIZE),
          // Every process may run them: TypeORM takes a lock, and they are idempotent by name.
          migrationsRun: true,
          autoLoadEntities: true,
        }),
        ...(config.MODULES.includes('scheduler') ? [ScheduleModule.forRoot()] : []),
        MqttModule,
        MetricsModule,
        HealthModule,
        LiveModule,
        ...roleModules,
      ],
      providers: [FleetSeeder],
    };
  }
}
