/**
 * `npm run retention` (apps/retention, apps/server/src/retention) on the embedded PGlite, or on the
 * PostgreSQL of TEST_DATABASE_URL: one simulated service day of both coaches (2018-06-11, written
 * straight into the ingest tables like the report tests do) with passengers' ratings, in June's
 * partition. The month is refused while not rolled up; once rolled up it is archived and dropped,
 * and the report's inputs and data hash (every figure: comparison, KPIs, fuel, quality, ratings and
 * their conditions) are the same as before; no rollup recomputes the archived days; a restore puts
 * every row back; bad flags and a damaged archive exit 2. On PostgreSQL the command waits for a
 * rollup holding one of the month's vehicle-day locks.
 */
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../apps/server/src/config/app-config';
import { openDataSource } from '../apps/server/src/database/data-source';
import { listMonthPartitions } from '../apps/server/src/database/telemetry-partitions';
import { TelemetryPartitionsService } from '../apps/server/src/ingest/telemetry-partitions.service';
import { ReportBuilder } from '../apps/server/src/reports/report-builder.service';
import { openReportContext, type ReportContext } from '../apps/server/src/reports/report-context';
import { EXIT, runRetention } from '../apps/retention/src/main';
import { writeTrial } from '../bench/support/trial-data';
import { createTestDatabase, type TestDatabase } from './support/servers';

const DATE = '2018-06-11';
const realPostgres = Boolean(process.env.TEST_DATABASE_URL);
const PERIOD = { from: DATE, to: DATE };
/** 2018-06 ended long before this clock (the command's cut-off is relative to it). */
const NOW = Date.parse('2026-12-01T00:00:00Z');

let db: TestDatabase;
let ds: DataSource;
let ctx: ReportContext;
let out: string;
let rowsBefore: number;

async function cli(args: string[]) {
  const lines: string[] = [];
  const errors: string[] = [];
  const code = await runRetention([...args, '--no-progress'], {
    env: { NODE_ENV: 'test', DATABASE_URL: db.url },
    out: (s) => lines.push(s),
    err: (s) => errors.push(s),
    now: NOW,
  });
  return { code, out: lines.join(''), err: errors.join('') };
}

const telemetryRows = async () => Number((await ds.query(`SELECT count(*)::int AS n FROM telemetry`))[0].n);
const report = () => ctx.app.get(ReportBuilder).build('final', PERIOD);

async function insertRatings(): Promise<void> {
  // Every 20 minutes of the service day, each coach: ratings whose 5 minutes of conditions are raw telemetry.
  const ids: string[] = [];
  const vehicles: string[] = [];
  const at: string[] = [];
  const overall: number[] = [];
  for (let m = 7 * 60; m < 19 * 60; m += 20)
    for (const v of ['GNV-01', 'DSL-01']) {
      ids.push(randomUUID());
      vehicles.push(v);
      at.push(new Date(Date.parse(`${DATE}T00:00:00+02:00`) + m * 60_000).toISOString());
      overall.push(1 + ((m / 20 + (v === 'GNV-01' ? 2 : 0)) % 5));
    }
  await ds.query(
    `INSERT INTO rating (id, vehicle_id, tablet_id, answered_at, received_at, language, complete, overall, fingerprint)
     SELECT id, v, 'tab-' || v, a, a, 'fr', true, o, 'retention-test' FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::smallint[]) AS u(id, v, a, o)`,
    [ids, vehicles, at, overall],
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  ds = await openDataSource(db.url, 1);
  expect((await writeTrial(ds, DATE, DATE)).telemetry).toBeGreaterThan(50_000);
  await insertRatings();
  // The fresh database had no partition for June: the rows waited in DEFAULT until the month was created.
  await new TelemetryPartitionsService(ds).keepAhead(Date.parse(`${DATE}T12:00:00Z`));
  expect(await listMonthPartitions(ds)).toContain('2018-06');
  rowsBefore = await telemetryRows();
  expect(Number((await ds.query(`SELECT count(*)::int AS n FROM telemetry_default`))[0].n)).toBe(0);
  ctx = await openReportContext(loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, LOG_LEVEL: 'warn' }));
  out = mkdtempSync(join(tmpdir(), 'retention-'));
}, 600_000);

