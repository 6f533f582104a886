import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ingest schema of docs/contract.md v1: one row per accepted message, keyed by (vehicle, seq) per
 * stream so a message is stored at most once; dead letters keep every rejected payload with its
 * reason; ack_watermark holds the highest contiguous seq per stream that the server acknowledges.
 * Same SQL on PGlite and PostgreSQL.
 */
export class IngestSchema1780000000000 implements MigrationInterface {
  name = 'IngestSchema1780000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE vehicle (
        id            text PRIMARY KEY CHECK (id ~ '^[A-Z0-9][A-Z0-9-]{1,31}$'),
        label         text NOT NULL,
        fuel_type     text NOT NULL CHECK (fuel_type IN ('cng', 'diesel')),
        is_reference  boolean NOT NULL DEFAULT false,
        online        boolean NOT NULL DEFAULT false,
        status_ts     timestamptz,
        firmware      text,
        last_seen_at  timestamptz,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO vehicle (id, label, fuel_type, is_reference) VALUES
        ('GNV-01', 'Scania Interlink LD GNV (CNG)', 'cng', false),
        ('DSL-01', 'Scania Interlink LD diesel (reference)', 'diesel', true)`);

    await q.query(`
      CREATE TABLE telemetry (
        vehicle_id          text NOT NULL REFERENCES vehicle(id),
        seq                 bigint NOT NULL,
        ts                  timestamptz NOT NULL,
        lat                 double precision,
        lon                 double precision,
        heading_deg         real,
        gnss_fix            boolean,
        speed_kmh           real NOT NULL,
        odometer_km         double precision NOT NULL,
        engine_rpm          real NOT NULL,
        engine_load_pct     real NOT NULL,
        accelerator_pct     real NOT NULL,
        brake_pressed       boolean NOT NULL,
        doors_open          boolean NOT NULL,
        passengers          smallint NOT NULL,
        fuel_type           text NOT NULL,
        tank_pressure_bar   real,
        tank_temp_c         real,
        total_used_kg       double precision,
        total_used_l        double precision,
        fuel_level_pct      real NOT NULL,
        cabin_temp_c        real NOT NULL,
        cabin_humidity_pct  real NOT NULL,
        cabin_co2_ppm       real NOT NULL,
        cabin_noise_dba     real NOT NULL,
        driver_noise_dba    real NOT NULL,
        cab_temp_c          real NOT NULL,
        ambient_temp_c      real NOT NULL,
        hvac_on             boolean NOT NULL,
        seat_awx            real NOT NULL,
        seat_awy            real NOT NULL,
        seat_awz            real NOT NULL,
        floor_awx           real NOT NULL,
        floor_awy           real NOT NULL,
        floor_awz           real NOT NULL,
        received_at         timestamptz NOT NULL,
        PRIMARY KEY (vehicle_id, seq)
      )`);
    await q.query(`CREATE INDEX telemetry_vehicle_ts ON telemetry (vehicle_id, ts)`);

    await q.query(`
      CREATE TABLE event (
        vehicle_id   text NOT NULL REFERENCES vehicle(id),
        seq          bigint NOT NULL,
        ts           timestamptz NOT NULL,
        type         text NOT NULL,
        data         jsonb NOT NULL,
        received_at  timestamptz NOT NULL,
        PRIMARY KEY (vehicle_id, seq)
      )`);
    await q.query(`CREATE INDEX event_vehicle_ts ON event (vehicle_id, ts)`);
    await q.query(`CREATE INDEX event_type_ts ON event (type, ts)`);

    await q.query(`
      CREATE TABLE vibration_window (
        vehicle_id      text NOT NULL REFERENCES vehicle(id),
        seq             bigint NOT NULL,
        ts              timestamptz NOT NULL,
        location        text NOT NULL CHECK (location IN ('driverSeat', 'floor')),
        sample_rate_hz  integer NOT NULL,
        sample_count    integer NOT NULL,
        x               real[] NOT NULL,
        y               real[] NOT NULL,
        z               real[] NOT NULL,
        received_at     timestamptz NOT NULL,
        PRIMARY KEY (vehicle_id, seq)
      )`);
    await q.query(`CREATE INDEX vibration_window_vehicle_ts ON vibration_window (vehicle_id, ts)`);

    // vehicle_id is not a foreign key here: unknown vehicles are exactly what may land in it.
    await q.query(`
      CREATE TABLE dead_letter (
        id           bigserial PRIMARY KEY,
        received_at  timestamptz NOT NULL,
        topic        text NOT NULL,
        vehicle_id   text,
        stream       text,
        seq          bigint,
        code         text NOT NULL,
        reason       text NOT NULL,
        payload      bytea NOT NULL
      )`);
    // A replayed bad message is kept once, like a good one.
    await q.query(`CREATE UNIQUE INDEX dead_letter_once ON dead_letter (vehicle_id, stream, seq) WHERE seq IS NOT NULL`);
    await q.query(`CREATE INDEX dead_letter_received ON dead_letter (received_at)`);

    await q.query(`
      CREATE TABLE ack_watermark (
        vehicle_id  text NOT NULL,
        stream      text NOT NULL CHECK (stream IN ('telemetry', 'event', 'vibration')),
        seq         bigint NOT NULL DEFAULT -1,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (vehicle_id, stream)
      )`);

    // Per vehicle, day (UTC, of the message's ts) and stream: how many were stored, duplicated or
    // rejected. Data-quality reports read this instead of scanning raw rows.
    await q.query(`
      CREATE TABLE ingest_counter (
        vehicle_id  text NOT NULL,
        day         date NOT NULL,
        stream      text NOT NULL,
        outcome     text NOT NULL CHECK (outcome IN ('stored', 'duplicate', 'rejected')),
        n           bigint NOT NULL,
        PRIMARY KEY (vehicle_id, day, stream, outcome)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['ingest_counter', 'ack_watermark', 'dead_letter', 'vibration_window', 'event', 'telemetry', 'vehicle']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
