/**
 * The SQL of one ingest transaction. Every method takes the transaction's EntityManager: on the
 * embedded PGlite a statement on another connection would wait for this transaction.
 *
 * Lock order. Up to two ingest transactions run at once (and more with several ingest processes),
 * so every one takes its row locks in one global order, which makes a deadlock impossible:
 *   1. stream rows, table by table (telemetry, event, vibration_window, dead_letter), each in key
 *      order: inserting a key another transaction is inserting waits for that transaction;
 *   2. vehicle rows, by id (`lockVehicles`, FOR NO KEY UPDATE), before statuses and last_seen_at
 *      are written to them;
 *   3. ingest_counter rows, in key order (vehicle_id, day, stream, outcome);
 *   4. ack_watermark rows, in key order (vehicle_id, stream).
 * The sort is in each statement (ORDER BY under the INSERT), so it holds whatever order the batch
 * arrived in. The foreign keys' checks take KEY SHARE on vehicle rows, which conflicts with none
 * of these locks (the ingest never changes a vehicle's id).
 */
import { Injectable } from '@nestjs/common';
import type { Stream } from '@app/contract';
import type { EntityManager } from 'typeorm';
import { INSERT_TELEMETRY_SQL, telemetryArrayLiterals } from './telemetry-rows';
import type { DeadLetter, IngestBatch, Received, StatusUpdate, Watermarks } from './ingest.types';
import type { TelemetryEvent, VibrationWindow } from '@app/contract';

interface KeyRow {
  vehicle_id: string;
  seq: string;
}

const utcDay = (iso: string): string => iso.slice(0, 10);

@Injectable()
export class IngestRepository {
  /** Inserts the samples not stored yet; returns how many were new per vehicle. */
  async insertTelemetry(m: EntityManager, rows: Received<IngestBatch['telemetry'][number]['payload']>[]): Promise<KeyRow[]> {
    if (rows.length === 0) return [];
    return m.query(INSERT_TELEMETRY_SQL, telemetryArrayLiterals(rows));
  }

  async insertEvents(m: EntityManager, rows: Received<TelemetryEvent>[]): Promise<KeyRow[]> {
    if (rows.length === 0) return [];
    return m.query(
      `INSERT INTO event (vehicle_id, seq, ts, type, data, received_at)
       SELECT * FROM unnest($1::text[], $2::int8[], $3::timestamptz[], $4::text[], $5::jsonb[], $6::timestamptz[]) ORDER BY 1, 2
       ON CONFLICT (vehicle_id, seq) DO NOTHING RETURNING vehicle_id, seq`,
      [
        rows.map((r) => r.payload.vehicleId),
        rows.map((r) => r.payload.seq),
        rows.map((r) => r.payload.ts),
        rows.map((r) => r.payload.type),
        rows.map((r) => JSON.stringify(r.payload.data)),
        rows.map((r) => r.receivedAt),
      ],
    );
  }

  /**
   * All the batch's windows in one statement, in key order. Each axis travels as one array literal
   * (text) cast to real[] by the database: one round trip instead of one per window (a burst of 100
   * windows held the embedded PGlite's one session for 4 s while the tablets waited, issue 8), and
   * joining numbers is far cheaper than pg's per-element array escaping.
   */
  async insertVibration(m: EntityManager, rows: Received<VibrationWindow>[]): Promise<KeyRow[]> {
    if (rows.length === 0) return [];
    const literal = (axis: number[]) => `{${axis.join(',')}}`;
    return m.query(
      `INSERT INTO vibration_window (vehicle_id, seq, ts, location, sample_rate_hz, sample_count, x, y, z, received_at)
       SELECT v, s, t, l, r, c, x::real[], y::real[], z::real[], ra
       FROM unnest($1::text[], $2::int8[], $3::timestamptz[], $4::text[], $5::int[], $6::int[], $7::text[], $8::text[], $9::text[], $10::timestamptz[])
         AS u(v, s, t, l, r, c, x, y, z, ra)
       ORDER BY 1, 2
       ON CONFLICT (vehicle_id, seq) DO NOTHING RETURNING vehicle_id, seq`,
      [
        rows.map((r) => r.payload.vehicleId),
        rows.map((r) => r.payload.seq),
        rows.map((r) => r.payload.ts),
        rows.map((r) => r.payload.location),
        rows.map((r) => r.payload.sampleRateHz),
        rows.map((r) => r.payload.x.length),
        rows.map((r) => literal(r.payload.x)),
        rows.map((r) => literal(r.payload.y)),
        rows.map((r) => literal(r.payload.z)),
        rows.map((r) => r.receivedAt),
      ],
    );
  }

