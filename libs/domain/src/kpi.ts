/**
 * Trip and day figures as additive sums. A rollup stores sums (Σ aw², Σ aw⁴, seconds per comfort
 * class, Σ 10^(L/10), litres, km…), never averages, so any period — a trip, a day, a direction,
 * the whole trial — is the exact merge of its rollups and is finalised once: energy averages
 * stay energy averages, shares stay shares of time.
 */
import { COMFORT_CLASSES, comfortClassIndex, totalVibrationValue, type AxisValues } from './iso2631';
import { co2, costPerKm, energyPerKm, per100km, type FuelType, type MassSample } from './fuel';

/** Comfort bands for the cabin. Sources: docs/sources.md#cabin-temperature (operators' 20–24 °C) and #co2-ventilation (CO2 above 800 ppm is suboptimal ventilation). */
/** The comfort bands of the cabin (docs/sources.md#cabin-temperature, #co2-ventilation): KPIs count time inside them, alerts fire outside. */
export const CABIN_BANDS = { tempC: [20, 24] as const, co2MaxPpm: 800 } as const;
/** Longitudinal comfort thresholds (docs/sources.md#longitudinal-comfort: discomfort from ~1 m/s²; 1–1.5 m/s² and 1–2 m/s³ common practice, not verified). */
const LONGITUDINAL_LIMITS = { accelMs2: 1.5, jerkMs3: 2.0 } as const;

export interface VibrationSums {
  seconds: number;
  ssx: number;
  ssy: number;
  ssz: number;
  q4x: number;
  q4y: number;
  q4z: number;
  /** Seconds in each ISO 2631-1 comfort class of av, COMFORT_CLASSES order. */
  classSeconds: number[];
}

export interface KpiSums {
  trips: number;
  inferredTrips: number;
  durationS: number;
  /** Seconds with a telemetry sample (coverage = samples / durationS). */
  samples: number;
  distanceKm: number;
  distanceGnssKm: number;
  fuelUsed: number;
  tankFuelUsed: number;
  fuelDisagreements: number;
  engineOnS: number;
  idleS: number;
  movingS: number;
  passengerSeconds: number;
  passengersBoarded: number;
  ambientTempSum: number;
  stopsScheduled: number;
  stopsServed: number;
  delaySumS: number;
  delayN: number;
  onTimeN: number;
  seat: VibrationSums;
  floor: VibrationSums;
  cabNoiseEnergy: number;
  cabinNoiseEnergy: number;
  cabinTempOkS: number;
  cabinCo2OkS: number;
  harshBrake: number;
  harshAccel: number;
  harshCorner: number;
  accelEvents: number;
  jerkEvents: number;
  refuels: number;
  refuelAmount: number;
}

const emptyVibration = (): VibrationSums => ({
  seconds: 0,
  ssx: 0,
  ssy: 0,
  ssz: 0,
  q4x: 0,
  q4y: 0,
  q4z: 0,
  classSeconds: COMFORT_CLASSES.map(() => 0),
});

export function emptySums(): KpiSums {
  return {
    trips: 0,
    inferredTrips: 0,
    durationS: 0,
    samples: 0,
    distanceKm: 0,
    distanceGnssKm: 0,
    fuelUsed: 0,
    tankFuelUsed: 0,
    fuelDisagreements: 0,
    engineOnS: 0,
    idleS: 0,
    movingS: 0,
    passengerSeconds: 0,
    passengersBoarded: 0,
    ambientTempSum: 0,
    stopsScheduled: 0,
    stopsServed: 0,
    delaySumS: 0,
    delayN: 0,
    onTimeN: 0,
    seat: emptyVibration(),
    floor: emptyVibration(),
    cabNoiseEnergy: 0,
    cabinNoiseEnergy: 0,
    cabinTempOkS: 0,
    cabinCo2OkS: 0,
    harshBrake: 0,
    harshAccel: 0,
    harshCorner: 0,
    accelEvents: 0,
    jerkEvents: 0,
    refuels: 0,
    refuelAmount: 0,
  };
}

function mergeVibration(a: VibrationSums, b: VibrationSums): VibrationSums {
  return {
    seconds: a.seconds + b.seconds,
    ssx: a.ssx + b.ssx,
    ssy: a.ssy + b.ssy,
    ssz: a.ssz + b.ssz,
    q4x: a.q4x + b.q4x,
    q4y: a.q4y + b.q4y,
    q4z: a.q4z + b.q4z,
    classSeconds: a.classSeconds.map((s, i) => s + (b.classSeconds[i] ?? 0)),
  };
}

/** a + b, field by field (b may come from an older rollup version with fewer fields). */
export function mergeSums(a: KpiSums, b: Partial<KpiSums>): KpiSums {
  const out = { ...a };
  for (const key of Object.keys(a) as (keyof KpiSums)[]) {
    const v = b[key];
    if (v === undefined) continue;
    if (key === 'seat' || key === 'floor') out[key] = mergeVibration(a[key], v as VibrationSums);
    else (out[key] as number) = (a[key] as number) + (v as number);
  }
  return out;
}

