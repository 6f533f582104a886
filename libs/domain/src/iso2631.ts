/**
 * ISO 2631-1:1997 whole-body vibration: frequency weightings Wk (vertical, z) and Wd
 * (horizontal, x and y), their digital implementation, and the comfort evaluation.
 *
 * Weighting (ISO 2631-1 annex A, table A.2): H = Hh·Hl·Ht·Hs with s = j2πf, ωi = 2πfi:
 *   Hh = 1/(1 + √2·ω1/s + (ω1/s)²)                      band-limiting high-pass
 *   Hl = 1/(1 + √2·s/ω2 + (s/ω2)²)                      band-limiting low-pass
 *   Ht = (1 + s/ω3)/(1 + s/(Q4ω4) + (s/ω4)²)            acceleration–velocity transition
 *   Hs = (ω5/ω6)²·(1 + s/(Q5ω5) + (s/ω5)²)/(1 + s/(Q6ω6) + (s/ω6)²)   upward step (Wk only)
 *
 * Digital filter: each analogue section becomes one biquad by the bilinear transform, pre-warped
 * at the section's own characteristic frequency (f1, f2, f4, √(f5·f6)), so the corner that shapes
 * each section is exact. Measured against the analogue |W| at fs = 256 Hz (see the spec):
 *   Wk: within 0.1 % from 0.5 to 10 Hz, −0.4 % at 16 Hz, −3.9 % at 31.5 Hz, −25 % at 80 Hz;
 *   Wd: within 0.5 % to 10 Hz, −1.3 % at 16 Hz, −4.6 % at 31.5 Hz, −25 % at 80 Hz.
 * The loss above 20 Hz is the bilinear frequency warping this near Nyquist (128 Hz); up to
 * 31.5 Hz it stays inside ISO 8041's ±0.5 dB, and weighted road-vehicle energy above 50 Hz is
 * well under 1 % of the total, so the weighted RMS is not affected. Use fs ≥ 512 Hz if it matters.
 */

export type WeightingKind = 'Wk' | 'Wd';

interface WeightingParams {
  f1: number;
  f2: number;
  f3: number;
  f4: number;
  q4: number;
  /** Upward step; absent for Wd (Hs = 1). */
  step?: { f5: number; q5: number; f6: number; q6: number };
}

/** ISO 2631-1:1997 table A.2 parameters. */
const WEIGHTING_PARAMS: Readonly<Record<WeightingKind, WeightingParams>> = {
  Wk: { f1: 0.4, f2: 100, f3: 12.5, f4: 12.5, q4: 0.63, step: { f5: 2.37, q5: 0.91, f6: 3.35, q6: 0.91 } },
  Wd: { f1: 0.4, f2: 100, f3: 2.0, f4: 2.0, q4: 0.63 },
};

/** Analogue transfer function of one section: (b2 s² + b1 s + b0)/(a2 s² + a1 s + a0). */
interface AnalogueSection {
  b: [number, number, number];
  a: [number, number, number];
  warpHz: number;
}

const TWO_PI = 2 * Math.PI;

function sections(kind: WeightingKind, sampleRateHz = Infinity): AnalogueSection[] {
  const p = WEIGHTING_PARAMS[kind];
  const w1 = TWO_PI * p.f1,
    w2 = TWO_PI * p.f2,
    w3 = TWO_PI * p.f3,
    w4 = TWO_PI * p.f4;
  const out: AnalogueSection[] = [
    // Hh = s²/(s² + √2ω1 s + ω1²)
    { b: [0, 0, 1], a: [w1 * w1, Math.SQRT2 * w1, 1], warpHz: p.f1 },
    // Hl = ω2²/(s² + √2ω2 s + ω2²); above Nyquist it cannot be realised, and the unit's
    // anti-aliasing filter already band-limits, so it is left out when fs ≤ 2·f2.
    ...(sampleRateHz > 2 * p.f2 ? [{ b: [w2 * w2, 0, 0], a: [w2 * w2, Math.SQRT2 * w2, 1], warpHz: p.f2 } as AnalogueSection] : []),
    // Ht = (ω4²/ω3)(s + ω3)/(s² + (ω4/Q4) s + ω4²)
    { b: [w4 * w4, (w4 * w4) / w3, 0], a: [w4 * w4, w4 / p.q4, 1], warpHz: p.f4 },
  ];
  if (p.step) {
    const w5 = TWO_PI * p.step.f5,
      w6 = TWO_PI * p.step.f6;
    // Hs = (s² + (ω5/Q5) s + ω5²)/(s² + (ω6/Q6) s + ω6²)
    out.push({ b: [w5 * w5, w5 / p.step.q5, 1], a: [w6 * w6, w6 / p.step.q6, 1], warpHz: Math.sqrt(p.step.f5 * p.step.f6) });
  }
  return out;
}

