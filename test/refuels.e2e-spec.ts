/**
 * Diesel refuels end to end: the simulator plays DSL-01 over two service days (its tank runs low
 * on the second, and it fills at the depot) through the real broker and server; the rollups detect
 * the fill from the fuel gauge (level × tank capacity) as they detect CNG fills from the gas mass,
 * and reconcile it with the pump entry. Seed 14 makes the attendant forget to key the amount, so
 * the figure can only come from the gauge. Compared with the simulator's ground truth.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate, type RefuelTruth } from '../simulator/src';
import { startTestServer, type TestServer } from './support/app';
import { TEST_MQTT_CREDENTIALS } from './support/servers';

const FROM = '2018-06-11';
const TO = '2018-06-12';
const VEHICLE = 'DSL-01';
/** The gauge reads 0.1 % of 350 L (0.35 L); a fill is ≈ 220 L. */
const VOLUME_TOLERANCE = 0.01;

let t: TestServer;
let fills: RefuelTruth[];

const api = async <T = any>(path: string): Promise<T> => {
  const res = await fetch(`${t.server.httpUrl}${path}`, { headers: { authorization: 'Bearer engineer-dev-token' } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};
/** Relative difference; a figure the ground truth lacks (the other fuel's key) never passes. */
const rel = (a: number, b: number | undefined) => (b === undefined ? Infinity : Math.abs(a / b - 1));

beforeAll(async () => {
  process.env.ANALYTICS_ROLLUP_INTERVAL_MS = '3600000';
  t = await startTestServer();
  const run = await simulate({
    from: FROM,
    to: TO,
    seed: 14,
    speed: 'max',
    vehicles: [VEHICLE],
    mqttUrl: t.broker.url,
    apiUrl: t.server.httpUrl,
    fleetCredentials: { [VEHICLE]: TEST_MQTT_CREDENTIALS.fleet[VEHICLE] },
    ackTimeoutMs: 5000,
    drainTimeoutMs: 120_000,
  });
  expect(run.report.drained).toBe(true);
  fills = Object.values(run.groundTruth.vehicles[VEHICLE].days).flatMap((d) => d.refuels);
  const res = await fetch(`${t.server.httpUrl}/api/v1/analytics/rollups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer admin-dev-token' },
    body: '{}',
  });
  expect(res.status).toBe(200);
}, 600_000);

afterAll(async () => {
  await t?.stop();
  delete process.env.ANALYTICS_ROLLUP_INTERVAL_MS;
});

describe('diesel refuels from the gauge', () => {
  it('the simulated period has a fill whose amount was not keyed (what the seed is for)', () => {
    expect(fills.length).toBeGreaterThan(0);
    expect(fills.map((f) => f.keyedStatus)).toContain('missing');
  });

  it('each fill is detected, with the gauge volume, and reconciled with its pump entry', async () => {
    const refuels = await api<any[]>(`/api/v1/refuels?from=${FROM}&to=${TO}&vehicleId=${VEHICLE}`);
    const context = JSON.stringify({ api: refuels, truth: fills });
    expect(refuels.length, context).toBe(fills.length);
    const expectedStatus = { ok: 'confirmed', missing: 'keyed_missing', wrong: 'keyed_mismatch' } as const;
    for (const [i, fill] of fills.entries()) {
      const r = refuels[i];
      expect(r.status, context).toBe(expectedStatus[fill.keyedStatus]);
      expect(r.unit).toBe('L');
      expect(r.detectedAmount, context).not.toBeNull();
      expect(rel(r.amount, fill.addedL), context).toBeLessThan(VOLUME_TOLERANCE);
      expect(r.keyedAmount).toBe(fill.keyed);
      expect(r.litresAfter - r.litresBefore).toBeCloseTo(r.detectedAmount, 6);
      expect(Math.abs(Date.parse(r.ts) - Date.parse(fill.ts))).toBeLessThan(30 * 60_000);
    }
  });

  it('fuel range and the day KPIs count the refuelled volume', async () => {
    const [range] = await api<any[]>(`/api/v1/fuel-range?from=${FROM}&to=${TO}&vehicleId=${VEHICLE}`);
    const trueVolume = fills.reduce((s, f) => s + (f.addedL ?? NaN), 0);
    expect(range.unit).toBe('L');
    expect(range.refuels).toBe(fills.length);
    expect(range.refuelsByStatus.not_detected).toBe(0);
    expect(rel(range.refuelled, trueVolume)).toBeLessThan(VOLUME_TOLERANCE);
    const days = await api<any[]>(`/api/v1/kpis?from=${FROM}&to=${TO}&groupBy=day&vehicleId=${VEHICLE}`);
    expect(days.map((d) => d.key.serviceDate)).toEqual([FROM, TO]);
    for (const d of days) expect(d.kpis.refuels).toBe(fills.filter((f) => f.date === d.key.serviceDate).length);
  });
});
