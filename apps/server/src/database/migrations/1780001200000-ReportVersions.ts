import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored versions of the experience report (apps/server/src/reports): each with the digest of the
 * data it was built from, the catalogue and code versions that rendered it, its model (JSON) and
 * both files. One row per (kind, period, language, data, catalogues, code): generating again from
 * unchanged data returns that row, and the unique index makes two processes (the schedule and a
 * person, or two schedulers) store it once.
 */
export class ReportVersions1780001200000 implements MigrationInterface {
  name = 'ReportVersions1780001200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_version (
        id                 uuid PRIMARY KEY,
        kind               text NOT NULL CHECK (kind IN ('interim', 'final')),
        period_from        date NOT NULL,
        period_to          date NOT NULL CHECK (period_to >= period_from),
        lang               text NOT NULL CHECK (lang IN ('fr', 'en')),
        as_of              timestamptz NOT NULL,
        data_hash          text NOT NULL,
        catalogue_version  text NOT NULL,
        code_version       text NOT NULL,
        model_version      text NOT NULL,
        trigger            text NOT NULL CHECK (trigger IN ('api', 'schedule', 'cli', 'trial')),
        created_by         text,
        created_at         timestamptz NOT NULL DEFAULT now(),
        build_ms           integer NOT NULL,
        model              jsonb NOT NULL,
        html               bytea NOT NULL,
        pdf                bytea NOT NULL,
        html_sha256        text NOT NULL,
        pdf_sha256         text NOT NULL
      )`);
    await q.query(`
      CREATE UNIQUE INDEX report_version_once
        ON report_version (kind, period_from, period_to, lang, data_hash, catalogue_version, code_version)`);
    await q.query(`CREATE INDEX report_version_created ON report_version (created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS report_version`);
  }
}
