/**
 * The partitioned telemetry (migration 1780001600000, database/telemetry-partitions.ts) on the
 * embedded PGlite, or on the PostgreSQL of TEST_DATABASE_URL: the migration keeps the rows of the
 * old table, each in its month's partition; a resent message is stored once whatever its month;
 * a month without a partition lands in DEFAULT and moves into its own partition when created.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { sampleTelemetry } from '@app/contract';
import { dataSourceOptions } from '../apps/server/src/database/data-source';
import { MIGRATIONS } from '../apps/server/src/database/migrations';
import { ensureMonthPartition, listMonthPartitions } from '../apps/server/src/database/telemetry-partitions';
import { IngestRepository } from '../apps/server/src/ingest/ingest.repository';
import { emptyBatch, type IngestBatch } from '../apps/server/src/ingest/ingest.types';
import { IngestWriter } from '../apps/server/src/ingest/ingest.writer';
import { INSERT_TELEMETRY_SQL, telemetryColumnArrays } from '../apps/server/src/ingest/telemetry-rows';
import { TelemetryPartitionsService } from '../apps/server/src/ingest/telemetry-partitions.service';
import { createTestDatabase, type TestDatabase } from './support/servers';

const VEHICLES = ['GNV-01', 'DSL-01'];
const realPostgres = Boolean(process.env.TEST_DATABASE_URL);
/** 22:30 UTC on 30 June is 00:30 on 1 July in Paris: it belongs to July's partition. */
const INSTANTS = ['2018-06-11T06:00:00Z', '2018-06-30T21:30:00Z', '2018-06-30T22:30:00Z', '2018-07-02T08:00:00Z'];

let db: TestDatabase;
let ds: DataSource;

function samples(seqFrom: number, instants: readonly string[]) {
  const receivedAt = '2026-12-01T00:00:00.000Z';
  return VEHICLES.flatMap((vehicleId) =>
    instants.map((iso, i) => ({ payload: sampleTelemetry({ vehicleId, seq: seqFrom + i, ts: new Date(iso).toISOString() }), receivedAt })),
  );
}

const batchOf = (telemetry: IngestBatch['telemetry']): IngestBatch => ({ ...emptyBatch(), telemetry });

