import { describe, expect, it } from 'vitest';
import {
  consumptionStep,
  deadLetterShareStep,
  EMPTY_CONSUMPTION,
  energyAverageStep,
  judge,
  lowRatingStreak,
  NORMAL,
  runCondition,
  stepCondition,
  type ConditionSpec,
  type ConditionState,
  type ConditionTransition,
  type Observation,
} from './alerts';

const T0 = Date.parse('2018-06-11T07:00:00Z');
/** One value per second from T0 (a hand-made series). */
const series = (values: Array<number | null>, signal = 'x', startS = 0): Observation[] =>
  values.map((v, i) => ({ ts: T0 + (startS + i) * 1000, values: { [signal]: v } }));

const above: ConditionSpec = {
  signals: { x: { direction: 'above', warning: 10, critical: 20, clear: 8 } },
  forS: 3,
  clearForS: 2,
  maxGapS: 5,
};

const kinds = (t: ConditionTransition[]) => t.map((x) => x.kind);

describe('judge', () => {
  it('takes the worst signal for the trigger and needs every known signal clear', () => {
    const signals = {
      hi: { direction: 'above' as const, warning: 26, critical: 29, clear: 25 },
      lo: { direction: 'below' as const, warning: 18, critical: 15, clear: 19 },
    };
    expect(judge({ hi: 27, lo: 27 }, signals)).toEqual({ trigger: 'warning', clear: false, known: 2 });
    expect(judge({ hi: 14, lo: 14 }, signals)).toEqual({ trigger: 'critical', clear: false, known: 2 });
    expect(judge({ hi: 22, lo: 22 }, signals)).toEqual({ trigger: null, clear: true, known: 2 });
    // In the hysteresis band: neither firing nor clear.
    expect(judge({ hi: 25.5, lo: 25.5 }, signals)).toEqual({ trigger: null, clear: false, known: 2 });
    // Unknown signals are ignored; nothing known is never clear.
    expect(judge({ hi: 22, lo: null }, signals)).toEqual({ trigger: null, clear: true, known: 1 });
    expect(judge({}, signals)).toEqual({ trigger: null, clear: false, known: 0 });
  });
});

describe('the condition state machine', () => {
  it('goes Normal → Pending → Firing only after the for-duration, on the data’s timestamps', () => {
    const r = runCondition(NORMAL, series([5, 11, 12, 11, 12, 12]), above);
    expect(r.transitions).toEqual([
      { kind: 'pending', ts: T0 + 1000, severity: 'warning' },
      { kind: 'firing', ts: T0 + 4000, severity: 'warning', pendingSince: T0 + 1000 },
    ]);
    expect(r.state).toMatchObject({ phase: 'firing', since: T0 + 4000, pendingSince: T0 + 1000, severity: 'warning', lastTs: T0 + 5000 });
  });

  it('cancels a pending condition that drops below warning before the for-duration (no alert)', () => {
    const r = runCondition(NORMAL, series([11, 12, 9, 11, 11]), above);
    expect(kinds(r.transitions)).toEqual(['pending', 'cancelled', 'pending']);
    expect(r.state.phase).toBe('pending');
    expect(r.state.since).toBe(T0 + 3000);
  });

  it('holds a firing alert in the hysteresis band and recovers only below the clear threshold', () => {
    const fired = runCondition(NORMAL, series([11, 11, 11, 11]), above).state;
    expect(fired.phase).toBe('firing');
    const band = runCondition(fired, series([9.5, 9, 8.5, 8], 'x', 4), above);
    expect(band.transitions).toEqual([]);
    expect(band.state.phase).toBe('firing');
    const clear = runCondition(band.state, series([7.9], 'x', 8), above);
    expect(clear.transitions).toEqual([{ kind: 'recovering', ts: T0 + 8000 }]);
  });

  it('Recovering → Resolved after the clear duration; back to Normal', () => {
    const fired = runCondition(NORMAL, series([11, 11, 11, 11]), above).state;
    const r = runCondition(fired, series([7, 7, 7], 'x', 4), above);
    expect(r.transitions).toEqual([
      { kind: 'recovering', ts: T0 + 4000 },
      { kind: 'resolved', ts: T0 + 6000 },
    ]);
    expect(r.state).toEqual({ ...NORMAL, lastTs: T0 + 6000, lastValues: { x: 7 } });
  });

  it('Recovering → Firing again when the value leaves the clear side (hysteresis band included), same alert', () => {
    const fired = runCondition(NORMAL, series([11, 11, 11, 11]), above).state;
    const r = runCondition(fired, series([7, 9, 7, 7, 7], 'x', 4), above);
    expect(kinds(r.transitions)).toEqual(['recovering', 'refiring', 'recovering', 'resolved']);
    expect(r.transitions[3].ts).toBe(T0 + 8000);
  });

  it('raises the severity within the same alert, never lowers it', () => {
    const r = runCondition(NORMAL, series([11, 11, 11, 11, 25, 12, 7, 7, 7]), above);
    expect(kinds(r.transitions)).toEqual(['pending', 'firing', 'severity', 'recovering', 'resolved']);
    expect(r.transitions[2]).toEqual({ kind: 'severity', ts: T0 + 4000, from: 'warning', to: 'critical' });
    // While pending, the worst severity seen is the one it fires with.
    const p = runCondition(NORMAL, series([11, 21, 11, 11]), above);
    expect(p.transitions[1]).toMatchObject({ kind: 'firing', severity: 'critical' });
  });

  it('fires and resolves at once with zero durations (two transitions per observation)', () => {
    const spec = { ...above, forS: 0, clearForS: 0 };
    expect(kinds(stepCondition(NORMAL, { ts: T0, values: { x: 10 } }, spec).transitions)).toEqual(['pending', 'firing']);
    const fired = stepCondition(NORMAL, { ts: T0, values: { x: 10 } }, spec).state;
    expect(kinds(stepCondition(fired, { ts: T0 + 1, values: { x: 1 } }, spec).transitions)).toEqual(['recovering', 'resolved']);
  });

  it('ignores an observation not newer than the last one judged (a late or replayed message)', () => {
    const s = runCondition(NORMAL, series([11, 11]), above).state;
    expect(stepCondition(s, { ts: T0, values: { x: 1 } }, above)).toEqual({ state: s, transitions: [] });
  });

  it('a gap in the data longer than maxGapS cancels a pending condition; unknown values change nothing', () => {
    const pending = runCondition(NORMAL, series([11, 11]), above).state;
    const r = stepCondition(pending, { ts: T0 + 60_000, values: { x: 11 } }, above);
    expect(kinds(r.transitions)).toEqual(['cancelled', 'pending']);
    expect(r.state.since).toBe(T0 + 60_000);
    const u = stepCondition(pending, { ts: T0 + 2000, values: { x: null } }, above);
    expect(u.transitions).toEqual([]);
    expect(u.state).toEqual({ ...pending, lastTs: T0 + 2000 });
  });

  it('a maintenance window keeps an alert from opening but lets an open one go its way', () => {
    const r = runCondition(NORMAL, series([11, 11, 11, 11, 11]), above, () => true);
    expect(kinds(r.transitions)).toEqual([]);
    expect(r.state.phase).toBe('normal');
    const fired: ConditionState = runCondition(NORMAL, series([11, 11, 11, 11]), above).state;
    expect(kinds(runCondition(fired, series([7, 7, 7], 'x', 4), above, () => true).transitions)).toEqual(['recovering', 'resolved']);
  });

  it('below-direction signals (low range) mirror the above ones', () => {
    const spec: ConditionSpec = {
      signals: { lowKm: { direction: 'below', warning: 60, critical: 30, clear: 80 } },
      forS: 0,
      clearForS: 0,
      maxGapS: null,
    };
    const r = runCondition(NORMAL, series([100, 59, 40, 29, 70, 81], 'lowKm'), spec);
    expect(kinds(r.transitions)).toEqual(['pending', 'firing', 'severity', 'recovering', 'resolved']);
  });
});

