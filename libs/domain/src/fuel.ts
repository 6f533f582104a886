/**
 * Fuel: consumption from the ECU's total-used counter, refuels from jumps of the tank's content,
 * their reconciliation with what was keyed at the pump, and the derived efficiency, CO2 and range.
 *
 * Consumption over a period comes from the counter (FMS "total fuel used" never decreases and
 * does not see refuels), never from "level at start − level at end", which a refuel in the
 * middle makes wrong or negative (Traccar's long-standing flaw). The tank gives
 * an independent cross-check: consumed = (content_start − content_end) + Σ refuelled.
 *
 * Amounts are in the fuel's metered unit: kg for CNG, L for diesel. The tank's content is the gas
 * mass from pressure and temperature (CNG) or the gauge's volume (diesel); the functions below
 * take either, under the names of the gas case (`massKg`, `addedKg`). Times are epoch ms.
 */
import { ENERGY_FACTORS } from '@app/data';
import { mean, quantile } from './statistics';

export type FuelType = 'cng' | 'diesel';

export interface CounterSample {
  ts: number;
  value: number;
}

export interface CounterOptions {
  /** Highest plausible rate of increase (units/s); a faster step is a glitch or a jump. Default 0.05 (≈ 180 kg/h, 5× a coach at full load). */
  maxRatePerS?: number;
  /** Decreases up to this size are read noise, not resets. Default 0.05. */
  noise?: number;
}

export interface CounterResult {
  consumed: number;
  /** Counter went back (ECU reset, rollover) and stayed there: rebased, nothing counted. */
  resets: number;
  /** Single samples off the line (down or up) and back: skipped. */
  glitches: number;
  /** Implausibly fast increases that persisted: rebased, nothing counted for that step. */
  jumps: number;
  samples: number;
}

/**
 * Sum of the plausible increases of a monotonic counter. A sample that breaks the rules is a
 * glitch when the next sample is consistent with the last accepted one (skip it), otherwise a
 * reset (counter went back) or a jump (went forward too fast), after which counting continues
 * from the new level. So a reset never gives negative consumption and a spike never inflates it.
 */
export function counterConsumption(samples: readonly CounterSample[], options: CounterOptions = {}): CounterResult {
  const maxRate = options.maxRatePerS ?? 0.05;
  const noise = options.noise ?? 0.05;
  const result: CounterResult = { consumed: 0, resets: 0, glitches: 0, jumps: 0, samples: samples.length };
  if (samples.length < 2) return result;
  const plausible = (from: CounterSample, to: CounterSample) => {
    const d = to.value - from.value;
    return d >= -noise && d <= maxRate * Math.max(0, (to.ts - from.ts) / 1000) + noise;
  };
  let last = samples[0];
  for (let i = 1; i < samples.length; i++) {
    const s = samples[i];
    if (!Number.isFinite(s.value)) {
      result.glitches++;
      continue;
    }
    const d = s.value - last.value;
    if (plausible(last, s)) {
      if (d > 0) {
        result.consumed += d;
        last = s;
      } else if (d < 0) {
        /* read noise: keep the higher value as the reference */
      } else last = s;
      continue;
    }
    const next = samples[i + 1];
    if (next && plausible(last, next)) {
      result.glitches++;
      continue;
    }
    if (d < 0) result.resets++;
    else result.jumps++;
    last = s;
  }
  return result;
}

/** The tank's content at one instant, in the fuel's metered unit (kg of gas, or L of diesel). */
export interface MassSample {
  ts: number;
  massKg: number;
}

/** Diesel in the tank (L) from the gauge: its level in percent of the tank's capacity. */
export function dieselLitresFromGauge(levelPct: number, capacityL: number): number {
  return (levelPct / 100) * capacityL;
}

export interface RefuelDetectionOptions {
  /** Smallest rise counted as a refuel (kg or L). Default 10: above sensor noise, below any real fill. */
  minAddedKg?: number;
  /** Peak-to-peak noise of the computed mass; a fill ends when the mass falls this far below its peak. Default 2. */
  noiseKg?: number;
  /** Samples in the running median that removes single-sample spikes (odd). Default 5. */
  medianWindow?: number;
  /** A rise longer than this is split (two fills in one stop are one refuel anyway). Default 2 h. */
  maxDurationMs?: number;
}

