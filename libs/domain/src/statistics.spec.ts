import { describe, expect, it } from 'vitest';
import {
  bootstrapDifferenceOfMeans,
  bootstrapDifferenceOfRatios,
  differenceOfMeans,
  differenceOfRatios,
  LARGE_SAMPLE_UNITS,
  linearisedDifferenceOfRatios,
  welchDifferenceOfMeans,
  ratioOfSums,
  csat,
  csatFromCounts,
  differenceOfProportions,
  mean,
  mulberry32,
  normalQuantile,
  quantile,
  responseRate,
  standardDeviation,
  wilsonInterval,
  sampleSizeTwoProportions,
} from './statistics';

describe('wilsonInterval', () => {
  it('120/150 → 80 % [72.9, 85.6] % (docs/sources.md#wilson-interval)', () => {
    const w = wilsonInterval(120, 150);
    expect(w.p).toBeCloseTo(0.8, 12);
    expect(w.low).toBeCloseTo(0.729, 3);
    expect(w.high).toBeCloseTo(0.856, 3);
  });
  it('stays inside [0, 1] at the extremes', () => {
    const zero = wilsonInterval(0, 10);
    expect(zero.low).toBe(0);
    expect(zero.high).toBeGreaterThan(0.2);
    const all = wilsonInterval(10, 10);
    expect(all.high).toBe(1);
    expect(all.low).toBeLessThan(0.8);
  });
  it('n = 0 gives no estimate and the whole interval', () => {
    const w = wilsonInterval(0, 0);
    expect(w.p).toBeNaN();
    expect([w.low, w.high]).toEqual([0, 1]);
  });
  it('rejects impossible counts', () => expect(() => wilsonInterval(5, 4)).toThrow(RangeError));
});

describe('mean, sd, quantile', () => {
  it('mean and sample sd', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([])).toBeNaN();
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138, 3);
  });
  it('quantile type 7', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 1, 5], 0)).toBe(1);
    expect(quantile([10, 1, 5], 1)).toBe(10);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 12);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('bootstrapDifferenceOfMeans', () => {
  const rand = mulberry32(42);
  const normal = (mu: number, sd: number) => mu + sd * Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
  const a = Array.from({ length: 60 }, () => normal(30, 2));
  const b = Array.from({ length: 60 }, () => normal(33, 2));
  const c = Array.from({ length: 60 }, () => normal(30, 2));

  it('finds a real difference and covers it', () => {
    const d = bootstrapDifferenceOfMeans(a, b, { seed: 7, iterations: 2000 });
    expect(d.difference).toBeCloseTo(mean(a) - mean(b), 12);
    expect(d.significant).toBe(true);
    expect(d.high).toBeLessThan(0);
    expect(d.low).toBeLessThan(-3 + 1.2);
    expect(d.high).toBeGreaterThan(-3 - 1.2);
  });

  it('does not claim a difference between two samples of the same population', () => {
    const d = bootstrapDifferenceOfMeans(a, c, { seed: 7 });
    expect(d.significant).toBe(false);
    expect(d.low).toBeLessThan(0);
    expect(d.high).toBeGreaterThan(0);
  });

  it('is reproducible with a seed', () => {
    expect(bootstrapDifferenceOfMeans(a, b, { seed: 3 })).toEqual(bootstrapDifferenceOfMeans(a, b, { seed: 3 }));
  });

  it('refuses an interval from fewer than two values per group', () => {
    const d = bootstrapDifferenceOfMeans([1], [2, 3]);
    expect(d.low).toBeNaN();
    expect(d.significant).toBe(false);
  });
});

describe('csat and response rate', () => {
  it('top-two-box share with Wilson interval, n and the mean', () => {
    const ratings = [...Array(120).fill(5), ...Array(30).fill(2)];
    const c = csat(ratings);
    expect(c.n).toBe(150);
    expect(c.p).toBeCloseTo(0.8, 12);
    expect(c.low).toBeCloseTo(0.729, 3);
    expect(c.mean).toBeCloseTo((120 * 5 + 30 * 2) / 150, 12);
    expect(c.distribution).toEqual([0, 30, 0, 0, 120]);
  });
  it('ignores values outside 1..5', () => {
    expect(csat([4, 0, 6, 2.5, 5]).n).toBe(2);
  });
  it('from counts equals from answers', () => {
    const c1 = csat([1, 2, 2, 4, 5, 5, 5]);
    const c2 = csatFromCounts([1, 2, 0, 1, 3]);
    expect(c2).toEqual(c1);
  });
  it('response rate = answers / passengers with its interval', () => {
    const r = responseRate(10, 100);
    expect(r.p).toBeCloseTo(0.1, 12);
    expect(r.low).toBeGreaterThan(0.05);
    expect(r.overCount).toBe(false);
    expect(responseRate(12, 10).overCount).toBe(true);
    expect(responseRate(12, 10).p).toBe(1);
  });
});

describe('differenceOfProportions (Newcombe)', () => {
  it('matches Newcombe 1998 example: 56/70 vs 48/80 → 0.2 [0.0524, 0.3339]', () => {
    const d = differenceOfProportions(wilsonInterval(56, 70), wilsonInterval(48, 80));
    expect(d.difference).toBeCloseTo(0.2, 10);
    expect(d.low).toBeCloseTo(0.0524, 3);
    expect(d.high).toBeCloseTo(0.3339, 3);
    expect(d.significant).toBe(true);
  });
  it('no data, no claim', () => {
    expect(differenceOfProportions(wilsonInterval(0, 0), wilsonInterval(3, 5)).significant).toBe(false);
  });
  it('normal quantile', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.575829, 5);
  });
});

