import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Analytics rollups (issue 4). Each row holds additive sums (libs/domain kpi.ts) in `sums`, so
 * any period is the exact merge of its rows; identity and the columns that lists filter or sort
 * on are real columns. `rollup_state` remembers the input signature (ingest_counter's stored
 * counts, feedback counts) each vehicle-day was computed from: a replay changes it and re-opens
 * the day. Days are service days in Europe/Paris.
 */
export class AnalyticsRollups1780000400000 implements MigrationInterface {
  name = 'AnalyticsRollups1780000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE trip_rollup (
        vehicle_id             text NOT NULL REFERENCES vehicle(id),
        trip_key               text NOT NULL,
        service_date           date NOT NULL,
        start_ts               timestamptz NOT NULL,
        end_ts                 timestamptz NOT NULL,
        reported_trip_id       text,
        gtfs_trip_id           text,
        gtfs_match             text NOT NULL CHECK (gtfs_match IN ('trip_id', 'time', 'none')),
        direction              smallint,
        driver_id              text,
        inferred               boolean NOT NULL,
        end_inferred           boolean NOT NULL,
        scheduled_departure_ts timestamptz,
        distance_km            double precision NOT NULL,
        fuel_used              double precision NOT NULL,
        duration_s             double precision NOT NULL,
        sums                   jsonb NOT NULL,
        delays_s               jsonb NOT NULL,
        computed_at            timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (vehicle_id, trip_key)
      )`);
    await q.query(`CREATE INDEX trip_rollup_date ON trip_rollup (service_date, vehicle_id)`);
    await q.query(`CREATE INDEX trip_rollup_vehicle_start ON trip_rollup (vehicle_id, start_ts)`);

    await q.query(`
      CREATE TABLE vehicle_day_rollup (
        vehicle_id         text NOT NULL REFERENCES vehicle(id),
        service_date       date NOT NULL,
        sums               jsonb NOT NULL,
        quality            jsonb NOT NULL,
        fuel_source        text NOT NULL,
        fuel_disagreement  boolean NOT NULL,
        computed_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (vehicle_id, service_date)
      )`);

    await q.query(`
      CREATE TABLE refuel (
        vehicle_id       text NOT NULL REFERENCES vehicle(id),
        ts               timestamptz NOT NULL,
        service_date     date NOT NULL,
        status           text NOT NULL,
        amount           double precision NOT NULL,
        detected_amount  double precision,
        keyed_amount     double precision,
        mass_before      double precision,
        mass_after       double precision,
        station_id       text,
        odometer_km      double precision,
        PRIMARY KEY (vehicle_id, ts)
      )`);
    await q.query(`CREATE INDEX refuel_date ON refuel (service_date)`);

    await q.query(`
      CREATE TABLE sensor_check (
        vehicle_id       text NOT NULL REFERENCES vehicle(id),
        seq              bigint NOT NULL,
        ts               timestamptz NOT NULL,
        service_date     date NOT NULL,
        location         text NOT NULL,
        seconds          integer NOT NULL,
        server_awx real NOT NULL, server_awy real NOT NULL, server_awz real NOT NULL,
        unit_awx real, unit_awy real, unit_awz real,
        max_rel_diff     real,
        flagged          boolean NOT NULL,
        PRIMARY KEY (vehicle_id, seq)
      )`);
    await q.query(`CREATE INDEX sensor_check_date ON sensor_check (service_date)`);

    await q.query(`
      CREATE TABLE rollup_state (
        vehicle_id    text NOT NULL,
        service_date  date NOT NULL,
        signature     text NOT NULL,
        computed_at   timestamptz NOT NULL DEFAULT now(),
        duration_ms   integer,
        PRIMARY KEY (vehicle_id, service_date)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['rollup_state', 'sensor_check', 'refuel', 'vehicle_day_rollup', 'trip_rollup'])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
