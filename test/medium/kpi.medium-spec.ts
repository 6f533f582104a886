/**
 * KpiService against real rollup rows: every grouping (trip, day, direction, vehicle, load,
 * ambient) in both scopes, on hand-made trips, service and day rollups whose figures are simple
 * sums. A period's figure is the merge of its rows, finalised once (fuel per 100 km of two days is
 * their total fuel over their total distance, not the mean of the two days' figures).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GROUP_BY, kpiGroupSchema, SCOPES, type KpiGroup, type KpiQuery } from '@app/contract';
import type { DataSource } from 'typeorm';
import { analyticsServices, emptyTables, insertDay, insertService, insertTrip, openMediumDatabase, sums } from './support';

const D1 = '2018-06-11';
const D2 = '2018-06-12';

/** A trip of `s` seconds, one sample a second, with `load` passengers and `ambientC` outside. */
const tripSums = (s: number, km: number, fuel: number, load: number, ambientC: number, idleS: number) =>
  sums({
    trips: 1,
    durationS: s,
    samples: s,
    distanceKm: km,
    fuelUsed: fuel,
    passengerSeconds: s * load,
    ambientTempSum: s * ambientC,
    engineOnS: s,
    idleS,
  });

// GNV-01 on D1: T1 (direction 0) and T2 (direction 1); on D2: T4, inferred, direction unknown. DSL-01 on D1: T3 (direction 0).
const T1 = tripSums(3000, 40, 12, 12, 18, 300);
const T2 = tripSums(3000, 60, 18, 50, 27, 600);
const T3 = tripSums(3000, 40, 16, 15, 18, 300);
const T4 = sums({ ...tripSums(1200, 20, 10, 12, 21, 0), inferredTrips: 1 });

let db: DataSource;
let kpis: ReturnType<typeof analyticsServices>['kpis'];

beforeAll(async () => {
  db = await openMediumDatabase();
  await emptyTables(db);
  kpis = analyticsServices(db).kpis;
  await insertTrip(db, { vehicleId: 'GNV-01', tripKey: 'T1', serviceDate: D1, start: '2018-06-11T06:00:00Z', direction: 0, sums: T1 });
  await insertTrip(db, { vehicleId: 'GNV-01', tripKey: 'T2', serviceDate: D1, start: '2018-06-11T08:00:00Z', direction: 1, sums: T2 });
  await insertTrip(db, { vehicleId: 'DSL-01', tripKey: 'T3', serviceDate: D1, start: '2018-06-11T06:05:00Z', direction: 0, sums: T3 });
  await insertTrip(db, {
    vehicleId: 'GNV-01',
    tripKey: 'T4',
    serviceDate: D2,
    start: '2018-06-12T06:00:00Z',
    direction: null,
    inferred: true,
    sums: T4,
  });
  await insertService(db, 'GNV-01', D1, 0, T1);
  await insertService(db, 'GNV-01', D1, 1, T2);
  await insertService(db, 'DSL-01', D1, 0, T3);
  await insertService(db, 'GNV-01', D2, -1, T4);
  // Whole days: the trips plus depot runs (10 km and 3 kg on GNV-01's D1, 5 km and 2 L on DSL-01's, 4 km and 1 kg on D2).
  await insertDay(db, 'GNV-01', D1, sums({ trips: 2, durationS: 8000, samples: 8000, distanceKm: 110, fuelUsed: 33 }));
  await insertDay(db, 'DSL-01', D1, sums({ trips: 1, durationS: 4000, samples: 4000, distanceKm: 45, fuelUsed: 18 }));
  await insertDay(db, 'GNV-01', D2, sums({ trips: 1, durationS: 1500, samples: 1500, distanceKm: 24, fuelUsed: 11 }));
});

afterAll(async () => {
  await db?.destroy();
});

const query = (q: Partial<KpiQuery>) => kpis.kpis({ from: D1, to: D2, groupBy: 'vehicle', scope: 'operation', ...q });
/** [vehicle, key, km, fuel, trips] of each group, in the answer's order. */
const brief = (groups: KpiGroup[]) => groups.map((g) => [g.vehicleId, g.key, g.kpis.distanceKm, g.kpis.fuel.used, g.kpis.trips]);