  /**
   * Inserts the dead letters. A refused status already dead-lettered with the same bytes (a
   * retained status delivered again at a restart) is not inserted again; returns the statuses that
   * were new (`topic|sha256 hex`), so that only those are counted.
   */
  async insertDeadLetters(m: EntityManager, rows: DeadLetter[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const inserted: Array<{ topic: string; hash: string | null }> = await m.query(
      `INSERT INTO dead_letter (received_at, topic, vehicle_id, stream, seq, code, reason, payload, payload_sha256)
       SELECT r, t, v, s, q, c, why, p, CASE WHEN s = 'status' THEN sha256(p) END
       FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::text[], $7::text[], $8::bytea[])
         AS x(r, t, v, s, q, c, why, p)
       ORDER BY 3, 4, 5
       ON CONFLICT DO NOTHING
       RETURNING topic, encode(payload_sha256, 'hex') AS hash`,
      [
        rows.map((r) => r.receivedAt),
        rows.map((r) => r.topic),
        rows.map((r) => r.rejection.vehicleId),
        rows.map((r) => r.rejection.stream),
        rows.map((r) => r.rejection.seq),
        rows.map((r) => r.rejection.code),
        rows.map((r) => r.rejection.reason),
        rows.map((r) => r.raw),
      ],
    );
    return new Set(inserted.filter((r) => r.hash).map((r) => `${r.topic}|${r.hash}`));
  }

  /** Locks the vehicle rows this transaction will update, by id (step 2 of the lock order). */
  async lockVehicles(m: EntityManager, ids: Iterable<string>): Promise<void> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return;
    await m.query(`SELECT 1 FROM vehicle WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE`, [unique]);
  }

  /**
   * A status only replaces an older one: a replayed retained message must not flip a vehicle back.
   * The vehicle rows must be locked already (lockVehicles).
   */
  async applyStatuses(m: EntityManager, rows: StatusUpdate[]): Promise<void> {
    for (const { vehicleId, status } of rows) {
      await m.query(
        `UPDATE vehicle SET online = $2, status_ts = $3, firmware = COALESCE($4, firmware)
         WHERE id = $1 AND (status_ts IS NULL OR status_ts <= $3)`,
        [vehicleId, status.online, status.ts, status.firmware ?? null],
      );
    }
  }

  /** The vehicle rows must be locked already (lockVehicles). */
  async touchLastSeen(m: EntityManager, lastSeen: Map<string, string>): Promise<void> {
    if (lastSeen.size === 0) return;
    await m.query(
      `UPDATE vehicle v SET last_seen_at = GREATEST(v.last_seen_at, s.at)
       FROM unnest($1::text[], $2::timestamptz[]) AS s(id, at) WHERE v.id = s.id`,
      [[...lastSeen.keys()], [...lastSeen.values()]],
    );
  }

  /** Adds per vehicle/day/stream/outcome counts (data quality reads these, not raw rows), upserted in key order. */
  async bumpCounters(m: EntityManager, counts: Map<string, number>): Promise<void> {
    if (counts.size === 0) return;
    const cols: string[][] = [[], [], [], []];
    const ns: number[] = [];
    for (const [key, n] of counts) {
      key.split('|').forEach((v, i) => cols[i].push(v));
      ns.push(n);
    }
    await m.query(
      `INSERT INTO ingest_counter (vehicle_id, day, stream, outcome, n)
       SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::int8[]) ORDER BY 1, 2, 3, 4
       ON CONFLICT (vehicle_id, day, stream, outcome) DO UPDATE SET n = ingest_counter.n + EXCLUDED.n`,
      [...cols, ns],
    );
  }

