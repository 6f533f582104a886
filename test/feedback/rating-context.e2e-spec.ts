/**
 * A rating's context (trip in progress, position, stop segment) comes from the telemetry and
 * events ingested over MQTT, which may arrive after the rating (replays): the rating is stored at
 * once, then the scheduled job fills what is missing. Also: the per-token wall-clock rate limit.
 */
import { sampleTelemetry, type TelemetryEvent } from '@app/contract';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RatingContextJob } from '../../apps/server/src/feedback/rating-context.job';
import { RatingContextService } from '../../apps/server/src/feedback/rating-context.service';
import { startServer } from '../../apps/server/src/bootstrap';
import { eventually, startTestServer, type TestServer } from '../support/app';
import { call, questionnaire, rating, TOKENS } from './support';

let t: TestServer;
let unit: MqttClient;

beforeAll(async () => {
  t = await startTestServer({ FEEDBACK_CONTEXT_INTERVAL_MS: '3600000' });
  unit = await t.connectVehicle('GNV-01');
});

afterAll(async () => {
  await t?.stop();
});

const at = (hms: string) => `2018-06-11T${hms}.000Z`;
let eventSeq = 0;
let telemetrySeq = 0;

async function publishEvent(ts: string, type: TelemetryEvent['type'], data: Record<string, unknown>): Promise<void> {
  await unit.publishAsync('fleet/GNV-01/event', JSON.stringify({ v: 1, vehicleId: 'GNV-01', seq: eventSeq++, ts, type, data }), { qos: 1 });
}

async function publishTelemetry(ts: string, lat: number, lon: number): Promise<void> {
  const sample = sampleTelemetry({ seq: telemetrySeq++, ts, pos: { lat, lon, headingDeg: 80, fix: true } });
  await unit.publishAsync('fleet/GNV-01/telemetry', JSON.stringify(sample), { qos: 1 });
}

const count = async (table: string) => Number((await t.sql.query(`SELECT count(*) n FROM ${table} WHERE vehicle_id = 'GNV-01'`)).rows[0].n);
const row = async (id: string) => (await t.sql.query('SELECT * FROM rating WHERE id = $1', [id])).rows[0];