export interface DetectedRefuel {
  /** Last sample before the rise. */
  startTs: number;
  /** First sample at the new level. */
  endTs: number;
  massBeforeKg: number;
  massAfterKg: number;
  addedKg: number;
}

function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function runningMedian(values: readonly number[], window: number): number[] {
  const half = Math.floor(window / 2);
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const lo = Math.max(0, i - half);
    const hi = Math.min(values.length, i + half + 1);
    const slice = values.slice(lo, hi).sort((a, b) => a - b);
    out[i] = slice[Math.floor(slice.length / 2)];
  }
  return out;
}

/**
 * Refuels from a tank-mass series (ts ascending): a rise of more than minAddedKg above the lowest
 * level since the previous refuel, up to its peak. Works when the fill happens during a data gap
 * (ignition off at the pump: only the jump across the gap is seen). Sensor noise and single
 * spikes are removed by a running median first.
 */
export function detectRefuels(series: readonly MassSample[], options: RefuelDetectionOptions = {}): DetectedRefuel[] {
  const minAdded = options.minAddedKg ?? 10;
  const noise = options.noiseKg ?? 2;
  const window = Math.max(1, (options.medianWindow ?? 5) | 1);
  const maxDuration = options.maxDurationMs ?? 2 * 3600_000;
  const n = series.length;
  if (n < 2) return [];
  const m = runningMedian(
    series.map((s) => s.massKg),
    window,
  );
  const out: DetectedRefuel[] = [];
  let base = 0;
  for (let i = 1; i < n; i++) {
    if (m[i] <= m[base]) {
      base = i;
      continue;
    }
    if (m[i] - m[base] <= minAdded) continue;
    // Rising: follow to the peak, until the mass falls clearly below it or time runs out.
    let peak = i;
    let j = i;
    while (j + 1 < n && m[j + 1] > m[peak] - noise && series[j + 1].ts - series[base].ts <= maxDuration) {
      j++;
      if (m[j] > m[peak]) peak = j;
    }
    // The fill ends at the first sample that reaches the final level (within noise).
    let end = i;
    while (end < peak && m[end] < m[peak] - noise / 2) end++;
    // Levels from one-sided medians of the raw samples: a centred median lags a step by half its window.
    const half = Math.floor(window / 2);
    const before = medianOf(series.slice(Math.max(0, base - half), base + 1).map((s) => s.massKg));
    const after = medianOf(series.slice(end, Math.min(n, end + half + 1)).map((s) => s.massKg));
    out.push({ startTs: series[base].ts, endTs: series[end].ts, massBeforeKg: before, massAfterKg: after, addedKg: after - before });
    base = peak + 1 < n ? peak + 1 : peak;
    i = base;
  }
  return out;
}

export interface KeyedRefuel {
  ts: number;
  /** As keyed at the pump (kg for CNG, L for diesel); may be missing or wrong. */
  amount?: number;
  stationId?: string;
}

export type RefuelStatus =
  | 'confirmed' // detected, and the keyed amount agrees
  | 'keyed_missing' // detected, the pump event had no amount
  | 'keyed_mismatch' // detected, the keyed amount disagrees: the measured one is kept
  | 'not_keyed' // detected, no pump event
  | 'not_detected'; // pump event, no rise in the tank (fill during a gap too small, or a false entry)

export interface ReconciledRefuel {
  ts: number;
  status: RefuelStatus;
  detected: DetectedRefuel | null;
  keyed: KeyedRefuel | null;
  /** Best amount: measured when detected, else keyed (or 0). */
  amount: number;
  stationId?: string;
}

export interface ReconcileOptions {
  /** Pump event may be this far outside the detected rise. Default 30 min. */
  maxTimeDiffMs?: number;
  relTolerance?: number;
  absTolerance?: number;
}

