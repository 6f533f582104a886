import { describe, expect, it } from 'vitest';
import {
  co2,
  costPerKm,
  counterConsumption,
  daysPerTank,
  detectRefuels,
  energyPerKm,
  kmBetweenRefuels,
  per100km,
  periodConsumption,
  reconcileRefuels,
  remainingRange,
  tankBasedConsumption,
  type CounterSample,
  type MassSample,
} from './fuel';
import { mulberry32 } from './statistics';

const T0 = Date.parse('2018-06-11T05:00:00Z');
const MIN = 60_000;

/**
 * A day of a CNG coach: 0.003 kg/s while driving, a refuel of 120 kg at 10:00 during a 20-min
 * gap (ignition off at the pump), sensor noise ±0.8 kg on the computed tank mass.
 */
function scenario(options: { noise?: number; refuelKg?: number; gap?: boolean } = {}) {
  const rand = mulberry32(11);
  const noise = options.noise ?? 0.8;
  const refuelKg = options.refuelKg ?? 120;
  const rate = 0.003;
  const counter: CounterSample[] = [];
  const mass: MassSample[] = [];
  let used = 48211.37;
  let tank = 80;
  for (let s = 0; s < 10 * 3600; s += 10) {
    const ts = T0 + s * 1000;
    const atPump = s >= 5 * 3600 && s < 5 * 3600 + 20 * 60;
    if (atPump) {
      if (s === 5 * 3600 + 10 * 60) tank += refuelKg;
      if (options.gap !== false) continue;
    } else {
      used += rate * 10;
      tank -= rate * 10;
    }
    counter.push({ ts, value: used });
    mass.push({ ts, massKg: tank + (rand() * 2 - 1) * noise });
  }
  return { counter, mass, trueConsumed: counter[counter.length - 1].value - counter[0].value, refuelKg };
}

describe('counterConsumption', () => {
  it('sums increments of a clean counter', () => {
    const r = counterConsumption([
      { ts: 0, value: 10 },
      { ts: 1000, value: 10.01 },
      { ts: 2000, value: 10.03 },
    ]);
    expect(r.consumed).toBeCloseTo(0.03, 12);
    expect(r.resets + r.glitches + r.jumps).toBe(0);
  });

  it('a reset to zero neither goes negative nor loses what follows', () => {
    const s: CounterSample[] = [
      { ts: 0, value: 500 },
      { ts: 1000, value: 500.01 },
      { ts: 2000, value: 0 },
      { ts: 3000, value: 0.01 },
      { ts: 4000, value: 0.03 },
    ];
    const r = counterConsumption(s);
    expect(r.consumed).toBeCloseTo(0.04, 10);
    expect(r.resets).toBe(1);
  });

  it('a single spike up or down is skipped', () => {
    const s: CounterSample[] = [
      { ts: 0, value: 100 },
      { ts: 1000, value: 100.01 },
      { ts: 2000, value: 9999 },
      { ts: 3000, value: 100.03 },
      { ts: 4000, value: 3 },
      { ts: 5000, value: 100.05 },
    ];
    const r = counterConsumption(s);
    expect(r.consumed).toBeCloseTo(0.05, 10);
    expect(r.glitches).toBe(2);
  });

  it('a persistent forward jump is not counted', () => {
    const s: CounterSample[] = [
      { ts: 0, value: 100 },
      { ts: 1000, value: 600 },
      { ts: 2000, value: 600.01 },
    ];
    const r = counterConsumption(s);
    expect(r.jumps).toBe(1);
    expect(r.consumed).toBeCloseTo(0.01, 10);
  });

  it('increase across a long gap is counted when the rate is plausible', () => {
    const r = counterConsumption([
      { ts: 0, value: 100 },
      { ts: 3600_000, value: 120 },
    ]);
    expect(r.consumed).toBeCloseTo(20, 10);
  });

  it('tiny decreases are read noise, not resets', () => {
    const r = counterConsumption([
      { ts: 0, value: 100 },
      { ts: 1000, value: 99.99 },
      { ts: 2000, value: 100.02 },
    ]);
    expect(r.resets).toBe(0);
    expect(r.consumed).toBeCloseTo(0.02, 10);
  });

  it('empty or single sample gives zero', () => {
    expect(counterConsumption([]).consumed).toBe(0);
    expect(counterConsumption([{ ts: 0, value: 5 }]).consumed).toBe(0);
  });
});

