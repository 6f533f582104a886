import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { methaneDensityKgM3, methaneZ, tankGasMassKg, tankPressureBar, usableGasMassKg } from './gas';

describe('methaneZ (Setzmann–Wagner)', () => {
  it.each([
    [200, 0, 0.757],
    [200, 15, 0.798],
    [200, 30, 0.836],
    [220, 15, 0.812],
  ])('Z at %d bar %d °C is %f within 0.5 %%', (p, t, z) => {
    expect(Math.abs(methaneZ(p, t) / z - 1)).toBeLessThan(0.005);
  });

  it('tends to the ideal gas at low pressure', () => {
    expect(methaneZ(0.01, 15)).toBeCloseTo(1, 4);
    expect(methaneZ(0, 15)).toBe(1);
  });

  it('is smooth and within physical bounds over the tank range', () => {
    for (let p = 1; p <= 260; p += 7) {
      for (let t = -30; t <= 85; t += 5) {
        const z = methaneZ(p, t);
        expect(z).toBeGreaterThan(0.6);
        expect(z).toBeLessThan(1.01);
      }
    }
  });
});

describe('tank mass', () => {
  it('1,200 L at 200 bar 15 °C holds ≈ 201 kg (density 167.8 kg/m³)', () => {
    expect(methaneDensityKgM3(200, 15)).toBeCloseTo(167.8, 0);
    expect(tankGasMassKg(200, 15, 1200)).toBeGreaterThan(200);
    expect(tankGasMassKg(200, 15, 1200)).toBeLessThan(202.5);
  });

  it('a tank full at 15 °C reads ≈ 224 bar at 30 °C (FACTS: ~1.6 bar/K)', () => {
    const m = tankGasMassKg(200, 15, 1200);
    expect(tankPressureBar(m, 30, 1200)).toBeCloseTo(224, 0);
  });

  it('usable mass leaves the residual pressure in the tank', () => {
    const usable = usableGasMassKg(200, 15, 1200, 15);
    expect(usable).toBeGreaterThan(185);
    expect(usable).toBeLessThan(193);
  });

  it('zero pressure or volume gives zero mass', () => {
    expect(tankGasMassKg(0, 15, 1200)).toBe(0);
    expect(tankPressureBar(0, 15, 1200)).toBe(0);
  });

  it('mass → pressure → mass round-trips within 0.1 % over the tank range', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 260, noNaN: true }), fc.double({ min: -30, max: 85, noNaN: true }), (p, t) => {
        const m = tankGasMassKg(p, t, 1200);
        const p2 = tankPressureBar(m, t, 1200);
        expect(Math.abs(p2 / p - 1)).toBeLessThan(0.001);
      }),
      { numRuns: 300 },
    );
  });
});
