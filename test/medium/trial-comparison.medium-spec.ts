/**
 * The comparison follows the trial configuration (TrialService + ComparisonService on a real
 * database): one candidate and one reference give the two-coach comparison, figure for figure;
 * several candidates of one powertrain are one group whose trips are pooled against the pooled
 * references; a candidate of another powertrain is a group of its own. Every figure here can be
 * worked out by hand: each vehicle's cab noise is the same on all its trips, so a group's mean is
 * the mean over its trips and the bootstrap interval is the difference itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { comparisonQuerySchema, comparisonRowSchema, type TrialUpdate } from '@app/contract';
import type { DataSource } from 'typeorm';
import { ApiException } from '../../apps/server/src/common/api-error';
import { LARGE_SAMPLE_UNITS } from '@app/domain';
import { analyticsServices, emptyTables, insertRating, insertTrip, openMediumDatabase, sums } from './support';

const D1 = '2018-06-11';
const SECONDS = 600;

/** 10 km in 600 s at a cab noise of `cabDb` dB(A) and `fuel` per trip. */
const trip = (fuel: number, cabDb: number) =>
  sums({ trips: 1, durationS: SECONDS, samples: SECONDS, distanceKm: 10, fuelUsed: fuel, cabNoiseEnergy: SECONDS * 10 ** (cabDb / 10) });

/** Cab noise and trips per vehicle: GNV-01 70 dB(A) ×4, GNV-02 73 ×2, DSL-01 74 ×4, DSL-02 77 ×2. */
const FLEET = [
  { id: 'GNV-01', fuel: 'cng', db: 70, trips: 4 },
  { id: 'GNV-02', fuel: 'cng', db: 73, trips: 2 },
  { id: 'DSL-01', fuel: 'diesel', db: 74, trips: 4 },
  { id: 'DSL-02', fuel: 'diesel', db: 77, trips: 2 },
] as const;

const TRIAL_2018: TrialUpdate = {
  name: 'Ligne 101',
  from: '2018-06-08',
  to: '2018-06-22',
  vehicles: [
    { vehicleId: 'GNV-01', role: 'candidate' },
    { vehicleId: 'DSL-01', role: 'reference' },
  ],
};

let db: DataSource;
let services: ReturnType<typeof analyticsServices>;
let before: TrialUpdate;
const compare = (q: Record<string, string> = {}) =>
  services.comparison.compare(comparisonQuerySchema.parse({ from: D1, to: D1, iterations: '300', ...q }));
const configure = (vehicles: TrialUpdate['vehicles']) => services.trial.update({ ...TRIAL_2018, vehicles }, 'medium-test');

beforeAll(async () => {
  db = await openMediumDatabase();
  await emptyTables(db);
  await db.query(
    `INSERT INTO vehicle (id, label, fuel_type, is_reference) VALUES ('GNV-02', 'GNV 2', 'cng', false), ('DSL-02', 'diesel 2', 'diesel', false)
     ON CONFLICT (id) DO NOTHING`,
  );
  services = analyticsServices(db);
  const current = await services.trial.config();
  before = {
    name: current.name,
    from: current.from,
    to: current.to,
    vehicles: current.vehicles.map(({ vehicleId, role }) => ({ vehicleId, role })),
  };
  for (const v of FLEET)
    for (let i = 0; i < v.trips; i++)
      await insertTrip(db, {
        vehicleId: v.id,
        tripKey: `${v.id}-${i}`,
        serviceDate: D1,
        start: `2018-06-11T${String(6 + i).padStart(2, '0')}:${String(FLEET.indexOf(v) * 10).padStart(2, '0')}:00Z`,
        sums: trip(v.fuel === 'cng' ? 3 : 4, v.db),
      });
  // Ratings: the GNV coaches' passengers answer 5, the diesel ones' 1 (10 each).
  for (const v of FLEET)
    for (let k = 0; k < 10; k++)
      await insertRating(db, {
        vehicleId: v.id,
        answeredAt: new Date(Date.parse('2018-06-11T07:00:00Z') + k * 60_000).toISOString(),
        overall: v.fuel === 'cng' ? 5 : 1,
      });
});

afterAll(async () => {
  if (services && before) await services.trial.update(before, 'medium-test');
  if (db) {
    await emptyTables(db);
    await db.query(`DELETE FROM vehicle WHERE id IN ('GNV-02', 'DSL-02')`);
    await db.destroy();
  }
});

