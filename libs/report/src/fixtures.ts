/**
 * Report models shaped like the real trial, for tests, screenshots and the lead's first look:
 * GNV-01 (CNG) against DSL-01 (diesel) on line 101, 8–22 June 2018 (13 service days: no service
 * on Sundays). Figures are generated from a few parameters with a seeded PRNG and derived from
 * each other the way the analytics derive them (totals from days, CO2 from consumption and the
 * libs/data factors, CSAT intervals from the counts), so the fixtures are internally consistent.
 *
 * - `trialReportFixture()`: the full trial, nothing missing.
 * - `missingDataReportFixture()`: an interim report where GNV-01 sent no telemetry on 14 June,
 *   DSL-01's tablet gave no ratings, DSL-01's seat sensor failed after 6 trips (driver comfort
 *   has too little data for a verdict) and only 3 DSL-01 drivers answered the questionnaire.
 */
import { createHash } from 'node:crypto';
import { ENERGY_FACTORS, LINE101_VERSION, STOPS, VEHICLE_DATA_VERSION, serviceDates } from '@app/data';
import {
  csatFromCounts,
  differenceOfProportions,
  mulberry32,
  quantile,
  responseRate,
  sampleSizeTwoProportions,
  usableGasMassKg,
  wilsonInterval,
} from '@app/domain';
import {
  COMFORT_CLASS_IDS,
  METRICS,
  REPORT_MODEL_VERSION,
  type ApiQuery,
  type Co2Row,
  type Comparison,
  type DailyFigures,
  type MetricId,
  type MissingData,
  type QualityDay,
  type ReportModel,
  type VehicleTotals,
} from './model';
import { sourcesFor, standardSourceIds } from './sources';

const FROM = '2018-06-08';
const TO = '2018-06-22';
const CAND = 'GNV-01';
const REF = 'DSL-01';
const TRIP_KM = 25.6;
const DEPOT_KM = 6.2;
const USABLE_CNG = usableGasMassKg(200, 15, 1200, 15);
const DIESEL_TANK_L = 350;

interface Options {
  kind: 'interim' | 'final';
  /** Service days on which the candidate sent nothing. */
  candidateDaysWithout: string[];
  referenceRatings: boolean;
  /** Trips of the reference with a working seat sensor (Infinity = all). */
  referenceSeatTrips: number;
  referenceQuestionnaires: number;
  builderMissing: MissingData[];
}

const r2 = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

function queries(): ApiQuery[] {
  const period = { from: FROM, to: TO };
  return [
    {
      id: 'q-comparison',
      path: '/api/v1/comparison',
      params: { ...period, candidate: CAND, reference: REF, iterations: 2000, seed: 2018, confidence: 0.95 },
    },
    { id: 'q-kpis-vehicle', path: '/api/v1/kpis', params: { ...period, groupBy: 'vehicle', scope: 'service' } },
    { id: 'q-kpis-day', path: '/api/v1/kpis', params: { ...period, groupBy: 'day', scope: 'operation' } },
    { id: 'q-kpis-ambient', path: '/api/v1/kpis', params: { ...period, groupBy: 'ambient', scope: 'service' } },
    { id: 'q-fuel-range', path: '/api/v1/fuel-range', params: period },
    { id: 'q-refuels', path: '/api/v1/refuels', params: period },
    { id: 'q-vehicles', path: '/api/v1/vehicles', params: {} },
    { id: 'q-data-quality', path: '/api/v1/data-quality', params: period },
    { id: 'q-sensor-checks', path: '/api/v1/sensor-checks', params: period },
    { id: 'q-ratings-summary', path: '/api/v1/analytics/ratings/summary', params: period },
    { id: 'q-ratings-conditions', path: '/api/v1/analytics/ratings/conditions', params: period },
    { id: 'q-ratings-drivers', path: '/api/v1/analytics/ratings/drivers', params: period },
    { id: 'q-ratings-list', path: '/api/v1/ratings', params: { ...period, limit: 10000 } },
  ];
}

interface DaySim {
  date: string;
  trips: number;
  km: number;
  fuel: number;
  ambient: number;
  cab: number;
  cabin: number;
  seat: number | null;
  floor: number;
  boarded: number;
}

