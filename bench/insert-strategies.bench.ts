/**
 * Which bulk insert should the ingest use? (issue 2: "INSERT … ON CONFLICT DO NOTHING or COPY into a
 * staging table: measure which"). Writes the same telemetry batches, with the inserted keys read
 * back as the ingest needs them, three ways on the real PostgreSQL:
 *   unnest:  INSERT … SELECT FROM unnest($1::…[], …) ON CONFLICT DO NOTHING RETURNING, the columns sent
 *            as array literals written by telemetryArrayLiterals (the ingest's)
 *   unnest-pg-arrays: the same statement with JS arrays that node-pg serialises itself
 *   values:  INSERT … VALUES (…), (…), … ON CONFLICT DO NOTHING RETURNING
 *   copy:    COPY into a temporary staging table, then INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING
 *   npm run bench -- --rows 200000 (default) --batch 1500 (multi-row VALUES is capped at 65,535 parameters)
 */
import 'reflect-metadata';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { sampleTelemetry, type Telemetry } from '../libs/contract/src';
import { openDataSource } from '../apps/server/src/database/data-source';
import { INSERT_TELEMETRY_SQL, telemetryArrayLiterals, telemetryColumnArrays } from '../apps/server/src/ingest/telemetry-rows';
import { appendResults, createDatabase, dropDatabase, machineLine } from './support/bench-env';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a positive whole number`);
  return v;
};
const ROWS = arg('rows', 200_000);
const BATCH = arg('batch', 1500);
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

type Row = { payload: Telemetry; receivedAt: string };
const COLUMN_LIST = /INSERT INTO telemetry \(([^)]+)\)/.exec(INSERT_TELEMETRY_SQL)![1];
const NCOL = COLUMN_LIST.split(',').length;

function batches(offset: number): Row[][] {
  const out: Row[][] = [];
  for (let start = 0; start < ROWS; start += BATCH) {
    out.push(
      Array.from({ length: Math.min(BATCH, ROWS - start) }, (_, i) => ({
        payload: sampleTelemetry({ vehicleId: `BENCH-00${((start + i) % 5) + 1}`, seq: offset + Math.floor((start + i) / 5) }),
        receivedAt: new Date().toISOString(),
      })),
    );
  }
  return out;
}

async function unnest(c: Client, rows: Row[]): Promise<number> {
  return (await c.query(INSERT_TELEMETRY_SQL, telemetryArrayLiterals(rows))).rowCount ?? 0;
}

async function unnestPgArrays(c: Client, rows: Row[]): Promise<number> {
  return (await c.query(INSERT_TELEMETRY_SQL, telemetryColumnArrays(rows))).rowCount ?? 0;
}

async function values(c: Client, rows: Row[]): Promise<number> {
  const cols = telemetryColumnArrays(rows);
  const params: unknown[] = [];
  const tuples = rows.map(
    (_, r) =>
      `(${cols
        .map((col) => {
          params.push(col[r]);
          return `$${params.length}`;
        })
        .join(',')})`,
  );
  return (
    (
      await c.query(
        `INSERT INTO telemetry (${COLUMN_LIST}) VALUES ${tuples.join(',')} ON CONFLICT (vehicle_id, seq, ts) DO NOTHING RETURNING vehicle_id, seq`,
        params,
      )
    ).rowCount ?? 0
  );
}

const copyText = (v: unknown): string => (v === null || v === undefined ? '\\N' : typeof v === 'boolean' ? (v ? 't' : 'f') : String(v));

async function copy(c: Client, rows: Row[]): Promise<number> {
  const cols = telemetryColumnArrays(rows);
  const lines = rows.map((_, r) => cols.map((col) => copyText(col[r])).join('\t')).join('\n') + '\n';
  await c.query('TRUNCATE telemetry_staging');
  await pipeline(Readable.from([lines]), c.query(copyFrom(`COPY telemetry_staging (${COLUMN_LIST}) FROM STDIN`)));
  return (
    (
      await c.query(
        `INSERT INTO telemetry (${COLUMN_LIST}) SELECT ${COLUMN_LIST} FROM telemetry_staging ON CONFLICT (vehicle_id, seq, ts) DO NOTHING RETURNING vehicle_id, seq`,
      )
    ).rowCount ?? 0
  );
}

async function main(): Promise<void> {
  if (NCOL * BATCH > 65535)
    throw new Error(`--batch ${BATCH}: multi-row VALUES allows at most ${Math.floor(65535 / NCOL)} rows (65,535 parameters)`);
  const url = await createDatabase(PG_URL, 'bench_insert');
  await (await openDataSource(url, 1)).destroy();
  const c = new Client(url);
  await c.connect();
  await c.query(`INSERT INTO vehicle (id, label, fuel_type) SELECT 'BENCH-00'||g, 'bench', 'cng' FROM generate_series(1,5) g`);
  await c.query(`CREATE UNLOGGED TABLE telemetry_staging (LIKE telemetry INCLUDING DEFAULTS)`);
  const strategies = { unnest, 'unnest-pg-arrays': unnestPgArrays, values, copy } as const;
  const results: Record<string, number> = {};
  /** This process's CPU per row (building and sending the statement), best round. */
  const cpuUs: Record<string, number> = {};
  let offset = 0;
  // Two rounds, alternating order, best of both: the machine is shared with nothing else, but caches warm up.
  for (const round of [0, 1]) {
    const order: (keyof typeof strategies)[] = ['unnest', 'unnest-pg-arrays', 'values', 'copy'];
    for (const name of round ? order.reverse() : order) {
      const work = batches(offset);
      offset += ROWS;
      const t = performance.now();
      const cpu0 = process.cpuUsage();
      let inserted = 0;
      for (const b of work) {
        await c.query('BEGIN');
        inserted += await strategies[name](c, b);
        await c.query('COMMIT');
      }
      const rate = ROWS / ((performance.now() - t) / 1000);
      const cpu = process.cpuUsage(cpu0);
      cpuUs[name] = Math.min(cpuUs[name] ?? Infinity, (cpu.user + cpu.system) / ROWS);
      if (inserted !== ROWS) throw new Error(`${name} inserted ${inserted} of ${ROWS}`);
      results[name] = Math.max(results[name] ?? 0, rate);
      process.stdout.write(
        `round ${round + 1} ${name.padEnd(16)} ${Math.round(rate).toLocaleString('en')} rows/s, client CPU ${cpuUs[name].toFixed(1)} µs/row\n`,
      );
    }
  }
  await c.end();
  await dropDatabase(PG_URL, 'bench_insert');
  const best = Math.max(...Object.values(results));
  const lines = [
    `## Bulk insert strategies — ${new Date().toISOString().slice(0, 10)} — ${machineLine()}`,
    `PostgreSQL 15, telemetry table of the ingest (${NCOL} columns, PK + time index), ${ROWS.toLocaleString('en')} rows per strategy in transactions of ${BATCH}, inserted keys read back; best of 2 rounds.`,
    '',
    '| strategy | rows/s | vs best | client CPU per row | vs unnest |',
    '|---|---|---|---|---|',
    ...Object.entries(results).map(
      ([k, v]) =>
        `| ${k} | ${Math.round(v).toLocaleString('en')} | ${(v / best).toFixed(2)} | ${cpuUs[k].toFixed(1)} µs | ×${(cpuUs[k] / cpuUs.unnest).toFixed(2)} |`,
    ),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
  appendResults(lines.join('\n'));
}

void main().catch((e: Error) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
