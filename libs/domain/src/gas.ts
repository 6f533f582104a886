/**
 * Compressed natural gas in the coach's tanks, treated as pure methane.
 *
 * Method: the reference equation of state for methane itself, Setzmann & Wagner (1991),
 * J. Phys. Chem. Ref. Data 20(6) 1061, residual Helmholtz energy with its 40 terms (13
 * polynomial, 23 exponential, 4 Gaussian). Z = 1 + δ·∂αʳ/∂δ. Being the equation docs/sources.md#methane-z quotes,
 * its error against those values is only their rounding (< 0.05 %); the equation's own
 * uncertainty in density is ≤ 0.03 % over 0–260 bar, −30–85 °C. Real CNG (H-gas, ~90–97 %
 * methane) is 1–3 % denser than pure methane at 200 bar: the figures are for methane, say so.
 *
 * The coefficients are the published ones (Setzmann & Wagner 1991, table 35); they are data, not
 * tunables.
 */

/** Molar mass of methane, kg/mol (docs/sources.md#methane-molar-mass: 16.043 g/mol). */
const METHANE_MOLAR_MASS = 0.016043;
/** Molar gas constant used by the Setzmann–Wagner equation, J/(mol·K). */
const GAS_CONSTANT = 8.31451;
/** Critical temperature of methane, K. */
const METHANE_TC_K = 190.564;
/** Critical density of methane, mol/m³ (162.66 kg/m³). */
const METHANE_RHOC_MOL_M3 = 10139.128;
/** 0 °C in kelvin. */
const KELVIN_OFFSET = 273.15;

// [n, d, t] polynomial terms (c = 0)
const POLY: ReadonlyArray<readonly [number, number, number]> = [
  [0.4367901028e-1, 1, -0.5],
  [0.6709236199, 1, 0.5],
  [-0.1765577859e1, 1, 1],
  [0.8582330241, 2, 0.5],
  [-0.1206513052e1, 2, 1],
  [0.512046722, 2, 1.5],
  [-0.4000010791e-3, 2, 4.5],
  [-0.1247842423e-1, 3, 0],
  [0.3100269701e-1, 4, 1],
  [0.1754748522e-2, 4, 3],
  [-0.3171921605e-5, 8, 1],
  [-0.224034684e-5, 9, 3],
  [0.2947056156e-6, 10, 3],
];
// [n, d, t, c] exponential terms: n·δ^d·τ^t·exp(−δ^c)
const EXPO: ReadonlyArray<readonly [number, number, number, number]> = [
  [0.1830487909, 1, 0, 1],
  [0.1511883679, 1, 1, 1],
  [-0.4289363877, 1, 2, 1],
  [0.6894002446e-1, 2, 0, 1],
  [-0.1408313996e-1, 4, 0, 1],
  [-0.306305483e-1, 5, 2, 1],
  [-0.2969906708e-1, 6, 2, 1],
  [-0.1932040831e-1, 1, 5, 2],
  [-0.1105739959, 2, 5, 2],
  [0.9952548995e-1, 3, 5, 2],
  [0.8548437825e-2, 4, 2, 2],
  [-0.6150555662e-1, 4, 4, 2],
  [-0.4291792423e-1, 3, 12, 3],
  [-0.181320729e-1, 5, 8, 3],
  [0.344590476e-1, 5, 10, 3],
  [-0.238591945e-2, 8, 10, 3],
  [-0.1159094939e-1, 2, 10, 4],
  [0.6641693602e-1, 3, 14, 4],
  [-0.237154959e-1, 4, 12, 4],
  [-0.3961624905e-1, 4, 18, 4],
  [-0.1387292044e-1, 4, 22, 4],
  [0.3389489599e-1, 5, 18, 4],
  [-0.2927378753e-2, 6, 14, 4],
];
// [n, d, t, α, β, γ, ε] Gaussian terms: n·δ^d·τ^t·exp(−α(δ−ε)² − β(τ−γ)²)
const GAUSS: ReadonlyArray<readonly [number, number, number, number, number, number, number]> = [
  [0.9324799946e-4, 2, 2, 20, 200, 1.07, 1],
  [-0.6287171518e1, 0, 0, 40, 250, 1.11, 1],
  [0.1271069467e2, 0, 1, 40, 250, 1.11, 1],
  [-0.6423953466e1, 0, 2, 40, 250, 1.11, 1],
];

/**
 * Powers of τ the equation needs: every exponent t is a multiple of ½ in [−½, 22], so
 * τ^t = (√τ)^(2t), built once per temperature by multiplication instead of 40 calls to pow.
 */
function tauPowers(tau: number): Float64Array {
  const out = new Float64Array(46); // index 2t + 1
  const s = Math.sqrt(tau);
  out[0] = 1 / s;
  out[1] = 1;
  for (let i = 2; i < 46; i++) out[i] = out[i - 1] * s;
  return out;
}
const tp = (powers: Float64Array, t: number): number => powers[2 * t + 1];

