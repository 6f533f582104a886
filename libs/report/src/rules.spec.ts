import { describe, expect, it } from 'vitest';
import { missingDataReportFixture, trialReportFixture } from './fixtures';
import { daysWithTelemetry, findMissingData } from './missing';
import type { Comparison } from './model';
import { redactPersonalData } from './redact';
import { verdictOf } from './rules';

const model = trialReportFixture();
const row = (over: Partial<Comparison>): Comparison => ({
  metric: 'cab_noise_leq_dba',
  candidate: { mean: 66, n: 100 },
  reference: { mean: 70, n: 100 },
  difference: -4,
  relativeDifference: -0.057,
  low: -4.5,
  high: -3.5,
  significant: true,
  queryId: 'q-comparison',
  ...over,
});

describe('verdict rule', () => {
  it('a difference is a difference only when its interval excludes zero', () => {
    expect(verdictOf(row({}), model).kind).toBe('better');
    expect(verdictOf(row({ difference: 4, low: 3.5, high: 4.5 }), model).kind).toBe('worse');
    expect(verdictOf(row({ difference: -0.4, low: -1, high: 0.2, significant: false }), model).kind).toBe('not_told_apart');
    // Higher is better for the range.
    expect(verdictOf(row({ metric: 'full_tank_range_km', difference: -544, low: -566, high: -522 }), model).kind).toBe('worse');
  });

  it('no verdict below the minimum n or without an interval', () => {
    expect(verdictOf(row({ reference: { mean: 70, n: 6 } }), model)).toEqual({
      kind: 'insufficient',
      vehicleId: 'DSL-01',
      n: 6,
      required: 10,
    });
    expect(verdictOf(row({ metric: 'csat_overall', reference: { mean: null, n: 0 } }), model)).toMatchObject({
      kind: 'insufficient',
      required: 30,
    });
    expect(verdictOf(row({ low: null, high: null }), model).kind).toBe('insufficient');
    expect(verdictOf(undefined, model).kind).toBe('insufficient');
  });
});

describe('missing data', () => {
  it('nothing is missing in the full trial', () => {
    expect(findMissingData(trialReportFixture())).toEqual([]);
  });

  it('finds the day without telemetry, the coach without ratings, the thin criterion and the few driver answers, plus what the builder stated', () => {
    const m = missingDataReportFixture();
    const found = findMissingData(m);
    expect(found).toContainEqual({ kind: 'no_telemetry', vehicleId: 'GNV-01', date: '2018-06-14' });
    expect(found).toContainEqual({ kind: 'no_ratings', vehicleId: 'DSL-01' });
    expect(found).toContainEqual({
      kind: 'not_enough_data',
      criterion: 'driver_comfort',
      metric: 'seat_av_ms2',
      vehicleId: 'DSL-01',
      n: 6,
      required: 10,
    });
    expect(found).toContainEqual({ kind: 'too_few_driver_answers', vehicleId: 'DSL-01', n: 3, required: 5 });
    expect(found).toContainEqual({ kind: 'source_unavailable', queryId: 'q-sensor-checks' });
    expect(daysWithTelemetry(m, 'GNV-01')).toBe(12);
    // A statement the builder repeats is not said twice.
    const twice = { ...m, missing: [...m.missing, { kind: 'no_ratings' as const, vehicleId: 'DSL-01' }] };
    expect(findMissingData(twice).filter((x) => x.kind === 'no_ratings')).toHaveLength(1);
  });
});

describe('personal data in comments', () => {
  it('removes e-mail addresses, phone numbers, plates and introduced names', () => {
    const cases: Array<[string, string]> = [
      ['Le chauffeur Jean-Pierre était aimable', 'Le chauffeur […] était aimable'],
      ['Appelez-moi au 06 12 34 56 78 ou à marie.dupont@example.fr', 'Appelez-moi au […] ou à […]'],
      ['+33 6 12 34 56 78, merci', '[…], merci'],
      ['Le car EF-123-GH est en retard', 'Le car […] est en retard'],
      ['Mme Dupont a oublié son sac', 'Mme […] a oublié son sac'],
      ['my name is Ann, driver Bob was great', 'my name is […], driver […] was great'],
    ];
    for (const [input, expected] of cases) expect(redactPersonalData(input).text).toBe(expected);
  });

  it('keeps ordinary numbers and words, and is idempotent', () => {
    const s = 'Trop chaud : 28 °C à 17 h, ligne 101, 10 minutes de retard.';
    expect(redactPersonalData(s)).toEqual({ text: s, redactions: 0 });
    const once = redactPersonalData('Le chauffeur Marc, 06 12 34 56 78').text;
    expect(redactPersonalData(once).text).toBe(once);
  });
});
