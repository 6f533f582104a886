/**
 * Lock order of the ingest transaction against a real PostgreSQL: two batches in flight at once
 * (the ingest runs up to two) that carry statuses, telemetry and events of the same vehicles must
 * never deadlock (SQLSTATE 40P01) and must store everything exactly once. PGlite runs every
 * connection in one session, so its transactions never interleave and cannot deadlock: the test
 * needs a real PostgreSQL in TEST_DATABASE_URL (CI sets it) and is skipped without one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { sampleTelemetry, type TelemetryEvent } from '@app/contract';
import { openDataSource } from '../apps/server/src/database/data-source';
import { IngestRepository } from '../apps/server/src/ingest/ingest.repository';
import { IngestWriter } from '../apps/server/src/ingest/ingest.writer';
import { emptyBatch, type IngestBatch } from '../apps/server/src/ingest/ingest.types';
import { createTestDatabase, type TestDatabase } from './support/servers';

const realPostgres = Boolean(process.env.TEST_DATABASE_URL);
const PAIRS = 150;
/** Seqs per vehicle and stream in each batch. */
const ROWS = 20;
const T0 = Date.parse('2018-06-11T06:00:00Z');

let db: TestDatabase;
let ds: DataSource;
let writer: IngestWriter;

beforeAll(async () => {
  if (!realPostgres) return;
  db = await createTestDatabase();
  ds = await openDataSource(db.url, 4);
  writer = new IngestWriter(ds, new IngestRepository());
});

afterAll(async () => {
  await ds?.destroy();
  await db?.stop();
});

/** One batch: statuses first, then per vehicle (in the given order) telemetry and events for seqs. */
function batch(order: readonly string[], seqs: readonly number[], statusAt: number): IngestBatch {
  const b = emptyBatch();
  const receivedAt = new Date(statusAt).toISOString();
  for (const vehicleId of order) {
    b.statuses.push({ vehicleId, status: { online: true, ts: receivedAt, firmware: 'test' }, receivedAt });
    for (const seq of seqs) {
      const ts = new Date(T0 + seq * 1000).toISOString();
      b.telemetry.push({ payload: sampleTelemetry({ vehicleId, seq, ts }), receivedAt });
      const event: TelemetryEvent = { v: 1, vehicleId, seq, ts, type: 'harsh_brake', data: { peakMs2: 3.1 } } as TelemetryEvent;
      b.events.push({ payload: event, receivedAt });
    }
  }
  return b;
}

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

interface Scenario {
  name: string;
  vehicles: readonly string[];
  /** Batch A of pair p; batch B runs beside it. */
  a: (p: number) => IngestBatch;
  b: (p: number) => IngestBatch;
  /** Highest seq stored per vehicle at the end (seqs start at 0 and leave no hole). */
  last: number;
}

const SCENARIOS: Scenario[] = [
  {
    // A status locks the vehicle row while the other batch, telemetry only, upserts the same
    // ingest_counter row and then touches the vehicle's last_seen_at.
    name: 'a status beside telemetry of the same vehicle',
    vehicles: ['GNV-01'],
    a: (p) => batch(['GNV-01'], range(2 * p * ROWS, ROWS), T0 + p * 2000),
    b: (p) => ({ ...batch(['GNV-01'], range((2 * p + 1) * ROWS, ROWS), T0 + p * 2000 + 1000), statuses: [] }),
    last: 2 * PAIRS * ROWS - 1,
  },
  {
    // Two vehicles in opposite orders, B replaying the second half of A's seqs (a unit's resend
    // while the original is still in flight): inserts, counters and statuses meet in both orders.
    name: 'two vehicles in opposite orders, with statuses and replayed seqs',
    vehicles: ['DSL-01', 'GNV-01'],
    a: (p) => batch(['DSL-01', 'GNV-01'], range(p * ROWS, ROWS), T0 + p * 2000),
    b: (p) => batch(['GNV-01', 'DSL-01'], range(p * ROWS + ROWS / 2, ROWS), T0 + p * 2000 + 1000),
    last: PAIRS * ROWS + ROWS / 2 - 1,
  },
];

describe.skipIf(!realPostgres)('ingest lock order (real PostgreSQL)', () => {
  for (const [i, sc] of SCENARIOS.entries()) {
    it(`${PAIRS} pairs of concurrent batches, ${sc.name}: no deadlock, nothing lost or doubled`, async () => {
      // Each scenario on its own vehicles' rows: clear what the previous one wrote.
      if (i > 0) await ds.query(`TRUNCATE telemetry, event, ingest_counter, ack_watermark`);
      const failures: Array<{ code: string | undefined; message: string }> = [];
      let sent = 0;
      for (let p = 0; p < PAIRS; p++) {
        const [a, b] = [sc.a(p), sc.b(p)];
        sent += a.telemetry.length + b.telemetry.length;
        const results = await Promise.allSettled([writer.write(a), writer.write(b)]);
        for (const r of results) {
          if (r.status === 'rejected') failures.push({ code: (r.reason as { code?: string }).code, message: (r.reason as Error).message });
        }
      }
      const deadlocks = failures.filter((f) => f.code === '40P01').length;
      expect({ deadlocks, failures: failures.slice(0, 3) }).toEqual({ deadlocks: 0, failures: [] });

      // Exactly once: every seq stored, the rest counted as duplicates, the watermark at the end.
      for (const vehicleId of sc.vehicles) {
        const stored = await ds.query(`SELECT count(*)::int AS n, max(seq)::int AS top FROM telemetry WHERE vehicle_id = $1`, [vehicleId]);
        expect(stored[0]).toEqual({ n: sc.last + 1, top: sc.last });
        const counters = await ds.query(
          `SELECT outcome, sum(n)::int AS n FROM ingest_counter WHERE vehicle_id = $1 AND stream = 'telemetry' GROUP BY outcome ORDER BY outcome`,
          [vehicleId],
        );
        const duplicates = sent / sc.vehicles.length - (sc.last + 1);
        expect(counters).toEqual([...(duplicates ? [{ outcome: 'duplicate', n: duplicates }] : []), { outcome: 'stored', n: sc.last + 1 }]);
        const wm = await ds.query(`SELECT stream, seq::int AS seq FROM ack_watermark WHERE vehicle_id = $1 ORDER BY stream`, [vehicleId]);
        expect(wm).toEqual([
          { stream: 'event', seq: sc.last },
          { stream: 'telemetry', seq: sc.last },
        ]);
      }
    });
  }

  it('the PostgreSQL log reports no deadlock in this database (when the log is readable here)', () => {
    const log = postgresLog();
    if (log === null) return; // Not on this machine (a remote server): the SQLSTATE checks above stand.
    const database = new URL(db.url).pathname.slice(1);
    const lines = log.split('\n').filter((l) => l.includes(`@${database} `) && /deadlock detected/.test(l));
    expect(lines).toEqual([]);
  });
});

/** The local PostgreSQL's log files (Debian's /var/log/postgresql), or null when there are none to read. */
function postgresLog(): string | null {
  const dir = '/var/log/postgresql';
  try {
    const files = readdirSync(dir).filter((f) => f.endsWith('.log'));
    if (files.length === 0) return null;
    return files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  } catch {
    return null;
  }
}
