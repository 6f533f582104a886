import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The answering device's own sequence (issue 8): each page installation numbers the answers it
 * creates, so the server counts the gaps — answers known to be missing — without ground truth.
 * Nullable: answers from pages without the sequence stay valid. Not unique: a device that reused
 * a number is a fault to count, not an answer to refuse (it would be lost).
 */
export class FeedbackDeviceSequence1780000600000 implements MigrationInterface {
  name = 'FeedbackDeviceSequence1780000600000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['rating', 'driver_questionnaire']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN device_id uuid, ADD COLUMN device_seq integer CHECK (device_seq >= 1)`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_device_pair CHECK ((device_id IS NULL) = (device_seq IS NULL))`);
      await q.query(`CREATE INDEX ${table}_device_seq ON ${table} (device_id, device_seq) WHERE device_id IS NOT NULL`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['rating', 'driver_questionnaire']) {
      await q.query(`ALTER TABLE ${table} DROP COLUMN device_seq, DROP COLUMN device_id`);
    }
  }
}
