/**
 * The two trial coaches and their tanks (fuel constants: energy-factors.ts).
 * 2018.2: the fuel constants (FUELS) merged into ENERGY_FACTORS: diesel 35.86 MJ/L (43.1 × 0.832) instead of a rounded 35.8.
 * One versioned file: every figure carries its source (an entry of docs/sources.md) or `assumed: true` when no
 * source confirmed it, so the report can cite or flag it. Change VEHICLE_DATA_VERSION on any edit.
 */
import { FLEET, type TrialVehicleId } from './fleet';

export const VEHICLE_DATA_VERSION = 'vehicles-2018.2';

export interface Sourced<T> {
  value: T;
  unit?: string;
  source: string;
  assumed?: true;
}

const src = <T>(value: T, unit: string | undefined, source: string, assumed?: true): Sourced<T> =>
  (assumed ? { value, unit, source, assumed } : { value, unit, source });

export interface VehicleSpec {
  /** A trial coach's (FLEET) or a registered fleet coach's id. */
  id: string;
  label: string;
  fuel: 'cng' | 'diesel';
  seats: Sourced<number>;
  kerbMassKg: Sourced<number>;
  grossMassKg: Sourced<number>;
  passengerMassKg: Sourced<number>;
  engine: Sourced<string>;
  ratedPowerKw: Sourced<number>;
  gearbox: Sourced<string>;
  gearRatios: Sourced<readonly number[]>;
  axleRatio: Sourced<number>;
  wheelRadiusM: Sourced<number>;
  frontalAreaM2: Sourced<number>;
  dragCoefficient: Sourced<number>;
  rollingResistance: Sourced<number>;
  drivetrainEfficiency: Sourced<number>;
  idleRpm: Sourced<number>;
  /** Fuel power at idle, kW (Willans line intercept). */
  idleFuelPowerKw: Sourced<number>;
  /** Marginal efficiency of the engine above idle (Willans line slope⁻¹). */
  marginalEfficiency: Sourced<number>;
  /** Engine-driven auxiliaries without HVAC (fan, compressor, alternator), kW. */
  auxPowerKw: Sourced<number>;
  /** HVAC compressor at full cooling, kW mechanical. */
  hvacPowerKw: Sourced<number>;
  /** Engine noise offset vs the diesel, dB(A). */
  engineNoiseOffsetDb: Sourced<number>;
  tank: CngTankSpec | DieselTankSpec;
  startOdometerKm: Sourced<number>;
  startTotalFuelUsed: Sourced<number>;
  firmware: string;
}

export interface CngTankSpec {
  kind: 'cng';
  waterVolumeL: Sourced<number>;
  nominalPressureBar: Sourced<number>;
  nominalTempC: Sourced<number>;
  residualPressureBar: Sourced<number>;
  /** Gauge full scale: 100 % = nominal pressure, not temperature-compensated (docs/contract.md §3). */
  gaugeFullScaleBar: Sourced<number>;
  /** Gas temperature rise at the end of a fast fill from near empty, K. */
  fastFillHeatingK: Sourced<number>;
  /** Time constant of the gas temperature following ambient, s. */
  thermalTimeConstantS: Sourced<number>;
}

export interface DieselTankSpec {
  kind: 'diesel';
  capacityL: Sourced<number>;
}

const SCANIA_DATA = 'Scania Interlink LD product data (docs/sources.md#vehicle-interlink)';

