/**
 * Trial analytics end to end: the simulator plays one service day of both coaches through the
 * real broker and server (embedded Aedes + PGlite, or CI's Mosquitto + PostgreSQL), the rollups
 * run, and the API's figures are compared with the simulator's ground truth:
 * distance ±0.5 %, fuel ±2 %, refuel count exact, aw ±5 %, rating counts exact. Then every
 * endpoint's JSON answer is parsed with its libs/contract response schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  comparisonRowSchema,
  dataQualityRowSchema,
  deviceCompletenessSchema,
  driverQuestionnairePageSchema,
  driverSummarySchema,
  fuelRangeSchema,
  GROUP_BY,
  healthSchema,
  kpiGroupSchema,
  ratingConditionsSchema,
  ratingPageSchema,
  ratingSummarySchema,
  reconciliationCountsSchema,
  refuelSchema,
  rollupRunSchema,
  SCOPES,
  sensorCheckSchema,
  seriesSchema,
  tripDetailSchema,
  tripSummarySchema,
  vehicleStateSchema,
} from '@app/contract';
import { simulate, type DayTruth, type GroundTruth } from '../simulator/src';
import { startTestServer, type TestServer } from './support/app';
import { TEST_MQTT_CREDENTIALS } from './support/servers';

const DATE = '2018-06-11';
let t: TestServer;
let truth: GroundTruth;
let firstRollup: Array<{ vehicleId: string; date: string; ms: number }>;

/** As an engineer (every analytics route declares its roles; the role matrix is test/auth). */
const api = async <T = any>(path: string, init?: RequestInit): Promise<{ status: number; body: T; text: string; type: string | null }> => {
  const res = await fetch(`${t.server.httpUrl}${path}`, {
    ...init,
    headers: { authorization: 'Bearer engineer-dev-token', ...(init?.headers as Record<string, string> | undefined) },
  });
  const text = await res.text();
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    /* CSV */
  }
  return { status: res.status, body, text, type: res.headers.get('content-type') };
};
// Running the rollups on demand is an admin action (the test server has the development admin token).
const post = (path: string, body: unknown, token = 'admin-dev-token') =>
  api(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
/** Relative difference; a figure the ground truth lacks (the other fuel's key) never passes. */
const rel = (a: number, b: number | undefined) => (b === undefined ? Infinity : Math.abs(a / b - 1));

beforeAll(async () => {
  // The test drives the rollups itself (POST /analytics/rollups): keep the scheduler quiet.
  t = await startTestServer({ ANALYTICS_ROLLUP_INTERVAL_MS: '3600000' });
  const run = await simulate({
    from: DATE,
    to: DATE,
    seed: 7,
    speed: 'max',
    mqttUrl: t.broker.url,
    apiUrl: t.server.httpUrl,
    fleetCredentials: { 'GNV-01': TEST_MQTT_CREDENTIALS.fleet['GNV-01'], 'DSL-01': TEST_MQTT_CREDENTIALS.fleet['DSL-01'] },
    ackTimeoutMs: 5000,
    drainTimeoutMs: 120_000,
  });
  truth = run.groundTruth;
  expect(run.report.drained, `not drained: ${run.report.waitingAtEnd} waiting, net ${JSON.stringify(run.report.net)}`).toBe(true);
  firstRollup = (await post('/api/v1/analytics/rollups', {})).body.days;
}, 600_000);

afterAll(async () => {
  await t?.stop();
});

const dayTruth = (vehicleId: string): DayTruth => truth.vehicles[vehicleId].days[DATE];

describe('analytics against the simulator ground truth', () => {
  it('rolled up each vehicle-day once; the scheduled job is registered', async () => {
    const days = firstRollup
      .filter((d) => d.date === DATE)
      .map((d) => d.vehicleId)
      .sort();
    expect(days).toEqual(['DSL-01', 'GNV-01']);
    const { SchedulerRegistry } = await import('@nestjs/schedule');
    expect(t.server.app.get(SchedulerRegistry).getIntervals()).toContain('analytics.rollup');
  });

  for (const vehicleId of ['GNV-01', 'DSL-01']) {
    it(`${vehicleId}: distance ±0.5 %, fuel ±2 %, aw ±5 %, refuels exact`, async () => {
      const r = await api(`/api/v1/kpis?from=${DATE}&to=${DATE}&groupBy=day&vehicleId=${vehicleId}`);
      expect(r.status).toBe(200);
      expect(r.body).toHaveLength(1);
      const k = r.body[0].kpis;
      const gt = dayTruth(vehicleId);
      expect(rel(k.distanceKm, gt.odometerDistanceKm)).toBeLessThan(0.005);
      const fuelTruth = gt.fuelUsedKg ?? gt.fuelUsedL;
      expect(rel(k.fuel.used, fuelTruth)).toBeLessThan(0.02);
      const aw = gt.vibration.energyAveragedAw;
      expect(rel(k.driverComfort.awx, aw['driverSeat.awx'])).toBeLessThan(0.05);
      expect(rel(k.driverComfort.awy, aw['driverSeat.awy'])).toBeLessThan(0.05);
      expect(rel(k.driverComfort.awz, aw['driverSeat.awz'])).toBeLessThan(0.05);
      expect(rel(k.passengerComfort.awz, aw['floor.awz'])).toBeLessThan(0.05);
      expect(rel(k.passengerComfort.av, gt.vibration.energyAveragedAv.floor)).toBeLessThan(0.05);
      const refuels = await api(`/api/v1/refuels?from=${DATE}&to=${DATE}&vehicleId=${vehicleId}`);
      expect(k.refuels, JSON.stringify({ api: refuels.body, truth: gt.refuels })).toBe(gt.refuels.length);
    });
  }

  it('trips come from the events and match the timetable', async () => {
    const r = await api(`/api/v1/trips?from=${DATE}&to=${DATE}&vehicleId=GNV-01`);
    expect(r.status).toBe(200);
    const gt = dayTruth('GNV-01');
    expect(r.body.map((x: any) => x.gtfsTripId)).toEqual(gt.tripIds);
    const trueTrips = truth.vehicles['GNV-01'].trips;
    for (const [i, trip] of r.body.entries()) expect(rel(trip.distanceKm, trueTrips[i].distanceKm)).toBeLessThan(0.01);
  });

  it('rating counts are exact', async () => {
    const r = await api(`/api/v1/analytics/ratings/summary?from=${DATE}&to=${DATE}`);
    expect(r.status).toBe(200);
    for (const vehicleId of ['GNV-01', 'DSL-01']) {
      const row = r.body.find((x: any) => x.vehicleId === vehicleId);
      expect(row.ratings).toBe(dayTruth(vehicleId).ratings.count);
      expect(row.questions[0].n).toBe(dayTruth(vehicleId).ratings.count);
    }
    const drivers = await api(`/api/v1/analytics/ratings/drivers?from=${DATE}&to=${DATE}`);
    const questionnaires = truth.questionnaires.length;
    expect(drivers.body.reduce((s: number, v: any) => s + v.questionnaires, 0)).toBe(questionnaires);
    const cond = await api(`/api/v1/analytics/ratings/conditions?from=${DATE}&to=${DATE}`);
    expect(cond.body.ratings.length).toBe(dayTruth('GNV-01').ratings.count + dayTruth('DSL-01').ratings.count);
    expect(cond.body.ratings.filter((r: any) => r.samples > 0).length / cond.body.ratings.length).toBeGreaterThan(0.9);
    expect(cond.body.links.map((l: any) => l.condition)).toEqual(['floor_av', 'cabin_noise_leq', 'cabin_temp_c', 'cabin_co2_ppm']);
  });

  it('groups by direction from the service rollups: every trip counted once', async () => {
    const r = await api(`/api/v1/kpis?from=${DATE}&to=${DATE}&groupBy=direction&vehicleId=GNV-01`);
    expect(r.body.map((g: any) => g.key.direction).sort()).toEqual([0, 1]);
    expect(r.body.reduce((s: number, g: any) => s + g.kpis.trips, 0)).toBe(dayTruth('GNV-01').tripIds.length);
    const load = await api(`/api/v1/kpis?from=${DATE}&to=${DATE}&groupBy=load`);
    expect(load.body.reduce((s: number, g: any) => s + g.kpis.trips, 0)).toBe(
      dayTruth('GNV-01').tripIds.length + dayTruth('DSL-01').tripIds.length,
    );
  });

  it('compares the coaches with intervals and verdicts', async () => {
    const r = await api(`/api/v1/comparison?from=${DATE}&to=${DATE}&iterations=500`);
    expect(r.status).toBe(200);
    const noise = r.body.find((x: any) => x.metric === 'cab_noise_leq_dba');
    expect(noise.candidate.n).toBeGreaterThan(5);
    expect(noise.low).toBeLessThanOrEqual(noise.difference);
    expect(noise.high).toBeGreaterThanOrEqual(noise.difference);
    expect(typeof noise.verdict).toBe('string');
  });

  it('data quality, sensor checks, fuel range and vehicles answer', async () => {
    const q = await api(`/api/v1/data-quality?from=${DATE}&to=${DATE}`);
    expect(q.body.map((x: any) => x.vehicleId).sort()).toEqual(['DSL-01', 'GNV-01']);
    expect(q.body[0].coverage).toBeGreaterThan(0.95);
    const s = await api(`/api/v1/sensor-checks?from=${DATE}&to=${DATE}`);
    expect(s.body.length).toBeGreaterThan(10);
    expect(Object.keys(s.body[0])).toEqual(expect.arrayContaining(['vehicleId', 'serverAwz', 'unitAwz', 'maxRelativeDifference']));
    const flagged = s.body.filter((x: any) => x.flagged).length;
    expect(flagged / s.body.length).toBeLessThan(0.1);
    const v = await api('/api/v1/vehicles');
    const gnv = v.body.find((x: any) => x.id === 'GNV-01');
    expect(rel(gnv.latest.fuelLeft, dayTruth('GNV-01').tankMassEndKg)).toBeLessThan(0.02);
    expect(gnv.latest.range.lowKm).toBeLessThanOrEqual(gnv.latest.range.km);
    const f = await api(`/api/v1/fuel-range?from=${DATE}&to=${DATE}`);
    expect(f.body.find((x: any) => x.vehicleId === 'GNV-01').refuels).toBe(dayTruth('GNV-01').refuels.length);
  });

  it('exports any table as CSV and refuses a bad period with a clear error', async () => {
    const csv = await api(`/api/v1/trips?from=${DATE}&to=${DATE}&format=csv`);
    expect(csv.type).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toContain('gtfsTripId');
    const tooLong = await api('/api/v1/kpis?from=2018-01-01&to=2019-12-31');
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.code).toBe('period_too_long');
    expect(tooLong.body.message).toMatch(/exceeds the limit of 366 days/);
    const docs = await api('/api/docs-json');
    for (const path of ['/api/v1/kpis', '/api/v1/comparison', '/api/v1/trips', '/api/v1/data-quality', '/api/v1/fuel-range'])
      expect(Object.keys(docs.body.paths)).toContain(path);
    const bad = await api('/api/v1/kpis?groupBy=week');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/groupBy/);
  });

  it('is incremental: nothing to do without new data; late data re-opens only its day', async () => {
    expect((await post('/api/v1/analytics/rollups', {}, 'engineer-dev-token')).status).toBe(403);
    expect((await post('/api/v1/analytics/rollups', {})).body.days).toEqual([]);
    // A late replayed sample (a new seq) for GNV-01 lands in the day: only that vehicle-day is recomputed.
    const unit = await t.connectVehicle('GNV-01');
    const last = (await t.sql.query(`SELECT max(seq)::int AS s FROM telemetry WHERE vehicle_id = 'GNV-01'`)).rows[0].s as number;
    const row = (await t.sql.query(`SELECT ts FROM telemetry WHERE vehicle_id = 'GNV-01' ORDER BY ts DESC LIMIT 1`)).rows[0];
    const { sampleTelemetry } = await import('@app/contract');
    const sample = sampleTelemetry({ seq: last + 1, ts: new Date(row.ts.getTime() + 1000).toISOString() });
    await unit.publishAsync('fleet/GNV-01/telemetry', JSON.stringify(sample), { qos: 1 });
    let days: Array<{ vehicleId: string; date: string }> = [];
    for (let i = 0; i < 100 && days.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      days = (await post('/api/v1/analytics/rollups', {})).body.days;
    }
    // ingest_counter is per UTC day, which feeds two Paris service days: both may re-open, never the other coach's.
    expect(days.map((d) => d.vehicleId)).not.toContain('DSL-01');
    expect(days.map((d) => d.date)).toContain(DATE);
  });
});

