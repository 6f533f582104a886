import { describe, expect, it } from 'vitest';
import { ALERT_RULE_DEFAULTS } from '@app/data';
import { sampleTelemetry, type Telemetry } from '@app/contract';
import type { Observation } from '@app/domain';
import { deadLetterCondition, lowRangeKm, RANGE_EVERY_S, telemetryConditions, type Sample } from './telemetry-conditions';

const T0 = Date.parse('2018-06-11T07:00:00Z');
const samples = (n: number, awz = 1.0, from = 0): Sample[] =>
  Array.from({ length: n }, (_, i) => {
    const seq = from + i;
    const t: Telemetry = sampleTelemetry({
      vehicleId: 'GNV-01',
      seq,
      ts: new Date(T0 + seq * 1000).toISOString(),
      odometerKm: 1000 + seq * 0.015,
      fuel: { type: 'cng', tankPressureBar: 171.4, tankTempC: 27.9, totalUsedKg: 4000 + seq * 0.005, levelPct: 82 },
      vibration: { driverSeat: { awx: 0.1, awy: 0.1, awz: 0.3 }, floor: { awx: 0.1, awy: 0.1, awz } },
    });
    return { ts: T0 + seq * 1000, t };
  });

function run(ruleId: string, batches: Sample[][]): Observation[] {
  const params = ALERT_RULE_DEFAULTS[ruleId as 'discomfort'].params;
  let memory: Record<string, unknown> = {};
  let afterTs: number | null = null;
  const out: Observation[] = [];
  for (const b of batches) {
    const input = telemetryConditions('GNV-01', b, { recentPer100km: [] }).find((c) => c.ruleId === ruleId)!;
    const r = input.observe(memory, params, afterTs);
    memory = JSON.parse(JSON.stringify(r.memory)); // as stored in jsonb
    out.push(...r.observations);
    afterTs = r.observations.at(-1)?.ts ?? afterTs;
  }
  return out;
}

describe('telemetry conditions', () => {
  it('give the same observations whether the samples come in one batch or many (the memory carries the running figures)', () => {
    const all = samples(300, 1.0);
    for (const rule of ['discomfort', 'consumption_high', 'cabin_co2']) {
      const one = run(rule, [all]);
      const many = run(rule, [all.slice(0, 7), all.slice(7, 150), all.slice(150)]);
      expect(many.length).toBe(one.length);
      many.forEach((o, i) => {
        expect(o.ts).toBe(one[i].ts);
        for (const [k, v] of Object.entries(o.values))
          if (v !== null && v !== undefined) expect(v).toBeCloseTo(one[i].values[k] as number, 9);
      });
    }
  });

  it('skips samples not newer than the last one judged (a replayed batch changes nothing)', () => {
    const input = telemetryConditions('GNV-01', samples(10), { recentPer100km: [] }).find((c) => c.ruleId === 'cabin_temperature')!;
    expect(input.observe({}, ALERT_RULE_DEFAULTS.cabin_temperature.params, T0 + 9000).observations).toEqual([]);
    expect(input.observe({}, ALERT_RULE_DEFAULTS.cabin_temperature.params, T0 + 7000).observations.map((o) => o.ts)).toEqual([
      T0 + 8000,
      T0 + 9000,
    ]);
  });

  it('judges the range at most every RANGE_EVERY_S of data, from the gas mass and the assumed consumption until trips exist', () => {
    const obs = run('low_range', [samples(100)]);
    expect(obs.length).toBe(Math.floor(99 / RANGE_EVERY_S) + 2);
    const km = lowRangeKm(samples(1)[0].t, { recentPer100km: [] })!;
    // ~130 kg usable at 171 bar / 28 °C, at 33 kg/100 km with the ±10 % assumed spread.
    expect(km).toBeGreaterThan(300);
    expect(km).toBeLessThan(450);
    expect(lowRangeKm(samples(1)[0].t, { recentPer100km: [60, 60, 60] })!).toBeLessThan(km / 1.5);
  });

  it('the fleet’s dead-letter share: one observation per batch with a valid time', () => {
    const c = deadLetterCondition([
      { dead: 0, total: 300, ts: T0 },
      { dead: 60, total: 100, ts: null },
      { dead: 30, total: 100, ts: T0 + 1000 },
    ]);
    const r = c.observe({}, ALERT_RULE_DEFAULTS.dead_letter_rate.params, null);
    expect(r.observations.map((o) => o.ts)).toEqual([T0, T0 + 1000]);
    expect(r.observations[0].values.sharePct).toBe(0);
    expect(r.observations[1].values.sharePct).toBeGreaterThan(15);
  });
});
