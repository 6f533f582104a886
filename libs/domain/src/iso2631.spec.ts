import { describe, expect, it } from 'vitest';
import {
  COMFORT_CLASSES,
  combineVdv,
  comfortClass,
  comfortClassShares,
  createWeightingFilter,
  crestFactor,
  energyAveragedRms,
  rms,
  totalVibrationValue,
  vdv,
  vdvFromRms,
  weightedRms,
  weightedRmsPerSecond,
  weightingMagnitude,
  weightSignal,
} from './iso2631';

const FREQS = [0.5, 1, 2, 4, 5, 6.3, 8, 10, 16, 31.5, 80];
// ISO 2631-1 table (docs/sources.md#iso2631-table): |W| × 1000
const TABLE = {
  Wk: [418, 482, 531, 967, 1039, 1054, 1036, 988, 768, 405, 132],
  Wd: [853, 1011, 890, 512, 409, 323, 253, 202, 125, 63.2, 21.1],
} as const;

const sine = (freqHz: number, fs: number, seconds: number, amp = 1, offset = 0): Float64Array => {
  const n = Math.round(fs * seconds);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = offset + amp * Math.sin((2 * Math.PI * freqHz * i) / fs);
  return s;
};

describe('weightingMagnitude (analogue ISO 2631-1 definition)', () => {
  for (const kind of ['Wk', 'Wd'] as const) {
    it.each(FREQS.map((f, i) => [f, TABLE[kind][i]]))(`${kind} at %f Hz is %f/1000 of the table (±0.5 %%)`, (f, w) => {
      expect(Math.abs((weightingMagnitude(kind, f) * 1000) / w - 1)).toBeLessThan(0.005);
    });
  }
  it('is zero at DC', () => expect(weightingMagnitude('Wk', 0)).toBe(0));
});

describe('createWeightingFilter (bilinear, pre-warped biquads)', () => {
  it.each([
    ['Wk', 1],
    ['Wk', 4],
    ['Wk', 8],
    ['Wk', 16],
    ['Wd', 1],
    ['Wd', 4],
    ['Wd', 8],
    ['Wd', 16],
  ] as const)('a pure %s sinusoid at %d Hz comes out with the ISO weighting factor within 2 %%', (kind, f) => {
    const fs = 256;
    const out = createWeightingFilter(kind, fs).process(sine(f, fs, 30));
    const steady = out.subarray(fs * 15); // after the 0.4 Hz high-pass has settled
    const factor = rms(steady) * Math.SQRT2;
    const table = TABLE[kind][FREQS.indexOf(f)] / 1000;
    expect(Math.abs(factor / table - 1)).toBeLessThan(0.02);
  });

  it('documents its accuracy against the analogue at 256 Hz', () => {
    const wk = createWeightingFilter('Wk', 256);
    const wd = createWeightingFilter('Wd', 256);
    for (const f of [0.5, 1, 2, 4, 8, 10]) {
      expect(Math.abs(wk.magnitude(f) / weightingMagnitude('Wk', f) - 1)).toBeLessThan(0.001);
      expect(Math.abs(wd.magnitude(f) / weightingMagnitude('Wd', f) - 1)).toBeLessThan(0.005);
    }
    expect(Math.abs(wk.magnitude(16) / weightingMagnitude('Wk', 16) - 1)).toBeLessThan(0.005);
    expect(Math.abs(wd.magnitude(16) / weightingMagnitude('Wd', 16) - 1)).toBeLessThan(0.015);
    expect(Math.abs(wk.magnitude(31.5) / weightingMagnitude('Wk', 31.5) - 1)).toBeLessThan(0.05);
  });

  it('streams: two blocks give the same output as one', () => {
    const s = sine(5, 256, 4);
    const whole = createWeightingFilter('Wk', 256).process(s);
    const f = createWeightingFilter('Wk', 256);
    const a = f.process(s.subarray(0, 300));
    const b = f.process(s.subarray(300));
    expect(Array.from(a).concat(Array.from(b))).toEqual(Array.from(whole).map((v) => expect.closeTo(v, 12)));
  });

  it('works below 200 Hz sampling by leaving out the unrealisable 100 Hz low-pass', () => {
    const f = createWeightingFilter('Wk', 128);
    expect(f.biquads.length).toBe(3);
    expect(Math.abs(f.magnitude(4) / weightingMagnitude('Wk', 4) - 1)).toBeLessThan(0.01);
    expect(() => createWeightingFilter('Wk', 20)).toThrow(RangeError);
  });
});

