/**
 * Cabin climate and noise. Temperatures relax towards a target (first order), CO2 follows a
 * well-mixed mass balance (docs/sources.md#co2-ventilation: 800 ppm is the ventilation threshold; intercity coaches
 * average ~1,100 ppm), noise adds engine, road and HVAC sources energetically.
 */

/** Cabin air volume of a 13 m low-decker, m³ (assumed). */
const CABIN_VOLUME_M3 = 60;
/** CO2 a seated adult breathes out, m³/s (≈ 19 L/h). */
const CO2_PER_PERSON_M3S = 5.2e-6;
const OUTDOOR_CO2_PPM = 420;
/** AC switches on above this ambient temperature (or this cabin temperature), °C. */
const AC_ON_AMBIENT_C = 22;
const AC_SETPOINT_C = 23;

export interface CabinState {
  tempC: number;
  cabTempC: number;
  humidityPct: number;
  co2Ppm: number;
  hvacOn: boolean;
}

export interface CabinInput {
  dtS: number;
  ambientC: number;
  ambientHumidityPct: number;
  passengers: number;
  doorsOpen: boolean;
  /** Engine running (the AC compressor is engine-driven). */
  engineOn: boolean;
}

/** Cooling power actually used by the AC (kW mechanical), for the powertrain. */
export function hvacLoadKw(state: CabinState, ambientC: number, fullKw: number): number {
  if (!state.hvacOn) return 0;
  return fullKw * Math.min(1, Math.max(0.25, (ambientC - AC_SETPOINT_C + 6) / 12));
}

export function stepCabin(s: CabinState, i: CabinInput): CabinState {
  const hvacOn = i.engineOn && (i.ambientC > AC_ON_AMBIENT_C || s.tempC > AC_SETPOINT_C + 2);
  // Targets: with AC the cabin sits near the setpoint, at most ~8 K under outside air; without, the
  // sun and the people warm it above ambient.
  const people = 0.04 * i.passengers;
  const target = hvacOn ? Math.max(AC_SETPOINT_C, i.ambientC - 8) + people : i.ambientC + 1.5 + people;
  const tau = i.doorsOpen ? 240 : hvacOn ? 600 : 1500;
  const k = 1 - Math.exp(-i.dtS / tau);
  const tempC = s.tempC + (target - s.tempC) * k;
  // The cab: windscreen sun, and the driver's own vent reaches it first.
  const cabTarget = tempC + (hvacOn ? 0.6 : 1.8);
  const cabTempC = s.cabTempC + (cabTarget - s.cabTempC) * (1 - Math.exp(-i.dtS / 300));
  // Fresh-air exchange, m³/s: HVAC fresh air, open doors, leakage.
  const q = (hvacOn ? 0.3 : 0.12) + (i.doorsOpen ? 0.8 : 0) + 0.02;
  const gen = (i.passengers + 1) * CO2_PER_PERSON_M3S * 1e6; // ppm·m³/s
  const eq = OUTDOOR_CO2_PPM + gen / q;
  const co2Ppm = eq + (s.co2Ppm - eq) * Math.exp((-q * i.dtS) / CABIN_VOLUME_M3);
  // Humidity: outside air dried by the AC coil, moistened by breath.
  const rhTarget = Math.min(90, (hvacOn ? 0.8 * i.ambientHumidityPct : i.ambientHumidityPct) + 0.15 * i.passengers);
  const humidityPct = s.humidityPct + (rhTarget - s.humidityPct) * (1 - Math.exp(-i.dtS / 900));
  return { tempC, cabTempC, humidityPct, co2Ppm, hvacOn };
}

const dbSum = (...levels: number[]): number => 10 * Math.log10(levels.reduce((s, l) => s + 10 ** (l / 10), 0));

export interface NoiseInput {
  rpm: number;
  loadPct: number;
  speedKmh: number;
  hvacOn: boolean;
  passengers: number;
  /** dB offset of this engine vs the diesel (docs/sources.md#engine-noise-gnv: gas about −4 dB). */
  engineOffsetDb: number;
}

/** Engine noise level at the rear passenger floor (engine at the rear), dB(A). */
function engineDb(i: NoiseInput): number {
  if (i.rpm <= 0) return 0;
  return 56 + 20 * Math.log10(i.rpm / 1000) + 0.06 * i.loadPct + i.engineOffsetDb;
}

function roadDb(speedKmh: number): number {
  return speedKmh < 1 ? 0 : 40 + 30 * Math.log10(Math.max(speedKmh, 5) / 20);
}

/** Cabin noise (passenger area), dB(A). */
export function cabinNoiseDbA(i: NoiseInput): number {
  return dbSum(engineDb(i), roadDb(i.speedKmh), i.hvacOn ? 55 : 42, 38 + 10 * Math.log10(1 + i.passengers));
}

/** Driver's cab noise: the engine is 12 m behind, tyres and wind are closer, dB(A). */
export function driverNoiseDbA(i: NoiseInput): number {
  return dbSum(engineDb(i) - 7, roadDb(i.speedKmh) + 3, i.hvacOn ? 56 : 42, 45);
}
