/**
 * Statistics for the trial's figures: proportions with Wilson intervals, CSAT, response rate,
 * quantiles, and a seeded bootstrap for the difference between the two coaches.
 */

export interface Proportion {
  p: number;
  low: number;
  high: number;
  successes: number;
  n: number;
}

/**
 * Wilson score interval (docs/sources.md#wilson-interval): [p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)] / (1 + z²/n).
 * Chosen over the Wald interval because it stays inside [0, 1] and is honest at small n and
 * extreme p̂, which is what tablet surveys give. n = 0 gives p = NaN and the whole [0, 1].
 */
export function wilsonInterval(successes: number, n: number, z = 1.96): Proportion {
  if (n <= 0) return { p: NaN, low: 0, high: 1, successes: 0, n: 0 };
  if (successes < 0 || successes > n) throw new RangeError(`successes ${successes} outside 0..${n}`);
  const p = successes / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denom = 1 + z2 / n;
  return { p, low: Math.max(0, (centre - half) / denom), high: Math.min(1, (centre + half) / denom), successes, n };
}

export function sum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

/** Arithmetic mean; NaN for an empty list. */
export function mean(values: ArrayLike<number>): number {
  return values.length ? sum(values) / values.length : NaN;
}

/** Sample standard deviation (n − 1); NaN below two values. */
export function standardDeviation(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return NaN;
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < n; i++) s += (values[i] - m) ** 2;
  return Math.sqrt(s / (n - 1));
}

/** Quantile by linear interpolation between order statistics (Hyndman–Fan type 7, R's default). */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return NaN;
  if (q < 0 || q > 1) throw new RangeError(`quantile ${q} outside [0, 1]`);
  const sorted = Float64Array.from(values).sort();
  return quantileSorted(sorted, q);
}

function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** mulberry32: a small, fast, seedable PRNG (32-bit state) — enough for resampling, not for crypto. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The two-sided normal quantile of a confidence level (1.96 for 95 %). */
const zFor = (confidence: number) => (confidence === 0.95 ? 1.96 : normalQuantile(1 - (1 - confidence) / 2));

export interface BootstrapOptions {
  iterations?: number;
  seed?: number;
  confidence?: number;
}

export interface Difference {
  /** mean(a) − mean(b) */
  difference: number;
  low: number;
  high: number;
  confidence: number;
  /** The interval excludes zero: the data supports saying a and b differ. */
  significant: boolean;
  nA: number;
  nB: number;
  method: string;
}

/**
 * Difference of means mean(a) − mean(b) with a percentile bootstrap interval: each group is
 * resampled with replacement on its own (the coaches' trips are independent samples), the same
 * seed gives the same interval. Units are trips (or days), not seconds: seconds within a trip are
 * strongly correlated, and resampling them would give a falsely narrow interval.
 */
export function bootstrapDifferenceOfMeans(a: ArrayLike<number>, b: ArrayLike<number>, options: BootstrapOptions = {}): Difference {
  const iterations = options.iterations ?? 2000;
  const confidence = options.confidence ?? 0.95;
  const method = `percentile bootstrap, ${iterations} resamples, seed ${options.seed ?? 1}`;
  const nA = a.length,
    nB = b.length;
  const difference = mean(a) - mean(b);
  if (nA < 2 || nB < 2) return { difference, low: NaN, high: NaN, confidence, significant: false, nA, nB, method };
  const rand = mulberry32(options.seed ?? 1);
  const diffs = new Float64Array(iterations);
  for (let it = 0; it < iterations; it++) {
    let sa = 0,
      sb = 0;
    for (let i = 0; i < nA; i++) sa += a[Math.floor(rand() * nA)];
    for (let i = 0; i < nB; i++) sb += b[Math.floor(rand() * nB)];
    diffs[it] = sa / nA - sb / nB;
  }
  diffs.sort();
  const alpha = (1 - confidence) / 2;
  const low = quantileSorted(diffs, alpha);
  const high = quantileSorted(diffs, 1 - alpha);
  return { difference, low, high, confidence, significant: low > 0 || high < 0, nA, nB, method };
}

/** One unit (a trip) of a ratio estimated over many: its numerator and denominator. */
export interface RatioUnit {
  num: number;
  den: number;
}

/** Σnum / Σden: the ratio estimator, which weights each unit by its denominator (NaN when Σden is 0). */
export function ratioOfSums(units: ArrayLike<RatioUnit>): number {
  let num = 0,
    den = 0;
  for (let i = 0; i < units.length; i++) {
    num += units[i].num;
    den += units[i].den;
  }
  return den > 0 ? num / den : NaN;
}