/** |H(j2πf)| of the analogue weighting (the ISO definition itself). */
export function weightingMagnitude(kind: WeightingKind, freqHz: number): number {
  if (freqHz <= 0) return 0;
  const w = TWO_PI * freqHz;
  let mag = 1;
  for (const { b, a } of sections(kind)) {
    // polynomial at s = jw: c0 + c1·jw + c2·(jw)² = (c0 − c2w²) + j c1 w
    const num = Math.hypot(b[0] - b[2] * w * w, b[1] * w);
    const den = Math.hypot(a[0] - a[2] * w * w, a[1] * w);
    mag *= num / den;
  }
  return mag;
}

/** Normalised biquad: y = b0 x + b1 x⁻¹ + b2 x⁻² − a1 y⁻¹ − a2 y⁻². */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/** Bilinear transform s = K(1 − z⁻¹)/(1 + z⁻¹) with K = ω/tan(ωT/2), pre-warped at warpHz. */
function bilinear(section: AnalogueSection, sampleRateHz: number): Biquad {
  const wp = TWO_PI * section.warpHz;
  const K = wp / Math.tan(wp / (2 * sampleRateHz));
  const K2 = K * K;
  const [B0, B1, B2] = section.b;
  const [A0, A1, A2] = section.a;
  const n0 = B2 * K2 + B1 * K + B0,
    n1 = 2 * (B0 - B2 * K2),
    n2 = B2 * K2 - B1 * K + B0;
  const d0 = A2 * K2 + A1 * K + A0,
    d1 = 2 * (A0 - A2 * K2),
    d2 = A2 * K2 - A1 * K + A0;
  return { b0: n0 / d0, b1: n1 / d0, b2: n2 / d0, a1: d1 / d0, a2: d2 / d0 };
}

export interface WeightingFilter {
  readonly kind: WeightingKind;
  readonly sampleRateHz: number;
  readonly biquads: readonly Biquad[];
  /** Filters a block, carrying state over from the previous call (streaming). */
  process(samples: ArrayLike<number>): Float64Array;
  reset(): void;
  /** |H(e^{jωT})| of the digital filter, to compare with weightingMagnitude. */
  magnitude(freqHz: number): number;
}

export function createWeightingFilter(kind: WeightingKind, sampleRateHz: number): WeightingFilter {
  // Below 40 Hz the weightings' own corners (up to 12.5 Hz) would sit too near Nyquist.
  if (!(sampleRateHz >= 40)) throw new RangeError(`sample rate ${sampleRateHz} Hz is too low for the ${kind} weighting`);
  const biquads = sections(kind, sampleRateHz).map((s) => bilinear(s, sampleRateHz));
  // Transposed direct form II state, two values per biquad.
  const state = new Float64Array(biquads.length * 2);
  return {
    kind,
    sampleRateHz,
    biquads,
    process(samples) {
      const out = new Float64Array(samples.length);
      for (let i = 0; i < samples.length; i++) {
        let x = samples[i];
        for (let k = 0; k < biquads.length; k++) {
          const q = biquads[k];
          const y = q.b0 * x + state[2 * k];
          state[2 * k] = q.b1 * x - q.a1 * y + state[2 * k + 1];
          state[2 * k + 1] = q.b2 * x - q.a2 * y;
          x = y;
        }
        out[i] = x;
      }
      return out;
    },
    reset() {
      state.fill(0);
    },
    magnitude(freqHz) {
      const w = (TWO_PI * freqHz) / sampleRateHz;
      let mag = 1;
      for (const q of biquads) {
        // H(e^{jw}) = (b0 + b1 e^{-jw} + b2 e^{-2jw})/(1 + a1 e^{-jw} + a2 e^{-2jw})
        const nr = q.b0 + q.b1 * Math.cos(w) + q.b2 * Math.cos(2 * w);
        const ni = -(q.b1 * Math.sin(w) + q.b2 * Math.sin(2 * w));
        const dr = 1 + q.a1 * Math.cos(w) + q.a2 * Math.cos(2 * w);
        const di = -(q.a1 * Math.sin(w) + q.a2 * Math.sin(2 * w));
        mag *= Math.hypot(nr, ni) / Math.hypot(dr, di);
      }
      return mag;
    },
  };
}

