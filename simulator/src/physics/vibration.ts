/**
 * Ride vibration, cheap per second and exact in the raw audit windows.
 *
 * Each axis at each location is a sum of sinusoids at whole-hertz frequencies: a road part (body
 * bounce, pitch, wheel hop; amplitudes from a fixed spectral template scaled by speed and road
 * roughness) and an engine part at the firing frequency (5 cylinders, 4-stroke: 2.5 × rpm/60).
 * Whole-hertz sinusoids are orthogonal over every whole second, so the weighted RMS of a second is
 * known in closed form: aw² = Σ (|W(fᵢ)|·Aᵢ)²/2. The unit therefore reports aw per second without
 * generating 256 Hz data, and only the audit windows are synthesised sample by sample, from the
 * same per-second amplitudes: the server's own filters find the same aw (within the filter's
 * settling after an amplitude change). |W| is the 256 Hz digital weighting the server also uses.
 * Gravity and the slow manoeuvre accelerations (< 0.5 Hz) are left out of the raw windows: the
 * unit's accelerometer channel is high-passed, as the weighting's own 0.4 Hz band limit does.
 */
import { createWeightingFilter } from '@app/domain';
import type { Rng } from '../rng';

const SAMPLE_RATE_HZ = 256;
export const LOCATIONS = ['driverSeat', 'floor'] as const;
export type Location = (typeof LOCATIONS)[number];
/** Channel index = location × 3 + axis. */
export const CHANNELS = 6;

/** Road components, Hz: kept under the engine's lowest firing frequency (25 Hz at 600 rpm) so no two coincide. */
const ROAD_FREQS = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 17, 20, 24] as const;

/** Relative spectral shapes (assumed): floor = suspended body; seat = floor × air-seat transmissibility. */
const FLOOR_Z = [1.0, 0.95, 0.55, 0.42, 0.36, 0.32, 0.3, 0.28, 0.32, 0.3, 0.22, 0.15, 0.1, 0.07];
const FLOOR_XY = [1.0, 0.75, 0.45, 0.32, 0.26, 0.22, 0.2, 0.18, 0.15, 0.12, 0.1, 0.08, 0.06, 0.05];
const SEAT_T = [1.3, 1.15, 0.75, 0.55, 0.45, 0.4, 0.36, 0.32, 0.27, 0.23, 0.2, 0.17, 0.15, 0.13];
const TEMPLATES: readonly (readonly number[])[] = [
  FLOOR_XY.map((a, i) => a * SEAT_T[i]),
  FLOOR_XY.map((a, i) => a * SEAT_T[i]),
  FLOOR_Z.map((a, i) => a * SEAT_T[i]),
  FLOOR_XY,
  FLOOR_XY,
  FLOOR_Z,
];

/**
 * Road-induced aw (m/s²) at 80 km/h on roughness 1, per channel (assumed; gives the rear floor
 * "a little uncomfortable" on the RD613, the air-suspended driver's seat less).
 */
const ROAD_AW_80: readonly number[] = [0.1, 0.12, 0.27, 0.14, 0.18, 0.4];
/** Engine-induced aw at idle, per channel and fuel (the rear floor sits over the engine; the SI gas engine runs smoother). */
const ENGINE_AW_IDLE: Readonly<Record<'cng' | 'diesel', readonly number[]>> = {
  diesel: [0.015, 0.015, 0.03, 0.03, 0.03, 0.075],
  cng: [0.01, 0.01, 0.02, 0.02, 0.02, 0.05],
};

const kindOf = (channel: number) => (channel % 3 === 2 ? 'Wk' : 'Wd') as 'Wk' | 'Wd';

/** |W| of the 256 Hz digital weighting at whole-hertz frequencies 0–127, per kind. */
const GAINS = (() => {
  const out: Record<'Wk' | 'Wd', Float64Array> = { Wk: new Float64Array(128), Wd: new Float64Array(128) };
  for (const kind of ['Wk', 'Wd'] as const) {
    const f = createWeightingFilter(kind, SAMPLE_RATE_HZ);
    for (let hz = 1; hz < 128; hz++) out[kind][hz] = f.magnitude(hz);
  }
  return out;
})();

const gainAt = (channel: number, hz: number): number => GAINS[kindOf(channel)][hz];

/** Weighted RMS of a template with unit scale: √(Σ (|W|·a)²/2). */
function templateGain(channel: number, amps: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < ROAD_FREQS.length; i++) s += (gainAt(channel, ROAD_FREQS[i]) * amps[i]) ** 2 / 2;
  return Math.sqrt(s);
}

const firingHz = (rpm: number): number => Math.min(127, Math.max(25, Math.round((rpm * 2.5) / 60)));

