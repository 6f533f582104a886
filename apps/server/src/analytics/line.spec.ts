import { describe, expect, it } from 'vitest';
import { VEHICLES } from '@app/data';
import { tankGasMassKg } from '@app/domain';
import { dieselTankCapacityL, tankVolumeL, usableFullTank, usableGasLeftKg } from './line';

describe('the tanks, read from libs/data', () => {
  it('a full tank: ≈ 186 kg of usable gas (a fill at 200 bar, 15 °C, less the 15 bar residual), or the diesel tank', () => {
    expect(usableFullTank('GNV-01', 'cng')).toBeGreaterThan(185);
    expect(usableFullTank('GNV-01', 'cng')).toBeLessThan(193);
    expect(usableFullTank('DSL-01', 'diesel')).toBe(350);
  });

  it('leaves the residual pressure in the tank: nothing usable at or below it', () => {
    const residual = VEHICLES['GNV-01'].tank.kind === 'cng' ? VEHICLES['GNV-01'].tank.residualPressureBar.value : NaN;
    expect(usableGasLeftKg('GNV-01', residual, 20)).toBe(0);
    expect(usableGasLeftKg('GNV-01', 100, 20)).toBeCloseTo(tankGasMassKg(100, 20, 1200) - tankGasMassKg(residual, 20, 1200), 9);
  });

  it('reads a vehicle outside the trial with the trial coaches’ tanks', () => {
    expect(tankVolumeL('GNV-99')).toBe(tankVolumeL('GNV-01'));
    expect(dieselTankCapacityL('BUS-7')).toBe(dieselTankCapacityL('DSL-01'));
    // The diesel coach has no gas tank: its volume is the reference one, never NaN.
    expect(tankVolumeL('DSL-01')).toBe(1200);
  });
});