afterAll(async () => {
  await ctx?.close();
  await ds?.destroy();
  await db?.stop();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('retention', () => {
  it('refuses a month whose vehicle-days are not rolled up (exit 3), and keeps it', async () => {
    const r = await cli(['--older-than-days', '30', '--month', '2018-06', '--out', out]);
    expect(r.code).toBe(EXIT.refused);
    expect(r.err).toMatch(/2018-06 not archived: \d+ vehicle-day\(s\) not rolled up \(.*GNV-01 2018-06-11/);
    expect(await listMonthPartitions(ds)).toContain('2018-06');
    expect(await telemetryRows()).toBe(rowsBefore);
  });

  it('archives a rolled-up month and drops it; the report is the same; the archived days are not recomputed', async () => {
    await ctx.rollups.runUntilClean();
    const before = await report();
    // The ratings' conditions come from raw rows of the month: the archive must keep them.
    const withSamples = before.inputs.conditions.ratings.filter((r) => r.samples > 0).length;
    expect(withSamples).toBeGreaterThan(10);

    const dry = await cli(['--older-than-days', '30', '--month', '2018-06', '--out', out, '--dry-run']);
    expect(dry.code, dry.err).toBe(EXIT.ok);
    expect(dry.out).toContain(`2018-06: would archive ${rowsBefore} rows`);
    expect(await listMonthPartitions(ds)).toContain('2018-06');

    // On PostgreSQL, a rollup running on one of the days (its lock held elsewhere) makes the command wait for it.
    const rollupLock = realPostgres ? new Client(db.url) : null;
    if (rollupLock) {
      await rollupLock.connect();
      await rollupLock.query(`SELECT pg_advisory_lock(hashtext('analytics-rollup:GNV-01|${DATE}'))`);
    }
    const running = cli(['--older-than-days', '30', '--out', out]);
    if (rollupLock) {
      for (;;) {
        const { rows } = await rollupLock.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        );
        if (rows[0].n > 0) break;
        await new Promise((res) => setTimeout(res, 50));
      }
      expect(await listMonthPartitions(ds)).toContain('2018-06');
      await rollupLock.end();
    }
    const r = await running;
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(r.out).toContain(`2018-06: ${rowsBefore} rows`);
    expect(Number(/(\d+) rating condition\(s\) kept/.exec(r.out)?.[1])).toBe(before.inputs.conditions.ratings.length);
    expect(await listMonthPartitions(ds)).not.toContain('2018-06');
    expect(await telemetryRows()).toBe(0);

    const manifest = JSON.parse(readFileSync(join(out, 'telemetry-2018-06.manifest.json'), 'utf8'));
    const gz = readFileSync(join(out, 'telemetry-2018-06.csv.gz'));
    expect(manifest).toMatchObject({ month: '2018-06', rows: rowsBefore, bytes: gz.length, file: 'telemetry-2018-06.csv.gz' });
    expect(createHash('sha256').update(gz).digest('hex')).toBe(manifest.sha256);
    const lines = gunzipSync(gz).toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(rowsBefore + 1);
    expect(lines[0].split(',').slice(0, 3)).toEqual(['vehicle_id', 'seq', 'ts']);

    const after = await report();
    expect(after.inputs).toEqual(before.inputs);
    expect(after.dataHash).toBe(before.dataHash);
    // Final: neither a scheduled round nor a forced recompute reads the (now empty) raw day.
    expect(await ctx.rollups.runUntilClean()).toEqual([]);
    expect(await ctx.rollups.recompute(null, DATE, DATE)).toEqual([]);
    expect((await report()).dataHash).toBe(before.dataHash);
  });

  it('restores the month: every row back, the report unchanged', async () => {
    const before = await report();
    const r = await cli(['--restore', join(out, 'telemetry-2018-06.manifest.json')]);
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(r.out).toContain(`Restored 2018-06: ${rowsBefore} rows read, ${rowsBefore} inserted`);
    expect(await telemetryRows()).toBe(rowsBefore);
    expect(await listMonthPartitions(ds)).toContain('2018-06');
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM rollup_state WHERE final`);
    expect(n).toBe(0);
    expect((await report()).dataHash).toBe(before.dataHash);
    // A second restore inserts nothing twice.
    const again = await cli(['--restore', join(out, 'telemetry-2018-06.csv.gz')]);
    expect(again.out).toContain(`${rowsBefore} rows read, 0 inserted`);
  });

  it('refuses a damaged archive (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'retention-damaged-'));
    const gz = readFileSync(join(out, 'telemetry-2018-06.csv.gz'));
    gz[gz.length - 12] ^= 0xff;
    writeFileSync(join(dir, 'telemetry-2018-06.csv.gz'), gz);
    writeFileSync(join(dir, 'telemetry-2018-06.manifest.json'), readFileSync(join(out, 'telemetry-2018-06.manifest.json')));
    const r = await cli(['--restore', join(dir, 'telemetry-2018-06.manifest.json')]);
    expect(r.code).toBe(EXIT.invalid);
    expect(r.err).toContain('sha256 differs');
    writeFileSync(join(dir, 'telemetry-2018-06.manifest.json'), '{"format":"other"}');
    const bad = await cli(['--restore', join(dir, 'telemetry-2018-06.manifest.json')]);
    expect(bad.code).toBe(EXIT.invalid);
    expect(bad.err).toMatch(/Invalid archive: .*format/);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    [[], '--older-than-days: required'],
    [['--older-than-days', 'abc'], '--older-than-days:'],
    [['--older-than-days', '0'], '--older-than-days: at least 1 day'],
    [['--older-than-days', '30', '--month', '2018-13'], '--month: a month YYYY-MM'],
    [['--restore', 'x.json', '--dry-run'], '--dry-run: not with --restore'],
    [['--older-than-days', '30', '--bogus'], "Unknown option '--bogus'"],
  ])('bad flags %j exit 2 naming the flag', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(EXIT.invalid);
    expect(r.err).toContain(message);
  });

  it('the command itself exits 2 on a bad flag, before opening any database', async () => {
    const run = promisify(execFile);
    const error = await run(process.execPath, ['-r', '@swc-node/register', 'apps/retention/src/main.ts', '--older-than-days', '-3'], {
      env: { ...process.env, DATABASE_URL: 'postgres://nobody:none@127.0.0.1:1/none' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((error as { code: number }).code).toBe(EXIT.invalid);
    expect((error as { stderr: string }).stderr).toContain('--older-than-days');
  }, 60_000);
});