describe('rating context', () => {
  const A = rating({ answeredAt: at('07:31:04') }); // running between two stops
  const B = rating({ answeredAt: at('07:33:10') }); // standing at a stop, no GNSS sample within ±60 s
  const C = rating({ answeredAt: at('07:55:00') }); // after the trip ended
  const D = rating({ answeredAt: at('09:00:00') }); // no data after it yet

  it('stores ratings at once, before the telemetry of their time has arrived (context pending)', async () => {
    const res = await call(t.server.httpUrl, 'POST', '/api/v1/ratings/batch', { token: TOKENS.gnv, body: { ratings: [A, B, C, D] } });
    expect(res.body.stored).toBe(4);
    for (const r of [A, B, C, D]) expect(await row(r.id)).toMatchObject({ trip_id: null, lat: null, context_status: 'pending' });
  });

  it('fills trip, position and stop segment with the scheduled job once the replayed data is in', async () => {
    await publishEvent(at('07:30:00'), 'trip_start', { tripId: '101-A-0730', direction: 0, driverId: 'D-07' });
    await publishEvent(at('07:30:05'), 'stop_departure', { stopId: 'CAS-SAB', boarded: 12 });
    await publishEvent(at('07:33:00'), 'stop_arrival', { stopId: 'CRE-CEN', alighted: 2 });
    await publishEvent(at('07:33:30'), 'stop_departure', { stopId: 'CRE-CEN', boarded: 3 });
    await publishEvent(at('07:36:00'), 'stop_arrival', { stopId: 'CRE-SAL' });
    await publishEvent(at('07:50:00'), 'trip_end', { tripId: '101-A-0730' });
    await publishEvent(at('08:00:00'), 'ignition_off', {});
    for (let s = 0; s <= 10; s++)
      await publishTelemetry(at(`07:31:${String(s).padStart(2, '0')}`), 43.6341 + s * 0.0001, 3.8974 + s * 0.0002);
    await publishTelemetry(at('07:35:00'), 43.6448, 3.9366);
    await publishTelemetry(at('07:57:00'), 43.6745, 4.1354);
    await eventually(async () => (await count('event')) === 7 && (await count('telemetry')) === 13, 'events and telemetry ingested');

    await t.server.app.get(RatingContextJob).run();

    expect(await row(A.id)).toMatchObject({
      trip_id: '101-A-0730',
      trip_direction: 0,
      driver_id: 'D-07',
      segment_from_stop_id: 'CAS-SAB',
      segment_to_stop_id: 'CRE-CEN',
      at_stop: false,
      context_status: 'complete',
    });
    const a = await row(A.id);
    expect(a.position_ts.toISOString()).toBe(at('07:31:04'));
    expect(a.lat).toBeCloseTo(43.6345, 6);
    expect(await row(B.id)).toMatchObject({
      trip_id: '101-A-0730',
      segment_from_stop_id: 'CRE-CEN',
      segment_to_stop_id: 'CRE-SAL',
      at_stop: true,
      lat: null,
      context_status: 'settled',
    });
    // After trip_end: no trip, so no segment; the only sample near it is 2 min away: no position.
    expect(await row(C.id)).toMatchObject({ trip_id: null, segment_from_stop_id: null, lat: null, context_status: 'settled' });
  });

  it('leaves a rating pending while nothing later than it has arrived, and the engineers can filter by trip', async () => {
    expect(await row(D.id)).toMatchObject({ trip_id: null, context_status: 'pending' });
    const res = await call(t.server.httpUrl, 'GET', '/api/v1/ratings?trip=101-A-0730', { token: TOKENS.engineer });
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([A.id, B.id]);
    expect(res.body.items[0]).toMatchObject({
      tripId: '101-A-0730',
      segmentFromStopId: 'CAS-SAB',
      segmentToStopId: 'CRE-CEN',
      atStop: false,
      contextStatus: 'complete',
    });
  });

  it('lets analytics re-check settled ratings after a late replay', async () => {
    await publishTelemetry(at('07:33:20'), 43.6447, 3.9365); // B's missing position, very late
    await eventually(async () => (await count('telemetry')) === 14, 'late sample ingested');
    const summary = await t.server.app
      .get(RatingContextService)
      .fillMissingContext({ includeSettled: true, from: at('07:00:00'), to: at('08:00:00') });
    expect(summary.checked).toBe(2); // B and C (A is complete)
    expect(await row(B.id)).toMatchObject({ lat: 43.6447, context_status: 'complete' });
  });

  it.runIf(process.env.TEST_DATABASE_URL)('skips the round when another scheduler holds the advisory lock (PostgreSQL)', async () => {
    const E = rating({ answeredAt: at('07:32:00') });
    await call(t.server.httpUrl, 'POST', '/api/v1/ratings', { token: TOKENS.gnv, body: E });
    await t.sql.query(`UPDATE rating SET context_status = 'pending', trip_id = NULL WHERE id = $1`, [E.id]);
    await t.sql.query(`SELECT pg_advisory_lock(hashtext('feedback.rating-context'))`);
    try {
      await t.server.app.get(RatingContextJob).run();
      expect(await row(E.id)).toMatchObject({ trip_id: null, context_status: 'pending' });
    } finally {
      await t.sql.query(`SELECT pg_advisory_unlock(hashtext('feedback.rating-context'))`);
    }
    await t.server.app.get(RatingContextJob).run();
    expect(await row(E.id)).toMatchObject({ trip_id: '101-A-0730' });
  });
});

describe('per-token wall-clock rate limit', () => {
  let limited: TestServer;

  beforeAll(async () => {
    limited = await startTestServer({ FEEDBACK_RATE_LIMIT_PER_MIN: '3' });
  });

  afterAll(async () => {
    await limited?.stop();
  });

  it('answers 429 rate_limited with Retry-After past the limit, per token', async () => {
    const base = limited.server.httpUrl;
    for (let i = 0; i < 3; i++)
      expect((await call(base, 'POST', '/api/v1/ratings', { token: TOKENS.gnv, body: rating() })).status).toBe(201);
    const over = await call(base, 'POST', '/api/v1/ratings/batch', { token: TOKENS.gnv, body: { ratings: [rating()] } });
    expect(over.status).toBe(429);
    expect(over.body.code).toBe('rate_limited');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another tablet, and the drivers, have their own budget.
    expect((await call(base, 'POST', '/api/v1/ratings', { token: TOKENS.dsl, body: rating({ vehicleId: 'DSL-01' }) })).status).toBe(201);
  });

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'holds across API processes on PostgreSQL: a second process on the same database shares the budget',
    async () => {
      const other = await startServer({ ...limited.config, MODULES: ['api'], HTTP_PORT: 0 });
      try {
        const d02 = () => ({ token: TOKENS.d02, body: questionnaire({ driverId: 'D-02' }) });
        // D-02's budget of 3, taken twice here and once there: the next request is refused by the other process too.
        for (const base of [limited.server.httpUrl, other.httpUrl, limited.server.httpUrl]) {
          expect((await call(base, 'POST', '/api/v1/driver-questionnaires', d02())).status).toBe(201);
        }
        expect((await call(other.httpUrl, 'POST', '/api/v1/driver-questionnaires', d02())).status).toBe(429);
      } finally {
        await other.stop();
      }
    },
  );
});
