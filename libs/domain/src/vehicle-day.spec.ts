import { describe, expect, it } from 'vitest';
import { dieselLitresFromGauge } from './fuel';
import { emptySums, kpisFromSums, mergeSums, type AnalyticsSample } from './kpi';
import { pairTripEvents, parisDate, parisMidnightUtc, type GtfsTripRef, type Terminus, type TripEventInput } from './trips';
import { checkSensor, computeVehicleDay, mergeTripSums } from './vehicle-day';

const A = { lat: 43.6372, lon: 3.9218 }; // Sablassou
const B = { lat: 43.6755, lon: 4.1452 }; // Lunel, Pont de Vesse
const TERMINI: Terminus[] = [
  { stopId: 'CAS-SAB', ...A, direction: 0 },
  { stopId: 'LUN-PDV', ...B, direction: 1 },
];
const DATE = '2018-06-11';
const MIDNIGHT = parisMidnightUtc(DATE);
const at = (hh: number, mm: number) => MIDNIGHT + (hh * 60 + mm) * 60_000;
const PRICES = { cngEurPerKg: 1, dieselEurPerL: 1.2 };

const GTFS: GtfsTripRef[] = [
  {
    tripId: '101-A-0700-SEM',
    direction: 0,
    stopTimes: [
      { stopId: 'CAS-SAB', departureS: 7 * 3600 },
      { stopId: 'LUN-PDV', departureS: 7 * 3600 + 37 * 60 },
    ],
  },
  {
    tripId: '101-R-0800-SEM',
    direction: 1,
    stopTimes: [
      { stopId: 'LUN-PDV', departureS: 8 * 3600 },
      { stopId: 'CAS-SAB', departureS: 8 * 3600 + 37 * 60 },
    ],
  },
];

/** Capacity of the synthetic diesel tank (L). */
const DIESEL_TANK_L = 350;

/**
 * A synthetic day: 06:55–07:00 parked at A, A→B 07:00–07:40 (with events), refuel of 100 kg (or
 * L) in a 10-min gap at B with a pump entry that has no amount, B→A 08:00–08:40 without events;
 * constant 0.01 kg/s (or L/s) while driving; seat aw (0.1, 0.1, 0.3), floor (0.2, 0.1, 0.4).
 * A diesel tank is seen only through its gauge, in percent rounded to 0.1 as the unit sends it.
 */
function syntheticDay(fuel: 'cng' | 'diesel' = 'cng') {
  const samples: AnalyticsSample[] = [];
  let odo = 150_000,
    used = 48_000,
    mass = 120;
  const push = (ts: number, lat: number, lon: number, speed: number) => {
    const p = { awx: 0.1, awy: 0.1, awz: 0.3 };
    const gaugePct = Math.round((mass / DIESEL_TANK_L) * 1000) / 10;
    samples.push({
      ts,
      lat,
      lon,
      speedKmh: speed,
      odometerKm: odo,
      engineRpm: 900,
      passengers: 20,
      fuelCounter: used,
      tankMassKg: fuel === 'cng' ? mass : null,
      tankLitres: fuel === 'diesel' ? dieselLitresFromGauge(gaugePct, DIESEL_TANK_L) : null,
      ambientTempC: 25,
      cabinTempC: 22,
      cabinCo2Ppm: 700,
      cabinNoiseDbA: 60,
      driverNoiseDbA: 65,
      seat: p,
      floor: { awx: 0.2, awy: 0.1, awz: 0.4 },
    });
  };
  const park = (from: number, to: number, pos: { lat: number; lon: number }) => {
    for (let t = from; t < to; t += 1000) {
      used += 0.001;
      mass -= 0.001;
      push(t, pos.lat, pos.lon, 0);
    }
  };
  const drive = (from: number, to: number, p: typeof A, q: typeof A) => {
    const n = (to - from) / 1000;
    for (let i = 0; i < n; i++) {
      const f = i / (n - 1);
      odo += 24 / n;
      used += 0.01;
      mass -= 0.01;
      push(from + i * 1000, p.lat + (q.lat - p.lat) * f, p.lon + (q.lon - p.lon) * f, 36);
    }
  };
  park(at(6, 55), at(7, 0), A);
  drive(at(7, 0), at(7, 40), A, B);
  park(at(7, 40), at(7, 45), B);
  mass += 100; // refuel during the gap 07:45–07:55
  park(at(7, 55), at(8, 0), B);
  drive(at(8, 0), at(8, 40), B, A);
  park(at(8, 40), at(8, 45), A);
  const events: TripEventInput[] = [
    { ts: at(7, 0), type: 'trip_start', data: { tripId: '101-A-0700-SEM', direction: 0, driverId: 'D-01' } },
    { ts: at(7, 0) + 5000, type: 'stop_departure', data: { stopId: 'CAS-SAB', boarded: 12 } },
    { ts: at(7, 39), type: 'stop_departure', data: { stopId: 'LUN-PDV', boarded: 0 } },
    { ts: at(7, 20), type: 'harsh_brake', data: { peakMs2: 3.5 } },
    { ts: at(7, 40), type: 'trip_end', data: { tripId: '101-A-0700-SEM' } },
    { ts: at(7, 50), type: 'refuel', data: { stationId: 'GNV-LUN' } },
  ];
  return { samples, events };
}