/** δ·∂αʳ/∂δ and δ²·∂²αʳ/∂δ² at reduced density δ (τ's powers precomputed). */
function residualDerivatives(delta: number, tau: number, tauPow: Float64Array): { d1: number; d2: number } {
  let d1 = 0;
  let d2 = 0;
  const dp = new Float64Array(11);
  dp[0] = 1;
  for (let i = 1; i < 11; i++) dp[i] = dp[i - 1] * delta;
  for (const [n, d, t] of POLY) {
    const term = n * dp[d] * tp(tauPow, t);
    d1 += term * d;
    d2 += term * d * (d - 1);
  }
  for (const [n, d, t, c] of EXPO) {
    const dc = dp[c];
    const term = n * dp[d] * tp(tauPow, t) * Math.exp(-dc);
    const k = d - c * dc;
    d1 += term * k;
    d2 += term * (k * (k - 1) - c * c * dc);
  }
  for (const [n, d, t, a, b, g, e] of GAUSS) {
    const term = n * dp[d] * tp(tauPow, t) * Math.exp(-a * (delta - e) ** 2 - b * (tau - g) ** 2);
    const k = d - 2 * a * delta * (delta - e);
    d1 += term * k;
    d2 += term * (k * k - d - 2 * a * delta * delta);
  }
  return { d1, d2 };
}

/** Pressure (Pa) of methane at molar density rho (mol/m³) and temperature T (K). */
function methanePressurePa(rhoMolM3: number, tempK: number): number {
  const tau = METHANE_TC_K / tempK;
  const { d1 } = residualDerivatives(rhoMolM3 / METHANE_RHOC_MOL_M3, tau, tauPowers(tau));
  return rhoMolM3 * GAS_CONSTANT * tempK * (1 + d1);
}

/**
 * Molar density (mol/m³) of methane at p (Pa) and T (K), by Newton on p(ρ) with the analytic
 * derivative, from the ideal-gas guess. Supercritical in the whole tank range, so p(ρ) is
 * monotonic and Newton converges in 3–5 steps.
 */
function methaneMolarDensity(pressurePa: number, tempK: number): number {
  if (!(pressurePa > 0)) return 0;
  const tau = METHANE_TC_K / tempK;
  const tauPow = tauPowers(tau);
  const RT = GAS_CONSTANT * tempK;
  let rho = pressurePa / RT;
  for (let i = 0; i < 50; i++) {
    const delta = rho / METHANE_RHOC_MOL_M3;
    const { d1, d2 } = residualDerivatives(delta, tau, tauPow);
    const f = rho * RT * (1 + d1) - pressurePa;
    const dpdrho = RT * (1 + 2 * d1 + d2);
    let step = f / dpdrho;
    // Keep the iterate positive: halve an overshooting step.
    while (rho - step <= 0) step /= 2;
    rho -= step;
    if (Math.abs(step) < rho * 1e-12) break;
  }
  return rho;
}

/** Compressibility factor Z of methane at pressure (bar, absolute) and temperature (°C). */
export function methaneZ(pressureBar: number, tempC: number): number {
  if (pressureBar <= 0) return 1;
  const tempK = tempC + KELVIN_OFFSET;
  const p = pressureBar * 1e5;
  return p / (methaneMolarDensity(p, tempK) * GAS_CONSTANT * tempK);
}

/** Density of methane, kg/m³. */
export function methaneDensityKgM3(pressureBar: number, tempC: number): number {
  return methaneMolarDensity(pressureBar * 1e5, tempC + KELVIN_OFFSET) * METHANE_MOLAR_MASS;
}

/** Gas mass in a tank: m = p·V·M / (Z·R·T). Pressure in bar (the contract's gauge reading is taken as absolute; 1 bar is within the sensor's error at 200 bar). */
export function tankGasMassKg(pressureBar: number, tempC: number, waterVolumeL: number): number {
  if (pressureBar <= 0 || waterVolumeL <= 0) return 0;
  return methaneDensityKgM3(pressureBar, tempC) * (waterVolumeL / 1000);
}

/**
 * Pressure (bar) that a given gas mass exerts in a tank at a temperature: the inverse of
 * tankGasMassKg. The equation of state is explicit in density, so this is exact (no iteration).
 */
export function tankPressureBar(massKg: number, tempC: number, waterVolumeL: number): number {
  if (massKg <= 0 || waterVolumeL <= 0) return 0;
  const rho = massKg / (waterVolumeL / 1000) / METHANE_MOLAR_MASS;
  return methanePressurePa(rho, tempC + KELVIN_OFFSET) / 1e5;
}

/**
 * Usable gas mass: what is above the residual pressure the engine can no longer draw from
 * (typically 10–20 bar: the tank's own figure, libs/data) at the same temperature.
 */
export function usableGasMassKg(pressureBar: number, tempC: number, waterVolumeL: number, residualPressureBar: number): number {
  return Math.max(0, tankGasMassKg(pressureBar, tempC, waterVolumeL) - tankGasMassKg(residualPressureBar, tempC, waterVolumeL));
}