/**
 * Difference of ratios of sums R(a) − R(b), R = Σnum/Σden, with a percentile bootstrap over the
 * units (resampled whole, numerator with its denominator). For a quantity that is a ratio per unit
 * (km per litre of a trip), the mean of per-trip ratios lets a trip whose denominator is below the
 * instrument's resolution (a counter that moved 0.01 L over 30 km) dominate; the ratio of sums is
 * what a full tank actually does.
 */
export function bootstrapDifferenceOfRatios(a: ArrayLike<RatioUnit>, b: ArrayLike<RatioUnit>, options: BootstrapOptions = {}): Difference {
  const iterations = options.iterations ?? 2000;
  const confidence = options.confidence ?? 0.95;
  const method = `ratio of sums, percentile bootstrap over units, ${iterations} resamples, seed ${options.seed ?? 1}`;
  const nA = a.length,
    nB = b.length;
  const difference = ratioOfSums(a) - ratioOfSums(b);
  if (nA < 2 || nB < 2) return { difference, low: NaN, high: NaN, confidence, significant: false, nA, nB, method };
  const rand = mulberry32(options.seed ?? 1);
  const diffs: number[] = [];
  const resampled = (units: ArrayLike<RatioUnit>, n: number) => {
    let num = 0,
      den = 0;
    for (let i = 0; i < n; i++) {
      const u = units[Math.floor(rand() * n)];
      num += u.num;
      den += u.den;
    }
    return den > 0 ? num / den : NaN;
  };
  for (let it = 0; it < iterations; it++) {
    const d = resampled(a, nA) - resampled(b, nB);
    if (Number.isFinite(d)) diffs.push(d);
  }
  if (diffs.length === 0) return { difference, low: NaN, high: NaN, confidence, significant: false, nA, nB, method };
  const sorted = Float64Array.from(diffs).sort();
  const alpha = (1 - confidence) / 2;
  const low = quantileSorted(sorted, alpha);
  const high = quantileSorted(sorted, 1 - alpha);
  return { difference, low, high, confidence, significant: low > 0 || high < 0, nA, nB, method };
}

/**
 * Units per side from which the comparison uses the normal (large-sample) interval instead of the
 * bootstrap. At that size the percentile bootstrap and the normal interval agree to within the
 * bootstrap's own resampling noise (statistics.spec.ts checks it), while the bootstrap costs
 * iterations × n draws per metric: 9.5 s of the event loop for 100 coaches (bench/RESULTS.md).
 * The two-coach trial (~400 trips a side) stays on the bootstrap.
 */
export const LARGE_SAMPLE_UNITS = 2000;

function normalInterval(difference: number, se: number, confidence: number, nA: number, nB: number, method: string): Difference {
  const half = zFor(confidence) * se;
  const [low, high] = Number.isFinite(half) ? [difference - half, difference + half] : [NaN, NaN];
  return { difference, low, high, confidence, significant: low > 0 || high < 0, nA, nB, method };
}

/** mean(a) − mean(b) with the normal interval of unequal variances (Welch's standard error). */
export function welchDifferenceOfMeans(a: ArrayLike<number>, b: ArrayLike<number>, confidence = 0.95): Difference {
  const nA = a.length,
    nB = b.length;
  const difference = mean(a) - mean(b);
  const se = Math.sqrt(standardDeviation(a) ** 2 / nA + standardDeviation(b) ** 2 / nB);
  return normalInterval(difference, se, confidence, nA, nB, `normal interval, unequal variances (n ≥ ${LARGE_SAMPLE_UNITS} a side)`);
}

/**
 * Standard error of a ratio of sums by linearisation (the survey statistician's ratio estimator,
 * Cochran, Sampling Techniques, 3rd ed., 6.3): Var(R) ≈ s²(num − R·den) / (n · mean(den)²).
 */
function ratioStandardError(units: ArrayLike<RatioUnit>): number {
  const n = units.length;
  const r = ratioOfSums(units);
  const residuals = new Float64Array(n);
  let den = 0;
  for (let i = 0; i < n; i++) {
    residuals[i] = units[i].num - r * units[i].den;
    den += units[i].den;
  }
  return standardDeviation(residuals) / (Math.sqrt(n) * (den / n));
}

/** ratioOfSums(a) − ratioOfSums(b) with the normal interval of the linearised ratio estimators. */
export function linearisedDifferenceOfRatios(a: ArrayLike<RatioUnit>, b: ArrayLike<RatioUnit>, confidence = 0.95): Difference {
  const difference = ratioOfSums(a) - ratioOfSums(b);
  const se = Math.sqrt(ratioStandardError(a) ** 2 + ratioStandardError(b) ** 2);
  return normalInterval(
    difference,
    se,
    confidence,
    a.length,
    b.length,
    `ratio of sums, linearised normal interval (n ≥ ${LARGE_SAMPLE_UNITS} a side)`,
  );
}

const large = (a: ArrayLike<unknown>, b: ArrayLike<unknown>) => Math.min(a.length, b.length) >= LARGE_SAMPLE_UNITS;

