import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Passenger ratings (tablet "Opinion Box") and drivers' end-of-shift questionnaires (issue 5).
 * The client's UUID is the primary key: a retried submission is stored once. `fingerprint` (a hash
 * of the submitted body) tells an honest retry (same body: duplicate) from a reused id (409).
 * A rating keeps the tablet's time (answered_at) and the server's (received_at); its context (trip,
 * position, stop segment) is nullable and filled later when telemetry arrives after the rating.
 */
export class FeedbackSchema1780000300000 implements MigrationInterface {
  name = 'FeedbackSchema1780000300000';

  async up(q: QueryRunner): Promise<void> {
    const score = (col: string, nullable: boolean) => `${col} smallint ${nullable ? '' : 'NOT NULL '}CHECK (${col} BETWEEN 1 AND 5)`;
    await q.query(`
      CREATE TABLE rating (
        id                    uuid PRIMARY KEY,
        vehicle_id            text NOT NULL REFERENCES vehicle(id),
        tablet_id             text NOT NULL,
        answered_at           timestamptz NOT NULL,
        received_at           timestamptz NOT NULL,
        language              text NOT NULL CHECK (language IN ('fr', 'en', 'oc', 'ca')),
        complete              boolean NOT NULL,
        ${score('overall', false)},
        ${score('smoothness', true)},
        ${score('temperature', true)},
        ${score('noise', true)},
        ${score('seat', true)},
        comment               text CHECK (char_length(comment) <= 500),
        fingerprint           text NOT NULL,
        trip_id               text,
        trip_direction        smallint,
        driver_id             text,
        lat                   double precision,
        lon                   double precision,
        position_ts           timestamptz,
        segment_from_stop_id  text,
        segment_to_stop_id    text,
        at_stop               boolean,
        context_status        text NOT NULL DEFAULT 'pending' CHECK (context_status IN ('pending', 'complete', 'settled')),
        context_checked_at    timestamptz
      )`);
    await q.query(`CREATE INDEX rating_vehicle_answered ON rating (vehicle_id, answered_at)`);
    await q.query(`CREATE INDEX rating_tablet_answered ON rating (tablet_id, answered_at)`);
    await q.query(`CREATE INDEX rating_trip ON rating (trip_id) WHERE trip_id IS NOT NULL`);
    await q.query(`CREATE INDEX rating_context_pending ON rating (answered_at) WHERE context_status = 'pending'`);

    await q.query(`
      CREATE TABLE driver_questionnaire (
        id                uuid PRIMARY KEY,
        driver_id         text NOT NULL,
        vehicle_id        text NOT NULL REFERENCES vehicle(id),
        shift_date        date NOT NULL,
        answered_at       timestamptz NOT NULL,
        received_at       timestamptz NOT NULL,
        ${score('seat', false)},
        ${score('driving_position', false)},
        ${score('cab_noise', false)},
        ${score('vibration', false)},
        ${score('gearbox', false)},
        ${score('acceleration', false)},
        ${score('braking', false)},
        ${score('cab_temperature', false)},
        ${score('visibility', false)},
        ${score('overall', false)},
        comment           text CHECK (char_length(comment) <= 500),
        fingerprint       text NOT NULL
      )`);
    await q.query(`CREATE INDEX driver_questionnaire_vehicle_answered ON driver_questionnaire (vehicle_id, answered_at)`);
    await q.query(`CREATE INDEX driver_questionnaire_driver_shift ON driver_questionnaire (driver_id, shift_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS driver_questionnaire`);
    await q.query(`DROP TABLE IF EXISTS rating`);
  }
}
