import { describe, expect, it } from 'vitest';
import { VEHICLES, type CngTankSpec } from '@app/data';
import { weightedRmsPerSecond } from '@app/domain';
import { sampleTelemetry } from '@app/contract';
import { Rng } from '../rng';
import { telemetryJson } from '../unit/serialize';
import { CngTank } from './cng-tank';
import { powertrainStep, resistanceForceN, ROTATIONAL_INERTIA_FACTOR } from './powertrain';
import { randomPhases, synthesiseWindow, VibrationModel, type VibrationSecond } from './vibration';

const gnv = VEHICLES['GNV-01'];
const tankSpec = gnv.tank as CngTankSpec;

describe('powertrain energy balance', () => {
  it('wheel work equals kinetic energy gained plus road losses, and the fuel pays for it', () => {
    const mass = 15_000;
    let v = 0,
      dist = 0,
      wheelJ = 0,
      fuelJ = 0,
      resistJ = 0;
    // 0 → 70 km/h at ≤ 1 m/s², cruise 60 s, then brake to a stop.
    const profile: number[] = [];
    for (let i = 0; i < 20; i++) profile.push(Math.min(1, 70 / 3.6 - v - profile.reduce((s, a) => s + a, 0) || 0));
    const accel = [...Array(20).fill(0.97), ...Array(60).fill(0), ...Array(19).fill(-1.0)];
    let keAtTop = 0;
    for (const a of accel) {
      const vNew = Math.max(0, v + a);
      const vMid = (v + vNew) / 2;
      const out = powertrainStep(gnv, { speedMs: vMid, accelMs2: a, gradeRad: 0, massKg: mass, hvacKw: 0, engineOn: true });
      wheelJ += out.tractiveForceN * vMid;
      resistJ += resistanceForceN(gnv, vMid, 0, mass) * vMid;
      fuelJ += out.fuelPowerKw * 1000;
      dist += vMid;
      v = vNew;
      if (a === 0 && keAtTop === 0) keAtTop = 0.5 * mass * ROTATIONAL_INERTIA_FACTOR * v * v;
    }
    // Over a full stop-to-stop cycle, the net wheel work is what the road took (KE returns to 0).
    expect(Math.abs(wheelJ - resistJ) / resistJ).toBeLessThan(0.002);
    // Fuel energy × efficiencies covers the positive wheel work, and more (idle, auxiliaries).
    const positiveWheel = keAtTop + resistJ;
    expect(fuelJ * gnv.marginalEfficiency.value * gnv.drivetrainEfficiency.value).toBeGreaterThan(0.8 * positiveWheel);
    expect(dist).toBeGreaterThan(1000);
  });

  it('cuts injection on overrun and idles at the Willans intercept', () => {
    const idle = powertrainStep(gnv, { speedMs: 0, accelMs2: 0, gradeRad: 0, massKg: 14_000, hvacKw: 0, engineOn: true });
    expect(idle.fuelPowerKw).toBeCloseTo(gnv.idleFuelPowerKw.value + gnv.auxPowerKw.value / gnv.marginalEfficiency.value, 6);
    const coast = powertrainStep(gnv, { speedMs: 15, accelMs2: -1, gradeRad: 0, massKg: 14_000, hvacKw: 0, engineOn: true });
    expect(coast.fuelPowerKw).toBeLessThan(idle.fuelPowerKw);
    expect(coast.brakePressed).toBe(true);
    const off = powertrainStep(gnv, { speedMs: 0, accelMs2: 0, gradeRad: 0, massKg: 14_000, hvacKw: 0, engineOn: false });
    expect(off.fuelPowerKw).toBe(0);
  });
});