/** GET (or POST) an endpoint and parse its JSON answer with the response schema; returns the parsed body. */
const answer = async <S extends z.ZodType>(schema: S, path: string, init?: RequestInit): Promise<z.infer<S>> => {
  const r = await api(path, init);
  expect(r.status, `${path}: ${r.text.slice(0, 500)}`).toBe(200);
  const parsed = schema.safeParse(r.body);
  if (!parsed.success) throw new Error(`${path} breaks its schema:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
};
const engineer = { headers: { authorization: 'Bearer engineer-dev-token' } };
const period = `from=${DATE}&to=${DATE}`;
const snakeKeys = (value: unknown, path = ''): string[] => {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(/_/.test(k) && !Array.isArray(value) ? [`${path}${k}`] : []),
    ...snakeKeys(v, `${path}${k}.`),
  ]);
};

describe('every endpoint answers in its libs/contract schema, camelCase throughout', () => {
  it('vehicles, trips, one trip with its delays per stop, the trip and vehicle series', async () => {
    const vehicles = await answer(z.array(vehicleStateSchema), '/api/v1/vehicles');
    expect(vehicles.map((v) => v.id).sort()).toEqual(['DSL-01', 'GNV-01']);
    const trips = await answer(z.array(tripSummarySchema), `/api/v1/trips?${period}&vehicleId=GNV-01`);
    expect(trips.length).toBeGreaterThan(5);
    const trip = await answer(tripDetailSchema, `/api/v1/trips/GNV-01/${encodeURIComponent(trips[0].tripKey)}`);
    expect(trip.delaysS.length).toBeGreaterThan(0);
    expect(trip.delaysS.length).toBeLessThanOrEqual(trip.kpis.punctuality.stopsServed);
    const series = await answer(
      seriesSchema,
      `/api/v1/trips/GNV-01/${encodeURIComponent(trips[0].tripKey)}/series?fields=speedKmh,tankMassKg,passengers&maxPoints=50`,
    );
    expect(series.points.length).toBeGreaterThan(0);
    expect(series.points.length).toBeLessThanOrEqual(51);
    expect(typeof series.points[0].passengers).toBe('number');
    const vehicleSeries = await answer(
      seriesSchema,
      `/api/v1/vehicles/DSL-01/series?fromTs=${trips[0].startTs}&toTs=${trips[0].endTs}&fields=speedKmh,fuelCounter`,
    );
    expect(vehicleSeries.fields).toEqual(['speedKmh', 'fuelCounter']);
  });

  it('a day chart (16 h, 2,000 points) from the rollup’s 15 s buckets equals the same chart from raw rows', async () => {
    const fromTs = '2018-06-11T03:00:00.000Z',
      toTs = '2018-06-11T19:00:00.000Z'; // 05:00–21:00 in Paris
    const fields = 'speedKmh,odometerKm,cabinNoiseDbA,seatAwz,floorAwx,tankMassKg,lat';
    const chart = await answer(
      seriesSchema,
      `/api/v1/vehicles/GNV-01/series?fromTs=${fromTs}&toTs=${toTs}&maxPoints=2000&fields=${fields}`,
    );
    expect(chart.bucketSeconds).toBe(30);
    const through = (
      await t.sql.query(`SELECT series_through FROM rollup_state WHERE vehicle_id = 'GNV-01' AND service_date = '2018-06-11'`)
    ).rows[0];
    expect(through.series_through).not.toBeNull();
    const raw = (
      await t.sql.query(
        `SELECT to_timestamp(floor(extract(epoch FROM ts) / 30) * 30) AS ts, count(*)::int AS samples, avg(speed_kmh) AS speed, max(odometer_km) AS odo,
              10 * log(avg(power(10, cabin_noise_dba / 10.0))) AS noise, sqrt(avg(seat_awz * seat_awz)) AS awz
       FROM telemetry WHERE vehicle_id = 'GNV-01' AND ts >= $1 AND ts < $2 GROUP BY 1 ORDER BY 1`,
        [fromTs, toTs],
      )
    ).rows;
    expect(chart.points.length).toBe(raw.length);
    chart.points.forEach((p, i) => {
      expect(p.ts).toBe(raw[i].ts.toISOString());
      expect(p.samples).toBe(raw[i].samples);
      expect(p.speedKmh).toBeCloseTo(Number(raw[i].speed), 4);
      expect(p.odometerKm).toBeCloseTo(Number(raw[i].odo), 4);
      expect(p.cabinNoiseDbA).toBeCloseTo(Number(raw[i].noise), 4);
      expect(p.seatAwz).toBeCloseTo(Number(raw[i].awz), 4);
    });
  });

  it('KPIs for every groupBy and scope, each key in its shape', async () => {
    for (const groupBy of GROUP_BY) {
      for (const scope of SCOPES) {
        const groups = await answer(z.array(kpiGroupSchema), `/api/v1/kpis?${period}&groupBy=${groupBy}&scope=${scope}`);
        expect(groups.length, `${groupBy}/${scope}`).toBeGreaterThan(0);
        const always = ['trip', 'direction', 'load', 'ambient'].includes(groupBy) ? 'service' : scope;
        for (const g of groups) expect(g.scope, `${groupBy}/${scope}`).toBe(always);
        const keys = { trip: 'tripKey', day: 'serviceDate', direction: 'direction', load: 'load', ambient: 'ambient', vehicle: undefined }[
          groupBy
        ];
        for (const g of groups) expect(Object.keys(g.key)[0]).toBe(keys);
      }
    }
  });

  it('comparison (the CSAT row with knownMissing), fuel range, refuels', async () => {
    const rows = await answer(z.array(comparisonRowSchema), `/api/v1/comparison?${period}&iterations=200`);
    const csat = rows.find((r) => r.metric === 'csat_overall');
    expect(csat?.candidate.knownMissing).toBeTypeOf('number');
    expect(csat?.reference.knownMissing).toBeTypeOf('number');
    await answer(z.array(fuelRangeSchema), `/api/v1/fuel-range?${period}`);
    await answer(z.array(refuelSchema), `/api/v1/refuels?${period}`);
  });

  it('data quality with its feedback block, the devices of both kinds, sensor checks: no snake_case key left', async () => {
    const quality = await answer(z.array(dataQualityRowSchema), `/api/v1/data-quality?${period}`);
    expect(quality.some((q) => q.feedback.ratings.received > 0)).toBe(true);
    for (const kind of ['rating', 'questionnaire']) {
      const devices = await answer(z.array(deviceCompletenessSchema), `/api/v1/data-quality/devices?${period}&kind=${kind}`, engineer);
      expect(devices.length, kind).toBeGreaterThan(0);
    }
    const checks = await answer(z.array(sensorCheckSchema), `/api/v1/sensor-checks?${period}`);
    for (const [path, body] of [
      ['data-quality', quality],
      ['sensor-checks', checks],
    ] as const)
      expect(snakeKeys(body), path).toEqual([]);
  });

  it('ratings analytics: summary with knownMissing, drivers by the questionnaire’s own item names, conditions', async () => {
    const summary = await answer(z.array(ratingSummarySchema), `/api/v1/analytics/ratings/summary?${period}`);
    expect(summary.every((v) => v.questions.every((q) => q.knownMissing === v.knownMissing))).toBe(true);
    const drivers = await answer(z.array(driverSummarySchema), `/api/v1/analytics/ratings/drivers?${period}`);
    expect(drivers[0].questions.map((q) => q.question)).toContain('drivingPosition');
    const conditions = await answer(ratingConditionsSchema, `/api/v1/analytics/ratings/conditions?${period}`);
    for (const body of [summary, drivers, conditions]) expect(snakeKeys(body)).toEqual([]);
  });

  it('the feedback lists, the reconciliation counts, the rollup trigger and health', async () => {
    const ratings = await answer(ratingPageSchema, '/api/v1/ratings?limit=50', engineer);
    expect(ratings.items.length).toBeGreaterThan(0);
    await answer(driverQuestionnairePageSchema, '/api/v1/driver-questionnaires', engineer);
    const counts = await answer(reconciliationCountsSchema, '/api/v1/data-quality/reconciliation', {
      method: 'POST',
      headers: { ...engineer.headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        since: '2018-06-11T00:00:00Z',
        from: DATE,
        to: DATE,
        streams: [{ vehicleId: 'GNV-01', stream: 'telemetry', fromSeq: 1, toSeq: 10 }],
        devices: [],
      }),
    });
    expect(counts.streams[0].stored).toBeGreaterThan(0);
    expect(rollupRunSchema.parse({ days: firstRollup }).days.length).toBeGreaterThan(0);
    const health = await answer(healthSchema, '/health');
    expect(health.status).toBe('ok');
  });
});
