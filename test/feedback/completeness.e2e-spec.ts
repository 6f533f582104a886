/**
 * Feedback completeness without ground truth: every device numbers its answers, so the server
 * counts what never arrived — per device, per vehicle and day (data quality), beside every
 * satisfaction figure — and a replay's reconciliation reads the same counts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app';
import { call, questionnaire, rating, TOKENS } from './support';

let t: TestServer;
let base: string;
const tablet = randomUUID();
const driverPage = randomUUID();
const at = (day: string, hhmm: string, s = 0) => new Date(Date.parse(`${day}T${hhmm}:00.000Z`) + s * 1000).toISOString();

beforeAll(async () => {
  t = await startTestServer({ FEEDBACK_CONTEXT_INTERVAL_MS: '3600000' });
  base = t.server.httpUrl;
  // Day 1: answers 1, 2, 3 and 5 of the tablet (4 was lost); day 2: 6, 9 (7 and 8 lost).
  const day1 = [1, 2, 3, 5].map((seq, i) => rating({ answeredAt: at('2018-06-11', '08:00', i * 60), deviceId: tablet, deviceSeq: seq }));
  const day2 = [6, 9].map((seq, i) => rating({ answeredAt: at('2018-06-12', '09:00', i * 60), deviceId: tablet, deviceSeq: seq }));
  // An older page without a sequence: counted, not checkable.
  const legacy = rating({ answeredAt: at('2018-06-12', '10:00') });
  const res = await call(base, 'POST', '/api/v1/ratings/batch', { token: TOKENS.gnv, body: { ratings: [...day1, ...day2, legacy] } });
  expect(res.body.stored).toBe(7);
  for (const seq of [1, 3]) {
    const q = questionnaire({ answeredAt: at('2018-06-11', '20:00', seq * 60), deviceId: driverPage, deviceSeq: seq });
    expect((await call(base, 'POST', '/api/v1/driver-questionnaires', { token: TOKENS.d01, body: q })).status).toBe(201);
  }
});

afterAll(async () => {
  await t?.stop();
});

describe('per-device answer sequences', () => {
  it('refuses a device id without its sequence number (and the other way round)', async () => {
    const res = await call(base, 'POST', '/api/v1/ratings', {
      token: TOKENS.gnv,
      body: rating({ answeredAt: at('2018-06-13', '08:00'), deviceId: randomUUID() }),
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'deviceSeq' });
  });

  it('lists each device with what it received and the gaps below its highest number', async () => {
    const res = await call(base, 'GET', '/api/v1/data-quality/devices?kind=rating', { token: TOKENS.engineer });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({ deviceId: tablet, vehicleId: 'GNV-01', received: 6, maxSeq: 9, knownMissing: 3, reusedSeqs: 0 }),
    ]);
    const drivers = await call(base, 'GET', '/api/v1/data-quality/devices?kind=questionnaire', { token: TOKENS.engineer });
    expect(drivers.body).toEqual([
      expect.objectContaining({ deviceId: driverPage, received: 2, maxSeq: 3, knownMissing: 1, receivedByVehicle: { 'GNV-01': 2 } }),
    ]);
  });

  it('is for engineers only', async () => {
    expect((await call(base, 'GET', '/api/v1/data-quality/devices')).status).toBe(401);
    expect((await call(base, 'GET', '/api/v1/data-quality/devices', { token: TOKENS.gnv })).status).toBe(403);
  });

  it('shows feedback completeness per vehicle and day in data quality, on the day the gap was revealed', async () => {
    const res = await call(base, 'GET', '/api/v1/data-quality?from=2018-06-11&to=2018-06-12&vehicleId=GNV-01', { token: TOKENS.engineer });
    expect(res.status).toBe(200);
    const byDay = Object.fromEntries(res.body.map((r: { serviceDate: string }) => [r.serviceDate, r]));
    expect(byDay['2018-06-11'].feedback.ratings).toMatchObject({
      received: 4,
      knownMissing: 1,
      unsequenced: 0,
      devices: 1,
      lastAnsweredAt: at('2018-06-11', '08:00', 180),
    });
    expect(byDay['2018-06-11'].feedback.questionnaires).toMatchObject({ received: 2, knownMissing: 1 });
    expect(byDay['2018-06-12'].feedback.ratings).toMatchObject({ received: 3, knownMissing: 2, unsequenced: 1 });
    // No telemetry on these days: the rows exist all the same, and say so.
    expect(byDay['2018-06-12'].telemetryRolledUp).toBe(false);
  });

  it('does not count the earlier days as missing when the period starts later', async () => {
    const res = await call(base, 'GET', '/api/v1/data-quality?from=2018-06-12&to=2018-06-12&vehicleId=GNV-01', { token: TOKENS.engineer });
    expect(res.body[0].feedback.ratings).toMatchObject({ received: 3, knownMissing: 2 });
  });

  it('puts the known-missing count beside n in the satisfaction figures', async () => {
    const res = await call(base, 'GET', '/api/v1/analytics/ratings/summary?from=2018-06-11&to=2018-06-12&vehicleId=GNV-01', {
      token: TOKENS.engineer,
    });
    expect(res.status).toBe(200);
    expect(res.body[0]).toMatchObject({ vehicleId: 'GNV-01', ratings: 7, knownMissing: 3, unsequenced: 1 });
    expect(res.body[0].questions[0]).toMatchObject({ question: 'overall', n: 7, knownMissing: 3 });
    const cmp = await call(base, 'GET', '/api/v1/comparison?from=2018-06-11&to=2018-06-12&iterations=200', { token: TOKENS.engineer });
    const csat = cmp.body.find((r: { metric: string }) => r.metric === 'csat_overall');
    expect(csat.candidate).toMatchObject({ vehicleId: 'GNV-01', n: 7, knownMissing: 3 });
    expect(csat.reference).toMatchObject({ vehicleId: 'DSL-01', n: 0, knownMissing: 0 });
  });

  it('counts a run’s streams and devices for its reconciliation', async () => {
    const res = await call(base, 'POST', '/api/v1/data-quality/reconciliation', {
      token: TOKENS.engineer,
      body: {
        since: new Date(Date.now() - 3600_000).toISOString(),
        from: '2018-06-11',
        to: '2018-06-12',
        streams: [{ vehicleId: 'GNV-01', stream: 'telemetry', fromSeq: 0, toSeq: 99 }],
        devices: [
          { deviceId: tablet, kind: 'rating' },
          { deviceId: driverPage, kind: 'questionnaire' },
          { deviceId: randomUUID(), kind: 'rating' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.streams).toEqual([
      { vehicleId: 'GNV-01', stream: 'telemetry', fromSeq: 0, toSeq: 99, stored: 0, deadLetteredSeqs: 0, deadLettered: {}, duplicates: 0 },
    ]);
    expect(res.body.devices.map((d: { deviceId: string; received: number }) => [d.deviceId, d.received])).toEqual([
      [tablet, 6],
      [driverPage, 2],
    ]);
    const bad = await call(base, 'POST', '/api/v1/data-quality/reconciliation', {
      token: TOKENS.engineer,
      body: { since: 'yesterday', streams: [], devices: [] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['since', 'from', 'to']));
  });
});
