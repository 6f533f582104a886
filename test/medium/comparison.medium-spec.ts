/**
 * ComparisonService against real trip rollups and ratings: a difference is stated only when its
 * interval excludes zero, in the verdict's own words; the satisfaction row carries the answers
 * known to be missing. The trips are built so that each answer can be worked out by hand: a
 * figure the same on every trip of a coach gives a bootstrap interval of one point (the
 * difference itself), a figure that alternates gives an interval around zero.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { comparisonRowSchema, comparisonQuerySchema, type ComparisonRow } from '@app/contract';
import type { DataSource } from 'typeorm';
import { usableFullTank } from '../../apps/server/src/analytics/comparison.service';
import { analyticsServices, emptyTables, insertRating, insertTrip, openMediumDatabase, sums } from './support';

const D1 = '2018-06-11';
const SECONDS = 600;
const TRIPS = 4;
const RATINGS = 40;

/** 10 km in 600 s; cab and cabin noise as Leq (dB(A)), floor vibration av (m/s², on z), share of seconds at 20–24 °C. */
const trip = (fuel: number, cabDb: number, cabinDb: number, floorAv: number, tempOkShare: number) =>
  sums({
    trips: 1,
    durationS: SECONDS,
    samples: SECONDS,
    distanceKm: 10,
    fuelUsed: fuel,
    cabNoiseEnergy: SECONDS * 10 ** (cabDb / 10),
    cabinNoiseEnergy: SECONDS * 10 ** (cabinDb / 10),
    cabinTempOkS: SECONDS * tempOkShare,
    floor: { seconds: SECONDS, ssz: SECONDS * floorAv * floorAv },
  });

let db: DataSource;
let rows: ComparisonRow[];
const row = (metric: string) => rows.find((r) => r.metric === metric)!;

beforeAll(async () => {
  db = await openMediumDatabase();
  await emptyTables(db);
  for (let i = 0; i < TRIPS; i++) {
    const start = (minute: number) => `2018-06-11T${String(6 + i).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`;
    // GNV-01: cab 70 dB(A), cabin 80, floor av 0.2 and 0.4 in turn, 90 % of the time at 20–24 °C, 3 kg per trip.
    await insertTrip(db, {
      vehicleId: 'GNV-01',
      tripKey: `G${i}`,
      serviceDate: D1,
      start: start(0),
      direction: i % 2,
      sums: trip(3, 70, 80, i % 2 ? 0.4 : 0.2, 0.9),
    });
    // DSL-01: cab 74 dB(A), cabin 70, floor av 0.3, 50 % of the time at 20–24 °C, 4 L per trip.
    await insertTrip(db, {
      vehicleId: 'DSL-01',
      tripKey: `D${i}`,
      serviceDate: D1,
      start: start(5),
      direction: i % 2,
      sums: trip(4, 74, 70, 0.3, 0.5),
    });
  }
  // Every GNV-01 passenger answers 5, every DSL-01 one answers 1. GNV-01's tablet numbered 43 answers, of
  // which 10, 20 and 30 never arrived: 3 known missing. DSL-01's tablet sent 1..40, none missing.
  const gnvSeqs = Array.from({ length: RATINGS + 3 }, (_, k) => k + 1).filter((n) => n % 10 !== 0 || n > 30);
  for (const [k, seq] of gnvSeqs.entries()) {
    await insertRating(db, {
      vehicleId: 'GNV-01',
      answeredAt: new Date(Date.parse('2018-06-11T07:00:00Z') + k * 60_000).toISOString(),
      overall: 5,
      deviceId: '00000000-0000-4000-8000-000000000001',
      deviceSeq: seq,
    });
  }
  for (let k = 0; k < RATINGS; k++) {
    await insertRating(db, {
      vehicleId: 'DSL-01',
      answeredAt: new Date(Date.parse('2018-06-11T07:00:30Z') + k * 60_000).toISOString(),
      overall: 1,
      deviceId: '00000000-0000-4000-8000-000000000002',
      deviceSeq: k + 1,
    });
  }
  rows = await analyticsServices(db).comparison.compare(comparisonQuerySchema.parse({ from: D1, to: D1, iterations: '500' }));
});

afterAll(async () => {
  await db?.destroy();
});