const common = {
  seats: src(59, 'seats', SCANIA_DATA),
  kerbMassKg: src(13_000, 'kg', 'not found, assumed (docs/sources.md#vehicle-mass)', true),
  grossMassKg: src(19_500, 'kg', 'not found, assumed (docs/sources.md#vehicle-mass)', true),
  passengerMassKg: src(75, 'kg', 'assumed 75 kg per passenger (docs/sources.md#vehicle-mass)', true),
  gearbox: src('ZF 6-speed automatic', undefined, SCANIA_DATA),
  gearRatios: src([3.36, 1.91, 1.42, 1.0, 0.75, 0.62] as const, undefined, 'ZF EcoLife 6AP typical ratios, assumed', true),
  axleRatio: src(4.1, undefined, 'assumed (typical intercity coach axle ratio)', true),
  wheelRadiusM: src(0.49, 'm', 'assumed (295/80 R22.5 tyre rolling radius)', true),
  frontalAreaM2: src(7.6, 'm²', 'assumed (2.55 m wide × 3.2 m high low-decker, less ground clearance)', true),
  dragCoefficient: src(0.55, undefined, 'assumed (coach Cd 0.5–0.7)', true),
  rollingResistance: src(0.0065, undefined, 'assumed (truck/coach tyres 0.006–0.009)', true),
  drivetrainEfficiency: src(0.88, undefined, 'assumed (torque-converter automatic + axle)', true),
  auxPowerKw: src(3.5, 'kW', 'assumed (fan, air compressor, alternator)', true),
  hvacPowerKw: src(5.5, 'kW', 'assumed (coach roof AC compressor at full load)', true),
};

/** GNV-01's roof cylinders. */
const GNV_TANK: CngTankSpec = {
  kind: 'cng',
  waterVolumeL: src(1200, 'L', 'Scania product data: 8 roof cylinders, 1,200 L water capacity (docs/sources.md#tank-volume)'),
  nominalPressureBar: src(200, 'bar', 'Scania product data: 200 bar at 15 °C (docs/sources.md#tank-nominal)'),
  nominalTempC: src(15, '°C', 'Scania product data (docs/sources.md#tank-nominal)'),
  residualPressureBar: src(15, 'bar', 'residual 10–20 bar (docs/sources.md#tank-residual)'),
  gaugeFullScaleBar: src(200, 'bar', 'docs/contract.md §3: gauge is pressure-based; full scale assumed at nominal pressure (docs/sources.md#gauge-full-scale)', true),
  fastFillHeatingK: src(30, 'K', 'assumed (fast-fill heating of type-IV cylinders, 20–40 K)', true),
  thermalTimeConstantS: src(5400, 's', 'assumed (roof cylinders follow ambient within a few hours)', true),
};

/** DSL-01's diesel tank. */
const DSL_TANK: DieselTankSpec = { kind: 'diesel', capacityL: src(350, 'L', 'assumed', true) };

/** Id, label and fuel of a coach, from the fleet list. */
function identity(id: TrialVehicleId): Pick<VehicleSpec, 'id' | 'label' | 'fuel'> {
  const v = FLEET.find((x) => x.id === id)!;
  return { id: v.id, label: v.label, fuel: v.fuel };
}