function simulateDays(vehicle: 'cand' | 'ref', dates: string[], opts: Options): DaySim[] {
  const rnd = mulberry32(vehicle === 'cand' ? 101 : 202);
  const jitter = (amp: number) => (rnd() * 2 - 1) * amp;
  let seatTrips = 0;
  return dates.map((date, i) => {
    const saturday = new Date(`${date}T12:00:00Z`).getUTCDay() === 6;
    // Coaches swap blocks every day: 13 or 15 trips on weekdays, 9 on Saturdays.
    const trips = saturday ? 9 : (i % 2 === 0) === (vehicle === 'cand') ? 13 : 15;
    const ambient = 22 + 4 * Math.sin(i / 2) + jitter(1.2);
    const km = trips * TRIP_KM + DEPOT_KM + jitter(1.5);
    // Consumption rises with the heat (air conditioning): about +0.35 per °C above 22 °C.
    const per100 = (vehicle === 'cand' ? 31.4 : 30.6) + 0.35 * (ambient - 22) + jitter(0.6);
    const seatOk = vehicle === 'cand' || seatTrips < opts.referenceSeatTrips;
    const seatThisDay = vehicle === 'ref' ? Math.max(0, Math.min(trips, opts.referenceSeatTrips - seatTrips)) : trips;
    seatTrips += seatThisDay;
    return {
      date,
      trips,
      km,
      fuel: (km * per100) / 100,
      ambient,
      cab: (vehicle === 'cand' ? 66.1 : 70.0) + jitter(0.4),
      cabin: (vehicle === 'cand' ? 63.5 : 67.4) + jitter(0.4),
      seat: seatOk && seatThisDay > 0 ? (vehicle === 'cand' ? 0.42 : 0.44) + jitter(0.02) : null,
      floor: (vehicle === 'cand' ? 0.48 : 0.5) + jitter(0.02),
      boarded: Math.round(trips * (saturday ? 31 : 40) + jitter(25)),
    };
  });
}

const classShares = (av: number | null) => {
  if (av === null) return Object.fromEntries(COMFORT_CLASS_IDS.map((c) => [c, null])) as VehicleTotals['seat']['classShares'];
  // Seconds spread around the mean av: most in the two lowest classes.
  const a = Math.min(0.9, Math.max(0.2, 1.35 - 1.6 * av));
  const shares = [a, (1 - a) * 0.78, (1 - a) * 0.17, (1 - a) * 0.04, (1 - a) * 0.01, 0];
  return Object.fromEntries(COMFORT_CLASS_IDS.map((c, i) => [c, r2(shares[i])])) as VehicleTotals['seat']['classShares'];
};

const weighted = (days: DaySim[], pick: (d: DaySim) => number | null, weight: (d: DaySim) => number) => {
  let s = 0,
    w = 0;
  for (const d of days) {
    const v = pick(d);
    if (v !== null) {
      s += v * weight(d);
      w += weight(d);
    }
  }
  return w ? s / w : null;
};
const leq = (days: DaySim[], pick: (d: DaySim) => number) =>
  10 * Math.log10(days.reduce((s, d) => s + d.trips * 10 ** (pick(d) / 10), 0) / days.reduce((s, d) => s + d.trips, 0));

function totals(vehicleId: string, fuel: 'cng' | 'diesel', days: DaySim[]): VehicleTotals {
  const km = days.reduce((s, d) => s + d.km, 0);
  const used = days.reduce((s, d) => s + d.fuel, 0);
  const per100 = (used / km) * 100;
  const lhv = fuel === 'cng' ? ENERGY_FACTORS.lhv.methane.value : ENERGY_FACTORS.lhv.dieselPerL.value;
  const price = fuel === 'cng' ? ENERGY_FACTORS.defaultPrices.cngEurPerKg.value : ENERGY_FACTORS.defaultPrices.dieselEurPerL.value;
  const seatAv = weighted(
    days,
    (d) => d.seat,
    (d) => d.trips,
  );
  const floorAv = weighted(
    days,
    (d) => d.floor,
    (d) => d.trips,
  )!;
  const vib = (av: number | null, vdv: number) => ({
    awx: av === null ? null : r2(av * 0.42),
    awy: av === null ? null : r2(av * 0.38),
    awz: av === null ? null : r2(av * 0.82),
    av: av === null ? null : r2(av),
    vdvz: av === null ? null : r2(vdv),
    classShares: classShares(av),
  });
  return {
    vehicleId,
    queryId: 'q-kpis-vehicle',
    trips: days.reduce((s, d) => s + d.trips, 0),
    inferredTrips: vehicleId === CAND ? 2 : 1,
    distanceKm: r2(km, 1),
    durationH: r2(
      days.reduce((s, d) => s + d.trips * 0.72, 0),
      1,
    ),
    fuelUsed: r2(used, 1),
    per100km: r2(per100, 2),
    mjPerKm: r2((per100 / 100) * lhv, 3),
    costEurPerKm: r2((per100 / 100) * price, 4),
    idleShare: vehicleId === CAND ? 0.181 : 0.172,
    passengersBoarded: days.reduce((s, d) => s + d.boarded, 0),
    meanAmbientTempC: r2(
      weighted(
        days,
        (d) => d.ambient,
        (d) => d.trips,
      )!,
      1,
    ),
    seat: vib(seatAv, seatAv === null ? 0 : seatAv * 7.4),
    cabNoiseLeqDbA: r2(
      leq(days, (d) => d.cab),
      1,
    ),
    harshPer100km: vehicleId === CAND ? 1.18 : 1.31,
    floor: vib(floorAv, floorAv * 7.9),
    cabinNoiseLeqDbA: r2(
      leq(days, (d) => d.cabin),
      1,
    ),
    cabinTempOkShare: vehicleId === CAND ? 0.781 : 0.764,
    cabinCo2OkShare: vehicleId === CAND ? 0.642 : 0.657,
    accelEventsPer100km: vehicleId === CAND ? 2.12 : 2.38,
  };
}