describe('comparison verdicts on real rollups', () => {
  it('answers every criterion in the contract’s shape on the wire', () => {
    expect(() => z.array(comparisonRowSchema).parse(JSON.parse(JSON.stringify(rows)))).not.toThrow();
    expect(rows.map((r) => r.criterion)).toEqual(
      expect.arrayContaining(['fuel_range', 'efficiency', 'driver_comfort', 'passenger_comfort']),
    );
  });

  it('states a difference when the interval excludes zero, better or worse in the metric’s own words', () => {
    // The same value on every trip: the bootstrap interval is the difference itself.
    expect(row('cab_noise_leq_dba')).toMatchObject({ candidate: { n: TRIPS }, reference: { n: TRIPS }, significant: true });
    expect(row('cab_noise_leq_dba').difference).toBeCloseTo(-4, 10);
    expect(row('cab_noise_leq_dba').verdict).toBe('GNV-01 is quieter in the cab (-4.00 dB(A), 95 % CI -4.00 to -4.00 dB(A))');
    expect(row('cabin_noise_leq_dba').verdict).toBe('GNV-01 is noisier in the cabin (+10.00 dB(A), 95 % CI 10.00 to 10.00 dB(A))');
    // Higher is better here: +0.4 of the time in the band is "more of the time".
    expect(row('cabin_temp_ok_share').verdict).toBe(
      'GNV-01 keeps the cabin in 20–24 °C more of the time (+0.400 share, 95 % CI 0.400 to 0.400 share)',
    );
    expect(row('cabin_temp_ok_share').relativeDifference).toBeCloseTo(0.4 / 0.5, 10);
    // Full-tank range: usable tank / fuel per trip × 10 km, less far for GNV-01 than 350 L / 4 L × 10 km = 875 km.
    const range = row('full_tank_range_km');
    expect(range.difference).toBeCloseTo((usableFullTank('GNV-01', 'cng') / 3) * 10 - 875, 6);
    expect(range.verdict).toMatch(/^GNV-01 goes less far on a full tank \(-\d+ km, 95 % CI -\d+ to -\d+ km\)$/);
  });

  it('states no difference when the interval holds zero, and says when there is nothing to compare', () => {
    // Floor av 0.2, 0.4, 0.2, 0.4 against 0.3 four times: a mean difference of 0, the interval around it.
    const floor = row('floor_av_ms2');
    expect(floor.difference).toBeCloseTo(0, 10);
    expect(floor.significant).toBe(false);
    expect(floor.low!).toBeLessThan(0);
    expect(floor.high!).toBeGreaterThan(0);
    expect(floor.verdict).toMatch(/^no difference shown by the data \(/);
    // No seat vibration seconds at all: no per-trip value, nothing to compare.
    expect(row('seat_av_ms2')).toMatchObject({
      candidate: { n: 0 },
      reference: { n: 0 },
      significant: false,
      verdict: 'not enough data to compare',
    });
  });

  it('compares satisfaction as a difference of proportions, with the answers known to be missing beside n', () => {
    const csat = row('csat_overall');
    expect(csat.candidate).toEqual({ vehicleId: 'GNV-01', mean: 1, n: RATINGS, knownMissing: 3 });
    expect(csat.reference).toEqual({ vehicleId: 'DSL-01', mean: 0, n: RATINGS, knownMissing: 0 });
    // Wilson at n = 40, z = 1.96: p = 1 gives [1 / (1 + z²/n), 1], p = 0 gives [0, (z²/n) / (1 + z²/n)]. Newcombe's
    // interval of the difference: [1 − √((1 − l₁)² + u₂²), 1 + √(0² + 0²)].
    const z2n = 1.96 ** 2 / RATINGS;
    const l1 = 1 / (1 + z2n),
      u2 = z2n / (1 + z2n);
    expect(csat.low).toBeCloseTo(1 - Math.hypot(1 - l1, u2), 10);
    expect(csat.high).toBeCloseTo(1, 10);
    expect(csat.verdict).toBe(
      `GNV-01 satisfies more passengers (+1.00 share, 95 % CI ${(1 - Math.hypot(1 - l1, u2)).toPrecision(3)} to 1.00 share)`,
    );
    // The reference's CSAT is 0: the relative difference is infinite, null on the wire.
    expect(JSON.parse(JSON.stringify(csat)).relativeDifference).toBeNull();
  });
});
