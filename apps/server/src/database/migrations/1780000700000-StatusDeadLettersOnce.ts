import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A retained message is delivered again at every (re)subscription: a bad retained status was
 * dead-lettered anew at every restart of the ingest (issue 12). A refused status keeps its
 * payload's SHA-256, unique per topic: the same bytes are the same status, whether they came live
 * or retained, so later copies are recognised and not dead-lettered (or counted) again.
 */
export class StatusDeadLettersOnce1780000700000 implements MigrationInterface {
  name = 'StatusDeadLettersOnce1780000700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dead_letter ADD COLUMN payload_sha256 bytea`);
    await q.query(`CREATE UNIQUE INDEX dead_letter_status_once ON dead_letter (topic, payload_sha256) WHERE stream = 'status'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS dead_letter_status_once`);
    await q.query(`ALTER TABLE dead_letter DROP COLUMN payload_sha256`);
  }
}