  /**
   * Advances the Ack watermark of every touched (vehicle, stream) and returns all three streams'
   * watermarks of the touched vehicles, in two statements (each round trip waits on the embedded
   * PGlite's worker and the event loop, issue 8). The first creates the missing rows and locks all
   * of them in key order (a no-op DO UPDATE locks like FOR UPDATE); the second reads the stored
   * seqs with a fresh READ COMMITTED snapshot, so that with several ingest processes in a shared
   * subscription each sees what the others committed before it took the lock, and returns the
   * advanced rows through RETURNING beside the untouched ones.
   */
  async advanceWatermarks(m: EntityManager, touched: Array<{ vehicleId: string; stream: Stream }>): Promise<Watermarks[]> {
    if (touched.length === 0) return [];
    const ids = touched.map((k) => k.vehicleId);
    const streams = touched.map((k) => k.stream);
    const vehicles = [...new Set(ids)];
    await m.query(
      `INSERT INTO ack_watermark (vehicle_id, stream) SELECT * FROM unnest($1::text[], $2::text[]) ORDER BY 1, 2
       ON CONFLICT (vehicle_id, stream) DO UPDATE SET seq = ack_watermark.seq`,
      [ids, streams],
    );
    // Contiguous run above the watermark: for distinct seqs wm+1, wm+2, … seq − row_number() equals wm.
    const rows: Array<{ vehicle_id: string; stream: Stream; seq: string }> = await m.query(
      `WITH w AS (
         SELECT a.vehicle_id, a.stream, a.seq AS wm FROM ack_watermark a
         WHERE (a.vehicle_id, a.stream) IN (SELECT * FROM unnest($1::text[], $2::text[]))
       ), s AS (
         SELECT w.vehicle_id, w.stream, w.wm, x.seq FROM w CROSS JOIN LATERAL (
           SELECT t.seq FROM telemetry t WHERE w.stream = 'telemetry' AND t.vehicle_id = w.vehicle_id AND t.seq > w.wm
           UNION SELECT e.seq FROM event e WHERE w.stream = 'event' AND e.vehicle_id = w.vehicle_id AND e.seq > w.wm
           UNION SELECT v.seq FROM vibration_window v WHERE w.stream = 'vibration' AND v.vehicle_id = w.vehicle_id AND v.seq > w.wm
           UNION SELECT d.seq FROM dead_letter d WHERE d.stream = w.stream AND d.vehicle_id = w.vehicle_id AND d.seq > w.wm
         ) x
       ), runs AS (
         SELECT vehicle_id, stream, wm, seq, seq - row_number() OVER (PARTITION BY vehicle_id, stream ORDER BY seq) AS run
         FROM s
       ), advanced AS (
         SELECT vehicle_id, stream, max(seq) AS seq FROM runs WHERE run = wm GROUP BY vehicle_id, stream
       ), updated AS (
         UPDATE ack_watermark a SET seq = advanced.seq, updated_at = now()
         FROM advanced WHERE a.vehicle_id = advanced.vehicle_id AND a.stream = advanced.stream
         RETURNING a.vehicle_id, a.stream, a.seq
       )
       SELECT vehicle_id, stream, seq FROM updated
       UNION ALL
       SELECT a.vehicle_id, a.stream, a.seq FROM ack_watermark a
       WHERE a.vehicle_id = ANY($3::text[])
         AND NOT EXISTS (SELECT 1 FROM updated u WHERE u.vehicle_id = a.vehicle_id AND u.stream = a.stream)`,
      [ids, streams, vehicles],
    );
    const byVehicle = new Map<string, Watermarks>();
    for (const id of vehicles) byVehicle.set(id, { vehicleId: id, telemetry: -1, event: -1, vibration: -1 });
    for (const r of rows) byVehicle.get(r.vehicle_id)![r.stream] = Number(r.seq);
    return [...byVehicle.values()];
  }

  async knownVehicleIds(m: EntityManager): Promise<string[]> {
    const rows: Array<{ id: string }> = await m.query('SELECT id FROM vehicle');
    return rows.map((r) => r.id);
  }
}

export const counterKey = (vehicleId: string, ts: string, stream: string, outcome: 'stored' | 'duplicate' | 'rejected'): string =>
  `${vehicleId}|${utcDay(ts)}|${stream}|${outcome}`;