describe('weighted RMS, VDV, crest factor', () => {
  it('RMS of a sinusoid of amplitude A is A/√2', () => {
    expect(rms(sine(3, 256, 10, 2))).toBeCloseTo(2 / Math.SQRT2, 3);
    expect(rms([])).toBe(0);
  });

  it('weightedRms removes gravity (a DC offset) and weights the rest', () => {
    const s = sine(4, 256, 30, 1, 9.81);
    const aw = weightedRms(s, 'Wk', 256, { discardSeconds: 10 });
    expect(aw).toBeCloseTo(0.967 / Math.SQRT2, 2);
  });

  it('per-second RMS values energy-average back to the block RMS', () => {
    const s = sine(8, 256, 10, 0.5);
    const secs = weightedRmsPerSecond(s, 'Wk', 256);
    expect(secs).toHaveLength(10);
    const whole = rms(weightSignal(s, 'Wk', 256).subarray(0, 2560));
    expect(energyAveragedRms(secs)).toBeCloseTo(whole, 10);
  });

  it('VDV of a constant-RMS sinusoid over T s is (3/8·A⁴·T)^¼', () => {
    const A = 1,
      T = 60,
      fs = 256;
    const s = sine(4, fs, T, A);
    expect(vdv(s, fs)).toBeCloseTo(((3 / 8) * A ** 4 * T) ** 0.25, 3);
  });

  it('combines VDVs by the fourth power', () => {
    expect(combineVdv([1, 1])).toBeCloseTo(2 ** 0.25, 12);
    expect(vdvFromRms([1, 1, 1, 1])).toBeCloseTo(Math.SQRT2, 12);
  });

  it('crest factor of a sinusoid is √2', () => {
    expect(crestFactor(sine(4, 256, 10))).toBeCloseTo(Math.SQRT2, 3);
    expect(crestFactor([0, 0])).toBe(0);
  });
});

describe('combination rules', () => {
  it('total vibration value √(Σ k²·aw²)', () => {
    expect(totalVibrationValue({ awx: 0.3, awy: 0.4, awz: 1.2 })).toBeCloseTo(1.3, 12);
    expect(totalVibrationValue({ awx: 1, awy: 0, awz: 0 }, { x: 1.4, y: 1.4, z: 1 })).toBeCloseTo(1.4, 12);
  });

  it('energy averaging is √(mean of squares), never the mean', () => {
    expect(energyAveragedRms([0.1, 0.5])).toBeCloseTo(Math.sqrt((0.01 + 0.25) / 2), 12);
    expect(energyAveragedRms([0.1, 0.5])).not.toBeCloseTo(0.3, 3);
    expect(energyAveragedRms([1, 3], [3, 1])).toBeCloseTo(Math.sqrt((3 + 9) / 4), 12);
    expect(energyAveragedRms([])).toBe(0);
  });
});

describe('comfort classes', () => {
  it('are ordered, contiguous and labelled in both languages', () => {
    for (let i = 1; i < COMFORT_CLASSES.length; i++) expect(COMFORT_CLASSES[i].fromMs2).toBe(COMFORT_CLASSES[i - 1].toMs2);
    for (const c of COMFORT_CLASSES) expect(c.fr.length * c.en.length).toBeGreaterThan(0);
  });

  it.each([
    [0, 'not_uncomfortable'],
    [0.3, 'not_uncomfortable'],
    [0.315, 'a_little_uncomfortable'],
    [0.55, 'a_little_uncomfortable'],
    [0.6, 'fairly_uncomfortable'],
    [0.95, 'uncomfortable'],
    [1.5, 'very_uncomfortable'],
    [2.2, 'very_uncomfortable'],
    [2.3, 'extremely_uncomfortable'],
    [10, 'extremely_uncomfortable'],
  ] as const)('av %f m/s² is %s', (av, cls) => expect(comfortClass(av)).toBe(cls));

  it('shares add up to one', () => {
    const sh = comfortClassShares([0.1, 0.2, 0.4, 1.0]);
    expect(sh.not_uncomfortable).toBe(0.5);
    expect(sh.a_little_uncomfortable).toBe(0.25);
    expect(sh.uncomfortable).toBe(0.25);
    expect(Object.values(sh).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