describe('KPI grouping on real rollup rows', () => {
  it('per vehicle, operation scope: the day rollups merged, then finalised once', async () => {
    const groups = await query({});
    expect(brief(groups)).toEqual([
      ['DSL-01', {}, 45, 18, 1],
      ['GNV-01', {}, 134, 44, 3],
    ]);
    const gnv = groups[1];
    expect(gnv).toMatchObject({ fuelType: 'cng', scope: 'operation', kpis: { fuel: { unit: 'kg' } } });
    // 44 kg over 134 km, not the mean of 30 (D1) and 45.8 (D2) per 100 km.
    expect(gnv.kpis.fuel.per100km).toBeCloseTo((44 / 134) * 100, 10);
    expect(groups[0]).toMatchObject({ fuelType: 'diesel', kpis: { fuel: { unit: 'L', per100km: 40 } } });
  });

  it('per vehicle, service scope: trips only (the service rollups), depot runs left out', async () => {
    const groups = await query({ scope: 'service' });
    expect(brief(groups)).toEqual([
      ['DSL-01', {}, 40, 16, 1],
      ['GNV-01', {}, 120, 40, 3],
    ]);
    expect(groups.every((g) => g.scope === 'service')).toBe(true);
  });

  it('per day, in each scope', async () => {
    expect(brief(await query({ groupBy: 'day' }))).toEqual([
      ['DSL-01', { serviceDate: D1 }, 45, 18, 1],
      ['GNV-01', { serviceDate: D1 }, 110, 33, 2],
      ['GNV-01', { serviceDate: D2 }, 24, 11, 1],
    ]);
    expect(brief(await query({ groupBy: 'day', scope: 'service' }))).toEqual([
      ['DSL-01', { serviceDate: D1 }, 40, 16, 1],
      ['GNV-01', { serviceDate: D1 }, 100, 30, 2],
      ['GNV-01', { serviceDate: D2 }, 20, 10, 1],
    ]);
  });

  it('per direction: always service scope, the unknown direction as null', async () => {
    for (const scope of SCOPES) {
      const groups = await query({ groupBy: 'direction', scope });
      expect(brief(groups)).toEqual([
        ['DSL-01', { direction: 0 }, 40, 16, 1],
        ['GNV-01', { direction: 0 }, 40, 12, 1],
        ['GNV-01', { direction: 1 }, 60, 18, 1],
        ['GNV-01', { direction: null }, 20, 10, 1],
      ]);
      expect(groups.every((g) => g.scope === 'service')).toBe(true);
    }
  });

  it('per trip: in start order, each trip its own figures and identity', async () => {
    const groups = await query({ groupBy: 'trip' });
    expect(groups.map((g) => g.key)).toEqual([
      { tripKey: 'T1', serviceDate: D1, gtfsTripId: 'gtfs-T1', direction: 0, inferred: false, startTs: '2018-06-11T06:00:00.000Z' },
      { tripKey: 'T3', serviceDate: D1, gtfsTripId: 'gtfs-T3', direction: 0, inferred: false, startTs: '2018-06-11T06:05:00.000Z' },
      { tripKey: 'T2', serviceDate: D1, gtfsTripId: 'gtfs-T2', direction: 1, inferred: false, startTs: '2018-06-11T08:00:00.000Z' },
      { tripKey: 'T4', serviceDate: D2, gtfsTripId: 'gtfs-T4', direction: null, inferred: true, startTs: '2018-06-12T06:00:00.000Z' },
    ]);
    const t2 = groups[2].kpis;
    expect([t2.distanceKm, t2.fuel.used, t2.fuel.per100km, t2.meanLoad, t2.meanAmbientTempC, t2.idleShare]).toEqual([
      60, 18, 30, 50, 27, 0.2,
    ]);
  });

  it('per load band and per ambient band: each trip in the band of its own mean, trips of a band merged per vehicle', async () => {
    expect(brief(await query({ groupBy: 'load' }))).toEqual([
      ['GNV-01', { load: '10–20 passengers' }, 60, 22, 2],
      ['DSL-01', { load: '10–20 passengers' }, 40, 16, 1],
      ['GNV-01', { load: '≥ 45 passengers' }, 60, 18, 1],
    ]);
    const load = (await query({ groupBy: 'load' }))[0].kpis;
    expect(load.meanLoad).toBe(12);
    expect(brief(await query({ groupBy: 'ambient', scope: 'operation' }))).toEqual([
      ['GNV-01', { ambient: '15–20 °C' }, 40, 12, 1],
      ['DSL-01', { ambient: '15–20 °C' }, 40, 16, 1],
      ['GNV-01', { ambient: '25–30 °C' }, 60, 18, 1],
      ['GNV-01', { ambient: '20–25 °C' }, 20, 10, 1],
    ]);
  });

  it('filters by vehicle and period', async () => {
    expect(brief(await query({ vehicleId: 'DSL-01' }))).toEqual([['DSL-01', {}, 45, 18, 1]]);
    expect(brief(await query({ from: D2, to: D2 }))).toEqual([['GNV-01', {}, 24, 11, 1]]);
    expect(await query({ from: '2018-06-13', to: '2018-06-14' })).toEqual([]);
  });

  it('every grouping answers in the contract’s KpiGroup shape on the wire (NaN figures as null)', async () => {
    for (const groupBy of GROUP_BY) {
      for (const scope of SCOPES) {
        const groups = await query({ groupBy, scope });
        const wire = JSON.parse(JSON.stringify(groups));
        expect(() => z.array(kpiGroupSchema).parse(wire), `${groupBy}/${scope}`).not.toThrow();
      }
    }
    // A day rollup without telemetry seconds: coverage and means are NaN, null on the wire.
    const day = JSON.parse(JSON.stringify((await query({ groupBy: 'day', vehicleId: 'GNV-01', from: D1, to: D1 }))[0]));
    expect(day.kpis.idleShare).toBeNull();
  });
});
