/**
 * The one DataSource definition shared by the app and the TypeORM CLI
 * (`npx typeorm -d apps/server/src/database/cli-data-source.ts migration:run`).
 * `synchronize` is off: the schema only changes through migrations, identical on PGlite and PostgreSQL.
 */
import { DataSource, type DataSourceOptions } from 'typeorm';
import { seedFleet } from './fleet-seed';
import { MIGRATIONS } from './migrations';
import { seedTrial } from './trial-seed';

export function dataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    entities: [],
    poolSize,
    extra: { max: poolSize },
    logging: ['error', 'migration'],
  };
}

export async function openDataSource(url: string, poolSize: number): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(url, poolSize));
  await dataSource.initialize();
  await dataSource.runMigrations();
  await seedFleet(dataSource);
  await seedTrial(dataSource);
  return dataSource;
}