export const VEHICLES: Readonly<Record<TrialVehicleId, VehicleSpec>> = {
  'GNV-01': {
    ...identity('GNV-01'),
    ...common,
    engine: src('Scania OC09 9-litre 5-cylinder spark-ignition gas engine, Euro VI', undefined, SCANIA_DATA),
    ratedPowerKw: src(206, 'kW', 'Scania product data: 280 or 320 hp; 280 hp assumed (docs/sources.md#engine-gnv)', true),
    idleRpm: src(600, 'rpm', 'assumed', true),
    // Calibrated (simulator/README.md "Calibration") so a day on line 101 uses 28–38 kg/100 km.
    idleFuelPowerKw: src(16, 'kW', 'calibrated: ≈ 1.9 kg/h at idle for a stoichiometric 9-litre SI engine, assumed', true),
    marginalEfficiency: src(0.34, undefined, 'calibrated against 28–38 kg/100 km, Citywide CNG 28.8 kg/100 km (docs/sources.md#consumption-gnv, #engine-calibration)', true),
    engineNoiseOffsetDb: src(-4, 'dB(A)', 'earlier Interlink GNV test (Sarthe), about −4 dB (docs/sources.md#engine-noise-gnv)'),
    tank: GNV_TANK,
    startOdometerKm: src(12_480.0, 'km', 'assumed (a nearly new demonstrator)', true),
    startTotalFuelUsed: src(3_950.0, 'kg', 'assumed', true),
    firmware: 'obu-sim-1.0.0',
  },
  'DSL-01': {
    ...identity('DSL-01'),
    ...common,
    engine: src('Scania DC09 9-litre 5-cylinder diesel, Euro VI', undefined, 'assumed (the diesel Interlink of the same range)', true),
    ratedPowerKw: src(235, 'kW', 'assumed (320 hp)', true),
    idleRpm: src(600, 'rpm', 'assumed', true),
    idleFuelPowerKw: src(9, 'kW', 'calibrated: ≈ 1.9 L/h at idle for a 9-litre diesel, assumed', true),
    marginalEfficiency: src(0.48, undefined, 'calibrated against ≈ 30 L/100 km (assumed, source unclear: docs/sources.md#consumption-diesel, #engine-calibration)', true),
    engineNoiseOffsetDb: src(0, 'dB(A)', 'reference'),
    tank: DSL_TANK,
    startOdometerKm: src(152_337.0, 'km', 'assumed (the docs/contract.md §3 example odometer)', true),
    startTotalFuelUsed: src(48_211.0, 'L', 'assumed', true),
    firmware: 'obu-sim-1.0.0',
  },
};

/**
 * The specs of a fleet coach registered beyond the trial's two (issue 13): a copy of GNV-01's for a
 * methane powertrain (CNG, bioGNV: the same gas), of DSL-01's for a diesel one (diesel, and a
 * diesel-electric hybrid simulated as the diesel: assumed, no hybrid drive model). Only the id and
 * the label are its own; every figure is the trial coach's, with its source.
 */
export function fleetVehicleSpec(id: string, powertrain: 'cng' | 'biognv' | 'diesel' | 'hybrid', label?: string): VehicleSpec {
  const base = powertrain === 'cng' || powertrain === 'biognv' ? VEHICLES['GNV-01'] : VEHICLES['DSL-01'];
  return { ...base, id, label: label ?? `${base.label.replace(/ \(reference\)$/, '')} (${powertrain}, fleet)` };
}

const specOf = (vehicleId: string): VehicleSpec | undefined => (VEHICLES as Record<string, VehicleSpec | undefined>)[vehicleId];

/**
 * A vehicle's CNG tank (water volume, nominal pressure and temperature, residual pressure): what
 * turns its pressure and temperature into gas mass. A vehicle outside the trial's two is read
 * with GNV-01's tank.
 */
export function cngTankOf(vehicleId: string): CngTankSpec {
  const tank = specOf(vehicleId)?.tank;
  return tank?.kind === 'cng' ? tank : GNV_TANK;
}

/** A vehicle's diesel tank (what its gauge's 100 % holds); a vehicle outside the trial's two is read with DSL-01's. */
export function dieselTankOf(vehicleId: string): DieselTankSpec {
  const tank = specOf(vehicleId)?.tank;
  return tank?.kind === 'diesel' ? tank : DSL_TANK;
}

/** The CNG station where GNV-01 refuels (assumed: a public GNV station on the east side of Montpellier). */
export const CNG_STATION = { id: 'GNV-MTP-EST', name: 'Station GNV Montpellier-Est (assumed)', lat: 43.6425, lon: 3.9478 } as const;
/** Diesel pump of the operator's depot (assumed). */
export const DIESEL_STATION = { id: 'DEPOT-LUNEL', name: 'Dépôt Transdev Lunel (assumed)', lat: 43.6702, lon: 4.1280 } as const;

/** Weather of June 2018 in Hérault: daily min/max air temperature (docs/sources.md#climate-june-2018: about 17–32 °C). */
export const CLIMATE = {
  minC: src(17, '°C', 'the project brief: June in Hérault, about 17–32 °C through the day (docs/sources.md#climate-june-2018)'),
  maxC: src(32, '°C', 'same'),
} as const;