describe('CNG tank', () => {
  it('holds ≈ 201 kg at 200 bar, 15 °C in 1,200 L (docs/sources.md#methane-density)', () => {
    expect(CngTank.nominalMassKg(tankSpec)).toBeGreaterThan(199);
    expect(CngTank.nominalMassKg(tankSpec)).toBeLessThan(203);
  });

  it.each([
    [10, 5],
    [60, 17],
    [120, 25],
    [185, 32],
    [200, 40],
  ])('mass → pressure → mass round trip within half a percent (%d kg at %d °C)', async (kg, tempC) => {
    const { tankGasMassKg } = await import('@app/domain');
    const t = new CngTank(tankSpec, kg, tempC);
    const back = tankGasMassKg(t.pressureBar(), tempC, tankSpec.waterVolumeL.value);
    expect(Math.abs(back - kg) / kg).toBeLessThan(0.005);
  });

  it('reads ~224 bar at 30 °C when filled at 15 °C, and the gauge is not temperature-compensated', () => {
    const t = new CngTank(tankSpec, CngTank.nominalMassKg(tankSpec), 15);
    expect(t.pressureBar()).toBeCloseTo(200, 0);
    t.gasTempC = 30;
    expect(t.pressureBar()).toBeGreaterThan(220);
    expect(t.pressureBar()).toBeLessThan(228);
    expect(t.levelPct()).toBe(100);
  });

  it('heats on a fast fill and the pressure sags as the gas cools', () => {
    const t = new CngTank(tankSpec, 30, 25);
    const added = t.fill(0.97);
    expect(added).toBeGreaterThan(150);
    expect(t.gasTempC).toBeGreaterThan(45);
    const hot = t.pressureBar();
    t.relax(4 * 3600, 25);
    expect(t.pressureBar()).toBeLessThan(hot - 10);
  });
});

describe('vibration: reported aw and raw audit windows agree', () => {
  it('the server-side ISO 2631-1 filters find the reported 1-s aw in the raw samples (±8 % per second, ±3 % over the window, after settling)', () => {
    const rng = new Rng('vib-test');
    const model = new VibrationModel('diesel', rng.fork('m'));
    const phases = randomPhases(rng.fork('p'));
    const seconds: VibrationSecond[] = [];
    for (let i = 0; i < 8; i++) seconds.push(model.step(12 + i, 1.3, 1400 + 20 * i, i === 4 ? 2.2 : 1));
    for (const location of [0, 1] as const) {
      const w = synthesiseWindow(seconds, location, phases, rng.fork('w'));
      expect(w.x).toHaveLength(8 * 256);
      const axes = [
        ['x', 'Wd'],
        ['y', 'Wd'],
        ['z', 'Wk'],
      ] as const;
      axes.forEach(([axis, kind], a) => {
        const perSecond = weightedRmsPerSecond(w[axis], kind, 256);
        let sumServer = 0,
          sumUnit = 0;
        for (let s = 2; s < 8; s++) {
          const reported = seconds[s].aw[location * 3 + a];
          // Each second re-mixes the components: the filter's transient at the boundary moves a second by a
          // few %; the second after a shock (second 4) carries its decay, which the steady-state figure has not.
          if (s !== 5) expect(Math.abs(perSecond[s] - reported) / reported, `${location}/${axis} second ${s}`).toBeLessThan(0.08);
          sumServer += perSecond[s] ** 2;
          sumUnit += reported ** 2;
        }
        expect(Math.abs(Math.sqrt(sumServer / sumUnit) - 1)).toBeLessThan(0.03);
      });
    }
  });

  it('is quieter at idle on the gas engine than on the diesel, and grows with speed', () => {
    const g = new VibrationModel('cng', new Rng('a')).step(0, 1, 600);
    const d = new VibrationModel('diesel', new Rng('a')).step(0, 1, 600);
    expect(g.aw[5]).toBeLessThan(d.aw[5]);
    const slow = new VibrationModel('cng', new Rng('b')).step(8, 1, 1200);
    const fast = new VibrationModel('cng', new Rng('b')).step(22, 1, 1500);
    expect(fast.road[5]).toBeGreaterThan(slow.road[5]);
  });
});

describe('telemetry serialiser', () => {
  it('writes exactly what JSON.stringify writes, with and without a position', () => {
    const t = sampleTelemetry();
    expect(telemetryJson(t)).toBe(JSON.stringify(t));
    const { pos: _pos, ...noPos } = t;
    expect(telemetryJson(noPos as typeof t)).toBe(JSON.stringify(noPos));
    const d = sampleTelemetry({ fuel: { type: 'diesel', totalUsedL: 123.45, levelPct: 50 } });
    expect(telemetryJson(d)).toBe(JSON.stringify(d));
  });
});