/** A comparison row the way the API gives it: per-trip means, candidate − reference, a slightly asymmetric bootstrap interval. */
function comparison(metric: MetricId, cand: number | null, ref: number | null, halfWidth: number, nC: number, nR: number): Comparison {
  if (cand === null || ref === null || nC < 2 || nR < 2) {
    return {
      metric,
      candidate: { mean: cand, n: nC },
      reference: { mean: ref, n: nR },
      difference: null,
      relativeDifference: null,
      low: null,
      high: null,
      significant: false,
      queryId: 'q-comparison',
    };
  }
  const d = cand - ref;
  const low = d - halfWidth * 1.03,
    high = d + halfWidth * 0.97;
  return {
    metric,
    candidate: { mean: r2(cand, 4), n: nC },
    reference: { mean: r2(ref, 4), n: nR },
    difference: r2(d, 4),
    relativeDifference: r2(d / ref, 4),
    low: r2(low, 4),
    high: r2(high, 4),
    significant: low > 0 || high < 0,
    queryId: 'q-comparison',
  };
}

const QUESTION_COUNTS = {
  cand: {
    overall: [18, 33, 79, 262, 297],
    smoothness: [9, 25, 90, 210, 178],
    temperature: [20, 41, 95, 180, 160],
    noise: [6, 14, 48, 190, 255],
    seat: [12, 30, 110, 190, 128],
  },
  ref: {
    overall: [17, 36, 69, 226, 200],
    smoothness: [8, 22, 75, 168, 132],
    temperature: [16, 35, 80, 140, 120],
    noise: [15, 40, 88, 170, 98],
    seat: [10, 25, 85, 150, 100],
  },
} as const;

const DRIVER_MEANS = {
  cand: {
    seat: 4.1,
    drivingPosition: 4.0,
    cabNoise: 4.5,
    vibration: 4.0,
    gearbox: 4.2,
    acceleration: 3.4,
    braking: 4.0,
    cabTemperature: 3.6,
    visibility: 4.3,
    overall: 4.1,
  },
  ref: {
    seat: 4.0,
    drivingPosition: 4.0,
    cabNoise: 3.4,
    vibration: 3.8,
    gearbox: 4.1,
    acceleration: 4.1,
    braking: 4.0,
    cabTemperature: 3.5,
    visibility: 4.3,
    overall: 3.8,
  },
} as const;

