/**
 * Completeness reads: what the devices' own sequences say is missing (feedback), and what a run's
 * seq ranges found stored or dead-lettered (the replay's reconciliation). Only queries.
 *
 * A device numbers the answers it creates 1, 2, 3 … (libs/contract feedback.ts `deviceSeq`). The
 * numbers missing below a device's highest received one are answers known to be missing; each gap
 * is counted on the day and vehicle of the answer that revealed it (the next one received). Gaps
 * are computed over the device's whole sequence, then filtered to the period, so that a period's
 * first answer does not count the earlier days' answers as missing.
 */
import { Injectable } from '@nestjs/common';
import type { Stream } from '@app/contract';
import { DataSource } from 'typeorm';

export type FeedbackTable = 'rating' | 'driver_questionnaire';

export interface CompletenessRow {
  vehicle_id: string;
  /** Service day in Europe/Paris, YYYY-MM-DD. */
  day: string;
  received: number;
  /** Answers received without a device sequence (older pages): not checkable. */
  unsequenced: number;
  known_missing: number;
  devices: number;
  last_answered_at: Date;
  last_received_at: Date;
}

export interface DeviceRow {
  device_id: string;
  vehicle_id: string;
  received: number;
  max_seq: number;
  known_missing: number;
  /** Numbers received more than once with different answers (a faulty page). */
  reused_seqs: number;
  received_by_vehicle: Record<string, number>;
  first_answered_at: Date;
  last_answered_at: Date;
  last_received_at: Date;
}

export interface StreamCount {
  stored: number;
  deadLetteredSeqs: number;
  deadLettered: Record<string, number>;
  duplicates: number;
}

const PARIS_DAY = (col: string) => `to_char(${col} AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD')`;
const STREAM_TABLE: Record<Stream, string> = { telemetry: 'telemetry', event: 'event', vibration: 'vibration_window' };

