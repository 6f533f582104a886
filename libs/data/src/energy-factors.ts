/**
 * Energy and emission factors used by every efficiency and CO2 figure, each with its source, so
 * the experience report can cite them (each is an entry of docs/sources.md). Versioned: change a value → bump ENERGY_FACTORS.version and
 * say why in `changes`. Figures are per unit of fuel as metered: kg for gas, L for diesel.
 */

export interface Factor {
  value: number;
  unit: string;
  source: string;
  /** 'sourced' = quoted from the source; 'computed' = derived from sourced values; 'assumed' = no source confirmed it. */
  status: 'sourced' | 'computed' | 'assumed';
}

const RENEWABLE_GAS_SHARE_FR_2018 = 0.123;
const WTW_FOSSIL_CNG = 2.96;
const WTW_BIO_CNG = 0.61;

export const ENERGY_FACTORS = {
  version: '2018-ademe-v1',
  changes: ['2018-ademe-v1: first version, values of docs/sources.md'],
  lhv: {
    methane: { value: 50.0, unit: 'MJ/kg', source: 'Lower heating value of pure methane, 13.9 kWh/kg (docs/sources.md#lhv-methane)', status: 'sourced' },
    hGas: { value: 47.7, unit: 'MJ/kg', source: 'Typical French H-gas LHV (docs/sources.md#lhv-h-gas)', status: 'sourced' },
    dieselPerKg: { value: 43.1, unit: 'MJ/kg', source: 'Diesel LHV (docs/sources.md#lhv-diesel)', status: 'sourced' },
    dieselPerL: { value: 43.1 * 0.832, unit: 'MJ/L', source: '43.1 MJ/kg × 0.832 kg/L ≈ 35.8 MJ/L (docs/sources.md#lhv-diesel-per-litre)', status: 'computed' },
  },
  density: {
    diesel: { value: 0.832, unit: 'kg/L', source: 'Road diesel density (docs/sources.md#diesel-density)', status: 'sourced' },
  },
  /** Tank-to-wheel: CO2 at the exhaust from burning the fuel. */
  ttw: {
    methane: { value: 2.74, unit: 'kg CO2/kg', source: 'Stoichiometry CH4 + 2 O2 → CO2 + 2 H2O: 44.01/16.043 (docs/sources.md#co2-ttw-methane)', status: 'sourced' },
    hGas: { value: 2.67, unit: 'kg CO2/kg', source: 'H-gas combustion (docs/sources.md#co2-ttw-h-gas)', status: 'sourced' },
    diesel: {
      value: 0.832 * 0.862 * (44.01 / 12.011),
      unit: 'kg CO2/L',
      source: 'Stoichiometric: 0.832 kg/L × 86.2 % carbon mass fraction × 44.01/12.011 (carbon fraction assumed, typical EN 590 diesel; docs/sources.md#co2-ttw-diesel)',
      status: 'computed',
    },
  },
  /** Well-to-wheel: ADEME Base Carbone as quoted by AFGNV (version pinned here). */
  wtw: {
    diesel: { value: 3.16, unit: 'kg CO2e/L', source: 'ADEME as quoted by AFGNV (docs/sources.md#co2-wtw-diesel)', status: 'sourced' },
    dieselRegulation: { value: 3.17, unit: 'kg CO2e/L', source: 'Arrêté du 26 avril 2017 (information CO2 des prestations de transport), gazole routier (docs/sources.md#co2-wtw-diesel-regulation)', status: 'sourced' },
    fossilCng: { value: WTW_FOSSIL_CNG, unit: 'kg CO2e/kg', source: 'ADEME as quoted by AFGNV (docs/sources.md#co2-wtw-fossil-cng)', status: 'sourced' },
    bioCng: { value: WTW_BIO_CNG, unit: 'kg CO2e/kg', source: 'ADEME as quoted by AFGNV, bioGNV (docs/sources.md#co2-wtw-bio-cng)', status: 'sourced' },
    frenchMix2018: {
      value: (1 - RENEWABLE_GAS_SHARE_FR_2018) * WTW_FOSSIL_CNG + RENEWABLE_GAS_SHARE_FR_2018 * WTW_BIO_CNG,
      unit: 'kg CO2e/kg',
      source: 'Mix of fossil CNG and bioGNV weighted by the 12.3 % renewable share of French vehicle gas in 2018 (docs/sources.md#co2-wtw-french-mix)',
      status: 'computed',
    },
  },
  renewableGasShareFr2018: { value: RENEWABLE_GAS_SHARE_FR_2018, unit: '1', source: 'Renewable share of French vehicle gas, 2018 (docs/sources.md#renewable-gas-share-2018)', status: 'sourced' },
  /** Default prices for cost per km; the server's config overrides them. */
  defaultPrices: {
    cngEurPerKg: { value: 1.0, unit: 'EUR/kg', source: 'Assumed order of magnitude for a CNG station in France, 2018 (excl. VAT); no source confirmed it (docs/sources.md#price-cng)', status: 'assumed' },
    dieselEurPerL: { value: 1.2, unit: 'EUR/L', source: 'Assumed operator price of road diesel in France, June 2018 (excl. VAT); no source confirmed it (docs/sources.md#price-diesel)', status: 'assumed' },
  },
} as const satisfies Record<string, unknown>;