describe('Europe/Paris service days', () => {
  it('local midnight of a June date is 22:00 UTC the day before', () => {
    expect(new Date(parisMidnightUtc('2018-06-11')).toISOString()).toBe('2018-06-10T22:00:00.000Z');
    expect(new Date(parisMidnightUtc('2018-01-15')).toISOString()).toBe('2018-01-14T23:00:00.000Z');
    expect(parisDate(Date.parse('2018-06-10T22:30:00Z'))).toBe('2018-06-11');
  });
});

describe('pairTripEvents', () => {
  it('closes a start without an end at the next start, flagged', () => {
    const segs = pairTripEvents(
      [
        { ts: 1, type: 'trip_start', data: { tripId: 'a', direction: 0, driverId: 'x' } },
        { ts: 5, type: 'trip_start', data: { tripId: 'b', direction: 1, driverId: 'x' } },
        { ts: 9, type: 'trip_end', data: { tripId: 'b' } },
        { ts: 12, type: 'trip_end', data: { tripId: 'orphan' } },
      ],
      100,
    );
    expect(segs.map((s) => [s.reportedTripId, s.startTs, s.endTs, s.endInferred])).toEqual([
      ['a', 1, 5, true],
      ['b', 5, 9, false],
    ]);
  });
});

describe('computeVehicleDay', () => {
  const { samples, events } = syntheticDay();
  const r = computeVehicleDay({ vehicleId: 'GNV-01', date: DATE, samples, events, gtfsTrips: GTFS, termini: TERMINI });

  it('finds the event trip and infers the other, matched to GTFS', () => {
    expect(r.trips).toHaveLength(2);
    const [t1, t2] = r.trips;
    expect(t1).toMatchObject({ inferred: false, gtfsTripId: '101-A-0700-SEM', gtfsMatch: 'trip_id', direction: 0 });
    expect(t2).toMatchObject({ inferred: true, gtfsTripId: '101-R-0800-SEM', gtfsMatch: 'time', direction: 1 });
    expect(r.quality.inferredTrips).toBe(1);
  });

  it('trip distance from the odometer and fuel from the counter', () => {
    expect(r.trips[0].sums.distanceKm).toBeCloseTo(24, 1);
    expect(r.trips[0].sums.fuelUsed).toBeCloseTo(24, 0);
    expect(r.trips[0].sums.harshBrake).toBe(1);
    expect(r.trips[0].sums.passengersBoarded).toBe(12);
  });

  it('punctuality against the timetable', () => {
    const t = r.trips[0];
    expect(t.sums.stopsServed).toBe(2);
    expect(t.delaysS[0]).toBe(5);
    expect(t.delaysS[1]).toBe(120);
    expect(t.sums.onTimeN).toBe(2);
  });

  it('the day: the refuel is detected and reconciled, consumption is not distorted', () => {
    expect(r.refuels).toHaveLength(1);
    expect(r.refuels[0].status).toBe('keyed_missing');
    expect(r.refuels[0].amount).toBeCloseTo(100, 0);
    const trueUsed = samples[samples.length - 1].fuelCounter! - samples[0].fuelCounter!;
    expect(r.day.fuelUsed).toBeCloseTo(trueUsed, 6);
    expect(r.fuelDisagreement).toBe(false);
    expect(r.day.distanceKm).toBeCloseTo(48, 1);
  });

  it('data quality: the refuel gap is a gap', () => {
    expect(r.quality.gaps).toBe(1);
    expect(r.quality.maxGapS).toBeCloseTo(601, 0);
    expect(r.quality.coverage).toBeGreaterThan(0.99);
  });

  it('KPIs of merged trips: energy-averaged aw, per-100-km figures', () => {
    const k = kpisFromSums(mergeTripSums(r.trips), 'cng', PRICES);
    expect(k.trips).toBe(2);
    expect(k.driverComfort.awz).toBeCloseTo(0.3, 6);
    expect(k.driverComfort.av).toBeCloseTo(Math.sqrt(0.01 + 0.01 + 0.09), 6);
    expect(k.passengerComfort.classShares.a_little_uncomfortable).toBeCloseTo(1, 6);
    expect(k.fuel.per100km).toBeCloseTo(100, -1);
    expect(k.driverComfort.cabNoiseLeqDbA).toBeCloseTo(65, 6);
    expect(k.passengerComfort.cabinTempOkShare).toBe(1);
  });
});

