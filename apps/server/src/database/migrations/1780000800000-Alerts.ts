import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Engineers' alerts (issue 10, docs/alerts.md).
 *  - alert_rule: each rule's thresholds and durations (validated by libs/contract alerts.ts), versioned;
 *    rows are created at start-up from libs/data/src/alert-rules.ts when missing.
 *  - alert_condition: the state machine's state per rule and vehicle (`*` for the fleet) with the
 *    running figures it judges; its row lock serialises every evaluation of one rule and vehicle,
 *    whichever process runs it.
 *  - alert: one row per alert, from firing to resolved. At most one open alert per rule and vehicle,
 *    enforced by a unique partial index: two evaluations racing cannot open two.
 *  - alert_history: every state change, acknowledgement, escalation, threshold change and silence (audit).
 *  - alert_silence: silences (notifications suppressed, wall clock) and maintenance windows (no alert
 *    opens, data time), per rule and/or vehicle; deleted ones are kept with who deleted them.
 *  - alert_heard: when a coach, its tablet, its audit stream were last heard from, on the data's clock.
 * Data times (`*_ts`, since) are the messages' own timestamps; `*_at` are the server's wall clock.
 */
export class Alerts1780000800000 implements MigrationInterface {
  name = 'Alerts1780000800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alert_rule (
        id                text PRIMARY KEY,
        enabled           boolean NOT NULL DEFAULT true,
        params            jsonb NOT NULL,
        defaults_version  text NOT NULL,
        version           integer NOT NULL DEFAULT 1,
        updated_at        timestamptz NOT NULL DEFAULT now(),
        updated_by        text
      )`);

    await q.query(`
      CREATE TABLE alert (
        id                bigserial PRIMARY KEY,
        rule_id           text NOT NULL REFERENCES alert_rule(id),
        vehicle_id        text NOT NULL,
        state             text NOT NULL CHECK (state IN ('firing', 'recovering', 'resolved')),
        severity          text NOT NULL CHECK (severity IN ('warning', 'critical')),
        summary           text NOT NULL,
        last_values       jsonb NOT NULL DEFAULT '{}',
        pending_since_ts  timestamptz NOT NULL,
        fired_ts          timestamptz NOT NULL,
        resolved_ts       timestamptz,
        silenced          boolean NOT NULL DEFAULT false,
        acknowledged_at   timestamptz,
        acknowledged_by   text,
        ack_comment       text CHECK (char_length(ack_comment) <= 500),
        escalated_at      timestamptz,
        opened_at         timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        CHECK ((state = 'resolved') = (resolved_ts IS NOT NULL)),
        CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
      )`);
    // The database, not the code, guarantees one open alert per rule and vehicle.
    await q.query(`CREATE UNIQUE INDEX alert_one_open ON alert (rule_id, vehicle_id) WHERE state <> 'resolved'`);
    await q.query(`CREATE INDEX alert_fired ON alert (fired_ts)`);
    await q.query(`CREATE INDEX alert_vehicle_fired ON alert (vehicle_id, fired_ts)`);
    await q.query(
      `CREATE INDEX alert_unacknowledged ON alert (opened_at) WHERE state <> 'resolved' AND acknowledged_at IS NULL AND escalated_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE alert_condition (
        rule_id           text NOT NULL REFERENCES alert_rule(id),
        vehicle_id        text NOT NULL,
        phase             text NOT NULL DEFAULT 'normal' CHECK (phase IN ('normal', 'pending', 'firing', 'recovering')),
        since_ts          timestamptz,
        severity          text CHECK (severity IN ('warning', 'critical')),
        pending_since_ts  timestamptz,
        last_ts           timestamptz,
        last_values       jsonb,
        memory            jsonb NOT NULL DEFAULT '{}',
        alert_id          bigint REFERENCES alert(id),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (rule_id, vehicle_id)
      )`);

    await q.query(`
      CREATE TABLE alert_history (
        id          bigserial PRIMARY KEY,
        alert_id    bigint REFERENCES alert(id),
        rule_id     text,
        vehicle_id  text,
        kind        text NOT NULL,
        from_state  text,
        to_state    text,
        severity    text,
        data_ts     timestamptz,
        at          timestamptz NOT NULL DEFAULT now(),
        actor       text NOT NULL,
        comment     text,
        details     jsonb
      )`);
    await q.query(`CREATE INDEX alert_history_alert ON alert_history (alert_id, id)`);
    await q.query(`CREATE INDEX alert_history_at ON alert_history (at)`);

    await q.query(`
      CREATE TABLE alert_silence (
        id          bigserial PRIMARY KEY,
        kind        text NOT NULL CHECK (kind IN ('silence', 'maintenance')),
        rule_id     text REFERENCES alert_rule(id),
        vehicle_id  text,
        starts_at   timestamptz NOT NULL,
        ends_at     timestamptz NOT NULL CHECK (ends_at > starts_at),
        reason      text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
        created_by  text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        deleted_at  timestamptz,
        deleted_by  text
      )`);
    await q.query(`CREATE INDEX alert_silence_live ON alert_silence (kind, ends_at) WHERE deleted_at IS NULL`);

    // When each vehicle, its tablet and its audit stream were last heard from, on the data's clock
    // (the fleet's newest data time at that moment): what the absence rules measure silence from.
    await q.query(`
      CREATE TABLE alert_heard (
        vehicle_id  text NOT NULL,
        source      text NOT NULL CHECK (source IN ('coach', 'tablet', 'audit')),
        data_ts     timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (vehicle_id, source)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['alert_heard', 'alert_silence', 'alert_history', 'alert_condition', 'alert', 'alert_rule'])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