describe('detectRefuels', () => {
  it('finds a refuel made during a data gap, with its added mass', () => {
    const { mass } = scenario();
    const r = detectRefuels(mass);
    expect(r).toHaveLength(1);
    expect(r[0].addedKg).toBeGreaterThan(118);
    expect(r[0].addedKg).toBeLessThan(122);
    expect(r[0].startTs).toBeLessThanOrEqual(T0 + 5 * 3600_000);
    expect(r[0].endTs).toBeGreaterThanOrEqual(T0 + 5 * 3600_000 + 20 * MIN);
  });

  it('finds a refuel observed while it happens (no gap)', () => {
    const series: MassSample[] = [];
    let m = 60;
    for (let i = 0; i < 600; i++) {
      if (i >= 200 && i < 500)
        m += 0.4; // 300 s at 0.4 kg/s: 120 kg
      else m -= 0.006;
      series.push({ ts: T0 + i * 1000, massKg: m + (i % 3 === 0 ? 0.5 : -0.5) });
    }
    const r = detectRefuels(series);
    expect(r).toHaveLength(1);
    expect(r[0].addedKg).toBeCloseTo(120, -1);
  });

  it('ignores sensor noise and single spikes', () => {
    const rand = mulberry32(5);
    const series: MassSample[] = Array.from({ length: 2000 }, (_, i) => ({
      ts: T0 + i * 1000,
      massKg: 150 - i * 0.006 + (rand() * 2 - 1) * 1.5,
    }));
    series[700] = { ...series[700], massKg: 250 };
    series[1200] = { ...series[1200], massKg: 20 };
    expect(detectRefuels(series)).toEqual([]);
  });

  it('finds two refuels in one series', () => {
    const series: MassSample[] = [];
    for (let i = 0; i < 300; i++) series.push({ ts: T0 + i * 60_000, massKg: 100 - i * 0.2 + (i >= 100 ? 80 : 0) + (i >= 200 ? 50 : 0) });
    const r = detectRefuels(series);
    // The running median lags a step by half its window: at 0.2 kg per sample that is ≤ 1 kg.
    expect(r).toHaveLength(2);
    expect(Math.abs(r[0].addedKg - 80)).toBeLessThan(0.7);
    expect(Math.abs(r[1].addedKg - 50)).toBeLessThan(0.7);
  });
});

describe('periodConsumption: a refuel in the middle never distorts consumption', () => {
  it('gives the true consumption, from the counter, confirmed by the tank', () => {
    const { counter, mass, trueConsumed } = scenario();
    const p = periodConsumption(counter, mass);
    expect(p.source).toBe('counter');
    expect(p.consumed).toBeCloseTo(trueConsumed, 6);
    expect(p.consumed).toBeGreaterThan(0);
    expect(p.refuels).toHaveLength(1);
    expect(p.tankBased!).toBeGreaterThan(trueConsumed - 2);
    expect(p.tankBased!).toBeLessThan(trueConsumed + 2);
    expect(p.disagreement).toBe(false);
    // The naive start − end figure would be negative here:
    expect(mass[0].massKg - mass[mass.length - 1].massKg).toBeLessThan(0);
  });

  it('falls back on the tank (with refuels added back) when there is no counter', () => {
    const { mass, trueConsumed } = scenario();
    const p = periodConsumption([], mass);
    expect(p.source).toBe('tank');
    expect(p.consumed).toBeGreaterThan(trueConsumed - 2);
    expect(p.consumed).toBeLessThan(trueConsumed + 2);
  });

  it('flags a counter that disagrees with the tank', () => {
    const { counter, mass } = scenario();
    const doubled = counter.map((c, i) => ({ ts: c.ts, value: c.value + i * 0.03 }));
    const p = periodConsumption(doubled, mass);
    expect(p.disagreement).toBe(true);
    expect(p.relativeDifference!).toBeLessThan(-0.3);
  });

  it('tank-based consumption adds refuels back', () => {
    const series: MassSample[] = [
      { ts: 0, massKg: 100 },
      { ts: 1, massKg: 50 },
      { ts: 2, massKg: 180 },
      { ts: 3, massKg: 170 },
    ];
    expect(tankBasedConsumption(series, [{ addedKg: 130 }], 1)).toBeCloseTo(60, 12);
  });

  it('no data gives zero, flagged as none', () => {
    expect(periodConsumption([], null)).toMatchObject({ consumed: 0, source: 'none' });
  });
});