describe('computeVehicleDay, diesel: refuels from the gauge', () => {
  const { samples, events } = syntheticDay('diesel');
  const r = computeVehicleDay({ vehicleId: 'DSL-01', date: DATE, samples, events, gtfsTrips: GTFS, termini: TERMINI });

  it('detects the fill from the gauge volume; the pump entry without an amount takes the measured one', () => {
    expect(r.refuels).toHaveLength(1);
    const [refuel] = r.refuels;
    expect(refuel.status).toBe('keyed_missing');
    expect(refuel.detected).not.toBeNull();
    // 100 L added, read through a gauge of 0.1 % steps of 350 L (0.35 L).
    expect(Math.abs(refuel.amount - 100)).toBeLessThan(1);
    expect(r.day.refuels).toBe(1);
    expect(r.day.refuelAmount).toBeCloseTo(refuel.amount, 9);
  });

  it('a wrongly keyed amount is kept aside for the measured one; an entry with no rise is not counted', () => {
    const keyedWrong = events.map((e) => (e.type === 'refuel' ? { ...e, data: { ...e.data, addedL: 1000 } } : e));
    const falseEntry = { ts: at(8, 20), type: 'refuel', data: { stationId: 'DEPOT', addedL: 80 } };
    const w = computeVehicleDay({
      vehicleId: 'DSL-01',
      date: DATE,
      samples,
      events: [...keyedWrong, falseEntry],
      gtfsTrips: GTFS,
      termini: TERMINI,
    });
    expect(w.refuels.map((x) => x.status)).toEqual(['keyed_mismatch', 'not_detected']);
    expect(w.refuels[0].keyed?.amount).toBe(1000);
    expect(Math.abs(w.refuels[0].amount - 100)).toBeLessThan(1);
    expect(w.day.refuels).toBe(1);
    expect(Math.abs(w.day.refuelAmount - 100)).toBeLessThan(1);
  });

  it('consumption stays the counter, cross-checked by the gauge across the fill', () => {
    const trueUsed = samples[samples.length - 1].fuelCounter! - samples[0].fuelCounter!;
    expect(r.fuelSource).toBe('counter');
    expect(r.day.fuelUsed).toBeCloseTo(trueUsed, 6);
    expect(Math.abs(r.day.tankFuelUsed - trueUsed)).toBeLessThan(1);
    expect(r.fuelDisagreement).toBe(false);
  });
});

