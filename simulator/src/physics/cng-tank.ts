/**
 * The CNG tank: the gas mass is the state (the truth); pressure follows from mass and gas temperature
 * through methane's real-gas Z (libs/domain/gas.ts). The gas temperature follows ambient with a lag,
 * and a fast fill heats it (adiabatic compression), so the pressure of a fresh fill sags as it cools.
 */
import { tankGasMassKg, tankPressureBar } from '@app/domain';
import type { CngTankSpec } from '@app/data';

export class CngTank {
  massKg: number;
  gasTempC: number;
  private pressureCache = { massKg: -1, tempC: -1000, bar: 0 };

  constructor(
    readonly spec: CngTankSpec,
    massKg: number,
    gasTempC: number,
  ) {
    this.massKg = massKg;
    this.gasTempC = gasTempC;
  }

  /** Mass of a tank filled to nominal pressure at nominal temperature (≈ 201 kg for 1,200 L at 200 bar, 15 °C). */
  static nominalMassKg(spec: CngTankSpec): number {
    return tankGasMassKg(spec.nominalPressureBar.value, spec.nominalTempC.value, spec.waterVolumeL.value);
  }

  residualMassKg(): number {
    return tankGasMassKg(this.spec.residualPressureBar.value, this.gasTempC, this.spec.waterVolumeL.value);
  }

  usableMassKg(): number {
    return Math.max(0, this.massKg - this.residualMassKg());
  }

  /** Gas temperature relaxes towards ambient: exact first-order step over dt seconds. */
  relax(dtS: number, ambientC: number): void {
    const k = Math.exp(-dtS / this.spec.thermalTimeConstantS.value);
    this.gasTempC = ambientC + (this.gasTempC - ambientC) * k;
  }

  draw(kg: number): void {
    this.massKg = Math.max(0, this.massKg - kg);
  }

  /**
   * Fast fill: the dispenser stops at its temperature-compensated target (≈ nominal mass, here
   * `targetFraction` of it); the compression heating scales with the mass added.
   */
  fill(targetFraction: number): number {
    const nominal = CngTank.nominalMassKg(this.spec);
    const target = nominal * targetFraction;
    const added = Math.max(0, target - this.massKg);
    this.gasTempC += this.spec.fastFillHeatingK.value * (added / nominal);
    this.massKg += added;
    return added;
  }

  pressureBar(): number {
    const c = this.pressureCache;
    // Pressure is a 40-term equation of state; recompute only when mass or temperature moved
    // enough to matter (≤ 0.01 bar, ten times finer than the reported 0.1 bar).
    if (Math.abs(c.massKg - this.massKg) > 0.005 || Math.abs(c.tempC - this.gasTempC) > 0.005) {
      c.massKg = this.massKg;
      c.tempC = this.gasTempC;
      c.bar = tankPressureBar(this.massKg, this.gasTempC, this.spec.waterVolumeL.value);
    }
    return c.bar;
  }

  /** The dashboard gauge: pressure over full-scale pressure, not temperature-compensated (docs/contract.md §3). */
  levelPct(): number {
    return Math.min(100, Math.max(0, (this.pressureBar() / this.spec.gaugeFullScaleBar.value) * 100));
  }
}
