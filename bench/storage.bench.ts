/**
 * Storage that grows without slowing (issue 13), on the machine's PostgreSQL (BENCH_DATABASE_URL):
 *  - the simulated service day 2018-06-11 of both coaches (June's partition) is the "1 month stored"
 *    database; 3 more months of synthetic samples (March–May, both coaches every 4 s from 05:00
 *    to 21:00 UTC) make it "4 months stored";
 *  - insert speed: the ingest's own statement (INSERT … unnest … ON CONFLICT, batches of 2,000)
 *    into a fresh month, with 1 and with 4 months stored;
 *  - the rollup of the service day (forced recompute of both coaches, median of 3), with 1 and 4;
 *  - archiving a synthetic month with the retention service: time, file size, bytes per row, and
 *    the restore's time.
 * Results are appended to bench/RESULTS.md.
 */
import 'reflect-metadata';
import { statSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { sampleTelemetry } from '@app/contract';
import type { DataSource } from 'typeorm';
import { RollupRepository } from '../apps/server/src/analytics/rollup.repository';
import { RollupService } from '../apps/server/src/analytics/rollup.service';
import { loadConfig } from '../apps/server/src/config/app-config';
import { openDataSource } from '../apps/server/src/database/data-source';
import { datesOfMonth, ensureMonthPartition, monthBounds, partitionName } from '../apps/server/src/database/telemetry-partitions';
import { INSERT_TELEMETRY_SQL, telemetryColumnArrays } from '../apps/server/src/ingest/telemetry-rows';
import { RetentionService } from '../apps/server/src/retention/retention.service';
import { appendResults, createDatabase, dropDatabase, machineLine, phase } from './support/bench-env';
import { writeTrial } from './support/trial-data';

const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
const DAY = '2018-06-11';
const FILLER_MONTHS = ['2018-03', '2018-04', '2018-05'];
const INSERT_BATCHES = Number(process.env.BENCH_STORAGE_BATCHES ?? 100);
const BATCH = 2000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

/** The ingest's statement, INSERT_BATCHES batches of BATCH rows into `month`; rows per second. */
async function insertSpeed(ds: DataSource, month: string): Promise<number> {
  await ds.transaction((m) => ensureMonthPartition(m, month));
  const start = Date.parse(monthBounds(month).from) + 86_400_000;
  const receivedAt = new Date().toISOString();
  let seq = 0;
  const started = performance.now();
  for (let b = 0; b < INSERT_BATCHES; b++) {
    const rows = [];
    for (let i = 0; i < BATCH; i++) {
      const vehicleId = i % 2 ? 'DSL-01' : 'GNV-01';
      rows.push({
        payload: sampleTelemetry({ vehicleId, seq: 10_000_000 + seq, ts: new Date(start + seq * 500).toISOString() }),
        receivedAt,
      });
      seq++;
    }
    await ds.query(INSERT_TELEMETRY_SQL, telemetryColumnArrays(rows));
  }
  return (INSERT_BATCHES * BATCH) / ((performance.now() - started) / 1000);
}

async function rollupMs(rollups: RollupService): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const days = await rollups.recompute(null, DAY, DAY);
    if (days.length !== 2) throw new Error(`expected 2 vehicle-days, got ${days.length}`);
    runs.push(performance.now() - started);
  }
  return median(runs);
}

/** A month of synthetic samples (both coaches, every 4 s, 05:00–21:00 UTC), marked rolled up so the retention may archive it. */
async function fillMonth(ds: DataSource, month: string): Promise<number> {
  await ds.transaction((m) => ensureMonthPartition(m, month));
  const [{ n }]: Array<{ n: number }> = await ds.query(
    `WITH ins AS (
       INSERT INTO telemetry
       SELECT v.id, extract(epoch FROM g)::bigint, g, 43.65 + random() / 100, 3.95 + random() / 100, 90, true, 60 * random(), extract(epoch FROM g) / 1000.0,
              1400, 40, 20, false, false, 20, v.fuel, CASE WHEN v.fuel = 'cng' THEN 180 END, CASE WHEN v.fuel = 'cng' THEN 18 END,
              CASE WHEN v.fuel = 'cng' THEN extract(epoch FROM g) / 10000.0 END, CASE WHEN v.fuel = 'diesel' THEN extract(epoch FROM g) / 10000.0 END,
              60, 21, 50, 700, 62, 66, 22, 18, true, 0.2, 0.2, 0.3, 0.2, 0.2, 0.3, g
       FROM (VALUES ('GNV-01', 'cng'), ('DSL-01', 'diesel')) AS v(id, fuel)
       CROSS JOIN generate_series($1::date, ($2::date - 1), interval '1 day') AS d
       CROSS JOIN LATERAL generate_series(d + interval '5 hours', d + interval '21 hours', interval '4 seconds') AS g
       RETURNING 1
     ) SELECT count(*)::int AS n FROM ins`,
    [`${month}-01`, `${nextMonthStart(month)}`],
  );
  const dates = datesOfMonth(month);
  await ds.query(
    `INSERT INTO rollup_state (vehicle_id, service_date, signature) SELECT v, d::date, '' FROM unnest($1::text[]) v CROSS JOIN unnest($2::text[]) d
     ON CONFLICT DO NOTHING`,
    [['GNV-01', 'DSL-01'], dates],
  );
  return n;
}