function build(opts: Options): ReportModel {
  const dates = serviceDates(FROM, TO);
  const candDays = simulateDays('cand', dates, opts).filter((d) => !opts.candidateDaysWithout.includes(d.date));
  const refDays = simulateDays('ref', dates, opts);
  const tc = totals(CAND, 'cng', candDays);
  const tr = totals(REF, 'diesel', refDays);
  const nC = tc.trips - 3,
    nR = tr.trips - 2; // trips long enough for per-km figures
  const nSeatR = Math.min(nR, opts.referenceSeatTrips);

  // CO2 from the measured consumption and the libs/data factors.
  const f = ENERGY_FACTORS;
  const cKgPerKm = tc.per100km! / 100,
    dLPerKm = tr.per100km! / 100;
  const perKm = {
    ttwDiesel: dLPerKm * f.ttw.diesel.value,
    ttwCng: cKgPerKm * f.ttw.methane.value,
    wtwDiesel: dLPerKm * f.wtw.diesel.value,
    fossil: cKgPerKm * f.wtw.fossilCng.value,
    bio: cKgPerKm * f.wtw.bioCng.value,
    mix: cKgPerKm * f.wtw.frenchMix2018.value,
  };

  const fuelRange = comparison('full_tank_range_km', USABLE_CNG / cKgPerKm, DIESEL_TANK_L / dLPerKm, 22, nC, nR);
  const rows = {
    energy: comparison('energy_mj_per_km', tc.mjPerKm, tr.mjPerKm, 0.18, nC, nR),
    ttw: comparison('co2_ttw_kg_per_km', perKm.ttwCng, perKm.ttwDiesel, 0.012, nC, nR),
    wtw: comparison('co2_wtw_kg_per_km', perKm.mix, perKm.wtwDiesel, 0.013, nC, nR),
    bio: comparison('co2_wtw_biognv_kg_per_km', perKm.bio, perKm.wtwDiesel, 0.011, nC, nR),
    cost: comparison('cost_eur_per_km', tc.costEurPerKm, tr.costEurPerKm, 0.005, nC, nR),
    idle: comparison('idle_share', tc.idleShare, tr.idleShare, 0.014, nC, nR),
  };
  const savedKg = (gasPerKm: number, dieselPerKm: number) => r2((dieselPerKm - gasPerKm) * tc.distanceKm, 1);
  const vs = (gas: number, diesel: number, row: Comparison | null) => ({
    difference: r2(gas - diesel, 4),
    relative: r2((gas - diesel) / diesel, 4),
    low: row?.low ?? null,
    high: row?.high ?? null,
    significant: row ? row.significant : null,
    savedKg: savedKg(gas, diesel),
  });
  const co2Rows: Co2Row[] = [
    { scope: 'ttw', fuel: 'diesel', kgPerKm: r2(perKm.ttwDiesel), factorId: 'ENERGY_FACTORS.ttw.diesel', vsDiesel: null },
    {
      scope: 'ttw',
      fuel: 'cng',
      kgPerKm: r2(perKm.ttwCng),
      factorId: 'ENERGY_FACTORS.ttw.methane',
      vsDiesel: vs(perKm.ttwCng, perKm.ttwDiesel, rows.ttw),
    },
    { scope: 'wtw', fuel: 'diesel', kgPerKm: r2(perKm.wtwDiesel), factorId: 'ENERGY_FACTORS.wtw.diesel', vsDiesel: null },
    {
      scope: 'wtw',
      fuel: 'fossil_cng',
      kgPerKm: r2(perKm.fossil),
      factorId: 'ENERGY_FACTORS.wtw.fossilCng',
      vsDiesel: vs(perKm.fossil, perKm.wtwDiesel, null),
    },
    {
      scope: 'wtw',
      fuel: 'french_mix_2018',
      kgPerKm: r2(perKm.mix),
      factorId: 'ENERGY_FACTORS.wtw.frenchMix2018',
      vsDiesel: vs(perKm.mix, perKm.wtwDiesel, rows.wtw),
    },
    {
      scope: 'wtw',
      fuel: 'bio_cng',
      kgPerKm: r2(perKm.bio),
      factorId: 'ENERGY_FACTORS.wtw.bioCng',
      vsDiesel: vs(perKm.bio, perKm.wtwDiesel, rows.bio),
    },
  ];

  // Passengers.
  const passengerSide = (key: 'cand' | 'ref', vehicleId: string, carried: number, present: boolean) => {
    const counts = QUESTION_COUNTS[key];
    const ratings = present ? counts.overall.reduce((a, b) => a + b, 0) : 0;
    const rr = responseRate(ratings, carried);
    return {
      vehicleId,
      ratings,
      partial: present ? (key === 'cand' ? 61 : 52) : 0,
      passengersCarried: carried,
      responseRate: carried > 0 ? { p: r2(rr.p), low: r2(rr.low), high: r2(rr.high) } : null,
      questions: (['overall', 'smoothness', 'temperature', 'noise', 'seat'] as const).map((question) => {
        const dist = (present ? [...counts[question]] : [0, 0, 0, 0, 0]) as [number, number, number, number, number];
        const c = csatFromCounts(dist);
        return {
          question,
          n: c.n,
          knownMissing: ratings - c.n,
          mean: c.n ? r2(c.mean, 3) : null,
          csat: c.n ? { p: r2(c.p), low: r2(c.low), high: r2(c.high) } : null,
          distribution: dist,
        };
      }),
    };
  };
  const pc = passengerSide('cand', CAND, tc.passengersBoarded, true);
  const pr = passengerSide('ref', REF, tr.passengersBoarded, opts.referenceRatings);
  const a = csatFromCounts(QUESTION_COUNTS.cand.overall);
  const b = csatFromCounts(opts.referenceRatings ? QUESTION_COUNTS.ref.overall : [0, 0, 0, 0, 0]);
  const dp = differenceOfProportions(a, b);
  const csatRow: Comparison = {
    metric: 'csat_overall',
    candidate: { mean: r2(a.p), n: a.n },
    reference: { mean: b.n ? r2(b.p) : null, n: b.n },
    difference: b.n ? r2(dp.difference) : null,
    relativeDifference: b.n ? r2(dp.difference / b.p) : null,
    low: Number.isFinite(dp.low) ? r2(dp.low) : null,
    high: Number.isFinite(dp.high) ? r2(dp.high) : null,
    significant: Number.isFinite(dp.low) && (dp.low > 0 || dp.high < 0),
    queryId: 'q-comparison',
  };
  const totalRatings = pc.ratings + pr.ratings;
  const share = (x: number) => Math.round(totalRatings * x);

  // Drivers: aggregates only, and only from 5 answers.
  const driverSide = (key: 'cand' | 'ref', vehicleId: string, n: number, drivers: number) => ({
    vehicleId,
    questionnaires: n,
    drivers,
    questions: (Object.keys(DRIVER_MEANS[key]) as (keyof (typeof DRIVER_MEANS)['cand'])[]).map((question) => {
      const m = DRIVER_MEANS[key][question];
      if (n < 5) return { question, n, mean: null, topTwoBox: null };
      const top = Math.min(n, Math.round(n * Math.min(1, Math.max(0, (m - 2.6) / 2))));
      const w = wilsonInterval(top, n);
      return { question, n, mean: m, topTwoBox: { p: r2(w.p), low: r2(w.low), high: r2(w.high) } };
    }),
  });

  // Refuels: GNV-01 fills up in the evening once it has run 520–600 km; DSL-01 after 780–900 km.
  const refuelEvents: ReportModel['fuelRange']['refuels'] = [];
  const fuelRangeOf = (vehicleId: string, days: DaySim[], startOdo: number, window: [number, number], seed: number) => {
    const rnd = mulberry32(seed);
    let odo = startOdo,
      since = 0,
      fuelSince = 0,
      next = window[0] + rnd() * (window[1] - window[0]);
    const odos: number[] = [];
    const statuses: Record<string, number> = { confirmed: 0, keyed_missing: 0, keyed_mismatch: 0, not_keyed: 0, not_detected: 0 };
    let refuelled = 0,
      k = 0;
    for (const d of days) {
      // Refuel where the run since the last fill reaches the window: mid-service when it falls inside the day.
      let left = d.km;
      const perKm = d.fuel / d.km;
      while (since + left >= next) {
        const part = next - since;
        odo += part;
        fuelSince += part * perKm;
        left -= part;
        const status = vehicleId === CAND ? (k === 3 ? 'keyed_missing' : k === 6 ? 'keyed_mismatch' : 'confirmed') : 'confirmed';
        statuses[status]++;
        // Service runs about 04:00–20:00 UTC; place the stop at the fraction of the day's km done.
        const minute = Math.round(4 * 60 + (1 - left / d.km) * 16 * 60);
        const ts = `${d.date}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00.000Z`;
        refuelEvents.push({ vehicleId, ts, amount: r2(fuelSince, 1), status, odometerKm: r2(odo, 1) });
        odos.push(odo);
        refuelled += fuelSince;
        since = 0;
        fuelSince = 0;
        k++;
        next = window[0] + rnd() * (window[1] - window[0]);
      }
      odo += left;
      since += left;
      fuelSince += left * perKm;
    }
    const kmPerTank = odos.slice(1).map((o, i) => r2(o - odos[i], 1));
    const usable = vehicleId === CAND ? USABLE_CNG : DIESEL_TANK_L;
    const meanDaily = days.reduce((s, d) => s + d.fuel, 0) / days.length;
    return {
      vehicleId,
      queryId: 'q-fuel-range',
      refuels: odos.length,
      refuelled: r2(refuelled, 1),
      byStatus: statuses as ReportModel['fuelRange']['perVehicle'][number]['byStatus'],
      kmPerTank,
      meanKmPerTank: kmPerTank.length ? r2(kmPerTank.reduce((s, x) => s + x, 0) / kmPerTank.length, 1) : null,
      daysPerTank: r2(usable / meanDaily, 2),
    };
  };
  const frC = fuelRangeOf(CAND, candDays, 12_480, [520, 600], 7);
  const frR = fuelRangeOf(REF, refDays, 152_337, [780, 900], 8);
  const range = (vehicleId: string, usable: number, per100: number) => {
    const recent = Array.from({ length: 20 }, (_, i) => per100 + 1.6 * Math.sin(i * 1.7));
    return {
      vehicleId,
      queryId: 'q-vehicles',
      trips: 20,
      per100km: r2(per100, 2),
      fullTankKm: r2((usable / per100) * 100, 1),
      lowKm: r2((usable / quantile(recent, 0.9)) * 100, 1),
      highKm: r2((usable / quantile(recent, 0.1)) * 100, 1),
      basis: 'spread' as const,
    };
  };

  // Data quality per service day.
  const qrnd = mulberry32(303);
  const qualityDays: QualityDay[] = [];
  for (const [vehicleId, days] of [
    [CAND, candDays],
    [REF, refDays],
  ] as const) {
    days.forEach((d, i) => {
      const gaps = Math.floor(qrnd() * 4);
      const coverage = r2(0.999 - gaps * 0.003 - qrnd() * 0.004, 4);
      qualityDays.push({
        vehicleId,
        date: d.date,
        coverage,
        receivedSeconds: Math.round(d.trips * 0.72 * 3600 * coverage + 5400),
        trips: d.trips,
        gaps,
        gapSeconds: gaps * Math.round(40 + qrnd() * 120),
        maxGapS: gaps ? Math.round(60 + qrnd() * 150) : 0,
        inferredTrips: (vehicleId === CAND && (i === 2 || i === 9)) || (vehicleId === REF && i === 5) ? 1 : 0,
        tripsWithoutEnd: vehicleId === CAND && i === 4 ? 1 : 0,
        clockAnomalies: 0,
        fuelCounterResets: vehicleId === CAND && i === 7 ? 1 : 0,
        fuelCounterGlitches: vehicleId === REF && i === 3 ? 2 : 0,
        duplicates: Math.round(20 + qrnd() * 30),
        deadLetters: i % 4 === 1 ? (vehicleId === CAND ? 3 : 1) : 0,
        sensorChecks: Math.round(d.trips * 0.72 * 12 * 2),
        sensorFlags: vehicleId === CAND && i === 6 ? 1 : 0,
        fuelDisagreement: false,
      });
    });
  }
  qualityDays.sort((x, y) => (x.date === y.date ? x.vehicleId.localeCompare(y.vehicleId) : x.date.localeCompare(y.date)));
  const daily: DailyFigures[] = [];
  for (const [vehicleId, days] of [
    [CAND, candDays],
    [REF, refDays],
  ] as const) {
    for (const d of days) {
      daily.push({
        vehicleId,
        date: d.date,
        trips: d.trips,
        distanceKm: r2(d.km, 1),
        fuelUsed: r2(d.fuel, 1),
        per100km: r2((d.fuel / d.km) * 100, 2),
        seatAv: d.seat === null ? null : r2(d.seat, 3),
        floorAv: r2(d.floor, 3),
        cabNoiseLeqDbA: r2(d.cab, 1),
        cabinNoiseLeqDbA: r2(d.cabin, 1),
        meanAmbientTempC: r2(d.ambient, 1),
      });
    }
  }

  const csatLow = csatRow.low ?? 0,
    csatHigh = csatRow.high ?? 0;
  const required = opts.referenceRatings ? sampleSizeTwoProportions(a.p, b.p) : sampleSizeTwoProportions(a.p, a.p - 0.034);
  const dataHash = createHash('sha256')
    .update(JSON.stringify(['fixture-1', opts]))
    .digest('hex');
  const lastDate = dates[dates.length - 1];

  return {
    modelVersion: REPORT_MODEL_VERSION,
    kind: opts.kind,
    asOf: `${lastDate}T21:30:00.000Z`,
    dataHash,
    codeVersion: '0.1.0+fixture',
    dataVersions: { energyFactors: ENERGY_FACTORS.version, vehicles: VEHICLE_DATA_VERSION, line: LINE101_VERSION },
    period: { from: FROM, to: TO, serviceDates: dates },
    line: { id: '101', name: 'Castelnau-le-Lez – Lunel', lengthKm: TRIP_KM, stops: STOPS.length - 1 },
    vehicles: {
      candidate: { id: CAND, fuel: 'cng', specRef: 'GNV-01', usableFullTank: r2(USABLE_CNG, 1) },
      reference: { id: REF, fuel: 'diesel', specRef: 'DSL-01', usableFullTank: DIESEL_TANK_L },
    },
    thresholds: { minTripsPerVehicle: 10, minRatingsPerVehicle: 30, minDriverAnswers: 5, lowCoverage: 0.9 },
    method: {
      confidence: 0.95,
      bootstrapIterations: 2000,
      bootstrapSeed: 2018,
      ratingWindowMin: 5,
      cabinTempBandC: [20, 24],
      cabinCo2MaxPpm: 800,
      tankResidualBar: 15,
      refuelMinRiseKg: 10,
      rangeTrips: 20,
      gapS: 5,
      sensorTolerance: 0.1,
      onTimeWindowS: [-60, 300],
    },
    queries: queries(),
    criteria: {
      fuel_range: { keyMetric: 'full_tank_range_km', comparisons: [fuelRange] },
      efficiency: { keyMetric: 'energy_mj_per_km', comparisons: [rows.energy, rows.ttw, rows.wtw, rows.bio, rows.cost, rows.idle] },
      driver_comfort: {
        keyMetric: opts.referenceSeatTrips < Infinity ? 'seat_av_ms2' : 'cab_noise_leq_dba',
        comparisons: [
          comparison('seat_av_ms2', tc.seat.av, tr.seat.av, 0.026, nC, nSeatR),
          comparison('seat_vdv_z', tc.seat.vdvz, tr.seat.vdvz, 0.21, nC, nSeatR),
          comparison('cab_noise_leq_dba', tc.cabNoiseLeqDbA, tr.cabNoiseLeqDbA, 0.5, nC, nR),
          comparison('harsh_per_100km', tc.harshPer100km, tr.harshPer100km, 0.31, nC, nR),
        ],
      },
      passenger_comfort: {
        keyMetric: 'csat_overall',
        comparisons: [
          comparison('floor_av_ms2', tc.floor.av, tr.floor.av, 0.028, nC, nR),
          comparison('cabin_noise_leq_dba', tc.cabinNoiseLeqDbA, tr.cabinNoiseLeqDbA, 0.45, nC, nR),
          comparison('cabin_temp_ok_share', tc.cabinTempOkShare, tr.cabinTempOkShare, 0.034, nC, nR),
          comparison('cabin_co2_ok_share', tc.cabinCo2OkShare, tr.cabinCo2OkShare, 0.041, nC, nR),
          comparison('accel_events_per_100km', tc.accelEventsPer100km, tr.accelEventsPer100km, 0.52, nC, nR),
          csatRow,
        ],
      },
    },
    totals: [tc, tr],
    daily,
    dailyQueryId: 'q-kpis-day',
    co2: { queryId: 'q-kpis-vehicle', candidateKm: tc.distanceKm, rows: co2Rows },
    fuelRange: {
      perVehicle: [frC, frR],
      refuels: refuelEvents.sort((x, y) => x.ts.localeCompare(y.ts)),
      refuelsQueryId: 'q-refuels',
      remainingRange: [range(CAND, USABLE_CNG, 31.6), range(REF, DIESEL_TANK_L, 30.8)],
    },
    efficiency: {
      byAmbient: (
        [
          [16, 20, 22, 30.2, 29.5],
          [20, 24, 68, 30.9, 30.2],
          [24, 28, 62, 31.8, 31.0],
          [28, 32, 18, 33.1, 32.0],
        ] as const
      ).flatMap(([fromC, toC, trips, c, d]) => [
        { vehicleId: CAND, fromC, toC, trips, per100km: c, mjPerKm: r2((c / 100) * f.lhv.methane.value, 3) },
        { vehicleId: REF, fromC, toC, trips: trips - 1, per100km: d, mjPerKm: r2((d / 100) * f.lhv.dieselPerL.value, 3) },
      ]),
      byAmbientQueryId: 'q-kpis-ambient',
    },
    passengers: {
      queryId: 'q-ratings-summary',
      perVehicle: [pc, pr],
      conditions: {
        queryId: 'q-ratings-conditions',
        windowMinutes: 5,
        links: [
          {
            condition: 'floor_av',
            lowRatings: { n: 98, mean: 0.524 },
            highRatings: { n: 934, mean: 0.472 },
            difference: 0.052,
            low: 0.021,
            high: 0.083,
            significant: true,
          },
          {
            condition: 'cabin_noise_leq',
            lowRatings: { n: 98, mean: 66.8 },
            highRatings: { n: 934, mean: 65.1 },
            difference: 1.7,
            low: 0.6,
            high: 2.8,
            significant: true,
          },
          {
            condition: 'cabin_temp_c',
            lowRatings: { n: 98, mean: 24.9 },
            highRatings: { n: 934, mean: 23.6 },
            difference: 1.3,
            low: 0.5,
            high: 2.1,
            significant: true,
          },
          {
            condition: 'cabin_co2_ppm',
            lowRatings: { n: 98, mean: 812 },
            highRatings: { n: 934, mean: 790 },
            difference: 22,
            low: -15,
            high: 60,
            significant: false,
          },
        ],
        bins: [
          { condition: 'floor_av', from: 0.3, to: 0.4, n: share(0.17), meanOverall: 4.25 },
          { condition: 'floor_av', from: 0.4, to: 0.5, n: share(0.45), meanOverall: 4.12 },
          { condition: 'floor_av', from: 0.5, to: 0.6, n: share(0.29), meanOverall: 3.98 },
          { condition: 'floor_av', from: 0.6, to: 0.8, n: totalRatings - share(0.17) - share(0.45) - share(0.29), meanOverall: 3.71 },
          { condition: 'cabin_temp_c', from: 20, to: 22, n: share(0.19), meanOverall: 4.21 },
          { condition: 'cabin_temp_c', from: 22, to: 24, n: share(0.49), meanOverall: 4.15 },
          { condition: 'cabin_temp_c', from: 24, to: 26, n: share(0.25), meanOverall: 3.95 },
          { condition: 'cabin_temp_c', from: 26, to: 30, n: totalRatings - share(0.19) - share(0.49) - share(0.25), meanOverall: 3.62 },
        ],
      },
      comments: {
        queryId: 'q-ratings-list',
        total: opts.referenceRatings ? 214 : 121,
        selected: [
          {
            vehicleId: CAND,
            answeredAt: '2018-06-08T06:52:10.000Z',
            language: 'fr',
            overall: 5,
            text: 'Beaucoup plus silencieux que l’ancien car, on s’entend parler.',
          },
          {
            vehicleId: CAND,
            answeredAt: '2018-06-11T15:31:44.000Z',
            language: 'fr',
            overall: 4,
            text: 'Le chauffeur Jean-Pierre était très aimable, merci ! Un peu chaud au fond.',
          },
          {
            vehicleId: CAND,
            answeredAt: '2018-06-13T16:58:02.000Z',
            language: 'fr',
            overall: 2,
            text: 'Trop chaud : 28 °C dans le car à 17 h. Appelez-moi au 06 12 34 56 78 si besoin.',
          },
          {
            vehicleId: CAND,
            answeredAt: '2018-06-15T07:20:30.000Z',
            language: 'oc',
            overall: 5,
            text: 'Plan brave, lo car es doç e pòt pas sentir lo gasòil.',
          },
          {
            vehicleId: CAND,
            answeredAt: '2018-06-19T12:05:00.000Z',
            language: 'en',
            overall: 4,
            text: 'Smooth ride to Lunel station. Write to me at ann.smith@example.org about the survey.',
          },
          ...(opts.referenceRatings
            ? [
                {
                  vehicleId: REF,
                  answeredAt: '2018-06-12T08:14:51.000Z',
                  language: 'fr' as const,
                  overall: 3,
                  text: 'Ça vibre beaucoup aux arrêts, le moteur est bruyant.',
                },
                {
                  vehicleId: REF,
                  answeredAt: '2018-06-20T17:40:12.000Z',
                  language: 'ca' as const,
                  overall: 4,
                  text: 'Bon viatge, però el seient és dur. El bus EF-123-GH arriba puntual.',
                },
              ]
            : []),
          {
            vehicleId: CAND,
            answeredAt: '2018-06-21T18:02:33.000Z',
            language: 'fr',
            overall: 1,
            text: 'Raté la correspondance avec le tram à Sablassou, 10 minutes de retard.',
          },
        ],
      },
    },
    drivers: {
      queryId: 'q-ratings-drivers',
      perVehicle: [
        driverSide('cand', CAND, 24, 6),
        driverSide('ref', REF, opts.referenceQuestionnaires, opts.referenceQuestionnaires < 20 ? 2 : 6),
      ],
    },
    quality: {
      queryId: 'q-data-quality',
      days: qualityDays,
      deadLettersByCode: [
        { code: 'schema', n: 9 },
        { code: 'range', n: 5 },
        { code: 'bad_json', n: 2 },
        { code: 'future_ts', n: 1 },
      ],
      sensorQueryId: 'q-sensor-checks',
      feedback: [
        { vehicleId: CAND, ratings: pc.ratings, partial: pc.partial, contextComplete: pc.ratings - 23, questionnaires: 24 },
        {
          vehicleId: REF,
          ratings: pr.ratings,
          partial: pr.partial,
          contextComplete: Math.max(0, pr.ratings - 17),
          questionnaires: opts.referenceQuestionnaires,
        },
      ],
      feedbackQueryId: 'q-ratings-summary',
    },
    sources: sourcesFor(standardSourceIds('GNV-01', 'DSL-01')),
    recommendations: [
      {
        id: 'refuelling_rhythm',
        figures: [
          { ref: 'km_per_tank', value: frC.meanKmPerTank ?? 0, unit: 'km', queryId: 'q-fuel-range' },
          { ref: 'days_per_tank', value: frC.daysPerTank ?? 0, unit: 'days', queryId: 'q-fuel-range' },
          { ref: 'refuels', value: frC.refuels, unit: 'count', queryId: 'q-fuel-range' },
          { ref: 'full_tank_range', value: r2(USABLE_CNG / cKgPerKm, 1), unit: 'km', queryId: 'q-comparison' },
        ],
      },
      {
        id: 'longer_trial',
        figures: [
          { ref: 'service_days', value: dates.length, unit: 'days', queryId: 'q-data-quality' },
          { ref: 'tanks_observed', value: frC.kmPerTank.length, unit: 'count', queryId: 'q-fuel-range' },
          { ref: 'mean_ambient_temp', value: tc.meanAmbientTempC ?? 0, unit: 'celsius', queryId: 'q-kpis-vehicle' },
        ],
      },
      {
        id: 'csat_sample_size',
        figures: [
          { ref: 'csat_difference', value: csatRow.difference ?? 0, unit: 'share', queryId: 'q-comparison' },
          { ref: 'csat_low', value: csatLow, unit: 'share', queryId: 'q-comparison' },
          { ref: 'csat_high', value: csatHigh, unit: 'share', queryId: 'q-comparison' },
          { ref: 'ratings_candidate', value: a.n, unit: 'count', queryId: 'q-ratings-summary' },
          { ref: 'ratings_reference', value: b.n, unit: 'count', queryId: 'q-ratings-summary' },
          { ref: 'required_ratings_per_vehicle', value: required, unit: 'count', queryId: 'q-comparison' },
        ],
      },
    ],
    missing: opts.builderMissing,
  };
}

export function trialReportFixture(): ReportModel {
  return build({
    kind: 'final',
    candidateDaysWithout: [],
    referenceRatings: true,
    referenceSeatTrips: Infinity,
    referenceQuestionnaires: 20,
    builderMissing: [],
  });
}

export function missingDataReportFixture(): ReportModel {
  return build({
    kind: 'interim',
    candidateDaysWithout: ['2018-06-14'],
    referenceRatings: false,
    referenceSeatTrips: 6,
    referenceQuestionnaires: 3,
    builderMissing: [{ kind: 'source_unavailable', queryId: 'q-sensor-checks' }],
  });
}

/** Metric ids of a criterion in the order the API lists them (for builders and tests). */
export const metricsOf = (criterion: keyof ReportModel['criteria']): MetricId[] =>
  (Object.keys(METRICS) as MetricId[]).filter((m) => METRICS[m].criterion === criterion);
