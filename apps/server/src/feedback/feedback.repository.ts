/**
 * SQL of the feedback tables. Only queries: the rules (idempotency, minimum interval, ownership)
 * live in the services. Methods that belong to a transaction take its EntityManager (on PGlite a
 * statement on another connection would wait for the transaction: docs/sources.md#pglite-one-session).
 */
import { Injectable } from '@nestjs/common';
import type { DriverQuestionnaireQuery, RatingQuery } from '@app/contract';
import { DataSource, type EntityManager } from 'typeorm';

export interface RatingRow {
  id: string;
  vehicle_id: string;
  tablet_id: string;
  answered_at: Date;
  received_at: Date;
  language: string;
  complete: boolean;
  overall: number;
  smoothness: number | null;
  temperature: number | null;
  noise: number | null;
  seat: number | null;
  comment: string | null;
  trip_id: string | null;
  trip_direction: number | null;
  driver_id: string | null;
  lat: number | null;
  lon: number | null;
  position_ts: Date | null;
  segment_from_stop_id: string | null;
  segment_to_stop_id: string | null;
  at_stop: boolean | null;
  context_status: 'pending' | 'complete' | 'settled';
  device_id: string | null;
  device_seq: number | null;
}

export type NewRating = Pick<
  RatingRow,
  | 'id'
  | 'vehicle_id'
  | 'tablet_id'
  | 'language'
  | 'complete'
  | 'overall'
  | 'smoothness'
  | 'temperature'
  | 'noise'
  | 'seat'
  | 'comment'
  | 'device_id'
  | 'device_seq'
> & { answered_at: string; received_at: Date; fingerprint: string };

export interface DriverQuestionnaireRow {
  id: string;
  driver_id: string;
  vehicle_id: string;
  shift_date: string;
  answered_at: Date;
  received_at: Date;
  seat: number;
  driving_position: number;
  cab_noise: number;
  vibration: number;
  gearbox: number;
  acceleration: number;
  braking: number;
  cab_temperature: number;
  visibility: number;
  overall: number;
  comment: string | null;
  device_id: string | null;
  device_seq: number | null;
}

export type NewDriverQuestionnaire = Omit<DriverQuestionnaireRow, 'answered_at'> & { answered_at: string; fingerprint: string };

/** Keyset position: the last row of the previous page. */
export interface Keyset {
  answeredAt: string;
  id: string;
}

const RATING_COLUMNS = `id, vehicle_id, tablet_id, answered_at, received_at, language, complete, overall, smoothness, temperature,
  noise, seat, comment, trip_id, trip_direction, driver_id, lat, lon, position_ts, segment_from_stop_id, segment_to_stop_id,
  at_stop, context_status, device_id, device_seq`;

const DQ_SCORE_COLUMNS = [
  'seat',
  'driving_position',
  'cab_noise',
  'vibration',
  'gearbox',
  'acceleration',
  'braking',
  'cab_temperature',
  'visibility',
  'overall',
] as const;