/** Root mean square of a block. */
export function rms(values: ArrayLike<number>): number {
  if (values.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] * values[i];
  return Math.sqrt(s / values.length);
}

export interface WeightOptions {
  /** Seconds at the start excluded from the RMS (filter settling). Default 0. */
  discardSeconds?: number;
}

/**
 * Frequency-weights a raw block. The block's mean is removed first: the weighting has no DC gain,
 * and a raw z channel that includes gravity would otherwise ring through the 0.4 Hz high-pass
 * for seconds.
 */
export function weightSignal(samples: ArrayLike<number>, kind: WeightingKind, sampleRateHz: number): Float64Array {
  let mean = 0;
  for (let i = 0; i < samples.length; i++) mean += samples[i];
  mean = samples.length ? mean / samples.length : 0;
  const centred = new Float64Array(samples.length);
  for (let i = 0; i < samples.length; i++) centred[i] = samples[i] - mean;
  return createWeightingFilter(kind, sampleRateHz).process(centred);
}

/** Frequency-weighted RMS acceleration aw (m/s²) of a raw block. */
export function weightedRms(samples: ArrayLike<number>, kind: WeightingKind, sampleRateHz: number, options: WeightOptions = {}): number {
  const w = weightSignal(samples, kind, sampleRateHz);
  const skip = Math.min(w.length, Math.round((options.discardSeconds ?? 0) * sampleRateHz));
  return rms(w.subarray(skip));
}

/** Per-second weighted RMS values of a raw block (the unit's 1-s figures, for the sensor check). */
export function weightedRmsPerSecond(samples: ArrayLike<number>, kind: WeightingKind, sampleRateHz: number): number[] {
  const w = weightSignal(samples, kind, sampleRateHz);
  const n = Math.floor(sampleRateHz);
  const out: number[] = [];
  for (let i = 0; i + n <= w.length; i += n) out.push(rms(w.subarray(i, i + n)));
  return out;
}

/** Vibration dose value VDV = (∫ aw⁴ dt)^¼, m/s^1.75, of a weighted signal. */
export function vdv(weighted: ArrayLike<number>, sampleRateHz: number): number {
  let s = 0;
  for (let i = 0; i < weighted.length; i++) s += weighted[i] ** 4;
  return (s / sampleRateHz) ** 0.25;
}

/** Combines VDVs of consecutive periods: VDV_total = (Σ VDVᵢ⁴)^¼ (ISO 2631-1 §6.3.2). */
export function combineVdv(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] ** 4;
  return s ** 0.25;
}

/** VDV estimated from 1-s RMS values: (Σ aw⁴·Δt)^¼; exact for stationary seconds, an underestimate of peaks within a second. */
export function vdvFromRms(rmsValues: ArrayLike<number>, secondsEach = 1): number {
  let s = 0;
  for (let i = 0; i < rmsValues.length; i++) s += rmsValues[i] ** 4 * secondsEach;
  return s ** 0.25;
}

/** Crest factor: peak |aw| / RMS (the basic evaluation method holds up to 9). */
export function crestFactor(weighted: ArrayLike<number>): number {
  let peak = 0;
  for (let i = 0; i < weighted.length; i++) peak = Math.max(peak, Math.abs(weighted[i]));
  const r = rms(weighted);
  return r === 0 ? 0 : peak / r;
}

export interface AxisValues {
  awx: number;
  awy: number;
  awz: number;
}