const nextMonthStart = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

async function main(): Promise<void> {
  Logger.overrideLogger(['warn', 'error']);
  const dbName = 'bench_storage';
  const url = await createDatabase(PG_URL, dbName);
  const ds = await openDataSource(url, 2);
  const runtime = { databaseUrl: url, databaseKind: 'postgres' as const, mqttUrl: '', mqttKind: 'external' as const };
  const rollups = new RollupService(ds, new RollupRepository(), loadConfig({}), runtime);
  const out = mkdtempSync(join(tmpdir(), 'bench-storage-'));
  try {
    await ds.transaction((m) => ensureMonthPartition(m, '2018-06'));
    const trial = await phase('service day 2018-06-11', 60, () => writeTrial(ds, DAY, DAY));
    await phase('first rollup', 30, () => rollups.runUntilClean());

    const insert1 = await phase('insert, 1 month stored', 60, () => insertSpeed(ds, '2018-07'));
    const rollup1 = await phase('rollup, 1 month stored', 30, () => rollupMs(rollups));

    let filler = 0;
    for (const month of FILLER_MONTHS) filler += await phase(`fill ${month}`, 60, () => fillMonth(ds, month));
    await ds.query('ANALYZE telemetry');
    const insert4 = await phase('insert, 4 months stored', 60, () => insertSpeed(ds, '2018-08'));
    const rollup4 = await phase('rollup, 4 months stored', 30, () => rollupMs(rollups));

    const [{ bytes: partitionBytes, rows: archivedRows }]: Array<{ bytes: string; rows: number }> = await ds.query(
      `SELECT pg_total_relation_size('${partitionName(FILLER_MONTHS[0])}') AS bytes, (SELECT count(*)::int FROM ${partitionName(FILLER_MONTHS[0])}) AS rows`,
    );
    const retention = new RetentionService(ds, 'postgres');
    const archived = await phase(`archive ${FILLER_MONTHS[0]}`, 60, () => retention.archiveMonth(FILLER_MONTHS[0], out));
    const restored = await phase(`restore ${FILLER_MONTHS[0]}`, 60, () => retention.restore(archived.manifest!));
    const fileBytes = statSync(archived.file!).size;

    const section = `
## Storage: partitioned raw telemetry and retention (${new Date().toISOString().slice(0, 10)}, npm run bench:storage)

Machine: ${machineLine()}. PostgreSQL of this machine (${PG_URL.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}).
"1 month stored": the simulated service day ${DAY} of both coaches (${fmt(trial.telemetry)} samples, June's partition). "4 months stored": plus ${fmt(filler)} synthetic samples in ${FILLER_MONTHS.join(', ')} (both coaches every 4 s, 05:00–21:00 UTC).

| measure | 1 month stored | 4 months stored | 4 against 1 |
|---|---|---|---|
| insert, the ingest's statement (${INSERT_BATCHES} × ${BATCH} rows into a new month) | ${fmt(insert1)} rows/s | ${fmt(insert4)} rows/s | ×${(insert4 / insert1).toFixed(2)} |
| rollup of ${DAY} (2 vehicle-days, forced, median of 3) | ${(rollup1 / 1000).toFixed(2)} s | ${(rollup4 / 1000).toFixed(2)} s | ×${(rollup4 / rollup1).toFixed(2)} |

Archiving ${FILLER_MONTHS[0]} (npm run retention's service): ${fmt(archivedRows)} rows in ${(archived.ms / 1000).toFixed(1)} s
(${fmt(archivedRows / (archived.ms / 1000))} rows/s), ${(fileBytes / 1e6).toFixed(1)} MB of CSV.gz (${(fileBytes / archivedRows).toFixed(1)} bytes per row)
against ${(Number(partitionBytes) / 1e6).toFixed(1)} MB in PostgreSQL with its indexes (${(Number(partitionBytes) / archivedRows).toFixed(0)} bytes per row, ×${(Number(partitionBytes) / fileBytes).toFixed(1)} the file);
restore ${(restored.ms / 1000).toFixed(1)} s (${fmt(restored.rows / (restored.ms / 1000))} rows/s, batched INSERT of text arrays).
The synthetic rows repeat most values, so they compress better than real ones would: read the file size as a lower bound.
`;
    process.stdout.write(section);
    appendResults(section);
  } finally {
    await ds.destroy();
    await dropDatabase(PG_URL, dbName);
    rmSync(out, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