describe('the comparison follows the trial configuration', () => {
  it('one candidate and one reference: the same rows as naming both in the query', async () => {
    await configure(TRIAL_2018.vehicles);
    const fromTrial = await compare();
    const named = await compare({ candidate: 'GNV-01', reference: 'DSL-01' });
    expect(fromTrial).toEqual(named);
    const cab = fromTrial.find((r) => r.metric === 'cab_noise_leq_dba')!;
    expect(cab.candidate).toMatchObject({ vehicleId: 'GNV-01', n: 4 });
    expect(cab.reference).toMatchObject({ vehicleId: 'DSL-01', n: 4 });
    expect(cab.groups.candidate).toEqual({ id: 'GNV-01', label: 'GNV-01', powertrain: 'cng', vehicleIds: ['GNV-01'] });
    expect(cab.difference).toBeCloseTo(-4, 9);
    expect(cab.verdict).toMatch(/^GNV-01 is quieter in the cab/);
  });

  it('two CNG candidates against two diesel references: trips pooled on each side', async () => {
    await configure([
      { vehicleId: 'GNV-02', role: 'candidate' },
      { vehicleId: 'DSL-02', role: 'reference' },
      { vehicleId: 'GNV-01', role: 'candidate' },
      { vehicleId: 'DSL-01', role: 'reference' },
    ]);
    const rows = await compare();
    expect(() => z.array(comparisonRowSchema).parse(JSON.parse(JSON.stringify(rows)))).not.toThrow();
    expect(new Set(rows.map((r) => r.groups.candidate.id))).toEqual(new Set(['candidates:cng']));
    const cab = rows.find((r) => r.metric === 'cab_noise_leq_dba')!;
    expect(cab.groups).toEqual({
      candidate: { id: 'candidates:cng', label: 'CNG candidates (2 vehicles)', powertrain: 'cng', vehicleIds: ['GNV-01', 'GNV-02'] },
      reference: { id: 'references', label: 'references (2 vehicles)', powertrain: 'diesel', vehicleIds: ['DSL-01', 'DSL-02'] },
    });
    // A pooled side names no single vehicle. Means over trips: (4 × 70 + 2 × 73) / 6 = 71, (4 × 74 + 2 × 77) / 6 = 75.
    expect(cab.candidate.vehicleId).toBeUndefined();
    expect(cab.candidate).toMatchObject({ n: 6 });
    expect(cab.reference).toMatchObject({ n: 6 });
    expect(cab.candidate.mean).toBeCloseTo(71, 9);
    expect(cab.reference.mean).toBeCloseTo(75, 9);
    expect(cab.difference).toBeCloseTo(-4, 9);
    expect(cab.verdict).toMatch(/^CNG candidates \(2 vehicles\) is quieter in the cab/);
    const csat = rows.find((r) => r.metric === 'csat_overall')!;
    expect(csat.candidate).toMatchObject({ mean: 1, n: 20 });
    expect(csat.reference).toMatchObject({ mean: 0, n: 20 });
  });

  it('a candidate of another powertrain is a group of its own, against the same pooled references', async () => {
    await configure([
      { vehicleId: 'GNV-01', role: 'candidate' },
      { vehicleId: 'GNV-02', role: 'candidate' },
      { vehicleId: 'DSL-02', role: 'candidate' },
      { vehicleId: 'DSL-01', role: 'reference' },
    ]);
    const rows = await compare();
    const groups = [...new Set(rows.map((r) => r.groups.candidate.id))];
    expect(groups).toEqual(['DSL-02', 'candidates:cng']);
    expect(rows.length % 2).toBe(0);
    const cab = (g: string) => rows.find((r) => r.metric === 'cab_noise_leq_dba' && r.groups.candidate.id === g)!;
    expect(cab('DSL-02')).toMatchObject({ candidate: { vehicleId: 'DSL-02', n: 2 }, reference: { vehicleId: 'DSL-01', n: 4 } });
    expect(cab('DSL-02').difference).toBeCloseTo(3, 9);
    expect(cab('candidates:cng').difference).toBeCloseTo(71 - 74, 9);
  });

  it('a candidate named in the query leaves the pooled references; none left is a 400', async () => {
    await configure(TRIAL_2018.vehicles);
    const rows = await compare({ candidate: 'GNV-02' });
    expect(rows[0].groups).toMatchObject({ candidate: { id: 'GNV-02' }, reference: { id: 'DSL-01' } });
    const refused = await compare({ candidate: 'DSL-01' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiException);
    expect((refused as ApiException).body).toMatchObject({
      statusCode: 400,
      code: 'validation_failed',
      errors: [{ path: 'reference', code: 'missing_role' }],
    });
  });

  it('the configuration names registered vehicles only (422 unknown_vehicle, one error per vehicle), and a refused change keeps the old one', async () => {
    await configure(TRIAL_2018.vehicles);
    const refused = await configure([
      { vehicleId: 'GNV-01', role: 'candidate' },
      { vehicleId: 'NOPE-1', role: 'candidate' },
      { vehicleId: 'NOPE-2', role: 'reference' },
    ]).catch((e: unknown) => e);
    expect((refused as ApiException).body).toMatchObject({
      statusCode: 422,
      code: 'unknown_vehicle',
      errors: [
        { path: 'vehicles.1.vehicleId', code: 'unknown_vehicle' },
        { path: 'vehicles.2.vehicleId', code: 'unknown_vehicle' },
      ],
    });
    expect((await services.trial.config()).vehicles.map((v) => [v.vehicleId, v.role])).toEqual([
      ['GNV-01', 'candidate'],
      ['DSL-01', 'reference'],
    ]);
  });

  it('a vehicle’s role shows in the vehicle list: references are isReference', async () => {
    await configure([
      { vehicleId: 'GNV-01', role: 'reference' },
      { vehicleId: 'DSL-01', role: 'candidate' },
    ]);
    const vehicles = await services.repository.vehicles();
    expect(vehicles.filter((v) => v.trial_role).map((v) => [v.id, v.trial_role, v.is_reference])).toEqual([
      ['DSL-01', 'candidate', false],
      ['GNV-01', 'reference', true],
    ]);
    expect(vehicles.find((v) => v.id === 'GNV-02')).toMatchObject({ trial_role: null, is_reference: false });
  });
});

describe('a fleet-sized comparison', () => {
  it('from LARGE_SAMPLE_UNITS trips a side the rows use the normal interval, and say so', async () => {
    const D2 = '2018-06-12';
    // 2,000 trips a side on another day (the 1-Hz day starts at 04:00 UTC, one trip a second apart is enough here).
    for (const v of [FLEET[0], FLEET[2]])
      await db.query(
        `INSERT INTO trip_rollup (vehicle_id, trip_key, service_date, start_ts, end_ts, reported_trip_id, gtfs_trip_id, gtfs_match, direction, driver_id,
                                  inferred, end_inferred, scheduled_departure_ts, distance_km, fuel_used, duration_s, sums, delays_s)
         SELECT $1, $1 || '-big-' || i, $2::date, t, t + interval '600 s', NULL, NULL, 'time', NULL, 'D-01', false, false, t, 10, $3, 600, $4::jsonb, '[]'::jsonb
         FROM generate_series(1, $5::int) AS i, LATERAL (SELECT timestamptz '2018-06-12 04:00:00+00' + i * interval '1 s') AS s(t)`,
        [v.id, D2, v.fuel === 'cng' ? 3 : 4, JSON.stringify(trip(v.fuel === 'cng' ? 3 : 4, v.db)), LARGE_SAMPLE_UNITS],
      );
    const rows = await services.comparison.compare(
      comparisonQuerySchema.parse({ from: D2, to: D2, candidate: 'GNV-01', reference: 'DSL-01' }),
    );
    const cab = rows.find((r) => r.metric === 'cab_noise_leq_dba')!;
    expect(cab.candidate.n).toBe(LARGE_SAMPLE_UNITS);
    expect(cab.method).toMatch(/normal interval/);
    expect(cab.difference).toBeCloseTo(-4, 9);
    expect(cab.verdict).toMatch(/^GNV-01 is quieter in the cab/);
    expect(rows.find((r) => r.metric === 'full_tank_range_km')!.method).toMatch(/linearised/);
    await db.query(`DELETE FROM trip_rollup WHERE trip_key LIKE '%-big-%'`);
  });
});