function addVibrationSecond(s: VibrationSums, a: AxisValues): void {
  s.seconds++;
  s.ssx += a.awx * a.awx;
  s.ssy += a.awy * a.awy;
  s.ssz += a.awz * a.awz;
  s.q4x += a.awx ** 4;
  s.q4y += a.awy ** 4;
  s.q4z += a.awz ** 4;
  s.classSeconds[comfortClassIndex(totalVibrationValue(a))]++;
}

/** One telemetry second of the analytics (what the server reads from a telemetry row). */
export interface AnalyticsSample {
  ts: number;
  lat: number | null;
  lon: number | null;
  speedKmh: number;
  odometerKm: number;
  engineRpm: number;
  passengers: number;
  /** totalUsedKg (CNG) or totalUsedL (diesel). */
  fuelCounter: number | null;
  /** Tank gas mass (kg) from pressure and temperature with the real-gas Z; null for diesel. */
  tankMassKg: number | null;
  /** Diesel in the tank (L) from the gauge (`dieselLitresFromGauge`); null for CNG. */
  tankLitres: number | null;
  ambientTempC: number;
  cabinTempC: number;
  cabinCo2Ppm: number;
  cabinNoiseDbA: number;
  driverNoiseDbA: number;
  seat: AxisValues;
  floor: AxisValues;
}

/**
 * The tank's content over a run of samples, in the fuel's metered unit: the gas mass for CNG, the
 * gauge's volume for diesel. What refuel detection and the tank cross-check read, for either fuel.
 */
export function tankSeries(samples: readonly AnalyticsSample[]): MassSample[] {
  const out: MassSample[] = [];
  for (const s of samples) {
    const content = s.tankMassKg ?? s.tankLitres;
    if (content !== null) out.push({ ts: s.ts, massKg: content });
  }
  return out;
}

/**
 * Per-second sums of a run of samples (ts ascending): time shares, comfort, noise energy,
 * longitudinal acceleration and jerk episodes (from speed at 1 Hz: a coarse estimate of jerk,
 * counted as episodes, i.e. rising edges above the limit).
 */
export function accumulateSamples(samples: readonly AnalyticsSample[], sums: KpiSums = emptySums()): KpiSums {
  let prevAccel: number | null = null;
  let inAccel = false;
  let inJerk = false;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i];
    sums.samples++;
    const engineOn = s.engineRpm > 0;
    if (engineOn) sums.engineOnS++;
    if (s.speedKmh >= 1) sums.movingS++;
    else if (engineOn) sums.idleS++;
    sums.passengerSeconds += s.passengers;
    sums.ambientTempSum += s.ambientTempC;
    addVibrationSecond(sums.seat, s.seat);
    addVibrationSecond(sums.floor, s.floor);
    sums.cabNoiseEnergy += 10 ** (s.driverNoiseDbA / 10);
    sums.cabinNoiseEnergy += 10 ** (s.cabinNoiseDbA / 10);
    if (s.cabinTempC >= CABIN_BANDS.tempC[0] && s.cabinTempC <= CABIN_BANDS.tempC[1]) sums.cabinTempOkS++;
    if (s.cabinCo2Ppm <= CABIN_BANDS.co2MaxPpm) sums.cabinCo2OkS++;
    const prev = samples[i - 1];
    if (prev) {
      const dt = (s.ts - prev.ts) / 1000;
      if (dt > 0 && dt <= 2) {
        const a = (s.speedKmh - prev.speedKmh) / 3.6 / dt;
        const over = Math.abs(a) > LONGITUDINAL_LIMITS.accelMs2;
        if (over && !inAccel) sums.accelEvents++;
        inAccel = over;
        if (prevAccel !== null) {
          const jerkOver = Math.abs((a - prevAccel) / dt) > LONGITUDINAL_LIMITS.jerkMs3;
          if (jerkOver && !inJerk) sums.jerkEvents++;
          inJerk = jerkOver;
        }
        prevAccel = a;
      } else {
        prevAccel = null;
        inAccel = false;
        inJerk = false;
      }
    }
  }
  return sums;
}

export interface VibrationFigures {
  awx: number;
  awy: number;
  awz: number;
  av: number;
  vdvx: number;
  vdvy: number;
  vdvz: number;
  seconds: number;
  classShares: Record<string, number>;
}

