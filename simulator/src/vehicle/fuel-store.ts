/**
 * What is in the coach's tank and what its fuel counter says: the CNG tank (gas mass as state,
 * physics/cng-tank.ts) or the diesel tank (litres), the energy each unit of fuel holds, and the
 * tank's face in the telemetry (pressure, gas temperature and gauge, or the diesel gauge).
 */
import type { Telemetry } from '@app/contract';
import { ENERGY_FACTORS, type VehicleSpec } from '@app/data';
import { CngTank } from '../physics/cng-tank';

const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

export class FuelStore {
  /** The CNG tank; null on the diesel coach. */
  readonly tank: CngTank | null = null;
  /** Diesel in the tank, L (0 on the CNG coach). */
  dieselL = 0;
  /** The unit's fuel counter: kg of gas or litres of diesel since the coach was built. */
  totalUsed: number;
  /** Diesel tank capacity, L (what the gauge's 100 % holds); NaN on the CNG coach. */
  readonly dieselCapacityL: number = NaN;
  /** Energy per kg (CNG) or per L (diesel), kJ. */
  private readonly lhvKj: number;

  constructor(spec: VehicleSpec, ambientC: number) {
    this.totalUsed = spec.startTotalFuelUsed.value;
    if (spec.tank.kind === 'cng') {
      this.tank = new CngTank(spec.tank, CngTank.nominalMassKg(spec.tank) * 0.97, ambientC);
      this.lhvKj = ENERGY_FACTORS.lhv.methane.value * 1000;
    } else {
      this.dieselCapacityL = spec.tank.capacityL.value;
      this.dieselL = this.dieselCapacityL * 0.95;
      this.lhvKj = ENERGY_FACTORS.lhv.dieselPerL.value * 1000;
    }
  }

  /** Fuel drawn for a fuel power over one second (kg or L). */
  perSecond(fuelPowerKw: number): number {
    return fuelPowerKw / this.lhvKj;
  }

  burn(amount: number): void {
    if (this.tank) this.tank.draw(amount);
    else this.dieselL = Math.max(0, this.dieselL - amount);
    this.totalUsed += amount;
  }

  /** Mass of the fuel on board, kg. */
  massKg(): number {
    return this.tank ? this.tank.massKg : this.dieselL * ENERGY_FACTORS.density.diesel.value;
  }

  /** The gas follows the air around the cylinders (no-op for diesel). */
  relax(dtS: number, ambientC: number): void {
    this.tank?.relax(dtS, ambientC);
  }

  /** A fill at the pump, returning what was added (kg or L): `draw` (0–1) sets where the dispenser stops. */
  fill(draw: number): number {
    if (this.tank) return this.tank.fill(0.96 + 0.03 * draw);
    const added = this.dieselCapacityL * (0.97 + 0.02 * draw) - this.dieselL;
    this.dieselL += added;
    return added;
  }

  telemetry(): Telemetry['fuel'] {
    const tank = this.tank;
    return tank
      ? {
          type: 'cng',
          tankPressureBar: r1(tank.pressureBar()),
          tankTempC: r1(tank.gasTempC),
          totalUsedKg: r2(this.totalUsed),
          levelPct: r1(tank.levelPct()),
        }
      : { type: 'diesel', totalUsedL: r2(this.totalUsed), levelPct: r1((this.dieselL / this.dieselCapacityL) * 100) };
  }
}