/** What one second of vibration was: enough to report aw and to rebuild the raw samples. */
export interface VibrationSecond {
  /** Road part of aw per channel. */
  road: Float64Array;
  /** Engine part of aw per channel. */
  engine: Float64Array;
  fireHz: number;
  /** Reported aw per channel: √(road² + engine²). */
  aw: Float64Array;
}

export class VibrationModel {
  /** Slowly varying road texture (AR(1) in log amplitude) so seconds are correlated, not white. */
  private texture = new Float64Array(CHANNELS);

  constructor(
    private readonly fuel: 'cng' | 'diesel',
    private readonly rng: Rng,
  ) {}

  /**
   * One second: speed (m/s), road roughness (1 = the RD613), engine rpm (0 = off), and a shock
   * factor (> 1 over a speed cushion or pothole).
   */
  step(speedMs: number, roughness: number, rpm: number, shock = 1): VibrationSecond {
    const road = new Float64Array(CHANNELS);
    const engine = new Float64Array(CHANNELS);
    const aw = new Float64Array(CHANNELS);
    const speedFactor = speedMs > 0.3 ? (speedMs / 22.2) ** 0.7 : 0;
    const engineFactor = rpm > 0 ? (rpm / 600) ** 0.5 : 0;
    for (let c = 0; c < CHANNELS; c++) {
      this.texture[c] = 0.8 * this.texture[c] + 0.6 * this.rng.normal();
      const shockC = c % 3 === 2 ? shock : 1 + (shock - 1) * 0.4;
      road[c] = ROAD_AW_80[c] * roughness * speedFactor * Math.exp(0.18 * this.texture[c]) * shockC;
      engine[c] = ENGINE_AW_IDLE[this.fuel][c] * engineFactor;
      aw[c] = Math.sqrt(road[c] * road[c] + engine[c] * engine[c]);
    }
    return { road, engine, fireHz: firingHz(rpm), aw };
  }
}

const SINE = (() => {
  const t = new Float64Array(SAMPLE_RATE_HZ);
  for (let i = 0; i < SAMPLE_RATE_HZ; i++) t[i] = Math.sin((2 * Math.PI * i) / SAMPLE_RATE_HZ);
  return t;
})();

/**
 * Raw samples of one location for consecutive seconds (the audit window). Phases are fixed per
 * vehicle, channel and component (quantised to 1/256 cycle so every sample is a table look-up);
 * each second re-draws how the road energy spreads over the components, keeping its weighted RMS.
 */
export function synthesiseWindow(
  seconds: readonly VibrationSecond[],
  location: 0 | 1,
  phases: Uint8Array,
  rng: Rng,
): { x: number[]; y: number[]; z: number[] } {
  const nComp = ROAD_FREQS.length;
  const amps = new Array<number>(nComp);
  const axes: number[][] = [];
  const buf = new Float64Array(SAMPLE_RATE_HZ);
  for (let a = 0; a < 3; a++) {
    const c = location * 3 + a;
    const tpl = TEMPLATES[c];
    const out = new Array<number>(seconds.length * SAMPLE_RATE_HZ);
    for (let k = 0; k < seconds.length; k++) {
      const sec = seconds[k];
      for (let i = 0; i < nComp; i++) amps[i] = tpl[i] * Math.exp(0.3 * rng.normal());
      const scale = sec.road[c] > 0 ? sec.road[c] / templateGain(c, amps) : 0;
      buf.fill(0);
      // One component at a time over the second: a table look-up and a multiply-add per sample.
      for (let i = 0; i < nComp; i++) {
        const amp = amps[i] * scale;
        if (amp === 0) continue;
        const f = ROAD_FREQS[i],
          ph = phases[c * 32 + i];
        for (let n = 0; n < SAMPLE_RATE_HZ; n++) buf[n] += amp * SINE[(f * n + ph) & 255];
      }
      const engAmp = sec.engine[c] > 0 ? (sec.engine[c] * Math.SQRT2) / gainAt(c, sec.fireHz) : 0;
      if (engAmp > 0) {
        const f = sec.fireHz,
          ph = phases[c * 32 + 31];
        for (let n = 0; n < SAMPLE_RATE_HZ; n++) buf[n] += engAmp * SINE[(f * n + ph) & 255];
      }
      const base = k * SAMPLE_RATE_HZ;
      for (let n = 0; n < SAMPLE_RATE_HZ; n++) out[base + n] = Math.round(buf[n] * 1e4) / 1e4;
    }
    axes.push(out);
  }
  return { x: axes[0], y: axes[1], z: axes[2] };
}

/** Random phases for one vehicle: 32 slots per channel (road components, then the engine in slot 31). */
export function randomPhases(rng: Rng): Uint8Array {
  const p = new Uint8Array(CHANNELS * 32);
  for (let i = 0; i < p.length; i++) p[i] = Math.floor(rng.next() * 256);
  return p;
}