/** Pairs detected rises with pump events (nearest in time, each used once) and says which to trust. */
export function reconcileRefuels(
  detected: readonly DetectedRefuel[],
  keyed: readonly KeyedRefuel[],
  options: ReconcileOptions = {},
): ReconciledRefuel[] {
  const maxDiff = options.maxTimeDiffMs ?? 30 * 60_000;
  const rel = options.relTolerance ?? 0.1;
  const abs = options.absTolerance ?? 5;
  const used = new Set<number>();
  const out: ReconciledRefuel[] = [];
  for (const d of detected) {
    let best = -1,
      bestDist = Infinity;
    keyed.forEach((k, idx) => {
      if (used.has(idx)) return;
      const dist = k.ts < d.startTs ? d.startTs - k.ts : k.ts > d.endTs ? k.ts - d.endTs : 0;
      if (dist <= maxDiff && dist < bestDist) {
        best = idx;
        bestDist = dist;
      }
    });
    if (best < 0) {
      out.push({ ts: d.endTs, status: 'not_keyed', detected: d, keyed: null, amount: d.addedKg });
      continue;
    }
    used.add(best);
    const k = keyed[best];
    let status: RefuelStatus;
    if (k.amount === undefined || k.amount === null) status = 'keyed_missing';
    else status = Math.abs(k.amount - d.addedKg) <= Math.max(abs, rel * d.addedKg) ? 'confirmed' : 'keyed_mismatch';
    out.push({ ts: d.endTs, status, detected: d, keyed: k, amount: d.addedKg, stationId: k.stationId });
  }
  keyed.forEach((k, idx) => {
    if (!used.has(idx))
      out.push({ ts: k.ts, status: 'not_detected', detected: null, keyed: k, amount: k.amount ?? 0, stationId: k.stationId });
  });
  return out.sort((a, b) => a.ts - b.ts);
}

/** Mass used according to the tank: (first − last) + Σ refuelled, with median-smoothed ends. */
export function tankBasedConsumption(
  series: readonly MassSample[],
  refuels: readonly Pick<DetectedRefuel, 'addedKg'>[],
  medianWindow = 5,
): number {
  if (series.length < 2) return 0;
  const k = Math.min(medianWindow, Math.floor(series.length / 2)) || 1;
  const med = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
  };
  const first = med(series.slice(0, k).map((s) => s.massKg));
  const last = med(series.slice(-k).map((s) => s.massKg));
  return first - last + refuels.reduce((s, r) => s + r.addedKg, 0);
}

export interface PeriodConsumption {
  /** The figure to use: counter-based when the counter has data, else tank-based. */
  consumed: number;
  source: 'counter' | 'tank' | 'none';
  counter: CounterResult | null;
  tankBased: number | null;
  refuels: DetectedRefuel[];
  /** Counter and tank disagree beyond the tolerance. */
  disagreement: boolean;
  /** (tank − counter)/counter, when both exist. */
  relativeDifference: number | null;
}

export interface PeriodOptions extends CounterOptions, RefuelDetectionOptions {
  /** Disagreement tolerance: |tank − counter| > max(absTolerance, relTolerance·counter) is flagged. Defaults 5 %, 3 kg. */
  relTolerance?: number;
  absTolerance?: number;
}

/** Consumption over a period, from the counter, cross-checked with the tank mass when there is one. */
export function periodConsumption(
  counter: readonly CounterSample[],
  mass: readonly MassSample[] | null,
  options: PeriodOptions = {},
): PeriodConsumption {
  const c = counter.length >= 2 ? counterConsumption(counter, options) : null;
  const refuels = mass && mass.length >= 2 ? detectRefuels(mass, options) : [];
  const tank = mass && mass.length >= 2 ? tankBasedConsumption(mass, refuels, options.medianWindow) : null;
  let disagreement = false;
  let relativeDifference: number | null = null;
  if (c && tank !== null) {
    relativeDifference = c.consumed > 0 ? (tank - c.consumed) / c.consumed : null;
    disagreement = Math.abs(tank - c.consumed) > Math.max(options.absTolerance ?? 3, (options.relTolerance ?? 0.05) * c.consumed);
  }
  if (c) return { consumed: c.consumed, source: 'counter', counter: c, tankBased: tank, refuels, disagreement, relativeDifference };
  if (tank !== null)
    return { consumed: Math.max(0, tank), source: 'tank', counter: null, tankBased: tank, refuels, disagreement, relativeDifference };
  return { consumed: 0, source: 'none', counter: null, tankBased: null, refuels, disagreement, relativeDifference };
}

/** Amount per 100 km; NaN when the distance is too short to mean anything (< 0.1 km). */
export function per100km(amount: number, km: number): number {
  return km >= 0.1 ? (amount / km) * 100 : NaN;
}

export type GasComposition = 'methane' | 'hGas';