/** Total vibration value av = √(kx²awx² + ky²awy² + kz²awz²); comfort on the seat: k = 1. */
export function totalVibrationValue(a: AxisValues, k: { x: number; y: number; z: number } = { x: 1, y: 1, z: 1 }): number {
  return Math.sqrt((k.x * a.awx) ** 2 + (k.y * a.awy) ** 2 + (k.z * a.awz) ** 2);
}

/**
 * RMS over a period from RMS values of its parts: √(Σ dᵢ·aᵢ² / Σ dᵢ) (energy average), never the
 * plain mean. Durations default to equal.
 */
export function energyAveragedRms(rmsValues: ArrayLike<number>, durations?: ArrayLike<number>): number {
  let s = 0;
  let d = 0;
  for (let i = 0; i < rmsValues.length; i++) {
    const w = durations ? durations[i] : 1;
    s += w * rmsValues[i] * rmsValues[i];
    d += w;
  }
  return d > 0 ? Math.sqrt(s / d) : 0;
}

export type ComfortClass =
  | 'not_uncomfortable'
  | 'a_little_uncomfortable'
  | 'fairly_uncomfortable'
  | 'uncomfortable'
  | 'very_uncomfortable'
  | 'extremely_uncomfortable';

/**
 * ISO 2631-1 annex C.2.3 comfort reactions. The standard's ranges overlap on purpose
 * (< 0.315; 0.315–0.63; 0.5–1; 0.8–1.6; 1.25–2.5; > 2 m/s²); we cut at the midpoint of each
 * overlap so every value gets exactly one class: 0.315, 0.565, 0.9, 1.425, 2.25 m/s².
 * A value equal to a cut point belongs to the upper class.
 */
export const COMFORT_CLASSES: ReadonlyArray<{
  id: ComfortClass;
  fromMs2: number;
  toMs2: number;
  isoRange: string;
  en: string;
  fr: string;
}> = [
  { id: 'not_uncomfortable', fromMs2: 0, toMs2: 0.315, isoRange: '< 0.315', en: 'not uncomfortable', fr: 'pas inconfortable' },
  {
    id: 'a_little_uncomfortable',
    fromMs2: 0.315,
    toMs2: 0.565,
    isoRange: '0.315–0.63',
    en: 'a little uncomfortable',
    fr: 'un peu inconfortable',
  },
  { id: 'fairly_uncomfortable', fromMs2: 0.565, toMs2: 0.9, isoRange: '0.5–1', en: 'fairly uncomfortable', fr: 'assez inconfortable' },
  { id: 'uncomfortable', fromMs2: 0.9, toMs2: 1.425, isoRange: '0.8–1.6', en: 'uncomfortable', fr: 'inconfortable' },
  { id: 'very_uncomfortable', fromMs2: 1.425, toMs2: 2.25, isoRange: '1.25–2.5', en: 'very uncomfortable', fr: 'très inconfortable' },
  {
    id: 'extremely_uncomfortable',
    fromMs2: 2.25,
    toMs2: Infinity,
    isoRange: '> 2',
    en: 'extremely uncomfortable',
    fr: 'extrêmement inconfortable',
  },
];

export function comfortClass(av: number): ComfortClass {
  for (let i = COMFORT_CLASSES.length - 1; i >= 0; i--) if (av >= COMFORT_CLASSES[i].fromMs2) return COMFORT_CLASSES[i].id;
  return 'not_uncomfortable';
}

/** Index of a class in COMFORT_CLASSES (0 = not uncomfortable). */
export function comfortClassIndex(av: number): number {
  for (let i = COMFORT_CLASSES.length - 1; i >= 0; i--) if (av >= COMFORT_CLASSES[i].fromMs2) return i;
  return 0;
}

/** Share of values (e.g. seconds) in each comfort class, in COMFORT_CLASSES order. */
export function comfortClassShares(avValues: ArrayLike<number>): Record<ComfortClass, number> {
  const counts = new Array<number>(COMFORT_CLASSES.length).fill(0);
  for (let i = 0; i < avValues.length; i++) counts[comfortClassIndex(avValues[i])]++;
  const n = avValues.length;
  const out = {} as Record<ComfortClass, number>;
  COMFORT_CLASSES.forEach((c, i) => {
    out[c.id] = n ? counts[i] / n : 0;
  });
  return out;
}
