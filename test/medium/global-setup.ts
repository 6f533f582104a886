/**
 * The medium tier's one database (vitest globalSetup of the `medium` project): a fresh one
 * (embedded PGlite, or a new database on TEST_DATABASE_URL's PostgreSQL, as createTestDatabase
 * does for the end-to-end tests), migrated once; the test files get its URL through inject().
 */
import type { TestProject } from 'vitest/node';
import { openDataSource } from '../../apps/server/src/database/data-source';
import { createTestDatabase, type TestDatabase } from '../support/servers';

declare module 'vitest' {
  export interface ProvidedContext {
    mediumDatabaseUrl: string;
  }
}

let database: TestDatabase | undefined;

export async function setup(project: TestProject): Promise<void> {
  database = await createTestDatabase();
  const dataSource = await openDataSource(database.url, 1);
  await dataSource.destroy();
  project.provide('mediumDatabaseUrl', database.url);
}

export async function teardown(): Promise<void> {
  await database?.stop();
}