@Injectable()
export class CompletenessRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Per vehicle and service day of the period [from, to] (Europe/Paris dates, inclusive), or per
   * vehicle over the whole period (`day` is then the period's first date).
   */
  completeness(
    table: FeedbackTable,
    q: { from: string; to: string; vehicleId?: string },
    per: 'day' | 'period',
  ): Promise<CompletenessRow[]> {
    const day = (col: string) => (per === 'day' ? PARIS_DAY(col) : `$1::text`);
    return this.dataSource.query(
      `WITH period AS (
         SELECT * FROM ${table}
         WHERE (answered_at AT TIME ZONE 'Europe/Paris')::date BETWEEN $1 AND $2 AND ($3::text IS NULL OR vehicle_id = $3)
       ), seqs AS (
         SELECT device_id, device_seq, min(answered_at) AS answered_at, min(vehicle_id) AS vehicle_id FROM ${table}
         WHERE device_id IN (SELECT DISTINCT device_id FROM period WHERE device_id IS NOT NULL)
         GROUP BY device_id, device_seq
       ), gaps AS (
         SELECT vehicle_id, answered_at,
                device_seq - coalesce(lag(device_seq) OVER (PARTITION BY device_id ORDER BY device_seq), 0) - 1 AS missing_before
         FROM seqs
       ), missing AS (
         SELECT vehicle_id, ${day('answered_at')} AS day, sum(missing_before)::int AS n FROM gaps
         WHERE (answered_at AT TIME ZONE 'Europe/Paris')::date BETWEEN $1 AND $2 AND ($3::text IS NULL OR vehicle_id = $3)
         GROUP BY 1, 2
       )
       SELECT p.vehicle_id, ${day('p.answered_at')} AS day, count(*)::int AS received,
              count(*) FILTER (WHERE p.device_id IS NULL)::int AS unsequenced,
              coalesce(max(m.n), 0)::int AS known_missing, count(DISTINCT p.device_id)::int AS devices,
              max(p.answered_at) AS last_answered_at, max(p.received_at) AS last_received_at
       FROM period p LEFT JOIN missing m ON m.vehicle_id = p.vehicle_id AND m.day = ${day('p.answered_at')}
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [q.from, q.to, q.vehicleId ?? null],
    );
  }

  /** Per device with answers in the period, or the given devices whatever their period. */
  devices(table: FeedbackTable, q: { from?: string; to?: string; vehicleId?: string; deviceIds?: string[] }): Promise<DeviceRow[]> {
    return this.dataSource.query(
      `WITH chosen AS (
         SELECT DISTINCT device_id FROM ${table}
         WHERE device_id IS NOT NULL
           AND ($4::uuid[] IS NULL OR device_id = ANY($4::uuid[]))
           AND ($1::date IS NULL OR (answered_at AT TIME ZONE 'Europe/Paris')::date >= $1::date)
           AND ($2::date IS NULL OR (answered_at AT TIME ZONE 'Europe/Paris')::date <= $2::date)
           AND ($3::text IS NULL OR vehicle_id = $3)
       ), seqs AS (
         SELECT t.device_id, t.device_seq, count(DISTINCT t.fingerprint) AS variants FROM ${table} t JOIN chosen USING (device_id)
         GROUP BY 1, 2
       )
       SELECT s.device_id, min(t.vehicle_id) AS vehicle_id, count(DISTINCT s.device_seq)::int AS received, max(s.device_seq)::int AS max_seq,
              (max(s.device_seq) - count(DISTINCT s.device_seq))::int AS known_missing,
              count(DISTINCT s.device_seq) FILTER (WHERE s.variants > 1)::int AS reused_seqs,
              min(t.answered_at) AS first_answered_at, max(t.answered_at) AS last_answered_at, max(t.received_at) AS last_received_at,
              (SELECT jsonb_object_agg(v.vehicle_id, v.n) FROM (
                 SELECT vehicle_id, count(DISTINCT device_seq)::int AS n FROM ${table} x WHERE x.device_id = s.device_id GROUP BY vehicle_id
               ) v) AS received_by_vehicle
       FROM seqs s JOIN ${table} t ON t.device_id = s.device_id AND t.device_seq = s.device_seq
       GROUP BY s.device_id ORDER BY 2, 1`,
      [q.from ?? null, q.to ?? null, q.vehicleId ?? null, q.deviceIds ?? null],
    );
  }

  /**
   * Of one unit's stream, the seqs in [fromSeq, toSeq] stored, and the dead letters received for
   * it since `since` (malformed copies carry no readable seq, so they are found by time), by code.
   * Duplicates are the ingest's counter over the messages' days [fromDay, toDay] (UTC dates of
   * their ts: per seq they are not kept).
   */
  async streamCount(
    vehicleId: string,
    stream: Stream,
    seqs: { from: number; to: number },
    since: Date,
    days: { from: string; to: string },
  ): Promise<StreamCount> {
    const [{ n }]: Array<{ n: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM ${STREAM_TABLE[stream]} WHERE vehicle_id = $1 AND seq BETWEEN $2 AND $3`,
      [vehicleId, seqs.from, seqs.to],
    );
    const [{ seqs: deadSeqs }]: Array<{ seqs: number }> = await this.dataSource.query(
      `SELECT count(DISTINCT d.seq)::int AS seqs FROM dead_letter d
       WHERE d.vehicle_id = $1 AND d.stream = $2 AND d.seq BETWEEN $3 AND $4
         AND NOT EXISTS (SELECT 1 FROM ${STREAM_TABLE[stream]} x WHERE x.vehicle_id = d.vehicle_id AND x.seq = d.seq)`,
      [vehicleId, stream, seqs.from, seqs.to],
    );
    const dead: Array<{ code: string; n: number }> = await this.dataSource.query(
      `SELECT code, count(*)::int AS n FROM dead_letter
       WHERE vehicle_id = $1 AND stream = $2 AND received_at >= $3 AND (seq IS NULL OR seq BETWEEN $4 AND $5)
       GROUP BY code ORDER BY code`,
      [vehicleId, stream, since, seqs.from, seqs.to],
    );
    const [{ d }]: Array<{ d: number }> = await this.dataSource.query(
      `SELECT coalesce(sum(n), 0)::int AS d FROM ingest_counter
       WHERE vehicle_id = $1 AND stream = $2 AND outcome = 'duplicate' AND day BETWEEN $3::date - 1 AND $4::date`,
      [vehicleId, stream, days.from, days.to],
    );
    return { stored: n, deadLetteredSeqs: deadSeqs, deadLettered: Object.fromEntries(dead.map((r) => [r.code, r.n])), duplicates: d };
  }
}
