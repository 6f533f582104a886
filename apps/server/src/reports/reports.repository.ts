/**
 * The reports module's queries: the few feedback figures the analytics API does not aggregate
 * (partial answers, context completeness, comments), the data's own clock, and the stored
 * versions (report_version). Only queries.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReportKind, ReportLanguage, ReportTrigger } from '@app/contract';

export interface FeedbackCountRow {
  vehicle_id: string;
  ratings: number;
  partial: number;
  context_complete: number;
  comments: number;
}
export interface CommentRow {
  vehicle_id: string;
  answered_at: Date;
  language: 'fr' | 'en' | 'oc' | 'ca';
  overall: number;
  comment: string;
}
export interface VehicleClockRow {
  vehicle_id: string;
  last_ts: Date | null;
  last_event_type: string | null;
  last_event_ts: Date | null;
}

export interface VersionRow {
  id: string;
  kind: ReportKind;
  period_from: string;
  period_to: string;
  lang: ReportLanguage;
  as_of: Date;
  data_hash: string;
  catalogue_version: string;
  code_version: string;
  model_version: string;
  trigger: ReportTrigger;
  created_at: Date;
  build_ms: number;
  pdf_bytes: number;
  html_bytes: number;
  pdf_sha256: string;
  html_sha256: string;
}

export interface NewVersion {
  id: string;
  kind: ReportKind;
  from: string;
  to: string;
  lang: ReportLanguage;
  asOf: string;
  dataHash: string;
  catalogueVersion: string;
  codeVersion: string;
  modelVersion: string;
  trigger: ReportTrigger;
  createdBy: string | null;
  buildMs: number;
  model: unknown;
  html: Buffer;
  pdf: Buffer;
  htmlSha256: string;
  pdfSha256: string;
}

const VERSION_COLUMNS = `id, kind, to_char(period_from, 'YYYY-MM-DD') AS period_from, to_char(period_to, 'YYYY-MM-DD') AS period_to, lang, as_of,
  data_hash, catalogue_version, code_version, model_version, trigger, created_at, build_ms, octet_length(pdf) AS pdf_bytes,
  octet_length(html) AS html_bytes, pdf_sha256, html_sha256`;

/** Service days in Europe/Paris, as the analytics count them. */
const RATING_IN_PERIOD = `(answered_at AT TIME ZONE 'Europe/Paris')::date BETWEEN $1 AND $2`;