/** Energy content (MJ) of an amount of fuel, on the lower heating value. */
function energyMJ(amount: number, fuel: FuelType, gas: GasComposition = 'methane'): number {
  if (fuel === 'diesel') return amount * ENERGY_FACTORS.lhv.dieselPerL.value;
  return amount * (gas === 'hGas' ? ENERGY_FACTORS.lhv.hGas.value : ENERGY_FACTORS.lhv.methane.value);
}

/** Energy per km in MJ/km and kWh/km (1 kWh = 3.6 MJ). */
export function energyPerKm(
  amount: number,
  fuel: FuelType,
  km: number,
  gas: GasComposition = 'methane',
): { mjPerKm: number; kwhPerKm: number } {
  const mjPerKm = km >= 0.1 ? energyMJ(amount, fuel, gas) / km : NaN;
  return { mjPerKm, kwhPerKm: mjPerKm / 3.6 };
}

export interface Co2Figures {
  /** Tank-to-wheel, kg CO2. */
  ttwKg: number;
  /** Well-to-wheel, kg CO2e, per scenario: fossilCng / bioCng / frenchMix2018 for gas; diesel / dieselRegulation for diesel. */
  wtwKg: Record<string, number>;
  factorsVersion: string;
}

/** CO2 of an amount of fuel (kg CNG or L diesel), tank-to-wheel and well-to-wheel, per scenario. */
export function co2(amount: number, fuel: FuelType, gas: GasComposition = 'methane'): Co2Figures {
  const f = ENERGY_FACTORS;
  if (fuel === 'diesel') {
    return {
      ttwKg: amount * f.ttw.diesel.value,
      wtwKg: { diesel: amount * f.wtw.diesel.value, dieselRegulation: amount * f.wtw.dieselRegulation.value },
      factorsVersion: f.version,
    };
  }
  return {
    ttwKg: amount * (gas === 'hGas' ? f.ttw.hGas.value : f.ttw.methane.value),
    wtwKg: {
      fossilCng: amount * f.wtw.fossilCng.value,
      bioCng: amount * f.wtw.bioCng.value,
      frenchMix2018: amount * f.wtw.frenchMix2018.value,
    },
    factorsVersion: f.version,
  };
}

/** Cost per km at a unit price (EUR/kg or EUR/L). */
export function costPerKm(amount: number, km: number, unitPrice: number): number {
  return km >= 0.1 ? (amount * unitPrice) / km : NaN;
}

export interface RangeEstimate {
  km: number;
  lowKm: number;
  highKm: number;
  /** The consumption the central figure uses (per 100 km). */
  per100km: number;
  basis: 'spread' | 'assumed_spread' | 'none';
}

/**
 * Remaining range from the usable fuel left and recent consumption (per-trip figures, per 100
 * km). Central: at the mean consumption; interval: at the 90th and 10th percentiles of recent
 * trips (the range a driver can count on, not a statistical CI of the mean). With fewer than
 * three trips, ±10 % is assumed and said.
 */
export function remainingRange(usable: number, recentPer100km: readonly number[]): RangeEstimate {
  const xs = recentPer100km.filter((x) => Number.isFinite(x) && x > 0);
  if (xs.length === 0 || usable <= 0) return { km: 0, lowKm: 0, highKm: 0, per100km: NaN, basis: 'none' };
  const c = mean(xs);
  const km = (usable / c) * 100;
  if (xs.length < 3) return { km, lowKm: km / 1.1, highKm: km / 0.9, per100km: c, basis: 'assumed_spread' };
  return { km, lowKm: (usable / quantile(xs, 0.9)) * 100, highKm: (usable / quantile(xs, 0.1)) * 100, per100km: c, basis: 'spread' };
}

/** Days of service a full tank gives: usable mass of a full tank / mean daily consumption. */
export function daysPerTank(usableFull: number, dailyConsumption: readonly number[]): number {
  const xs = dailyConsumption.filter((x) => x > 0);
  return xs.length ? usableFull / mean(xs) : NaN;
}

/**
 * Kilometres achieved per tank: odometer distance between consecutive refuels (each interval is
 * one tank's worth when refuels fill the tank).
 */
export function kmBetweenRefuels(refuelOdometerKm: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < refuelOdometerKm.length; i++) out.push(refuelOdometerKm[i] - refuelOdometerKm[i - 1]);
  return out;
}
