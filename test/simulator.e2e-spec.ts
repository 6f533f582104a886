/**
 * End to end: one simulated service day of both coaches, every fault kind switched on, through the
 * real broker, the real ingest and the real database (startTestServer), then the stored counts are
 * compared with the simulator's ground truth.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate, type SimulationResult } from '../simulator/src';
import { startTestServer, type TestServer } from './support/app';
import { testFleetCredentials } from './support/servers';

const ALL_FAULTS = 'dead-zone,duplicate:0.005,reorder:0.005,clock-skew,gnss-loss,sensor-spike,malformed:0.001,broker-restart';

describe('simulator → broker → ingest → database, one day with every fault', () => {
  let ts: TestServer;
  let result: SimulationResult;

  beforeAll(async () => {
    ts = await startTestServer();
    result = await simulate({
      from: '2018-06-12',
      to: '2018-06-12',
      seed: 11,
      mqttUrl: ts.broker.url,
      apiUrl: ts.server.httpUrl,
      fleetCredentials: testFleetCredentials(),
      faults: ALL_FAULTS,
      // Short enough to exercise timeout replays within the test, long enough not to flood.
      ackTimeoutMs: 5_000,
    });
  }, 900_000);

  afterAll(async () => {
    await ts?.stop();
  });

  it('gets every message acknowledged', () => {
    expect(result.report.drained).toBe(true);
    expect(result.report.waitingAtEnd).toBe(0);
  });

  it('stores exactly the ground truth’s sent count per vehicle and stream, despite duplicates, reordering, dead zones and a broker restart', async () => {
    const vehicles = result.groundTruth.vehicles;
    for (const [table, stream] of [
      ['telemetry', 'telemetry'],
      ['event', 'event'],
      ['vibration_window', 'vibration'],
    ] as const) {
      const { rows } = await ts.sql.query<{ vehicle_id: string; n: string }>(
        `SELECT vehicle_id, count(*) AS n FROM ${table} GROUP BY vehicle_id`,
      );
      const stored = Object.fromEntries(rows.map((r) => [r.vehicle_id, Number(r.n)]));
      for (const id of ['GNV-01', 'DSL-01']) expect(stored[id], `${table} of ${id}`).toBe(vehicles[id].messages.sent[stream]);
    }
  });

  it('dead-letters the malformed payloads and counts the duplicates', async () => {
    const faults = result.groundTruth.faults.counts;
    for (const kind of ['dead-zone', 'duplicate', 'reorder', 'clock-skew', 'gnss-loss', 'sensor-spike', 'malformed', 'broker-restart']) {
      expect(faults[kind], kind).toBeGreaterThan(0);
    }
    const dead = await ts.sql.query<{ n: string }>(`SELECT count(*) AS n FROM dead_letter WHERE vehicle_id IN ('GNV-01', 'DSL-01')`);
    expect(Number(dead.rows[0].n)).toBeGreaterThan(0);
    const dup = await ts.sql.query<{ n: string }>(`SELECT coalesce(sum(n), 0) AS n FROM ingest_counter WHERE outcome = 'duplicate'`);
    expect(Number(dup.rows[0].n)).toBeGreaterThan(0);
  });

  it('posts the riders’ ratings and the drivers’ questionnaires through the HTTP API, each stored once', async () => {
    const ratings = result.groundTruth.ratings.length;
    const questionnaires = result.groundTruth.questionnaires.length;
    expect(result.report.feedback.pending).toBe(0);
    const stored = await ts.sql.query<{ n: string; devices: string }>(
      'SELECT count(*) AS n, count(DISTINCT device_id) AS devices FROM rating',
    );
    expect(Number(stored.rows[0].n)).toBe(ratings);
    expect(Number(stored.rows[0].devices)).toBe(2); // one tablet per coach, every answer numbered
    const q = await ts.sql.query<{ n: string }>('SELECT count(*) AS n FROM driver_questionnaire WHERE device_id IS NOT NULL');
    expect(Number(q.rows[0].n)).toBe(questionnaires);
  });

  it('proves itself: a reconciliation per vehicle and stream with nothing missing and nothing refused', () => {
    const r = result.report.reconciliation!;
    expect(result.report.reconciliationError).toBeNull();
    expect(r.unexpected).toEqual([]);
    expect(r.missing).toBe(0);
    expect(r.clean).toBe(true);
    const vehicles = result.groundTruth.vehicles;
    for (const id of ['GNV-01', 'DSL-01']) {
      for (const stream of ['telemetry', 'event', 'vibration'] as const) {
        const row = r.rows.find((x) => x.vehicleId === id && x.stream === stream)!;
        expect(row, `${id} ${stream}`).toMatchObject({
          sent: vehicles[id].messages.sent[stream],
          stored: vehicles[id].messages.sent[stream],
          missing: 0,
        });
      }
      const ratings = r.rows.find((x) => x.vehicleId === id && x.stream === 'ratings')!;
      expect(ratings.sent).toBe(result.groundTruth.ratings.filter((x) => x.vehicleId === id).length);
      expect(ratings).toMatchObject({ stored: ratings.sent, missing: 0, serverKnownMissing: 0, refused: {} });
    }
    // The malformed copies are dead-lettered with their reasons, and only they are. They are not
    // kept in the unit's outbox, so those in flight when a dead zone or the broker restart cut the
    // connection are lost, and fewer arrive than were published (the real messages are replayed).
    const dead = r.rows.reduce((n, x) => n + Object.values(x.deadLettered).reduce((a, b) => a + b, 0), 0);
    expect(dead).toBeGreaterThan(0);
    expect(dead).toBeLessThanOrEqual(Object.values(result.report.net).reduce((n, u) => n + u.malformedPublished, 0));
  });

  it('gives every answer its own id: the same seed over another period is stored, not refused as a reused id', async () => {
    const before = Number((await ts.sql.query<{ n: string }>('SELECT count(*) AS n FROM rating')).rows[0].n);
    const second = await simulate({
      from: '2018-06-13',
      to: '2018-06-13',
      seed: 11,
      vehicles: 'GNV-01',
      mqttUrl: ts.broker.url,
      apiUrl: ts.server.httpUrl,
      fleetCredentials: testFleetCredentials(),
    });
    expect(second.report.reconciliation?.unexpected).toEqual([]);
    expect(second.report.reconciliation?.clean).toBe(true);
    const ratings = second.groundTruth.ratings.length;
    expect(ratings).toBeGreaterThan(0);
    const after = Number((await ts.sql.query<{ n: string }>('SELECT count(*) AS n FROM rating')).rows[0].n);
    expect(after - before).toBe(ratings);
  }, 900_000);
});
