/**
 * One rollup runner as its own process, for bench/scale.bench.ts: rolls up every dirty vehicle-day
 * of the database it is given, sharing them with the other runners through the per-day locks, and
 * prints one JSON line (vehicle-days it computed, wall time).
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { RollupRepository } from '../../apps/server/src/analytics/rollup.repository';
import { RollupService } from '../../apps/server/src/analytics/rollup.service';
import { loadConfig } from '../../apps/server/src/config/app-config';
import { openDataSource } from '../../apps/server/src/database/data-source';

const { url } = JSON.parse(process.argv[2]) as { url: string };

async function main(): Promise<void> {
  Logger.overrideLogger(['warn', 'error']);
  const ds = await openDataSource(url, 2);
  const rollups = new RollupService(ds, new RollupRepository(), loadConfig({}), {
    databaseUrl: url,
    databaseKind: 'postgres',
    mqttUrl: '',
    mqttKind: 'external',
  });
  const started = performance.now();
  const days = await rollups.runUntilClean();
  const ms = performance.now() - started;
  await ds.destroy();
  process.stdout.write(`${JSON.stringify({ days: days.length, ms })}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
