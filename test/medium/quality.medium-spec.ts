/**
 * The quality, perceived-quality and trip services against real rows: the data-quality row of a
 * day (rollup figures, ingest counters, feedback completeness) and of a day with answers but no
 * telemetry, the sensor checks in camelCase, the drivers' questionnaires by the contract's item
 * names, and a trip with its delays per stop. Every answer is also parsed with its contract schema.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dataQualityRowSchema, driverSummarySchema, DRIVER_ITEMS, sensorCheckSchema, tripDetailSchema } from '@app/contract';
import type { DataSource } from 'typeorm';
import { analyticsServices, emptyTables, insertDay, insertRating, insertTrip, openMediumDatabase, sums } from './support';

const D1 = '2018-06-11';
const period = { from: D1, to: D1 };
const wire = <S extends z.ZodType>(schema: S, value: unknown): z.infer<S> => schema.parse(JSON.parse(JSON.stringify(value)));

let db: DataSource;
let services: ReturnType<typeof analyticsServices>;

beforeAll(async () => {
  db = await openMediumDatabase();
  await emptyTables(db);
  services = analyticsServices(db);
  // GNV-01 has telemetry rolled up on D1 (its coverage stored as null: NaN in the rollup's JSON); DSL-01 only has a rating.
  await insertDay(db, 'GNV-01', D1, sums({ trips: 1 }), {
    serviceSeconds: 3600,
    receivedServiceSeconds: 3564,
    receivedSeconds: 50_000,
    coverage: null,
    gaps: 2,
    gapSeconds: 36,
    maxGapS: 30,
    inferredTrips: 0,
    tripsWithoutEnd: 1,
    clockAnomalies: 0,
    fuelCounterResets: 0,
    fuelCounterGlitches: 1,
    sensorChecks: 2,
    sensorFlags: 1,
  });
  await db.query(
    `INSERT INTO ingest_counter (vehicle_id, day, stream, outcome, n) VALUES
       ('GNV-01', $1, 'telemetry', 'stored', 50000), ('GNV-01', $1, 'telemetry', 'duplicate', 7), ('GNV-01', $1, 'event', 'duplicate', 1),
       ('GNV-01', $1, 'event', 'rejected', 2)`,
    [D1],
  );
  await insertRating(db, {
    vehicleId: 'DSL-01',
    answeredAt: '2018-06-11T09:00:00Z',
    overall: 4,
    deviceId: '00000000-0000-4000-8000-000000000003',
    deviceSeq: 2,
  });
  await db.query(
    `INSERT INTO sensor_check (vehicle_id, seq, ts, service_date, location, seconds, server_awx, server_awy, server_awz, unit_awx, unit_awy, unit_awz, max_rel_diff, flagged)
     VALUES ('GNV-01', 41, '2018-06-11T07:00:00Z', $1, 'floor', 10, 0.125, 0.25, 0.5, 0.125, 0.25, 0.625, 0.2, true),
            ('GNV-01', 42, '2018-06-11T08:00:00Z', $1, 'driverSeat', 10, 0.25, 0.25, 0.25, NULL, NULL, NULL, NULL, false)`,
    [D1],
  );
  await db.query(
    `INSERT INTO driver_questionnaire (id, driver_id, vehicle_id, shift_date, answered_at, received_at, seat, driving_position, cab_noise, vibration, gearbox,
                                       acceleration, braking, cab_temperature, visibility, overall, fingerprint)
     VALUES ($1, 'D-01', 'GNV-01', $2, '2018-06-11T20:00:00Z', '2018-06-11T20:00:05Z', 4, 2, 3, 4, 5, 4, 4, 1, 5, 4, 'medium-test')`,
    [randomUUID(), D1],
  );
  await insertTrip(db, {
    vehicleId: 'GNV-01',
    tripKey: 'T1',
    serviceDate: D1,
    start: '2018-06-11T06:00:00Z',
    direction: 0,
    sums: sums({
      trips: 1,
      durationS: 3000,
      samples: 3000,
      distanceKm: 40,
      fuelUsed: 12,
      stopsScheduled: 3,
      stopsServed: 3,
      delayN: 3,
      delaySumS: 90,
    }),
    delaysS: [0, 30, 60],
  });
});

afterAll(async () => {
  await db?.destroy();
});

describe('data quality, sensor checks, questionnaires and trips on real rows', () => {
  it('a day’s quality row: the rollup’s figures, the ingest counters of its date, its feedback completeness', async () => {
    const rows = wire(z.array(dataQualityRowSchema), await services.quality.quality(period));
    expect(rows.map((r) => [r.vehicleId, r.telemetryRolledUp])).toEqual([
      ['DSL-01', false],
      ['GNV-01', true],
    ]);
    expect(rows[1]).toMatchObject({
      serviceDate: D1,
      coverage: null,
      gaps: 2,
      maxGapS: 30,
      tripsWithoutEnd: 1,
      sensorFlags: 1,
      duplicates: 8,
      deadLetters: 2,
      storedTelemetry: 50_000,
      fuelSource: 'counter',
      fuelDisagreement: false,
      feedback: { ratings: { received: 0, knownMissing: 0 }, questionnaires: { received: 1, knownMissing: 0, unsequenced: 1 } },
    });
  });

  it('a day with answers but no telemetry still gets its row, zeros and nulls for the telemetry', async () => {
    const [dsl] = wire(z.array(dataQualityRowSchema), await services.quality.quality({ ...period, vehicleId: 'DSL-01' }));
    expect(dsl).toMatchObject({ telemetryRolledUp: false, coverage: 0, serviceSeconds: 0, fuelSource: null, fuelDisagreement: null });
    // The tablet's first answer arrived as number 2: number 1 is known to be missing.
    expect(dsl.feedback.ratings).toMatchObject({
      received: 1,
      knownMissing: 1,
      unsequenced: 0,
      devices: 1,
      lastAnsweredAt: '2018-06-11T09:00:00.000Z',
    });
  });

  it('sensor checks in camelCase, the unit’s side null when it sent none', async () => {
    const checks = wire(z.array(sensorCheckSchema), await services.quality.sensorChecks(period));
    expect(checks).toEqual([
      {
        vehicleId: 'GNV-01',
        seq: 41,
        ts: '2018-06-11T07:00:00.000Z',
        serviceDate: D1,
        location: 'floor',
        seconds: 10,
        serverAwx: 0.125,
        serverAwy: 0.25,
        serverAwz: 0.5,
        unitAwx: 0.125,
        unitAwy: 0.25,
        unitAwz: 0.625,
        maxRelativeDifference: expect.closeTo(0.2, 6),
        flagged: true,
      },
      {
        vehicleId: 'GNV-01',
        seq: 42,
        ts: '2018-06-11T08:00:00.000Z',
        serviceDate: D1,
        location: 'driverSeat',
        seconds: 10,
        serverAwx: 0.25,
        serverAwy: 0.25,
        serverAwz: 0.25,
        unitAwx: null,
        unitAwy: null,
        unitAwz: null,
        maxRelativeDifference: null,
        flagged: false,
      },
    ]);
  });

  it('drivers’ questionnaires per question, named as the questionnaire names its items', async () => {
    const [gnv] = wire(z.array(driverSummarySchema), await services.ratings.drivers(period));
    expect(gnv).toMatchObject({ vehicleId: 'GNV-01', questionnaires: 1, drivers: 1, knownMissing: 0 });
    expect(gnv.questions.map((q) => q.question)).toEqual([...DRIVER_ITEMS]);
    const byItem = Object.fromEntries(gnv.questions.map((q) => [q.question, q.mean]));
    expect(byItem).toEqual({
      seat: 4,
      drivingPosition: 2,
      cabNoise: 3,
      vibration: 4,
      gearbox: 5,
      acceleration: 4,
      braking: 4,
      cabTemperature: 1,
      visibility: 5,
      overall: 4,
    });
    expect(gnv.questions.find((q) => q.question === 'cabTemperature')?.distribution).toEqual([1, 0, 0, 0, 0]);
  });

  it('withholds an aggregate of fewer than 5 questionnaires from anyone but engineers', async () => {
    const [asPolicymaker] = wire(z.array(driverSummarySchema), await services.ratings.drivers(period, ['policymaker']));
    expect(asPolicymaker.questionnaires).toBe(1);
    expect(
      asPolicymaker.questions.every((q) => q.withheld && q.mean === null && q.topTwoBox.p === null && q.distribution.every((n) => n === 0)),
    ).toBe(true);
    const [asEngineer] = wire(z.array(driverSummarySchema), await services.ratings.drivers(period, ['engineer']));
    expect(asEngineer.questions.some((q) => q.withheld)).toBe(false);
  });

  it('one trip with its delay at each served stop', async () => {
    const trip = wire(tripDetailSchema, await services.trips.detail('GNV-01', 'T1', ['engineer']));
    expect(trip).toMatchObject({ tripKey: 'T1', direction: 0, distanceKm: 40, durationMin: 50, fuelUsed: 12, delaysS: [0, 30, 60] });
    expect(trip.kpis.punctuality).toMatchObject({ stopsServed: 3, meanDelayS: 30 });
    expect(await services.trips.detail('GNV-01', 'nope', ['engineer'])).toBeNull();
  });

  it('names a trip’s driver to engineers only; everyone else sees a stable pseudonym', async () => {
    const asEngineer = await services.trips.detail('GNV-01', 'T1', ['engineer']);
    const asPolicymaker = await services.trips.detail('GNV-01', 'T1', ['policymaker']);
    const again = await services.trips.list({ from: '2018-06-11', to: '2018-06-11', limit: 100, offset: 0 }, ['policymaker']);
    expect(asEngineer?.driverId).toMatch(/^D-/);
    expect(asPolicymaker?.driverId).toMatch(/^P-[0-9A-F]{6}$/);
    expect(again.find((t) => t.tripKey === 'T1')?.driverId).toBe(asPolicymaker?.driverId);
  });
});