describe('reconcileRefuels', () => {
  const d = (startMin: number, added: number) => ({
    startTs: T0 + startMin * MIN,
    endTs: T0 + (startMin + 10) * MIN,
    massBeforeKg: 50,
    massAfterKg: 50 + added,
    addedKg: added,
  });

  it('classifies each pairing and keeps the measured amount', () => {
    const detected = [d(0, 120), d(600, 100), d(1200, 90), d(1800, 110)];
    const keyed = [
      { ts: T0 + 5 * MIN, amount: 118, stationId: 'GRDF-MTP' }, // agrees
      { ts: T0 + 615 * MIN, stationId: 'GRDF-MTP' }, // no amount, 5 min after end
      { ts: T0 + 1200 * MIN, amount: 900 }, // wrong
      { ts: T0 + 3000 * MIN, amount: 40 }, // nothing detected near
    ];
    const r = reconcileRefuels(detected, keyed);
    expect(r.map((x) => x.status)).toEqual(['confirmed', 'keyed_missing', 'keyed_mismatch', 'not_keyed', 'not_detected']);
    expect(r.map((x) => x.amount)).toEqual([120, 100, 90, 110, 40]);
  });

  it('uses each pump event once', () => {
    const r = reconcileRefuels([d(0, 50), d(15, 50)], [{ ts: T0 + 12 * MIN, amount: 50 }]);
    expect(r.filter((x) => x.keyed)).toHaveLength(1);
  });
});

describe('efficiency, CO2, cost, range', () => {
  it('per 100 km and energy per km', () => {
    expect(per100km(33, 100)).toBe(33);
    expect(per100km(1, 0)).toBeNaN();
    const cng = energyPerKm(33, 'cng', 100);
    expect(cng.mjPerKm).toBeCloseTo(16.5, 10);
    expect(cng.kwhPerKm).toBeCloseTo(16.5 / 3.6, 10);
    expect(energyPerKm(30, 'diesel', 100).mjPerKm).toBeCloseTo(0.3 * 43.1 * 0.832, 10);
    expect(energyPerKm(10, 'cng', 100, 'hGas').mjPerKm).toBeCloseTo(4.77, 10);
  });

  it('CO2 tank-to-wheel and well-to-wheel per scenario', () => {
    const g = co2(100, 'cng');
    expect(g.ttwKg).toBeCloseTo(274, 6);
    expect(g.wtwKg.fossilCng).toBeCloseTo(296, 6);
    expect(g.wtwKg.bioCng).toBeCloseTo(61, 6);
    expect(g.wtwKg.frenchMix2018).toBeCloseTo(100 * (0.877 * 2.96 + 0.123 * 0.61), 6);
    const d = co2(100, 'diesel');
    expect(d.wtwKg.diesel).toBeCloseTo(316, 6);
    expect(d.wtwKg.dieselRegulation).toBeCloseTo(317, 6);
    expect(d.ttwKg).toBeGreaterThan(250);
    expect(d.ttwKg).toBeLessThan(270);
    expect(g.factorsVersion).toMatch(/ademe/);
  });

  it('cost per km', () => expect(costPerKm(30, 100, 1.2)).toBeCloseTo(0.36, 12));

  it('remaining range with an interval from recent trips', () => {
    const r = remainingRange(100, [30, 32, 34, 36, 38]);
    expect(r.km).toBeCloseTo((100 / 34) * 100, 8);
    expect(r.lowKm).toBeLessThan(r.km);
    expect(r.highKm).toBeGreaterThan(r.km);
    expect(r.basis).toBe('spread');
    expect(remainingRange(100, [33]).basis).toBe('assumed_spread');
    expect(remainingRange(0, [33]).km).toBe(0);
  });

  it('days per tank and km between refuels', () => {
    expect(daysPerTank(186, [62, 62, 62])).toBeCloseTo(3, 12);
    expect(kmBetweenRefuels([1000, 1550, 2130])).toEqual([550, 580]);
  });
});