describe('mergeSums', () => {
  it('adds every field, vibration included', () => {
    const a = emptySums();
    a.distanceKm = 10;
    a.seat.ssz = 1;
    a.seat.seconds = 4;
    a.seat.classSeconds[0] = 4;
    const m = mergeSums(a, a);
    expect(m.distanceKm).toBe(20);
    expect(m.seat.seconds).toBe(8);
    expect(m.seat.classSeconds[0]).toBe(8);
    expect(kpisFromSums(emptySums(), 'diesel', PRICES).fuel.per100km).toBeNaN();
  });
});

describe('checkSensor', () => {
  it('agrees with a unit that reports the true weighted RMS, and flags one that does not', () => {
    const fs = 256,
      seconds = 10,
      f = 4,
      amp = 0.5;
    const z = Array.from({ length: fs * seconds }, (_, i) => amp * Math.sin((2 * Math.PI * f * i) / fs));
    const zero = z.map(() => 0);
    const awz = (amp / Math.SQRT2) * 0.967;
    const mk = (reported: number): AnalyticsSample[] =>
      Array.from({ length: seconds + 1 }, (_, i) => ({
        ts: 1000 * i,
        lat: null,
        lon: null,
        speedKmh: 50,
        odometerKm: 0,
        engineRpm: 1000,
        passengers: 0,
        fuelCounter: null,
        tankMassKg: null,
        tankLitres: null,
        ambientTempC: 20,
        cabinTempC: 20,
        cabinCo2Ppm: 600,
        cabinNoiseDbA: 60,
        driverNoiseDbA: 60,
        seat: { awx: 0, awy: 0, awz: 0 },
        floor: { awx: 0, awy: 0, awz: reported },
      }));
    const w = { seq: 1, ts: 0, location: 'floor' as const, sampleRateHz: fs, x: zero, y: zero, z };
    const good = checkSensor(w, mk(awz), 0.1);
    expect(good.server.awz).toBeCloseTo(awz, 2);
    expect(good.flagged).toBe(false);
    expect(checkSensor(w, mk(awz * 1.5), 0.1).flagged).toBe(true);
  });

  it('is part of the day: this round’s windows are checked, and the counts join the earlier checks (a window checked again counts once)', () => {
    const fs = 256,
      seconds = 10;
    const z = Array.from({ length: fs * seconds }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 4 * i) / fs));
    const zero = z.map(() => 0);
    const samples: AnalyticsSample[] = Array.from({ length: seconds + 1 }, (_, i) => ({
      ts: MIDNIGHT + 8 * 3_600_000 + 1000 * i,
      lat: null,
      lon: null,
      speedKmh: 50,
      odometerKm: 0,
      engineRpm: 1000,
      passengers: 0,
      fuelCounter: null,
      tankMassKg: null,
      tankLitres: null,
      ambientTempC: 20,
      cabinTempC: 20,
      cabinCo2Ppm: 600,
      cabinNoiseDbA: 60,
      driverNoiseDbA: 60,
      seat: { awx: 0, awy: 0, awz: 0 },
      floor: { awx: 0, awy: 0, awz: 5 },
    }));
    const window = (seq: number) => ({ seq, ts: samples[0].ts, location: 'floor' as const, sampleRateHz: fs, x: zero, y: zero, z });
    const r = computeVehicleDay({
      vehicleId: 'GNV-01',
      date: DATE,
      samples,
      events: [],
      gtfsTrips: GTFS,
      termini: TERMINI,
      auditWindows: [window(7), window(8)],
      earlierSensorChecks: [
        { seq: 3, flagged: false },
        { seq: 4, flagged: true },
        { seq: 8, flagged: false },
      ],
    });
    expect(r.sensorChecks.map((c) => [c.seq, c.flagged])).toEqual([
      [7, true],
      [8, true],
    ]);
    expect(r.quality).toMatchObject({ sensorChecks: 4, sensorFlags: 3 });
    const none = computeVehicleDay({ vehicleId: 'GNV-01', date: DATE, samples, events: [], gtfsTrips: GTFS, termini: TERMINI });
    expect(none.quality).toMatchObject({ sensorChecks: 0, sensorFlags: 0 });
  });
});