describe('running figures', () => {
  it('energy-averages vibration: one rough second does not make a rough minute; a steady level converges to itself', () => {
    let m = { ts: null as number | null, meanSquare: null as number | null };
    let v = 0;
    for (let i = 0; i < 60; i++) ({ memory: m, value: v } = energyAverageStep(m, T0 + i * 1000, i === 30 ? 3 : 0.4, 10, 10));
    expect(v).toBeLessThan(0.6);
    for (let i = 60; i < 200; i++) ({ memory: m, value: v } = energyAverageStep(m, T0 + i * 1000, 1.2, 10, 10));
    expect(v).toBeCloseTo(1.2, 3);
    // A gap restarts the average at the new value.
    expect(energyAverageStep(m, T0 + 1_000_000, 0.2, 10, 10).value).toBe(0.2);
  });

  it('compares recent consumption with its mean over distance, ignoring fuel burnt standing still', () => {
    const windows = { shortKm: 5, longKm: 100 };
    let m = EMPTY_CONSUMPTION;
    let ratio: number | null = null;
    let odo = 1000;
    let fuel = 500;
    // 150 km at 0.33 kg/km: ratio 1.
    for (let i = 0; i < 1500; i++) ({ memory: m, ratio } = consumptionStep(m, (odo += 0.1), (fuel += 0.033), windows));
    expect(ratio).toBeCloseTo(1, 6);
    // Idling 10 min: fuel counter rises, odometer stands; no change.
    ({ memory: m, ratio } = consumptionStep(m, odo, (fuel += 0.5), windows));
    expect(ratio).toBeCloseTo(1, 6);
    // 10 km at twice the consumption: the short window sees about 2×, the long one about 1.1×.
    for (let i = 0; i < 100; i++) ({ memory: m, ratio } = consumptionStep(m, (odo += 0.1), (fuel += 0.066), windows));
    expect(ratio).toBeGreaterThan(1.6);
    expect(ratio).toBeLessThan(2);
    // Not enough distance yet: not judged.
    expect(consumptionStep(EMPTY_CONSUMPTION, 1, 1, windows).ratio).toBeNull();
  });

  it('dead-letter share over a message window, not judged before enough messages', () => {
    const o = { windowMessages: 1000, minMessages: 100 };
    expect(deadLetterShareStep({ dead: 0, total: 0 }, 5, 50, o).sharePct).toBeNull();
    let m = { dead: 0, total: 0 };
    let share: number | null = null;
    for (let i = 0; i < 100; i++) ({ memory: m, sharePct: share } = deadLetterShareStep(m, 1, 100, o));
    expect(share).toBeCloseTo(1, 6);
    ({ sharePct: share } = deadLetterShareStep(m, 200, 200, o));
    expect(share).toBeGreaterThan(15);
  });

  it('counts a streak of low ratings from the newest', () => {
    expect(lowRatingStreak([1, 2, 2, 4, 1], 2)).toBe(3);
    expect(lowRatingStreak([3, 1, 1], 2)).toBe(0);
    expect(lowRatingStreak([], 2)).toBe(0);
  });
});
