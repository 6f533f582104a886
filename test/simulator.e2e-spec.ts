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

type VehicleTruth = { messages: { sent: Record<'telemetry' | 'event' | 'vibration', number>; injectedMalformed: number } };

describe('simulator → broker → ingest → database, one day with every fault', () => {
  let ts: TestServer;
  let result: SimulationResult;

  beforeAll(async () => {
    ts = await startTestServer();
    result = await simulate({
      from: '2018-06-12', to: '2018-06-12', seed: 11,
      mqttUrl: ts.broker.url, apiUrl: ts.server.httpUrl,
      fleetCredentials: testFleetCredentials(),
      faults: ALL_FAULTS,
      // Short enough to exercise timeout replays within the test, long enough not to flood.
      ackTimeoutMs: 5_000,
      drainTimeoutMs: 180_000,
    });
  }, 600_000);

  afterAll(async () => {
    await ts?.stop();
  });

  it('gets every message acknowledged', () => {
    expect(result.report.drained).toBe(true);
    expect(result.report.waitingAtEnd).toBe(0);
  });

  it('stores exactly the ground truth’s sent count per vehicle and stream, despite duplicates, reordering, dead zones and a broker restart', async () => {
    const vehicles = result.groundTruth.vehicles as Record<string, VehicleTruth>;
    for (const [table, stream] of [['telemetry', 'telemetry'], ['event', 'event'], ['vibration_window', 'vibration']] as const) {
      const { rows } = await ts.sql.query<{ vehicle_id: string; n: string }>(`SELECT vehicle_id, count(*) AS n FROM ${table} GROUP BY vehicle_id`);
      const stored = Object.fromEntries(rows.map((r) => [r.vehicle_id, Number(r.n)]));
      for (const id of ['GNV-01', 'DSL-01']) expect(stored[id], `${table} of ${id}`).toBe(vehicles[id].messages.sent[stream]);
    }
  });

  it('dead-letters the malformed payloads and counts the duplicates', async () => {
    const faults = (result.groundTruth.faults as { counts: Record<string, number> }).counts;
    for (const kind of ['dead-zone', 'duplicate', 'reorder', 'clock-skew', 'gnss-loss', 'sensor-spike', 'malformed', 'broker-restart']) {
      expect(faults[kind], kind).toBeGreaterThan(0);
    }
    const dead = await ts.sql.query<{ n: string }>(`SELECT count(*) AS n FROM dead_letter WHERE vehicle_id IN ('GNV-01', 'DSL-01')`);
    expect(Number(dead.rows[0].n)).toBeGreaterThan(0);
    const dup = await ts.sql.query<{ n: string }>(`SELECT coalesce(sum(n), 0) AS n FROM ingest_counter WHERE outcome = 'duplicate'`);
    expect(Number(dup.rows[0].n)).toBeGreaterThan(0);
  });

  it('posts the riders’ ratings and the drivers’ questionnaires through the HTTP API', async () => {
    const f = result.report.feedback;
    const ratings = (result.groundTruth.ratings as unknown[]).length;
    expect(f.ratingsQueued).toBe(ratings);
    expect(f.pending).toBe(0);
    // A batch whose response timed out was stored all the same: its retry answers "duplicate".
    // Every rating is in the table exactly once either way.
    const stored = await ts.sql.query<{ n: string }>('SELECT count(*) AS n FROM rating');
    expect(Number(stored.rows[0].n)).toBe(ratings);
    expect(f.ratingsStored + f.ratingsDuplicate).toBe(ratings);
    expect(f.ratingsRejected).toBe(0);
    expect(f.questionnairesStored).toBe((result.groundTruth.questionnaires as unknown[]).length);
  });
});
