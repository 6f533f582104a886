/**
 * SQL of the retention (retention.service.ts): a month partition's rows in key order, the state of
 * its vehicle-days' rollups, what must survive the drop (the ratings' conditions, the days marked
 * final), the drop itself and the way back. Only queries; every method takes the caller's
 * connection (one QueryRunner for the whole run: on PGlite a second connection would wait for its
 * transaction).
 */
import type { EntityManager } from 'typeorm';
import { RATING_CONDITIONS_FROM_RAW } from '../analytics/analytics.repository';
import { partitionName } from '../database/telemetry-partitions';

type Db = Pick<EntityManager, 'query'>;

export interface ColumnType {
  name: string;
  type: string;
}

/** A row as PostgreSQL's text output (exact: floats print round-trip since PostgreSQL 12), null for NULL. */
export type TextRow = Array<string | null>;

export class RetentionRepository {
  /** telemetry's columns in table order with their SQL types (the archive's header and the restore's casts). */
  async columns(db: Db): Promise<ColumnType[]> {
    return db.query(
      `SELECT attname::text AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
       WHERE attrelid = 'telemetry'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    );
  }

  async countRows(db: Db, month: string): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM ${partitionName(month)}`);
    return n;
  }

  /** The vehicle-days (Paris service dates) that have rows in the partition. */
  async vehicleDays(db: Db, month: string): Promise<Array<{ vehicle_id: string; service_date: string }>> {
    return db.query(
      `SELECT DISTINCT vehicle_id, to_char(ts AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS service_date
       FROM ${partitionName(month)} ORDER BY 1, 2`,
    );
  }

  /** Stored rollup state of the given dates: signature and whether the day is final. */
  async rollupStates(
    db: Db,
    from: string,
    to: string,
  ): Promise<Array<{ vehicle_id: string; service_date: string; signature: string; final: boolean }>> {
    return db.query(
      `SELECT vehicle_id, to_char(service_date, 'YYYY-MM-DD') AS service_date, signature, final
       FROM rollup_state WHERE service_date BETWEEN $1 AND $2`,
      [from, to],
    );
  }

  /** Takes the SHARE lock of the partition (inserts into it wait; reads go on) in the caller's transaction. */
  async lockPartition(db: Db, month: string): Promise<void> {
    await db.query(`LOCK TABLE ${partitionName(month)} IN SHARE MODE`);
  }

  /** Up to `limit` rows after `after` (the key vehicle_id, seq, ts as text), in key order, every column as text. */
  async rowsAfter(db: Db, month: string, columns: readonly ColumnType[], after: TextRow | null, limit: number): Promise<TextRow[]> {
    const list = columns.map((c) => `t.${c.name}::text AS ${c.name}`).join(', ');
    const where = after ? `WHERE (t.vehicle_id, t.seq, t.ts) > ($1::text, $2::int8, $3::timestamptz)` : '';
    // Qualified: a bare ORDER BY seq would sort by the text output column of that name ('10' < '9').
    const rows: Array<Record<string, string | null>> = await db.query(
      `SELECT ${list} FROM ${partitionName(month)} t ${where} ORDER BY t.vehicle_id, t.seq, t.ts LIMIT ${Number(limit)}`,
      after ? [after[0], after[1], after[2]] : [],
    );
    return rows.map((r) => columns.map((c) => r[c.name]));
  }

  /**
   * Keeps the conditions of every rating whose window reaches into [from, to), computed while the
   * raw rows are still there (both months of a window across a boundary), unless kept already.
   */
  async keepRatingConditions(db: Db, from: string, to: string, windowMin: number): Promise<number> {
    const rows: unknown[] = await db.query(
      `INSERT INTO rating_condition_archive (rating_id, window_min, samples, floor_av, cabin_noise_leq, cabin_temp_c, cabin_co2_ppm)
       SELECT r.id, $3, c.samples, c.floor_av, c.cabin_noise_leq, c.cabin_temp_c, c.cabin_co2_ppm
       FROM rating r CROSS JOIN LATERAL (${RATING_CONDITIONS_FROM_RAW('$3')}) c
       WHERE r.answered_at > $1::timestamptz AND r.answered_at <= $2::timestamptz + make_interval(mins => $3)
       ON CONFLICT DO NOTHING RETURNING rating_id`,
      [from, to, windowMin],
    );
    return rows.length;
  }

  /** The rollups of these dates are final: the rollup never recomputes them from an empty raw table. */
  async markFinal(db: Db, from: string, to: string, final: boolean): Promise<number> {
    const rows: unknown[] = await db.query(`UPDATE rollup_state SET final = $3 WHERE service_date BETWEEN $1 AND $2 RETURNING 1`, [
      from,
      to,
      final,
    ]);
    return rows.length;
  }

  async dropPartition(db: Db, month: string): Promise<void> {
    await db.query(`DROP TABLE ${partitionName(month)}`);
  }

  /** Inserts archived rows (text, cast to the column types), skipping any already there; returns how many were new. */
  async insertRows(db: Db, columns: readonly ColumnType[], rows: readonly TextRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const arrays = columns.map((_, c) => rows.map((r) => r[c]));
    const inserted: unknown[] = await db.query(
      `INSERT INTO telemetry (${columns.map((c) => c.name).join(', ')})
       SELECT ${columns.map((c, i) => `c${i}::${c.type}`).join(', ')}
       FROM unnest(${columns.map((_, i) => `$${i + 1}::text[]`).join(', ')}) AS u(${columns.map((_, i) => `c${i}`).join(', ')})
       ON CONFLICT (vehicle_id, seq, ts) DO NOTHING RETURNING 1`,
      arrays,
    );
    return inserted.length;
  }
}
