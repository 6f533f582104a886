/**
 * Road load → engine power → fuel flow, one second at a time. Pure functions.
 *
 * Tractive force F = m_eff·a + m·g·(Crr·cos θ + sin θ) + ½·ρ·Cd·A·v². Engine power is the wheel
 * power through the drivetrain plus auxiliaries (and the AC compressor when on); fuel power follows a
 * Willans line: idle fuel power + engine power / marginal efficiency. Above ~15 km/h a negative
 * wheel power means overrun: the injection is cut (both engines do it), so only the auxiliaries
 * draw fuel through the driveline's momentum.
 */
import type { VehicleSpec } from '@app/data';

export const G = 9.81;
const AIR_DENSITY = 1.2;
/** Rotating masses add ~5 % to the inertia a coach must accelerate. */
export const ROTATIONAL_INERTIA_FACTOR = 1.05;

export interface PowertrainInput {
  speedMs: number;
  accelMs2: number;
  gradeRad: number;
  massKg: number;
  /** Extra mechanical load of the AC compressor, kW. */
  hvacKw: number;
  engineOn: boolean;
}

export interface PowertrainOutput {
  /** Force at the wheels needed for this motion, N (negative: the brakes or the retarder work). */
  tractiveForceN: number;
  wheelPowerKw: number;
  enginePowerKw: number;
  /** Chemical power of the fuel burnt, kW. */
  fuelPowerKw: number;
  engineRpm: number;
  engineLoadPct: number;
  acceleratorPct: number;
  brakePressed: boolean;
  gear: number;
}

export function resistanceForceN(spec: VehicleSpec, speedMs: number, gradeRad: number, massKg: number): number {
  const roll = massKg * G * spec.rollingResistance.value * Math.cos(gradeRad);
  const grade = massKg * G * Math.sin(gradeRad);
  const aero = 0.5 * AIR_DENSITY * spec.dragCoefficient.value * spec.frontalAreaM2.value * speedMs * speedMs;
  return roll + grade + aero;
}

/** Gear and engine speed: the highest gear that keeps the engine above ~1,050 rpm. */
function gearAndRpm(spec: VehicleSpec, speedMs: number, engineOn: boolean): { gear: number; rpm: number } {
  const idle = spec.idleRpm.value;
  if (!engineOn) return { gear: 0, rpm: 0 };
  const ratios = spec.gearRatios.value;
  const wheelRpm = (speedMs / spec.wheelRadiusM.value) * (60 / (2 * Math.PI)) * spec.axleRatio.value;
  for (let g = ratios.length - 1; g >= 0; g--) {
    const rpm = wheelRpm * ratios[g];
    if (rpm >= 1050 || g === 0) return { gear: g + 1, rpm: Math.min(2300, Math.max(idle, rpm)) };
  }
  return { gear: 1, rpm: idle };
}

/** Rated power is reached from ~1,300 rpm; below, torque-limited roughly linearly from idle. */
function availablePowerKw(spec: VehicleSpec, rpm: number): number {
  const rated = spec.ratedPowerKw.value;
  if (rpm <= 0) return 0;
  return rated * Math.min(1, 0.35 + 0.65 * Math.max(0, (rpm - spec.idleRpm.value) / (1300 - spec.idleRpm.value)));
}

/** The highest acceleration the engine allows at this speed (traction, after resistances), m/s². */
export function maxAccelMs2(spec: VehicleSpec, speedMs: number, gradeRad: number, massKg: number): number {
  // Launch from standstill through the torque converter: limited by grip and comfort, not power.
  const v = Math.max(speedMs, 3);
  const { rpm } = gearAndRpm(spec, v, true);
  const wheelKw = availablePowerKw(spec, Math.max(rpm, 1400)) * spec.drivetrainEfficiency.value - spec.auxPowerKw.value;
  const force = (wheelKw * 1000) / v - resistanceForceN(spec, speedMs, gradeRad, massKg);
  return Math.min(1.2, force / (massKg * ROTATIONAL_INERTIA_FACTOR));
}

export function powertrainStep(spec: VehicleSpec, input: PowertrainInput): PowertrainOutput {
  const { speedMs, accelMs2, gradeRad, massKg, hvacKw, engineOn } = input;
  const force = massKg * ROTATIONAL_INERTIA_FACTOR * accelMs2 + (speedMs > 0.05 ? resistanceForceN(spec, speedMs, gradeRad, massKg) : 0);
  const wheelKw = (force * speedMs) / 1000;
  const { gear, rpm } = gearAndRpm(spec, speedMs, engineOn);
  if (!engineOn) {
    return {
      tractiveForceN: force,
      wheelPowerKw: wheelKw,
      enginePowerKw: 0,
      fuelPowerKw: 0,
      engineRpm: 0,
      engineLoadPct: 0,
      acceleratorPct: 0,
      brakePressed: speedMs > 0.05 && force < 0,
      gear,
    };
  }
  const aux = spec.auxPowerKw.value + hvacKw;
  const traction = Math.max(0, wheelKw) / spec.drivetrainEfficiency.value;
  const enginePowerKw = traction + aux;
  const overrun = wheelKw < 0 && speedMs > 4;
  const fuelPowerKw = overrun
    ? (aux / spec.marginalEfficiency.value) * 0.2 // injection cut; a little for the auxiliaries at low load
    : spec.idleFuelPowerKw.value + enginePowerKw / spec.marginalEfficiency.value;
  const avail = availablePowerKw(spec, rpm);
  const loadPct = Math.min(100, (enginePowerKw / Math.max(avail, 1)) * 100);
  // Braking beyond what drag and rolling resistance give: service brake or retarder.
  const brakePressed = wheelKw < 0 && accelMs2 < -0.35;
  const acceleratorPct = wheelKw > 0 ? Math.min(100, (traction / Math.max(avail, 1)) * 100) : 0;
  return {
    tractiveForceN: force,
    wheelPowerKw: wheelKw,
    enginePowerKw,
    fuelPowerKw,
    engineRpm: rpm,
    engineLoadPct: loadPct,
    acceleratorPct,
    brakePressed,
    gear,
  };
}