/** The comparison's difference of means: the seeded bootstrap, or the normal interval from LARGE_SAMPLE_UNITS a side. */
export function differenceOfMeans(a: ArrayLike<number>, b: ArrayLike<number>, options: BootstrapOptions = {}): Difference {
  return large(a, b) ? welchDifferenceOfMeans(a, b, options.confidence) : bootstrapDifferenceOfMeans(a, b, options);
}

/** The comparison's difference of ratios of sums: the seeded bootstrap, or the linearised interval from LARGE_SAMPLE_UNITS a side. */
export function differenceOfRatios(a: ArrayLike<RatioUnit>, b: ArrayLike<RatioUnit>, options: BootstrapOptions = {}): Difference {
  return large(a, b) ? linearisedDifferenceOfRatios(a, b, options.confidence) : bootstrapDifferenceOfRatios(a, b, options);
}

export interface Csat extends Proportion {
  /** Mean rating (1–5). */
  mean: number;
  /** Count of each rating 1..5 (index 0 = rating 1). */
  distribution: [number, number, number, number, number];
}

/** CSAT: share of ratings in the top two boxes (4 or 5 of 5), with its Wilson 95 % interval and n. */
export function csat(ratings1to5: ArrayLike<number>, z = 1.96): Csat {
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  let valid = 0,
    top = 0,
    total = 0;
  for (let i = 0; i < ratings1to5.length; i++) {
    const r = ratings1to5[i];
    if (!Number.isInteger(r) || r < 1 || r > 5) continue;
    distribution[r - 1]++;
    valid++;
    total += r;
    if (r >= 4) top++;
  }
  return { ...wilsonInterval(top, valid, z), mean: valid ? total / valid : NaN, distribution };
}

/** CSAT from a histogram of ratings 1..5 (rollups store counts, not answers). */
export function csatFromCounts(counts: ArrayLike<number>, z = 1.96): Csat {
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  let n = 0,
    total = 0;
  for (let r = 1; r <= 5; r++) {
    const c = counts[r - 1] ?? 0;
    distribution[r - 1] = c;
    n += c;
    total += r * c;
  }
  return { ...wilsonInterval(distribution[3] + distribution[4], n, z), mean: n ? total / n : NaN, distribution };
}

/**
 * Response rate: answers / passengers carried, with a Wilson interval. Self-selected tablet
 * respondents: report it beside every rating figure. More answers than passengers (a counting
 * fault) is capped at 1 rather than thrown, and flagged.
 */
export function responseRate(answers: number, passengers: number): Proportion & { overCount: boolean } {
  const overCount = answers > passengers;
  return { ...wilsonInterval(Math.min(answers, passengers), passengers), overCount };
}

/**
 * Difference of two proportions pA − pB with Newcombe's hybrid score interval (method 10 of
 * Newcombe 1998), built from each one's Wilson interval: good coverage at small n, unlike Wald.
 */
export function differenceOfProportions(a: Proportion, b: Proportion, confidence = 0.95): Difference {
  const z = zFor(confidence);
  const wa = wilsonInterval(a.successes, a.n, z);
  const wb = wilsonInterval(b.successes, b.n, z);
  const d = wa.p - wb.p;
  const method = 'Newcombe hybrid score interval (Wilson-based)';
  if (!(a.n > 0 && b.n > 0)) return { difference: d, low: NaN, high: NaN, confidence, significant: false, nA: a.n, nB: b.n, method };
  const low = d - Math.sqrt((wa.p - wa.low) ** 2 + (wb.high - wb.p) ** 2);
  const high = d + Math.sqrt((wa.high - wa.p) ** 2 + (wb.p - wb.low) ** 2);
  return { difference: d, low, high, confidence, significant: low > 0 || high < 0, nA: a.n, nB: b.n, method };
}

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0 || p >= 1) throw new RangeError(`p ${p} outside (0, 1)`);
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/**
 * Answers needed per group to detect a difference between proportions p1 and p2 with a two-sided
 * test at level alpha and the given power (normal approximation, pooled variance under H0, no
 * continuity correction; Fleiss, Statistical Methods for Rates and Proportions, 3rd ed., 4.2).
 * Used for "how many ratings a longer trial needs to show a CSAT difference of the observed size".
 */
export function sampleSizeTwoProportions(p1: number, p2: number, options: { alpha?: number; power?: number } = {}): number {
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  if (!(p1 >= 0 && p1 <= 1 && p2 >= 0 && p2 <= 1)) throw new RangeError(`proportions ${p1}, ${p2} outside [0, 1]`);
  if (p1 === p2) return Infinity;
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  const pBar = (p1 + p2) / 2;
  const root = za * Math.sqrt(2 * pBar * (1 - pBar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil((root * root) / (p1 - p2) ** 2);
}