@Injectable()
export class FeedbackRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async vehicleExists(m: EntityManager, vehicleId: string): Promise<boolean> {
    const rows: unknown[] = await m.query('SELECT 1 FROM vehicle WHERE id = $1', [vehicleId]);
    return rows.length > 0;
  }

  /** Fingerprints of the given ids already stored (id → fingerprint). */
  async ratingFingerprints(m: EntityManager, ids: string[]): Promise<Map<string, string>> {
    const rows: Array<{ id: string; fingerprint: string }> = await m.query(
      'SELECT id, fingerprint FROM rating WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.fingerprint]));
  }

  /** Tablet times of this tablet's answers inside [from, to] (the 5-second rule's neighbours). */
  async ratingTimesBetween(m: EntityManager, tabletId: string, from: Date, to: Date): Promise<Date[]> {
    const rows: Array<{ answered_at: Date }> = await m.query(
      'SELECT answered_at FROM rating WHERE tablet_id = $1 AND answered_at BETWEEN $2 AND $3 ORDER BY answered_at',
      [tabletId, from, to],
    );
    return rows.map((r) => r.answered_at);
  }

  /** One statement for a whole batch (one parameter per column, whatever the batch size). */
  async insertRatings(m: EntityManager, rows: NewRating[]): Promise<void> {
    if (rows.length === 0) return;
    const col = <K extends keyof NewRating>(k: K) => rows.map((r) => r[k]);
    await m.query(
      `INSERT INTO rating (id, vehicle_id, tablet_id, answered_at, received_at, language, complete, overall, smoothness, temperature,
         noise, seat, comment, fingerprint, device_id, device_seq)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::boolean[],
         $8::int2[], $9::int2[], $10::int2[], $11::int2[], $12::int2[], $13::text[], $14::text[], $15::uuid[], $16::int4[])`,
      [
        col('id'),
        col('vehicle_id'),
        col('tablet_id'),
        col('answered_at'),
        col('received_at'),
        col('language'),
        col('complete'),
        col('overall'),
        col('smoothness'),
        col('temperature'),
        col('noise'),
        col('seat'),
        col('comment'),
        col('fingerprint'),
        col('device_id'),
        col('device_seq'),
      ],
    );
  }

  listRatings(q: RatingQuery, after: Keyset | null, limit: number): Promise<RatingRow[]> {
    return this.keysetSelect(
      `SELECT ${RATING_COLUMNS} FROM rating`,
      [
        ['vehicle_id = ?', q.vehicle],
        ['answered_at >= ?::timestamptz', q.from],
        ['answered_at < ?::timestamptz', q.to],
        ['trip_id = ?', q.trip],
        ['complete = ?', q.complete],
      ],
      after,
      limit,
    );
  }

  async driverQuestionnaireFingerprint(m: EntityManager, id: string): Promise<string | null> {
    const rows: Array<{ fingerprint: string }> = await m.query('SELECT fingerprint FROM driver_questionnaire WHERE id = $1', [id]);
    return rows[0]?.fingerprint ?? null;
  }

  async insertDriverQuestionnaire(m: EntityManager, r: NewDriverQuestionnaire): Promise<void> {
    await m.query(
      `INSERT INTO driver_questionnaire (id, driver_id, vehicle_id, shift_date, answered_at, received_at, ${DQ_SCORE_COLUMNS.join(', ')},
         comment, fingerprint, device_id, device_seq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
      [
        r.id,
        r.driver_id,
        r.vehicle_id,
        r.shift_date,
        r.answered_at,
        r.received_at,
        ...DQ_SCORE_COLUMNS.map((c) => r[c]),
        r.comment,
        r.fingerprint,
        r.device_id,
        r.device_seq,
      ],
    );
  }

  listDriverQuestionnaires(q: DriverQuestionnaireQuery, after: Keyset | null, limit: number): Promise<DriverQuestionnaireRow[]> {
    return this.keysetSelect(
      `SELECT id, driver_id, vehicle_id, to_char(shift_date, 'YYYY-MM-DD') AS shift_date, answered_at, received_at,
         ${DQ_SCORE_COLUMNS.join(', ')}, comment, device_id, device_seq
       FROM driver_questionnaire`,
      [
        ['vehicle_id = ?', q.vehicle],
        ['answered_at >= ?::timestamptz', q.from],
        ['answered_at < ?::timestamptz', q.to],
        ['driver_id = ?', q.driver],
      ],
      after,
      limit,
    );
  }

  /**
   * `select` filtered by the given conditions whose value is set (`?` is its parameter), after the
   * keyset cursor, in (answered_at, id) order: the engineers' lists and their CSV pages.
   */
  private keysetSelect<Row>(select: string, filters: Array<[string, unknown]>, after: Keyset | null, limit: number): Promise<Row[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [sql, value] of filters) {
      if (value === undefined || value === null || value === '') continue;
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    }
    if (after) {
      params.push(after.answeredAt, after.id);
      where.push(`(answered_at, id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit);
    return this.dataSource.query(
      `${select} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY answered_at, id LIMIT $${params.length}`,
      params,
    );
  }
}