function vibrationFigures(v: VibrationSums): VibrationFigures {
  const n = v.seconds;
  const aw = (ss: number) => (n ? Math.sqrt(ss / n) : NaN);
  const awx = aw(v.ssx),
    awy = aw(v.ssy),
    awz = aw(v.ssz);
  const classShares: Record<string, number> = {};
  COMFORT_CLASSES.forEach((c, i) => {
    classShares[c.id] = n ? (v.classSeconds[i] ?? 0) / n : NaN;
  });
  return {
    awx,
    awy,
    awz,
    av: totalVibrationValue({ awx, awy, awz }),
    vdvx: v.q4x ** 0.25,
    vdvy: v.q4y ** 0.25,
    vdvz: v.q4z ** 0.25,
    seconds: n,
    classShares,
  };
}

/** Energy-average of decibels: 10·log10(mean 10^(L/10)). */
const leq = (energy: number, n: number): number => (n ? 10 * Math.log10(energy / n) : NaN);

export interface Prices {
  cngEurPerKg: number;
  dieselEurPerL: number;
}

export interface Kpis {
  trips: number;
  inferredTrips: number;
  durationH: number;
  distanceKm: number;
  coverage: number;
  fuel: {
    unit: 'kg' | 'L';
    used: number;
    per100km: number;
    mjPerKm: number;
    kwhPerKm: number;
    co2TtwKgPerKm: number;
    co2WtwKgPerKm: Record<string, number>;
    costEurPerKm: number;
    tankUsed: number;
    disagreements: number;
  };
  idleShare: number;
  meanLoad: number;
  passengersBoarded: number;
  meanAmbientTempC: number;
  punctuality: { stopsScheduled: number; stopsServed: number; meanDelayS: number; onTimeShare: number };
  driverComfort: VibrationFigures & { cabNoiseLeqDbA: number; harshPer100km: number; harshEvents: number };
  passengerComfort: VibrationFigures & {
    cabinNoiseLeqDbA: number;
    cabinTempOkShare: number;
    cabinCo2OkShare: number;
    accelEventsPer100km: number;
    jerkEventsPer100km: number;
  };
  refuels: number;
  refuelAmount: number;
}

/** The figures of a period from its merged sums. NaN where the period has no data for a figure. */
export function kpisFromSums(s: KpiSums, fuelType: FuelType, prices: Prices): Kpis {
  const km = s.distanceKm;
  const energy = energyPerKm(s.fuelUsed, fuelType, km);
  const c = co2(s.fuelUsed, fuelType);
  const perKm = (x: number) => (km >= 0.1 ? x / km : NaN);
  const harsh = s.harshBrake + s.harshAccel + s.harshCorner;
  return {
    trips: s.trips,
    inferredTrips: s.inferredTrips,
    durationH: s.durationS / 3600,
    distanceKm: km,
    coverage: s.durationS > 0 ? Math.min(1, s.samples / s.durationS) : NaN,
    fuel: {
      unit: fuelType === 'cng' ? 'kg' : 'L',
      used: s.fuelUsed,
      per100km: per100km(s.fuelUsed, km),
      mjPerKm: energy.mjPerKm,
      kwhPerKm: energy.kwhPerKm,
      co2TtwKgPerKm: perKm(c.ttwKg),
      co2WtwKgPerKm: Object.fromEntries(Object.entries(c.wtwKg).map(([k, v]) => [k, perKm(v)])),
      costEurPerKm: costPerKm(s.fuelUsed, km, fuelType === 'cng' ? prices.cngEurPerKg : prices.dieselEurPerL),
      tankUsed: s.tankFuelUsed,
      disagreements: s.fuelDisagreements,
    },
    idleShare: s.engineOnS ? s.idleS / s.engineOnS : NaN,
    meanLoad: s.samples ? s.passengerSeconds / s.samples : NaN,
    passengersBoarded: s.passengersBoarded,
    meanAmbientTempC: s.samples ? s.ambientTempSum / s.samples : NaN,
    punctuality: {
      stopsScheduled: s.stopsScheduled,
      stopsServed: s.stopsServed,
      meanDelayS: s.delayN ? s.delaySumS / s.delayN : NaN,
      onTimeShare: s.delayN ? s.onTimeN / s.delayN : NaN,
    },
    driverComfort: {
      ...vibrationFigures(s.seat),
      cabNoiseLeqDbA: leq(s.cabNoiseEnergy, s.samples),
      harshEvents: harsh,
      harshPer100km: perKm(harsh) * 100,
    },
    passengerComfort: {
      ...vibrationFigures(s.floor),
      cabinNoiseLeqDbA: leq(s.cabinNoiseEnergy, s.samples),
      cabinTempOkShare: s.samples ? s.cabinTempOkS / s.samples : NaN,
      cabinCo2OkShare: s.samples ? s.cabinCo2OkS / s.samples : NaN,
      accelEventsPer100km: perKm(s.accelEvents) * 100,
      jerkEventsPer100km: perKm(s.jerkEvents) * 100,
    },
    refuels: s.refuels,
    refuelAmount: s.refuelAmount,
  };
}