@Injectable()
export class ReportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Per coach: ratings, partial answers, ratings whose trip, position and stop segment are known, comments (GET /api/v1/ratings counts). */
  feedbackCounts(from: string, to: string): Promise<FeedbackCountRow[]> {
    return this.dataSource.query(
      `SELECT vehicle_id, count(*)::int AS ratings, count(*) FILTER (WHERE NOT complete)::int AS partial,
              count(*) FILTER (WHERE context_status = 'complete')::int AS context_complete,
              count(*) FILTER (WHERE comment IS NOT NULL AND btrim(comment) <> '')::int AS comments
       FROM rating WHERE ${RATING_IN_PERIOD} GROUP BY vehicle_id ORDER BY vehicle_id`,
      [from, to],
    );
  }

  /** Every comment of the period, in answer order (the builder selects a few). */
  comments(from: string, to: string): Promise<CommentRow[]> {
    return this.dataSource.query(
      `SELECT vehicle_id, answered_at, language, overall, comment FROM rating
       WHERE ${RATING_IN_PERIOD} AND comment IS NOT NULL AND btrim(comment) <> ''
       ORDER BY answered_at, id`,
      [from, to],
    );
  }

  /** The newest instant of the period's data (trip ends, answers): what a report built now includes. Null without data. */
  async dataUpTo(from: string, to: string): Promise<Date | null> {
    const [r]: Array<{ ts: Date | null }> = await this.dataSource.query(
      `SELECT greatest(
         (SELECT max(end_ts) FROM trip_rollup WHERE service_date BETWEEN $1 AND $2),
         (SELECT max(answered_at) FROM rating WHERE ${RATING_IN_PERIOD}),
         (SELECT max(answered_at) FROM driver_questionnaire WHERE shift_date BETWEEN $1 AND $2)) AS ts`,
      [from, to],
    );
    return r?.ts ?? null;
  }

  /** Per vehicle: its newest sample and newest event (the data's clock, and whether it is parked). */
  vehicleClocks(): Promise<VehicleClockRow[]> {
    return this.dataSource.query(
      `SELECT v.id AS vehicle_id,
              (SELECT max(ts) FROM telemetry t WHERE t.vehicle_id = v.id) AS last_ts,
              e.type AS last_event_type, e.ts AS last_event_ts
       FROM vehicle v
       LEFT JOIN LATERAL (SELECT type, ts FROM event WHERE vehicle_id = v.id ORDER BY ts DESC, seq DESC LIMIT 1) e ON true
       ORDER BY v.id`,
    );
  }

  // ---- versions --------------------------------------------------------------------------

  /** Stores a version; null when an identical one (same key) is already there. */
  async insertVersion(v: NewVersion): Promise<VersionRow | null> {
    const rows: VersionRow[] = await this.dataSource.query(
      `INSERT INTO report_version (id, kind, period_from, period_to, lang, as_of, data_hash, catalogue_version, code_version, model_version,
         trigger, created_by, build_ms, model, html, pdf, html_sha256, pdf_sha256)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15, $16, $17, $18)
       ON CONFLICT (kind, period_from, period_to, lang, data_hash, catalogue_version, code_version) DO NOTHING
       RETURNING ${VERSION_COLUMNS}`,
      [
        v.id,
        v.kind,
        v.from,
        v.to,
        v.lang,
        v.asOf,
        v.dataHash,
        v.catalogueVersion,
        v.codeVersion,
        v.modelVersion,
        v.trigger,
        v.createdBy,
        Math.round(v.buildMs),
        JSON.stringify(v.model),
        v.html,
        v.pdf,
        v.htmlSha256,
        v.pdfSha256,
      ],
    );
    return rows[0] ?? null;
  }

  async findVersion(key: {
    kind: ReportKind;
    from: string;
    to: string;
    lang: ReportLanguage;
    dataHash: string;
    catalogueVersion: string;
    codeVersion: string;
  }): Promise<VersionRow | null> {
    const rows: VersionRow[] = await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS} FROM report_version
       WHERE kind = $1 AND period_from = $2 AND period_to = $3 AND lang = $4 AND data_hash = $5 AND catalogue_version = $6 AND code_version = $7`,
      [key.kind, key.from, key.to, key.lang, key.dataHash, key.catalogueVersion, key.codeVersion],
    );
    return rows[0] ?? null;
  }

  listVersions(q: { kind?: ReportKind; lang?: ReportLanguage; limit: number }): Promise<VersionRow[]> {
    return this.dataSource.query(
      `SELECT ${VERSION_COLUMNS} FROM report_version
       WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR lang = $2)
       ORDER BY created_at DESC, id LIMIT $3`,
      [q.kind ?? null, q.lang ?? null, q.limit],
    );
  }

  async versionFile(id: string, format: 'pdf' | 'html'): Promise<{ row: VersionRow; body: Buffer } | null> {
    const rows: Array<VersionRow & { body: Buffer }> = await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS}, ${format === 'pdf' ? 'pdf' : 'html'} AS body FROM report_version WHERE id = $1`,
      [id],
    );
    if (!rows[0]) return null;
    const { body, ...row } = rows[0];
    return { row, body };
  }

  /** Whether a version of this kind and period exists (any data): the schedule makes each one once. */
  async hasVersion(kind: ReportKind, from: string, to: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM report_version WHERE kind = $1 AND period_from = $2 AND period_to = $3 LIMIT 1`,
      [kind, from, to],
    );
    return rows.length > 0;
  }

  /** The model of the newest version over a period (the school page), final first. */
  async latestModel(from: string, to: string): Promise<{ model: unknown; asOf: Date } | null> {
    const rows: Array<{ model: unknown; as_of: Date }> = await this.dataSource.query(
      `SELECT model, as_of FROM report_version WHERE period_from = $1 AND period_to <= $2
       ORDER BY as_of DESC, (kind = 'final') DESC, created_at DESC LIMIT 1`,
      [from, to],
    );
    return rows[0] ? { model: rows[0].model, asOf: rows[0].as_of } : null;
  }
}