async function rowsByPartition(): Promise<Record<string, number>> {
  const rows: Array<{ part: string; n: number }> = await ds.query(
    `SELECT tableoid::regclass::text AS part, count(*)::int AS n FROM telemetry GROUP BY 1 ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.part, r.n]));
}

/** Where TelemetryPartitions sits in the list: later migrations (the fleet registry) come after it. */
const PARTITIONS_AT = MIGRATIONS.findIndex((m) => m.name === 'TelemetryPartitions1780001600000');

beforeAll(async () => {
  db = await createTestDatabase();
  // The schema as it was before partitioning, with rows in it (the first migration inserted the two coaches).
  const before = new DataSource({ ...dataSourceOptions(db.url, 1), migrations: MIGRATIONS.slice(0, PARTITIONS_AT) });
  await before.initialize();
  await before.runMigrations();
  const old = samples(0, INSTANTS);
  await before.query(INSERT_TELEMETRY_SQL.replace('(vehicle_id, seq, ts)', '(vehicle_id, seq)'), telemetryColumnArrays(old));
  await before.destroy();

  ds = new DataSource(dataSourceOptions(db.url, 2));
  await ds.initialize();
  await ds.runMigrations();
}, 120_000);

afterAll(async () => {
  await ds?.destroy();
  await db?.stop();
});

describe('telemetry partitions', () => {
  it('the migration keeps every row, each in its Paris month, with the key (vehicle_id, seq, ts)', async () => {
    expect(await rowsByPartition()).toEqual({ telemetry_y2018m06: 4, telemetry_y2018m07: 4 });
    expect(await listMonthPartitions(ds)).toEqual(['2018-06', '2018-07']);
    const [pk]: Array<{ def: string }> = await ds.query(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'telemetry_pkey' AND conrelid = 'telemetry'::regclass`,
    );
    expect(pk.def).toBe('PRIMARY KEY (vehicle_id, seq, ts)');
    const [{ kind }]: Array<{ kind: string }> = await ds.query(`SELECT relkind::text AS kind FROM pg_class WHERE relname = 'telemetry'`);
    expect(kind).toBe('p');
    // The unit's watermark lookup and the rollup's day read still find their indexes on each partition.
    const indexes: Array<{ indexname: string }> = await ds.query(
      `SELECT indexname FROM pg_indexes WHERE tablename = 'telemetry_y2018m06' ORDER BY indexname`,
    );
    expect(indexes).toHaveLength(2);
  });

  it('a resent message is stored once, in either partition, and counted as a duplicate', async () => {
    const writer = new IngestWriter(ds, new IngestRepository());
    const outcome = await writer.write(batchOf(samples(0, INSTANTS)));
    expect(outcome.inserted.telemetry).toBe(0);
    expect(outcome.duplicates.telemetry).toBe(8);
    const fresh = await writer.write(batchOf(samples(100, INSTANTS)));
    expect(fresh.inserted.telemetry).toBe(8);
    const again = await writer.write(batchOf([...samples(100, INSTANTS), ...samples(0, INSTANTS)]));
    expect(again.inserted.telemetry).toBe(0);
    expect(await rowsByPartition()).toEqual({ telemetry_y2018m06: 8, telemetry_y2018m07: 8 });
  });

  it('a month without a partition waits in DEFAULT, then moves into the partition the ingest asks for', async () => {
    const writer = new IngestWriter(ds, new IngestRepository());
    const august = samples(200, ['2018-08-10T10:00:00Z', '2018-08-31T23:00:00Z']);
    await writer.write(batchOf(august));
    expect((await rowsByPartition()).telemetry_default).toBe(4);

    const partitions = new TelemetryPartitionsService(ds);
    await partitions.keepAhead(Date.parse('2018-08-15T12:00:00Z'));
    const after = await rowsByPartition();
    expect(after.telemetry_default).toBeUndefined();
    // 23:00 UTC on 31 August is 1 September in Paris.
    expect(after.telemetry_y2018m08).toBe(2);
    expect(after.telemetry_y2018m09).toBe(2);
    expect(await partitions.ensure('2018-08')).toBeNull();

    // The ingest's preparation: a sample of a month never seen creates its partition before the write, so nothing lands in DEFAULT.
    const october = samples(300, ['2018-10-05T10:00:00Z']);
    await partitions.prepare(october);
    expect(partitions.prepare(october)).toBeNull();
    await writer.write(batchOf(october));
    await partitions.onModuleDestroy();
    const withOctober = await rowsByPartition();
    expect(withOctober.telemetry_y2018m10).toBe(2);
    expect(withOctober.telemetry_default).toBeUndefined();
    const resent = await writer.write(batchOf([...october, ...august]));
    expect(resent.duplicates.telemetry).toBe(6);
  });

  // PGlite runs one transaction at a time: only a real PostgreSQL can interleave these.
  it.runIf(realPostgres)(
    'creating months while batches insert into DEFAULT and other months: no deadlock, nothing lost or doubled',
    async () => {
      const pool = new DataSource(dataSourceOptions(db.url, 6));
      await pool.initialize();
      try {
        const writer = new IngestWriter(pool, new IngestRepository());
        const months = ['2019-01', '2019-02', '2019-03', '2019-04', '2019-05', '2019-06'];
        // Each batch: a month that has a partition (June 2018) and one that may not have it yet.
        const writes = months.flatMap((month, m) =>
          Array.from({ length: 8 }, (_, b) =>
            writer.write(
              batchOf([
                ...samples(10_000 + m * 1000 + b * 10, ['2018-06-12T08:00:00Z']),
                ...samples(20_000 + m * 1000 + b * 10, [`${month}-15T08:00:00Z`]),
              ]),
            ),
          ),
        );
        const creations = months.map((month) => pool.transaction((m) => ensureMonthPartition(m, month)));
        const outcomes = await Promise.all(writes);
        await Promise.all(creations);
        expect(outcomes.reduce((n, o) => n + o.inserted.telemetry, 0)).toBe(months.length * 8 * 4);
        const parts = await rowsByPartition();
        for (const month of months) expect(parts[`telemetry_y${month.replace('-', 'm')}`]).toBe(16);
        expect(parts.telemetry_default).toBeUndefined();
      } finally {
        await pool.destroy();
      }
    },
  );

  it('the down migration puts every row back into one plain table, and up partitions them again', async () => {
    const total = Number((await ds.query(`SELECT count(*)::int AS n FROM telemetry`))[0].n);
    // Down to the schema before partitioning (the migrations after it first).
    for (let i = MIGRATIONS.length - 1; i >= PARTITIONS_AT; i--) await ds.undoLastMigration();
    const kind = async () => (await ds.query(`SELECT relkind::text AS kind FROM pg_class WHERE relname = 'telemetry'`))[0].kind;
    expect(await kind()).toBe('r');
    expect(Number((await ds.query(`SELECT count(*)::int AS n FROM telemetry`))[0].n)).toBe(total);
    await ds.runMigrations();
    expect(await kind()).toBe('p');
    expect(Number((await ds.query(`SELECT count(*)::int AS n FROM telemetry`))[0].n)).toBe(total);
    expect((await rowsByPartition()).telemetry_default).toBeUndefined();
  });
});