describe('sampleSizeTwoProportions', () => {
  it('matches the textbook case: 0.60 vs 0.50 at 5 %, 80 % power needs 388 per group', () => {
    // Fleiss without continuity correction: ((1.96·√(2·0.55·0.45) + 0.8416·√(0.24+0.25))² / 0.01) = 387.4.
    expect(sampleSizeTwoProportions(0.6, 0.5)).toBe(388);
  });
  it('grows as the difference shrinks, and is infinite for no difference', () => {
    expect(sampleSizeTwoProportions(0.812, 0.777)).toBeGreaterThan(sampleSizeTwoProportions(0.812, 0.7));
    expect(sampleSizeTwoProportions(0.8, 0.8)).toBe(Infinity);
  });
});

describe('ratio of sums', () => {
  it('weights each unit by its denominator: a unit below the instrument resolution cannot dominate', () => {
    const trips = [
      { num: 30, den: 10 },
      { num: 30, den: 0.01 },
    ];
    expect(ratioOfSums(trips)).toBeCloseTo(60 / 10.01, 10);
    expect(ratioOfSums([])).toBeNaN();
  });

  it('bootstraps the difference of two ratios, seeded: equal populations overlap zero, distinct ones do not', () => {
    const rand = mulberry32(7);
    const fleet = (kmPerL: number) =>
      Array.from({ length: 40 }, () => {
        const litres = 5 + rand() * 10;
        return { num: litres * kmPerL * (0.9 + rand() * 0.2), den: litres };
      });
    const same = bootstrapDifferenceOfRatios(fleet(3), fleet(3), { seed: 3 });
    expect(same.low).toBeLessThan(0);
    expect(same.high).toBeGreaterThan(0);
    expect(same.significant).toBe(false);
    const [three, four] = [fleet(3), fleet(4)];
    const apart = bootstrapDifferenceOfRatios(three, four, { seed: 3 });
    expect(apart.difference).toBeCloseTo(-1, 0);
    expect(apart.significant).toBe(true);
    expect(bootstrapDifferenceOfRatios(three, four, { seed: 3 })).toEqual(apart);
  });
});

describe('large samples: the normal interval in place of the bootstrap', () => {
  const rand = mulberry32(11);
  // Skewed per-trip values (a trip's idle share, a harsh-event rate): the bootstrap's own shape.
  const skewed = (n: number, scale: number) => Array.from({ length: n }, () => scale * -Math.log(1 - rand()));
  const width = (d: { low: number; high: number }) => d.high - d.low;

  it('agrees with the percentile bootstrap at LARGE_SAMPLE_UNITS a side, for means and for ratios of sums', () => {
    const [a, b] = [skewed(LARGE_SAMPLE_UNITS, 1), skewed(LARGE_SAMPLE_UNITS, 1.05)];
    const boot = bootstrapDifferenceOfMeans(a, b, { seed: 5, iterations: 4000 });
    const welch = welchDifferenceOfMeans(a, b);
    expect(welch.difference).toBe(boot.difference);
    // Within 5 % of the interval's width at each end: the bootstrap's resampling noise at 4,000 resamples.
    expect(Math.abs(welch.low - boot.low)).toBeLessThan(0.05 * width(boot));
    expect(Math.abs(welch.high - boot.high)).toBeLessThan(0.05 * width(boot));

    const trips = (kmPerL: number) =>
      Array.from({ length: LARGE_SAMPLE_UNITS }, () => {
        const litres = 2 + rand() * 20;
        return { num: litres * kmPerL * (0.8 + rand() * 0.4), den: litres };
      });
    const [ra, rb] = [trips(3), trips(3.02)];
    const bootR = bootstrapDifferenceOfRatios(ra, rb, { seed: 5, iterations: 4000 });
    const lin = linearisedDifferenceOfRatios(ra, rb);
    expect(lin.difference).toBeCloseTo(bootR.difference, 12);
    expect(Math.abs(lin.low - bootR.low)).toBeLessThan(0.05 * width(bootR));
    expect(Math.abs(lin.high - bootR.high)).toBeLessThan(0.05 * width(bootR));
  });

  it('the comparison switches at LARGE_SAMPLE_UNITS on the smaller side and says which method it used', () => {
    const small = skewed(LARGE_SAMPLE_UNITS - 1, 1);
    const big = skewed(LARGE_SAMPLE_UNITS, 1);
    expect(differenceOfMeans(small, big, { seed: 1 }).method).toMatch(/bootstrap/);
    expect(differenceOfMeans(big, big.slice().reverse(), { seed: 1 }).method).toMatch(/normal interval/);
    const units = big.map((x) => ({ num: x, den: 1 }));
    expect(differenceOfRatios(units.slice(1), units, { seed: 1 }).method).toMatch(/bootstrap/);
    expect(differenceOfRatios(units, units, { seed: 1 }).method).toMatch(/linearised/);
  });

  it('a difference well outside the noise is significant, none is not, and a 99 % interval is wider', () => {
    const [a, b] = [skewed(3000, 1), skewed(3000, 1.3)];
    const d = welchDifferenceOfMeans(a, b);
    expect(d.significant).toBe(true);
    expect(d.high).toBeLessThan(0);
    const same = welchDifferenceOfMeans(a, a);
    expect(same.difference).toBe(0);
    expect(same.significant).toBe(false);
    expect(width(welchDifferenceOfMeans(a, b, 0.99))).toBeGreaterThan(width(d));
  });
});
